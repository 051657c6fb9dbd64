import { Deflate, Inflate } from 'pako';
import { PDFHexString, type PDFDocument, type PDFRef } from 'pdf-lib';

import type { PngLayout } from './pngBounds';
import type { WorkBudget } from './workBudget';

/**
 * PNG → PDF image XObject without decoding the whole image at once (pdf-lib's `embedPng`
 * decodes every pixel into memory in one synchronous step: a 20-megapixel 16-bit PNG blocked
 * n8n for 11 s).
 *
 * - Grey, RGB and palette PNGs without interlacing (most scans and screenshots without
 *   transparency) go in as they are: PDF's Flate filter with the PNG predictor reads PNG image
 *   data directly, at any bit depth. The data is inflated once, in pieces, only to check it.
 * - Transparency (an alpha channel, or a tRNS chunk on a palette) and interlacing need the
 *   pixels: rows are inflated and unfiltered piece by piece, composited onto white (the paper)
 *   at 8 bits, and deflated again.
 *
 * Both inflate at most the bytes the header's size needs and yield to the event loop every
 * 20 ms.
 */

export type PngProblem = 'damaged' | 'tooLarge';

/** Thrown for image data that is damaged or inflates past its size; mapped by the caller. */
export class PngDataError extends Error {
	constructor(readonly problem: PngProblem) {
		super(`PNG image data ${problem}`);
		this.name = 'PngDataError';
	}
}

/** Compressed bytes handed to the inflater per step (inflating at most ~1000× that). */
const INPUT_STEP = 16 * 1024;

/**
 * Inflates the image data in steps, handing every inflated piece to `onData`; refuses data
 * that inflates to more or less than `expected` bytes, or that is not a zlib stream.
 */
async function inflateInSteps(
	layout: PngLayout,
	budget: WorkBudget,
	onData: (chunk: Uint8Array) => void,
): Promise<void> {
	const inflater = new Inflate({ chunkSize: 64 * 1024 });
	let total = 0;
	/** pako's status once the stream ended (0: complete), as its `onEnd` reports it. */
	let endStatus: number | undefined;
	inflater.onData = (chunk) => {
		const bytes = chunk as Uint8Array;
		total += bytes.length;
		if (total > layout.inflatedBytes) throw new PngDataError('tooLarge');
		onData(bytes);
		budget.spend(bytes.length / 64);
	};
	inflater.onEnd = (status) => {
		endStatus = status;
	};
	for (const part of layout.data) {
		for (let offset = 0; offset < part.length && endStatus === undefined; offset += INPUT_STEP) {
			inflater.push(part.subarray(offset, offset + INPUT_STEP), false);
			await budget.pause();
		}
	}
	if (endStatus === undefined) inflater.push(new Uint8Array(0), true);
	if (endStatus !== 0 || total !== layout.inflatedBytes) throw new PngDataError('damaged');
}

/** Grey, RGB or palette, not interlaced, no palette transparency: the data goes in as it is. */
export function canPassThrough(layout: PngLayout): boolean {
	return (
		!layout.interlaced &&
		(layout.colorType === 0 ||
			layout.colorType === 2 ||
			(layout.colorType === 3 && !layout.transparency))
	);
}

function colorSpace(layout: PngLayout): unknown {
	if (layout.colorType === 0) return 'DeviceGray';
	if (layout.colorType === 2) return 'DeviceRGB';
	const palette = layout.palette as Buffer;
	return ['Indexed', 'DeviceRGB', palette.length / 3 - 1, PDFHexString.of(palette.toString('hex'))];
}

/** tRNS of a grey or RGB image: one colour is transparent, i.e. a colour-key mask. */
function colorKeyMask(layout: PngLayout): number[] | undefined {
	const trns = layout.transparency;
	if (!trns || layout.colorType === 3) return undefined;
	const values: number[] = [];
	for (let channel = 0; channel < layout.channels && channel * 2 + 1 < trns.length; channel++) {
		const value = trns.readUInt16BE(channel * 2);
		values.push(value, value);
	}
	return values.length === layout.channels * 2 ? values : undefined;
}

async function passThrough(
	doc: PDFDocument,
	layout: PngLayout,
	budget: WorkBudget,
): Promise<PDFRef> {
	const [pass] = layout.passes;
	// Check it while inflating: every row starts with a filter type 0–4.
	let rowAt = 0;
	await inflateInSteps(layout, budget, (chunk) => {
		while (rowAt < chunk.length) {
			if (chunk[rowAt] > 4) throw new PngDataError('damaged');
			rowAt += pass.rowBytes + 1;
		}
		rowAt -= chunk.length;
	});
	const dict: Record<string, unknown> = {
		Type: 'XObject',
		Subtype: 'Image',
		Width: layout.width,
		Height: layout.height,
		BitsPerComponent: layout.bitDepth,
		ColorSpace: colorSpace(layout),
		Filter: 'FlateDecode',
		DecodeParms: {
			Predictor: 15,
			Colors: layout.channels,
			BitsPerComponent: layout.bitDepth,
			Columns: layout.width,
		},
	};
	const mask = colorKeyMask(layout);
	if (mask) dict.Mask = mask;
	const data = layout.data.length === 1 ? layout.data[0] : Buffer.concat(layout.data);
	// eslint-disable-next-line @typescript-eslint/no-explicit-any
	return doc.context.register(doc.context.stream(data, dict as any));
}

/** Undoes a row's PNG filter in place (`prior` is the previous unfiltered row, or zeros). */
function unfilter(type: number, row: Uint8Array, prior: Uint8Array, bpp: number): void {
	const n = row.length;
	switch (type) {
		case 0:
			return;
		case 1:
			for (let i = bpp; i < n; i++) row[i] = (row[i] + row[i - bpp]) & 0xff;
			return;
		case 2:
			for (let i = 0; i < n; i++) row[i] = (row[i] + prior[i]) & 0xff;
			return;
		case 3:
			for (let i = 0; i < n; i++) {
				const left = i >= bpp ? row[i - bpp] : 0;
				row[i] = (row[i] + ((left + prior[i]) >> 1)) & 0xff;
			}
			return;
		case 4:
			for (let i = 0; i < n; i++) {
				const a = i >= bpp ? row[i - bpp] : 0;
				const b = prior[i];
				const c = i >= bpp ? prior[i - bpp] : 0;
				const p = a + b - c;
				const pa = Math.abs(p - a);
				const pb = Math.abs(p - b);
				const pc = Math.abs(p - c);
				row[i] = (row[i] + (pa <= pb && pa <= pc ? a : pb <= pc ? b : c)) & 0xff;
			}
			return;
		default:
			throw new PngDataError('damaged');
	}
}

/** Writes a row's pixels, composited onto white at 8 bits, into `out` (grey or RGB). */
function convertRow(
	layout: PngLayout,
	row: Uint8Array,
	columns: number,
	write: (column: number, r: number, g: number, b: number) => void,
): void {
	const { bitDepth, colorType, channels, palette, transparency } = layout;
	const max = (1 << Math.min(bitDepth, 8)) - 1;
	const wide = bitDepth === 16;
	const sampleAt = (index: number): number => {
		if (wide) return (row[index * 2] << 8) | row[index * 2 + 1];
		if (bitDepth === 8) return row[index];
		const bit = index * bitDepth;
		return (row[bit >> 3] >> (8 - bitDepth - (bit & 7))) & max;
	};
	const to8 = (value: number): number =>
		wide ? value >> 8 : bitDepth === 8 ? value : Math.round((value * 255) / max);
	const key = transparency && colorType !== 3 ? transparency : null;
	for (let x = 0; x < columns; x++) {
		const at = x * channels;
		let r: number;
		let g: number;
		let b: number;
		let alpha = 255;
		if (colorType === 3) {
			const index = sampleAt(at);
			const entry = index * 3;
			const entries = (palette as Buffer).length;
			if (entry + 2 >= entries) throw new PngDataError('damaged');
			r = (palette as Buffer)[entry];
			g = (palette as Buffer)[entry + 1];
			b = (palette as Buffer)[entry + 2];
			if (transparency && index < transparency.length) alpha = transparency[index];
		} else if (colorType === 0 || colorType === 4) {
			const grey = sampleAt(at);
			if (key && key.length >= 2 && grey === key.readUInt16BE(0)) alpha = 0;
			r = g = b = to8(grey);
			if (colorType === 4) alpha = to8(sampleAt(at + 1));
		} else {
			const sr = sampleAt(at);
			const sg = sampleAt(at + 1);
			const sb = sampleAt(at + 2);
			if (
				key &&
				key.length >= 6 &&
				sr === key.readUInt16BE(0) &&
				sg === key.readUInt16BE(2) &&
				sb === key.readUInt16BE(4)
			) {
				alpha = 0;
			}
			r = to8(sr);
			g = to8(sg);
			b = to8(sb);
			if (colorType === 6) alpha = to8(sampleAt(at + 3));
		}
		if (alpha !== 255) {
			const white = 255 * (255 - alpha);
			r = Math.round((r * alpha + white) / 255);
			g = Math.round((g * alpha + white) / 255);
			b = Math.round((b * alpha + white) / 255);
		}
		write(x, r, g, b);
	}
}

/** Decodes, composites onto white and re-encodes the pixels (transparency or interlacing). */
async function decodeAndEncode(
	doc: PDFDocument,
	layout: PngLayout,
	budget: WorkBudget,
): Promise<PDFRef> {
	const grey = layout.colorType === 0 || layout.colorType === 4;
	const outChannels = grey ? 1 : 3;
	const outRowBytes = layout.width * outChannels;
	const compressed: Uint8Array[] = [];
	const deflater = new Deflate({ level: 1, chunkSize: 256 * 1024 });
	deflater.onData = (chunk) => compressed.push(chunk as Uint8Array);
	deflater.onEnd = () => undefined;
	// Interlaced images arrive pass by pass: they are assembled whole before encoding.
	const whole = layout.interlaced ? new Uint8Array(outRowBytes * layout.height) : null;
	const outRow = new Uint8Array(outRowBytes);
	const bpp = Math.max(1, (layout.bitDepth * layout.channels) >> 3);

	let passIndex = 0;
	let rowInPass = 0;
	let filled = 0;
	let pass = layout.passes[0];
	let row = new Uint8Array(pass.rowBytes + 1);
	let prior = new Uint8Array(pass.rowBytes);
	const finishRow = () => {
		const line = row.subarray(1);
		unfilter(row[0], line, prior, bpp);
		const y = pass.y0 + rowInPass * pass.dy;
		const target = whole ? whole.subarray(y * outRowBytes, (y + 1) * outRowBytes) : outRow;
		convertRow(layout, line, pass.columns, (column, r, g, b) => {
			const x = (pass.x0 + column * pass.dx) * outChannels;
			if (grey) target[x] = r;
			else {
				target[x] = r;
				target[x + 1] = g;
				target[x + 2] = b;
			}
		});
		if (!whole) deflater.push(outRow, false);
		prior.set(line);
		rowInPass++;
		if (rowInPass === pass.rows && ++passIndex < layout.passes.length) {
			pass = layout.passes[passIndex];
			rowInPass = 0;
			row = new Uint8Array(pass.rowBytes + 1);
			prior = new Uint8Array(pass.rowBytes);
		}
	};
	await inflateInSteps(layout, budget, (chunk) => {
		let at = 0;
		while (at < chunk.length) {
			const take = Math.min(row.length - filled, chunk.length - at);
			row.set(chunk.subarray(at, at + take), filled);
			filled += take;
			at += take;
			if (filled === row.length) {
				finishRow();
				filled = 0;
			}
		}
	});
	if (whole) {
		const step = 256 * 1024;
		for (let offset = 0; offset < whole.length; offset += step) {
			deflater.push(whole.subarray(offset, offset + step), false);
			budget.spend(step / 64);
			await budget.pause();
		}
	}
	deflater.push(new Uint8Array(0), true);
	if (deflater.err) throw new Error('PNG re-encoding failed');
	const dict = {
		Type: 'XObject',
		Subtype: 'Image',
		Width: layout.width,
		Height: layout.height,
		BitsPerComponent: 8,
		ColorSpace: grey ? 'DeviceGray' : 'DeviceRGB',
		Filter: 'FlateDecode',
	};
	return doc.context.register(doc.context.stream(Buffer.concat(compressed), dict));
}

/**
 * Adds the PNG to `doc` as an image XObject (see above); throws `PngDataError` for damaged
 * image data or data that inflates past what the header's size needs.
 */
export async function embedPngBounded(
	doc: PDFDocument,
	layout: PngLayout,
	budget: WorkBudget,
): Promise<PDFRef> {
	return canPassThrough(layout)
		? await passThrough(doc, layout, budget)
		: await decodeAndEncode(doc, layout, budget);
}
