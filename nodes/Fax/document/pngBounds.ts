import { PDFContext, PDFRawStream } from 'pdf-lib';

import { decodeCapped } from './parseLimits';

/** Channels per colour type (IHDR byte 9): grey, -, RGB, palette, grey+alpha, -, RGBA. */
const CHANNELS: Record<number, number> = { 0: 1, 2: 3, 3: 1, 4: 2, 6: 4 };

/**
 * The most bytes a PNG's image data may inflate to: one filter byte plus the packed pixels per
 * row (interlaced images add up to 7 passes of filter bytes and partial bytes per row).
 */
function maxInflatedBytes(png: Buffer): number {
	const width = png.readUInt32BE(16);
	const height = png.readUInt32BE(20);
	const bitsPerPixel = png[24] * (CHANNELS[png[25]] ?? 4);
	const rows = (Math.ceil((width * bitsPerPixel) / 8) + 1) * height;
	const interlaced = png[28] === 1;
	return interlaced ? rows + 15 * height + 1024 : rows + 1024;
}

/** The IDAT chunks' data, concatenated: one zlib stream. */
function imageData(png: Buffer): Buffer {
	const parts: Buffer[] = [];
	let offset = 8;
	while (offset + 8 <= png.length) {
		const length = png.readUInt32BE(offset);
		const type = png.toString('latin1', offset + 4, offset + 8);
		if (type === 'IDAT')
			parts.push(png.subarray(offset + 8, Math.min(offset + 8 + length, png.length)));
		if (type === 'IEND') break;
		offset += 12 + length;
	}
	return Buffer.concat(parts);
}

/**
 * Whether a PNG's compressed image data stays within what its size (IHDR) allows. pdf-lib's PNG
 * decoder inflates all of it, whatever the header says: a small PNG can hide a gigabyte. This
 * inflates it once with a cap (the pixels are decoded again when the image is embedded).
 */
export function pngDataWithinSize(png: Buffer): boolean {
	const data = imageData(png);
	const context = PDFContext.create();
	const stream = PDFRawStream.of(context.obj({ Filter: 'FlateDecode' }), data);
	// Damaged data passes: pdf-lib's embedder reports it as a damaged image.
	return decodeCapped(stream, maxInflatedBytes(png)) !== 'tooLarge';
}
