import { PDFDocument } from 'pdf-lib';

import { detectType } from './detectType';
import { DocumentError, emptyError, subject, unsupportedTypeError } from './errors';

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

function corruptError(propertyName: string | null): DocumentError {
	return new DocumentError(
		'corruptPdf',
		`${subject(propertyName)} is a damaged PDF that can't be read`,
		'Open it in a PDF viewer and save or print it as a new PDF, then try again. If the file was downloaded, check the download completed.',
		propertyName,
	);
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
): Promise<PDFDocument> {
	if (!data || data.length === 0) throw emptyError(propertyName);
	const type = detectType(data);
	if (type !== 'pdf') throw unsupportedTypeError(type, data, propertyName);
	if (hasEncryptDictionary(data)) throw encryptedError(propertyName);

	let doc: PDFDocument;
	try {
		doc = await PDFDocument.load(data, { ignoreEncryption: true, updateMetadata: false });
	} catch {
		// Never pass pdf-lib's message on: parse errors can quote bytes of the file.
		throw corruptError(propertyName);
	}
	if (doc.isEncrypted) throw encryptedError(propertyName);
	let pageCount: number;
	try {
		// Resolve every page, not just the count stored in the page tree.
		pageCount = doc.getPages().length;
	} catch {
		throw corruptError(propertyName);
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
): Promise<PdfInfo> {
	const doc = await loadPdf(data, propertyName);
	return { pageCount: doc.getPageCount() };
}
