import { FaxInputError } from '../helpers/errors';
import { describeType, looksLikeBase64Document, type DetectedType } from './detectType';
import { lateHeaderOffset, PDF_HEADER_WINDOW } from './leadingBytes';

export type DocumentErrorCode =
	| 'noInput'
	| 'empty'
	| 'unsupportedType'
	| 'corruptPdf'
	| 'encryptedPdf'
	| 'noPages'
	| 'tooManyPages'
	| 'pdfTooComplex'
	| 'leadingBytes'
	| 'corruptImage'
	| 'imageTooLarge'
	| 'tooLarge'
	| 'coverNoteTooLong'
	| 'processingFailed';

/**
 * A document that can't be faxed. `field` is the binary property name when the problem is about
 * one input. Messages and hints only ever contain type names, sizes, page counts and property
 * names — never document bytes or text.
 */
export class DocumentError extends FaxInputError<DocumentErrorCode> {}

/**
 * The PDF reader or writer itself failed (this package's code, or the n8n it runs in), not the user's
 * document. Deliberately not a FaxInputError: the node reports it as an internal error, never
 * as a problem with the file. The message names only what failed on the package's own test
 * document, so it holds no document bytes or text.
 */
export class PdfReaderFault extends Error {
	constructor(detail: string) {
		super(
			`Unexpected internal error of the Fax node while handling PDFs (not a problem with the document): ${detail}. This n8n-nodes-fax version does not work with this n8n version; please report it to the n8n-nodes-fax maintainers`,
		);
		this.name = 'PdfReaderFault';
	}
}

/** `Binary property 'data'` or `The document` when no property is known. */
export function subject(propertyName: string | null | undefined): string {
	return propertyName ? `Binary property '${propertyName}'` : 'The document';
}

const ACCEPTED = 'PDF, PNG or JPEG';

const TYPE_HINTS: Partial<Record<DetectedType, string>> = {
	tiff: 'Convert the TIFF to PDF first (most scanner and fax software can save as PDF; multi-page TIFFs become multi-page PDFs).',
	gif: 'Convert the image to PNG or PDF first.',
	webp: 'Convert the image to PNG or JPEG first.',
	bmp: 'Convert the image to PNG or JPEG first.',
	heic: 'Convert the photo to JPEG first (on iPhone: Settings → Camera → Formats → Most Compatible).',
	avif: 'Convert the image to PNG or JPEG first.',
	docx: 'Export Word documents as PDF first (File → Save As → PDF), or convert them in the workflow before this node.',
	xlsx: 'Export the spreadsheet as PDF first.',
	pptx: 'Export the presentation as PDF first.',
	zip: 'Unpack the archive first (e.g. with the Compression node) and send the PDF inside.',
	doc: 'Export the document as PDF first.',
	rtf: 'Export the document as PDF first.',
	html: 'This looks like a web page rather than the file itself — often a login or error page. Check the node that fetched the file (in HTTP Request set Response Format to File) or convert the HTML to PDF first.',
	svg: 'Convert the image to PNG or PDF first.',
	text: 'This looks like text rather than a document. Check that the binary property holds the file itself.',
	unknown:
		'The type is detected from the file content, not its name; check the file opens as a PDF, PNG or JPEG.',
};

export function unsupportedTypeError(
	type: DetectedType,
	data: Buffer,
	propertyName: string | null,
): DocumentError {
	const headerAt = type === 'text' || type === 'unknown' ? lateHeaderOffset(data) : -1;
	if (headerAt !== -1) {
		return new DocumentError(
			'leadingBytes',
			`${subject(propertyName)} has ${headerAt} bytes of other data before the PDF starts; PDF readers and fax providers accept at most ${PDF_HEADER_WINDOW}`,
			'Something added data in front of the file (often an email or web server). Get the original PDF again, or open this one in a PDF viewer and save it as a new PDF. Nothing was sent.',
			propertyName,
		);
	}
	let hint = TYPE_HINTS[type] ?? 'Convert the file to PDF first.';
	if (type === 'text' && looksLikeBase64Document(data)) {
		hint =
			'It looks like base64-encoded text of a file rather than the file itself. Decode it first, e.g. with the Convert to File node (Move Base64 String to File).';
	}
	const what = type === 'unknown' ? 'is not a recognised file type' : `is ${describeType(type)}`;
	return new DocumentError(
		'unsupportedType',
		`${subject(propertyName)} ${what}; send a ${ACCEPTED}`,
		hint,
		propertyName,
	);
}

export function emptyError(propertyName: string | null): DocumentError {
	return new DocumentError(
		'empty',
		`${subject(propertyName)} is empty (0 bytes)`,
		'Check the node that produced the file: the download, form upload or email attachment returned no content.',
		propertyName,
	);
}
