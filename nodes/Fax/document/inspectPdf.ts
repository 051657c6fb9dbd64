import { PDFArray, PDFDict, PDFName, PDFRef, type PDFDocument, type PDFObject } from 'pdf-lib';

import { detectType } from './detectType';
import { DocumentError, emptyError, subject, unsupportedTypeError } from './errors';
import {
	countPagesBounded,
	loadBounded,
	PDF_LIMITS,
	PdfLimitError,
	type PdfLimits,
} from './parseLimits';
import { readerFaultBehind } from './readerFault';
import { WorkBudget } from './workBudget';

export interface PdfInfo {
	pageCount: number;
}

const ENCRYPT_KEY = Buffer.from('/Encrypt', 'latin1');

/**
 * True when the file's trailer (classic or cross-reference stream) names an encryption
 * dictionary: `/Encrypt 12 0 R` or `/Encrypt << … >>`. Dictionaries are never encrypted, so this
 * works on the raw bytes, and it catches files pdf-lib can't parse or whose /Encrypt reference
 * it can't resolve. `/EncryptMetadata` doesn't match.
 */
export function hasEncryptDictionary(data: Buffer): boolean {
	let index = data.indexOf(ENCRYPT_KEY);
	while (index !== -1) {
		const after = data.toString(
			'latin1',
			index + ENCRYPT_KEY.length,
			index + ENCRYPT_KEY.length + 32,
		);
		if (/^\s*(<<|\d+\s+\d+\s+R)/.test(after)) return true;
		index = data.indexOf(ENCRYPT_KEY, index + ENCRYPT_KEY.length);
	}
	return false;
}

function encryptedError(propertyName: string | null): DocumentError {
	return new DocumentError(
		'encryptedPdf',
		`${subject(propertyName)} is an encrypted PDF: password-protected PDFs can't be faxed; remove the password first`,
		'Open the PDF and save or print it to a new PDF without security. This also applies to PDFs that open without a password but restrict printing or copying.',
		propertyName,
	);
}

/**
 * The file is damaged: pdf-lib failed on it and reads a good PDF here (else the failure is a
 * PdfReaderFault, see readerFault.ts). pdf-lib's message is never passed on: parse errors can
 * quote bytes of the file.
 */
function corruptError(propertyName: string | null): DocumentError {
	return new DocumentError(
		'corruptPdf',
		`${subject(propertyName)} is a damaged PDF that can't be read`,
		'Open it in a PDF viewer and save or print it as a new PDF, then try again. If the file was downloaded, check the download completed.',
		propertyName,
	);
}

/** 20000000 → "20,000,000" (without Intl, whose first use loads locale data for ~200 ms). */
const count = (value: number) => String(value).replace(/\B(?=(\d{3})+(?!\d))/g, ',');

export function limitError(
	error: PdfLimitError,
	limits: PdfLimits,
	propertyName: string | null,
): DocumentError {
	const crafted =
		'Files like this are usually damaged or deliberately crafted. Open it in a PDF viewer and print it to a new PDF (or scan the paper again), then send that. Nothing was sent.';
	const tooComplex = (what: string) =>
		new DocumentError(
			'pdfTooComplex',
			`${subject(propertyName)} is a PDF ${what}`,
			crafted,
			propertyName,
		);
	switch (error.kind) {
		case 'pages':
			return new DocumentError(
				'tooManyPages',
				`${subject(propertyName)} is a PDF with more than ${limits.maxPages} pages; at most ${limits.maxPages} pages can be faxed at once`,
				'Split the document into several faxes. Nothing was sent.',
				propertyName,
			);
		case 'inflatedBytes':
			return tooComplex(
				`whose compressed structure expands to more than ${Math.round(limits.maxInflatedBytes / (1024 * 1024))} MB, so it was not read`,
			);
		case 'parseTime':
			return tooComplex(
				`that takes longer than ${limits.maxParseMs / 1000} seconds to read, so it was not read to the end`,
			);
		case 'structure':
			return tooComplex(
				'whose internal structure is impossible (its page tree or object tables loop or claim more than the file holds)',
			);
		case 'objects':
			return tooComplex(
				`with more than ${count(limits.maxObjects)} internal objects; at most ${count(limits.maxObjects)} can be processed, so it was not read to the end`,
			);
		case 'values':
			return tooComplex(
				`with more than ${count(limits.maxValues)} internal values (numbers, names, entries); at most ${count(limits.maxValues)} can be processed, so it was not read to the end`,
			);
		case 'objectValues':
			return tooComplex(
				`with an internal object of more than ${count(limits.maxValuesPerObject)} values; at most ${count(limits.maxValuesPerObject)} per object can be processed, so it was not read to the end`,
			);
		case 'depth':
			return tooComplex(
				`whose internal objects nest more than ${limits.maxDepth} levels deep; at most ${limits.maxDepth} can be processed, so it was not read to the end`,
			);
		case 'objectBytes':
			return tooComplex(
				`with an internal object, text or run of filler larger than ${limits.maxBytesPerStep / 1e6} MB outside its page streams; at most ${limits.maxBytesPerStep / 1e6} MB each can be processed, so it was not read to the end`,
			);
		case 'scannedBytes':
			return tooComplex(
				`with more than ${limits.maxScannedBytes / 1e6} MB of internal structure outside its page streams; at most ${limits.maxScannedBytes / 1e6} MB can be processed, so it was not read to the end`,
			);
		case 'names':
			return tooComplex(
				`with more than ${count(limits.maxNames)} distinct internal names; at most ${count(limits.maxNames)} can be processed, so it was not read to the end`,
			);
		case 'pageAnnotations':
			return tooComplex(
				`whose pages carry ${count(error.needed ?? limits.maxPageAnnotations + 1)} annotations (links, comments, form fields) counted page by page; at most ${count(limits.maxPageAnnotations)} can be processed`,
			);
		case 'printedAnnotations':
			return tooComplex(
				`with more than ${count(limits.maxPrintedAnnotations)} printable annotations (stamps, signatures, drawings, filled fields) to draw into its pages; at most ${count(limits.maxPrintedAnnotations)} can be processed`,
			);
		case 'copiedValues':
			return tooComplex(
				`whose pages would copy more than ${count(limits.maxCopiedValues)} internal values (settings shared by many pages count once per page); at most ${count(limits.maxCopiedValues)} can be processed`,
			);
		case 'contentBytes':
			return tooComplex(
				`whose page content expands to more than ${limits.maxContentBytes / (1024 * 1024)} MB, so it was not read`,
			);
	}
}

const INHERITED = ['Resources', 'MediaBox', 'CropBox', 'Rotate'].map((key) => PDFName.of(key));

/**
 * Values in a direct (not referenced) object, each nested array and dictionary counted; a
 * reference counts one. Memoised: the parser gives no two containers the same object.
 */
function directSize(value: PDFObject | undefined, sizes: Map<PDFObject, number>): number {
	if (!(value instanceof PDFDict) && !(value instanceof PDFArray)) return 1;
	const known = sizes.get(value);
	if (known !== undefined) return known;
	let size = 1;
	const children = value instanceof PDFDict ? value.values() : value.asArray();
	for (const child of children) size += directSize(child, sizes);
	sizes.set(value, size);
	return size;
}

/**
 * What the later stages do per page, bounded before they start: each page's annotations are
 * visited per page (an /Annots array shared by 1000 pages is walked 1000 times), and a copy of
 * the pages writes every inherited direct attribute (/Resources of the page tree) into each
 * page.
 */
function checkPageWork(doc: PDFDocument, limits: PdfLimits, budget: WorkBudget): void {
	const { context } = doc;
	const sizes = new Map<PDFObject, number>();
	let annotations = 0;
	let inherited = 0;
	for (const page of doc.getPages()) {
		const annots = page.node.get(PDFName.of('Annots'));
		const array = annots instanceof PDFRef ? context.lookup(annots) : annots;
		if (array instanceof PDFArray) annotations += array.size();
		for (const key of INHERITED) {
			if (page.node.get(key) !== undefined) continue;
			const value = page.node.getInheritableAttribute(key);
			if (value instanceof PDFDict || value instanceof PDFArray)
				inherited += directSize(value, sizes);
		}
	}
	if (annotations > limits.maxPageAnnotations) {
		throw new PdfLimitError('pageAnnotations', annotations);
	}
	budget.chargeCopy(inherited);
}

/**
 * Loads and validates a PDF; the document is returned for copying pages. Throws
 * `DocumentError` for an empty buffer, a non-PDF, an encrypted, damaged or page-less PDF.
 *
 * pdf-lib parses leniently (as viewers do) and may print warnings with byte offsets and object
 * numbers for damaged objects; those never contain document content.
 */
export async function loadPdf(
	data: Buffer,
	propertyName: string | null = null,
	limits: PdfLimits = PDF_LIMITS,
	budget: WorkBudget = new WorkBudget(limits),
): Promise<PDFDocument> {
	if (!data || data.length === 0) throw emptyError(propertyName);
	const type = detectType(data);
	if (type !== 'pdf') throw unsupportedTypeError(type, data, propertyName);
	if (hasEncryptDictionary(data)) throw encryptedError(propertyName);

	let doc: PDFDocument;
	try {
		doc = await loadBounded(data, limits, budget);
	} catch (error) {
		if (error instanceof PdfLimitError) throw limitError(error, limits, propertyName);
		throw (await readerFaultBehind(error)) ?? corruptError(propertyName);
	}
	if (doc.isEncrypted) throw encryptedError(propertyName);
	let pageCount: number;
	try {
		countPagesBounded(doc, limits);
		// Resolve every page, not just the count stored in the page tree.
		pageCount = doc.getPages().length;
		checkPageWork(doc, limits, budget);
	} catch (error) {
		if (error instanceof PdfLimitError) throw limitError(error, limits, propertyName);
		throw (await readerFaultBehind(error)) ?? corruptError(propertyName);
	}
	if (pageCount === 0) {
		throw new DocumentError(
			'noPages',
			`${subject(propertyName)} is a PDF with no pages`,
			'Check the file in a PDF viewer; the tool that produced it may have failed.',
			propertyName,
		);
	}
	return doc;
}

/**
 * Validates a PDF and returns its page count. Throws `DocumentError` for empty, non-PDF,
 * damaged, encrypted (password-protected) and page-less files.
 */
export async function inspectPdf(
	data: Buffer,
	propertyName: string | null = null,
	limits: PdfLimits = PDF_LIMITS,
): Promise<PdfInfo> {
	const doc = await loadPdf(data, propertyName, limits);
	return { pageCount: doc.getPageCount() };
}
