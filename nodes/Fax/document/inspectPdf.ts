import type { PDFDocument } from 'pdf-lib';

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

function limitError(
	error: PdfLimitError,
	limits: PdfLimits,
	propertyName: string | null,
): DocumentError {
	const crafted =
		'Files like this are usually damaged or deliberately crafted. Open it in a PDF viewer and print it to a new PDF (or scan the paper again), then send that. Nothing was sent.';
	switch (error.kind) {
		case 'pages':
			return new DocumentError(
				'tooManyPages',
				`${subject(propertyName)} is a PDF with more than ${limits.maxPages} pages; at most ${limits.maxPages} pages can be faxed at once`,
				'Split the document into several faxes. Nothing was sent.',
				propertyName,
			);
		case 'inflatedBytes':
			return new DocumentError(
				'pdfTooComplex',
				`${subject(propertyName)} is a PDF whose compressed structure expands to more than ${Math.round(limits.maxInflatedBytes / (1024 * 1024))} MB, so it was not read`,
				crafted,
				propertyName,
			);
		case 'parseTime':
			return new DocumentError(
				'pdfTooComplex',
				`${subject(propertyName)} is a PDF that takes longer than ${limits.maxParseMs / 1000} seconds to read, so it was not read to the end`,
				crafted,
				propertyName,
			);
		case 'structure':
			return new DocumentError(
				'pdfTooComplex',
				`${subject(propertyName)} is a PDF whose internal structure is impossible (its page tree or object tables loop or claim more than the file holds)`,
				crafted,
				propertyName,
			);
	}
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
): Promise<PDFDocument> {
	if (!data || data.length === 0) throw emptyError(propertyName);
	const type = detectType(data);
	if (type !== 'pdf') throw unsupportedTypeError(type, data, propertyName);
	if (hasEncryptDictionary(data)) throw encryptedError(propertyName);

	let doc: PDFDocument;
	try {
		doc = await loadBounded(data, limits);
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
