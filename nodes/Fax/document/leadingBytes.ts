/**
 * Bytes before the `%PDF-` header (a mail gateway's or web server's leftovers). PDF readers
 * accept the header anywhere in the first 1024 bytes, but all three providers refuse such files:
 * the node removes them before upload, and refuses files whose header comes later.
 */
const HEADER = Buffer.from('%PDF-', 'latin1');

/** Where readers still find the header. */
export const PDF_HEADER_WINDOW = 1024;
/** How far a misplaced header is looked for, to name the problem instead of "unknown type". */
const LATE_HEADER_WINDOW = 64 * 1024;

/** Offset of a `%PDF-` wholly within the first `window` bytes (as `detectType` looks), or -1. */
export function pdfHeaderOffset(data: Buffer, window = PDF_HEADER_WINDOW): number {
	return data.subarray(0, window).indexOf(HEADER);
}

/** The PDF from its header on (the same buffer when it starts with the header). */
export function stripBeforeHeader(data: Buffer): Buffer {
	const offset = pdfHeaderOffset(data);
	return offset > 0 ? data.subarray(offset) : data;
}

/** The offset of a header too far in for readers (beyond 1024 bytes), or -1. */
export function lateHeaderOffset(data: Buffer): number {
	if (pdfHeaderOffset(data) !== -1) return -1;
	return pdfHeaderOffset(data, LATE_HEADER_WINDOW);
}
