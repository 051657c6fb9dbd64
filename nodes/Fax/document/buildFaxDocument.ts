import { PDFDocument } from 'pdf-lib';

import type { FaxDocument } from '../providers/types';
import { renderCoverPage, type CoverPageInput } from './coverPage';
import {
	detectType,
	extensionFor,
	isAcceptedType,
	mimeTypeFor,
	type AcceptedType,
} from './detectType';
import { DocumentError, emptyError, subject, unsupportedTypeError } from './errors';
import { generateFormAppearances } from './flattenForms';
import { addImagePage, checkImage, MAX_PNG_PIXELS } from './imageToPdf';
import { limitError, loadPdf } from './inspectPdf';
import { stripBeforeHeader } from './leadingBytes';
import type { PageSizeName } from './pageSize';
import { PDF_LIMITS, saveBounded, type PdfLimits } from './parseLimits';
import { flattenPrintableAnnotations } from './printableAnnotations';
import { readerFaultBehind } from './readerFault';
import { copyVisiblePages, writeLayers, type LayerState } from './rebuildVisible';
import { formatSizeAgainstLimit } from './size';
import { WorkBudget, WorkLimitError } from './workBudget';

export type { FaxDocument };

export interface FaxDocumentInput {
	data: Buffer;
	/** The binary property the data came from; named in every error about it. */
	propertyName: string;
}

export interface BuildFaxDocumentOptions {
	/**
	 * `'pdf'`: always produce one PDF (for providers that only take PDF).
	 * `'asIs'`: a single PDF/PNG/JPEG input without cover page is passed through untouched.
	 * Several inputs or a cover page always produce one merged PDF.
	 */
	target: 'pdf' | 'asIs';
	/** Page size for converted images and the cover page. */
	pageSize: PageSizeName;
	coverPage?: CoverPageInput;
	/** The provider's upload limit in bytes, e.g. `4_000_000` for FaxDrop (messages use 1 MB = 1,000,000 bytes). */
	maxBytes?: number;
	/** For messages: "FaxDrop accepts at most 4 MB". */
	providerName: string;
	/** Set on every `DocumentError` thrown, for the node's `NodeOperationError`. */
	itemIndex: number;
	/**
	 * Every PDF is rebuilt from what its pages show (see rebuildVisible.ts); with this, the
	 * metadata of the images and drawings on the pages (XMP, editing-app data) is left out too.
	 */
	removeHiddenContent?: boolean;
	/** Bounds on the work of the whole document: reading, drawing, copying, saving (default `PDF_LIMITS`). */
	pdfLimits?: PdfLimits;
}

interface CheckedInput {
	data: Buffer;
	propertyName: string;
	type: AcceptedType;
	pdf: PDFDocument | null;
	pages: number;
	/** Pixels a PNG decodes to (0 for PDF and JPEG, which are not decoded). */
	decodedPixels: number;
}

/**
 * Sum of PNG pixels converted in one document. Each PNG is decoded fully while the PDF is being
 * built, so the total is bounded as well as each image.
 */
const MAX_TOTAL_PNG_PIXELS = 3 * MAX_PNG_PIXELS;

/** Inputs over twice the provider's limit (plus 1 MB) are refused before they are parsed. */
const PRE_PARSE_SIZE_FACTOR = 2;
const PRE_PARSE_SLACK_BYTES = 1000 * 1000;
/** Without a provider limit, the largest input that is parsed at all. */
const MAX_INPUT_BYTES = 100 * 1000 * 1000;

async function checkInput(
	input: FaxDocumentInput,
	forConversion: boolean,
	opts: BuildFaxDocumentOptions,
	budget: WorkBudget,
): Promise<CheckedInput> {
	const { propertyName } = input;
	// Typed as Buffer, but it comes from n8n at runtime: accept any Uint8Array, reject the rest.
	const data: unknown = input.data;
	if (!(data instanceof Uint8Array)) {
		throw new DocumentError(
			'empty',
			`${subject(propertyName)} holds no file data`,
			'Check that the binary property holds a file (use the Binary tab of the previous node’s output).',
			propertyName,
		);
	}
	const buffer = Buffer.isBuffer(data)
		? data
		: Buffer.from(data.buffer, data.byteOffset, data.byteLength);
	if (buffer.length === 0) throw emptyError(propertyName);
	const type = detectType(buffer);
	if (!isAcceptedType(type)) throw unsupportedTypeError(type, buffer, propertyName);
	if (type === 'pdf') {
		const pdfBytes = stripBeforeHeader(buffer);
		const pdf = await loadPdf(pdfBytes, propertyName, budget.limits, budget);
		const pages = pdf.getPageCount();
		await drawFormsAndAnnotations(pdf, budget, propertyName);
		return { data: pdfBytes, propertyName, type, pdf, pages, decodedPixels: 0 };
	}
	const info = checkImage(buffer, type, propertyName, { forConversion });
	const decodedPixels = type === 'png' ? info.width * info.height : 0;
	return { data: buffer, propertyName, type, pdf: null, pages: 1, decodedPixels };
}

/** Form values, then printable annotations, drawn into the pages: before anything else. */
async function drawFormsAndAnnotations(
	pdf: PDFDocument,
	budget: WorkBudget,
	propertyName: string,
): Promise<void> {
	try {
		await generateFormAppearances(pdf, budget, propertyName);
		// Writes the font generated appearances use into the document (pdf-lib embeds lazily).
		await pdf.flush();
		await flattenPrintableAnnotations(pdf, budget);
	} catch (error) {
		throw await stageError(error, budget, propertyName);
	}
}

/**
 * What a stage's failure on one PDF is reported as: our own refusals as they are, a bound
 * exceeded as the limit it hit, anything else (pdf-lib's message may quote bytes) as a file
 * that can't be processed, unless the reader fails on a PDF known to be good too: then it is an
 * internal fault, never the user's document.
 */
async function stageError(error: unknown, budget: WorkBudget, propertyName: string): Promise<Error> {
	if (error instanceof DocumentError) return error;
	if (error instanceof WorkLimitError) return limitError(error, budget.limits, propertyName);
	return (await readerFaultBehind(error)) ?? processingError(propertyName);
}

/**
 * An input over the provider's size limit that is also too complex to read: the size is the
 * more useful thing to hear (and what the user can act on).
 */
async function checkInputWithinSize(
	input: FaxDocumentInput,
	forConversion: boolean,
	opts: BuildFaxDocumentOptions,
	budget: WorkBudget,
): Promise<CheckedInput> {
	return await checkInput(input, forConversion, opts, budget).catch((error: unknown) => {
		if (error instanceof DocumentError && error.code === 'pdfTooComplex') {
			checkSize(input.data.length, opts, input.propertyName);
		}
		return Promise.reject(error);
	});
}

/**
 * Inputs far over the provider's limit are refused before anything is parsed (removing hidden
 * content or merging can shrink a file a little, never to half).
 */
function checkSizeBeforeParsing(inputs: FaxDocumentInput[], opts: BuildFaxDocumentOptions): void {
	const total = inputs.reduce(
		(sum, input) => sum + (input.data instanceof Uint8Array ? input.data.length : 0),
		0,
	);
	const bound =
		opts.maxBytes === undefined
			? MAX_INPUT_BYTES
			: opts.maxBytes * PRE_PARSE_SIZE_FACTOR + PRE_PARSE_SLACK_BYTES;
	if (total <= bound) return;
	const propertyName = inputs.length === 1 ? inputs[0].propertyName : null;
	// Always throws: the bound is above the limit.
	checkSize(total, { ...opts, maxBytes: opts.maxBytes ?? MAX_INPUT_BYTES }, propertyName);
}

/** Copies the pages of one PDF into `out`, rebuilt from what they show. */
async function copyInput(
	input: CheckedInput & { pdf: PDFDocument },
	out: PDFDocument,
	budget: WorkBudget,
	layers: LayerState,
	opts: BuildFaxDocumentOptions,
): Promise<void> {
	try {
		await copyVisiblePages(
			input.pdf,
			out,
			budget,
			{ dropMetadata: opts.removeHiddenContent !== false },
			layers,
		);
	} catch (error) {
		throw await stageError(error, budget, input.propertyName);
	}
}

function checkSize(size: number, opts: BuildFaxDocumentOptions, propertyName: string | null): void {
	if (opts.maxBytes === undefined || size <= opts.maxBytes) return;
	const [shown, limit, unit] = formatSizeAgainstLimit(size, opts.maxBytes);
	throw new DocumentError(
		'tooLarge',
		`The document is ${shown} ${unit}; ${opts.providerName} accepts at most ${limit} ${unit}`,
		'Send fewer pages, split the document into several faxes, or reduce its size (scan at 200 dpi in black and white; JPEG photos are much smaller than PNG).',
		propertyName,
	);
}

/** pdf-lib failed on a file that passed the checks; its message is not passed on (it may quote bytes). */
function processingError(propertyName: string | null): DocumentError {
	return new DocumentError(
		'processingFailed',
		propertyName
			? `${subject(propertyName)} is a PDF whose pages can't be copied into the fax`
			: 'The files could not be combined into one PDF',
		'A file is probably damaged. Open it in a PDF viewer and save or print it as a new PDF, then try again.',
		propertyName,
	);
}

async function build(
	inputs: FaxDocumentInput[],
	opts: BuildFaxDocumentOptions,
): Promise<FaxDocument> {
	if (!Array.isArray(inputs) || inputs.length === 0) {
		throw new DocumentError(
			'noInput',
			'No document was given',
			'Set the binary property parameter to the name of the binary field holding the file (usually "data"); separate several names with commas to merge them.',
			null,
		);
	}
	checkSizeBeforeParsing(inputs, opts);
	// One budget for the whole document: every input, drawing forms and annotations, the copy of
	// the pages and the save.
	const budget = new WorkBudget(opts.pdfLimits ?? PDF_LIMITS);
	const passThrough = inputs.length === 1 && !opts.coverPage && opts.target === 'asIs';
	const checked: CheckedInput[] = [];
	for (const input of inputs) {
		checked.push(await checkInputWithinSize(input, !passThrough, opts, budget));
	}

	// One image, nothing to add: its bytes go out unchanged. PDFs are always rebuilt.
	const [first] = checked;
	if (checked.length === 1 && !opts.coverPage && opts.target === 'asIs' && !first.pdf) {
		checkSize(first.data.length, opts, first.propertyName);
		return {
			data: first.data,
			mimeType: mimeTypeFor(first.type),
			fileName: `fax.${extensionFor(first.type)}`,
			pageCount: null,
		};
	}

	const totalPngPixels = checked.reduce((sum, input) => sum + input.decodedPixels, 0);
	if (totalPngPixels > MAX_TOTAL_PNG_PIXELS) {
		throw new DocumentError(
			'imageTooLarge',
			`The PNG images add up to ${(totalPngPixels / 1e6).toFixed(1)} megapixels; at most ${MAX_TOTAL_PNG_PIXELS / 1e6} megapixels can be converted into one fax`,
			'Scale the images down (fax pages are about 1700 × 2200 pixels), save them as JPEG, or send them as separate faxes.',
			null,
		);
	}

	// No creation or modification date: the same input gives the same bytes (a replayed send, the
	// audit hash and the document cache rely on it).
	const out = await PDFDocument.create({ updateMetadata: false });
	out.setProducer('n8n-nodes-fax');
	out.setCreator('n8n-nodes-fax');
	const contentPages = checked.reduce((sum, input) => sum + input.pages, 0);
	if (opts.coverPage) {
		await renderCoverPage(
			out,
			{ ...opts.coverPage, date: opts.coverPage.date ?? new Date(), pageCount: contentPages + 1 },
			opts.pageSize,
		);
	}

	const layers: LayerState = { groups: [], off: [] };
	for (const input of checked) {
		if (input.pdf) {
			await copyInput({ ...input, pdf: input.pdf }, out, budget, layers, opts);
		} else {
			await addImagePage(
				out,
				input.data,
				input.type as 'png' | 'jpeg',
				opts.pageSize,
				input.propertyName,
				budget,
			);
		}
	}

	writeLayers(out, layers);

	let data: Buffer;
	try {
		data = Buffer.from(await saveBounded(out, budget));
	} catch (error) {
		throw (await readerFaultBehind(error)) ?? processingError(null);
	}
	checkSize(data.length, opts, checked.length === 1 ? first.propertyName : null);
	return { data, mimeType: 'application/pdf', fileName: 'fax.pdf', pageCount: out.getPageCount() };
}

/**
 * Validates the input files and turns them into the one document to upload.
 *
 * - Every input is checked by content: empty, unsupported type (named, e.g. "a TIFF image"),
 *   damaged/encrypted/page-less PDF, damaged or oversized image → `DocumentError` naming the
 *   binary property.
 * - One image without a cover page is passed through untouched when `target` is `'asIs'`.
 * - Otherwise everything is merged in order into one new PDF: cover page first, then each PDF's
 *   pages rebuilt from what they show (forms and printable annotations drawn into the page,
 *   nothing else of the original file; see rebuildVisible.ts), each image on its own page of
 *   `pageSize`. A single PDF is rebuilt the same way.
 * - The result is checked against `maxBytes` ("The document is 5.2 MB; FaxDrop accepts at most
 *   4 MB").
 *
 * `pageCount` is always set for PDFs (including the cover page), `null` for a passed-through
 * image. Errors never contain document content; `itemIndex` is set on them.
 */
export async function buildFaxDocument(
	inputs: FaxDocumentInput[],
	opts: BuildFaxDocumentOptions,
): Promise<FaxDocument> {
	return await build(inputs, opts).catch((error: unknown) => {
		if (error instanceof DocumentError) error.itemIndex = opts.itemIndex;
		return Promise.reject(error);
	});
}
