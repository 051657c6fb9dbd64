/**
 * Reads image dimensions (and JPEG EXIF orientation) from the headers, without decoding pixels,
 * so size limits can be enforced before anything large is allocated.
 */

/** EXIF orientation 1–8 (1 = as stored). */
export type ExifOrientation = 1 | 2 | 3 | 4 | 5 | 6 | 7 | 8;

export interface ImageInfo {
	/** Stored width and height in pixels. */
	width: number;
	height: number;
	/** How the image must be turned to display upright (JPEG EXIF; 1 for PNG). */
	orientation: ExifOrientation;
	/** APNG: pdf-lib can't embed it. */
	animated: boolean;
}

const PNG_SIGNATURE_LENGTH = 8;

export function readPngInfo(data: Buffer): ImageInfo | null {
	// Signature, then IHDR must be the first chunk: length 13, 'IHDR', width, height, …
	if (data.length < PNG_SIGNATURE_LENGTH + 8 + 13) return null;
	if (data.readUInt32BE(8) !== 13 || data.toString('latin1', 12, 16) !== 'IHDR') return null;
	const width = data.readUInt32BE(16);
	const height = data.readUInt32BE(20);
	if (width === 0 || height === 0) return null;

	let animated = false;
	let offset = PNG_SIGNATURE_LENGTH;
	// acTL (animation control) must come before the first IDAT.
	while (offset + 8 <= data.length) {
		const length = data.readUInt32BE(offset);
		const type = data.toString('latin1', offset + 4, offset + 8);
		if (type === 'acTL') animated = true;
		if (type === 'IDAT' || type === 'IEND') break;
		offset += 12 + length;
	}
	return { width, height, orientation: 1, animated };
}

function readExifOrientation(data: Buffer, start: number, end: number): ExifOrientation {
	// APP1 payload: "Exif\0\0" then a TIFF header.
	if (end - start < 14 || data.toString('latin1', start, start + 6) !== 'Exif\u0000\u0000')
		return 1;
	const tiff = start + 6;
	const order = data.toString('latin1', tiff, tiff + 2);
	if (order !== 'II' && order !== 'MM') return 1;
	const little = order === 'II';
	const u16 = (at: number): number => (little ? data.readUInt16LE(at) : data.readUInt16BE(at));
	const u32 = (at: number): number => (little ? data.readUInt32LE(at) : data.readUInt32BE(at));
	if (u16(tiff + 2) !== 42) return 1;
	const ifd = tiff + u32(tiff + 4);
	if (ifd + 2 > end) return 1;
	const count = u16(ifd);
	for (let i = 0; i < count; i++) {
		const entry = ifd + 2 + i * 12;
		if (entry + 12 > end) break;
		// Tag 0x0112 Orientation, type SHORT (3), count 1, value in the first two bytes.
		if (u16(entry) === 0x0112 && u16(entry + 2) === 3) {
			const value = u16(entry + 8);
			return value >= 1 && value <= 8 ? (value as ExifOrientation) : 1;
		}
	}
	return 1;
}

/** SOF markers that carry the frame size (C0–CF except DHT C4, JPG C8, DAC CC). */
function isStartOfFrame(marker: number): boolean {
	return marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc;
}

export function readJpegInfo(data: Buffer): ImageInfo | null {
	if (data.length < 4 || data[0] !== 0xff || data[1] !== 0xd8) return null;
	let orientation: ExifOrientation = 1;
	let offset = 2;
	while (offset + 4 <= data.length) {
		if (data[offset] !== 0xff) return null;
		const marker = data[offset + 1];
		if (marker === 0xff) {
			offset += 1; // fill byte
			continue;
		}
		if (marker === 0x01 || (marker >= 0xd0 && marker <= 0xd7)) {
			offset += 2; // standalone markers
			continue;
		}
		if (marker === 0xd9 || marker === 0xda) return null; // EOI / SOS before any frame header
		const length = data.readUInt16BE(offset + 2);
		const segmentStart = offset + 4;
		const segmentEnd = offset + 2 + length;
		if (length < 2 || segmentEnd > data.length) return null;
		if (marker === 0xe1 && orientation === 1) {
			orientation = readExifOrientation(data, segmentStart, segmentEnd);
		}
		if (isStartOfFrame(marker)) {
			if (length < 8) return null;
			const height = data.readUInt16BE(segmentStart + 1);
			const width = data.readUInt16BE(segmentStart + 3);
			if (width === 0 || height === 0) return null;
			return { width, height, orientation, animated: false };
		}
		offset = segmentEnd;
	}
	return null;
}

export function readImageInfo(data: Buffer, type: 'png' | 'jpeg'): ImageInfo | null {
	return type === 'png' ? readPngInfo(data) : readJpegInfo(data);
}
