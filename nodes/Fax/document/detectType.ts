/**
 * File type detection by magic bytes only — never by file name or MIME type, which n8n takes
 * from whatever the previous node claimed.
 */

/** Types every provider path accepts (images are converted to PDF where a provider needs it). */
export type AcceptedType = 'pdf' | 'png' | 'jpeg';

export type DetectedType =
	| AcceptedType
	| 'tiff'
	| 'gif'
	| 'webp'
	| 'bmp'
	| 'heic'
	| 'avif'
	| 'docx'
	| 'xlsx'
	| 'pptx'
	| 'zip'
	| 'doc'
	| 'rtf'
	| 'html'
	| 'svg'
	| 'text'
	| 'empty'
	| 'unknown';

export type FaxMimeType = 'application/pdf' | 'image/png' | 'image/jpeg';

const DESCRIPTIONS: Record<DetectedType, string> = {
	pdf: 'a PDF document',
	png: 'a PNG image',
	jpeg: 'a JPEG image',
	tiff: 'a TIFF image',
	gif: 'a GIF image',
	webp: 'a WebP image',
	bmp: 'a BMP image',
	heic: 'a HEIC/HEIF image (the iPhone photo format)',
	avif: 'an AVIF image',
	docx: 'a Word document (DOCX)',
	xlsx: 'an Excel spreadsheet (XLSX)',
	pptx: 'a PowerPoint presentation (PPTX)',
	zip: 'a ZIP archive',
	doc: 'a legacy Microsoft Office file (DOC/XLS/PPT)',
	rtf: 'an RTF document',
	html: 'an HTML web page',
	svg: 'an SVG image',
	text: 'plain text',
	empty: 'empty',
	unknown: 'of an unrecognised type',
};

const MIME_TYPES: Record<AcceptedType, FaxMimeType> = {
	pdf: 'application/pdf',
	png: 'image/png',
	jpeg: 'image/jpeg',
};

const EXTENSIONS: Record<AcceptedType, string> = { pdf: 'pdf', png: 'png', jpeg: 'jpg' };

/** "a TIFF image", "a Word document (DOCX)", … for messages. */
export function describeType(type: DetectedType): string {
	return DESCRIPTIONS[type];
}

export function isAcceptedType(type: DetectedType): type is AcceptedType {
	return type === 'pdf' || type === 'png' || type === 'jpeg';
}

export function mimeTypeFor(type: AcceptedType): FaxMimeType {
	return MIME_TYPES[type];
}

export function extensionFor(type: AcceptedType): string {
	return EXTENSIONS[type];
}

function startsWith(buffer: Buffer, bytes: number[], offset = 0): boolean {
	if (buffer.length < offset + bytes.length) return false;
	return bytes.every((byte, index) => buffer[offset + index] === byte);
}

function ascii(buffer: Buffer, start: number, end: number): string {
	return buffer.subarray(start, Math.min(end, buffer.length)).toString('latin1');
}

/** PDF readers accept the header anywhere in the first 1024 bytes. */
const PDF_HEADER_WINDOW = 1024;
const ZIP_SCAN_WINDOW = 64 * 1024;

const HEIF_BRANDS = new Set([
	'heic',
	'heix',
	'hevc',
	'hevx',
	'heim',
	'heis',
	'hevm',
	'hevs',
	'mif1',
	'msf1',
]);

function detectZipFlavour(buffer: Buffer): DetectedType {
	// Entry names are stored in clear in the local headers (start) and the central directory (end).
	const head = ascii(buffer, 0, ZIP_SCAN_WINDOW);
	const tail =
		buffer.length > ZIP_SCAN_WINDOW
			? ascii(buffer, buffer.length - ZIP_SCAN_WINDOW, buffer.length)
			: '';
	const names = head + tail;
	if (names.includes('word/')) return 'docx';
	if (names.includes('xl/')) return 'xlsx';
	if (names.includes('ppt/')) return 'pptx';
	return 'zip';
}

function detectText(buffer: Buffer): DetectedType {
	let start = 0;
	if (startsWith(buffer, [0xef, 0xbb, 0xbf])) start = 3;
	else if (startsWith(buffer, [0xff, 0xfe]) || startsWith(buffer, [0xfe, 0xff])) return 'text';

	const sample = buffer.subarray(start, start + 2048);
	for (const byte of sample) {
		// NUL and other C0 controls (except tab, LF, FF, CR, ESC) don't occur in text.
		if (
			byte < 0x20 &&
			byte !== 0x09 &&
			byte !== 0x0a &&
			byte !== 0x0c &&
			byte !== 0x0d &&
			byte !== 0x1b
		) {
			return 'unknown';
		}
	}
	const head = sample.toString('utf8').trimStart().slice(0, 1024).toLowerCase();
	if (head.startsWith('{\\rtf')) return 'rtf';
	if (
		head.startsWith('<!doctype html') ||
		head.startsWith('<html') ||
		/<(head|body)[\s>]/.test(head)
	) {
		return 'html';
	}
	if (head.startsWith('<svg') || (head.startsWith('<?xml') && head.includes('<svg'))) return 'svg';
	return 'text';
}

/** Detects a buffer's file type from its first bytes. */
export function detectType(buffer: Buffer): DetectedType {
	if (!buffer || buffer.length === 0) return 'empty';

	if (startsWith(buffer, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return 'png';
	if (startsWith(buffer, [0xff, 0xd8, 0xff])) return 'jpeg';
	if (buffer.subarray(0, PDF_HEADER_WINDOW).indexOf('%PDF-', 0, 'latin1') !== -1) return 'pdf';
	if (
		startsWith(buffer, [0x49, 0x49, 0x2a, 0x00]) ||
		startsWith(buffer, [0x4d, 0x4d, 0x00, 0x2a]) ||
		startsWith(buffer, [0x49, 0x49, 0x2b, 0x00]) ||
		startsWith(buffer, [0x4d, 0x4d, 0x00, 0x2b])
	) {
		return 'tiff';
	}
	const head = ascii(buffer, 0, 12);
	if (head.startsWith('GIF87a') || head.startsWith('GIF89a')) return 'gif';
	if (head.startsWith('RIFF') && ascii(buffer, 8, 12) === 'WEBP') return 'webp';
	if (ascii(buffer, 4, 8) === 'ftyp') {
		const brand = ascii(buffer, 8, 12);
		if (HEIF_BRANDS.has(brand)) return 'heic';
		if (brand === 'avif' || brand === 'avis') return 'avif';
		return 'unknown';
	}
	if (
		head.startsWith('BM') &&
		buffer.length >= 18 &&
		buffer.readUInt32LE(6) === 0 &&
		[12, 40, 52, 56, 64, 108, 124].includes(buffer.readUInt32LE(14))
	) {
		return 'bmp';
	}
	if (
		startsWith(buffer, [0x50, 0x4b, 0x03, 0x04]) ||
		startsWith(buffer, [0x50, 0x4b, 0x05, 0x06])
	) {
		return detectZipFlavour(buffer);
	}
	if (startsWith(buffer, [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1])) return 'doc';
	return detectText(buffer);
}

/**
 * True when text looks like a base64-encoded PDF/PNG/JPEG (or a data: URL of one) rather than
 * the file itself — a common mix-up when an API returns the file inside JSON.
 */
export function looksLikeBase64Document(buffer: Buffer): boolean {
	const head = buffer.subarray(0, 128).toString('latin1').trimStart();
	return /^(data:[\w/+.-]+;base64,)?(JVBERi0|iVBORw0KGgo|\/9j\/)/.test(head);
}
