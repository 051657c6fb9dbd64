/**
 * A PNG's layout as its chunks describe it, read without decoding anything: the header fields,
 * palette and transparency, the image data (IDAT chunks, as views into the file) and how many
 * bytes that data must inflate to.
 */
export interface PngLayout {
	width: number;
	height: number;
	bitDepth: number;
	/** 0 grey, 2 RGB, 3 palette, 4 grey + alpha, 6 RGBA. */
	colorType: number;
	interlaced: boolean;
	channels: number;
	palette: Buffer | null;
	transparency: Buffer | null;
	/** The IDAT chunks' data, in order: together one zlib stream. */
	data: Buffer[];
	/** Passes of rows (one, or Adam7's seven): row bytes without the filter byte, and rows. */
	passes: PngPass[];
	/** Exactly what the image data inflates to. */
	inflatedBytes: number;
}

export interface PngPass {
	/** First pixel and spacing in the full image. */
	x0: number;
	y0: number;
	dx: number;
	dy: number;
	columns: number;
	rows: number;
	rowBytes: number;
}

/** Channels per colour type. */
const CHANNELS: Record<number, number> = { 0: 1, 2: 3, 3: 1, 4: 2, 6: 4 };
/** Bit depths the PNG specification allows per colour type. */
const DEPTHS: Record<number, number[]> = {
	0: [1, 2, 4, 8, 16],
	2: [8, 16],
	3: [1, 2, 4, 8],
	4: [8, 16],
	6: [8, 16],
};

const ADAM7: Array<[number, number, number, number]> = [
	[0, 0, 8, 8],
	[4, 0, 8, 8],
	[0, 4, 4, 8],
	[2, 0, 4, 4],
	[0, 2, 2, 4],
	[1, 0, 2, 2],
	[0, 1, 1, 2],
];

/** The layout of a PNG whose signature and IHDR were already checked, or null when it's damaged. */
export function readPngLayout(png: Buffer): PngLayout | null {
	const width = png.readUInt32BE(16);
	const height = png.readUInt32BE(20);
	const bitDepth = png[24];
	const colorType = png[25];
	const interlaced = png[28] === 1;
	if (!DEPTHS[colorType]?.includes(bitDepth) || png[26] !== 0 || png[27] !== 0 || png[28] > 1) {
		return null;
	}
	const channels = CHANNELS[colorType];
	let palette: Buffer | null = null;
	let transparency: Buffer | null = null;
	const data: Buffer[] = [];
	let offset = 8;
	let ended = false;
	while (offset + 8 <= png.length) {
		const length = png.readUInt32BE(offset);
		const type = png.toString('latin1', offset + 4, offset + 8);
		const body = png.subarray(offset + 8, Math.min(offset + 8 + length, png.length));
		if (type === 'PLTE') palette = body;
		if (type === 'tRNS') transparency = body;
		if (type === 'IDAT') data.push(body);
		if (type === 'IEND') {
			ended = true;
			break;
		}
		offset += 12 + length;
	}
	if (!data.length || (colorType === 3 && (!palette || palette.length % 3 !== 0))) return null;
	if (!ended && offset < png.length) return null;
	const bitsPerPixel = bitDepth * channels;
	const passes: PngPass[] = [];
	for (const [x0, y0, dx, dy] of interlaced ? ADAM7 : [[0, 0, 1, 1] as const]) {
		const columns = Math.ceil((width - x0) / dx);
		const rows = Math.ceil((height - y0) / dy);
		if (columns <= 0 || rows <= 0) continue;
		passes.push({
			x0,
			y0,
			dx,
			dy,
			columns,
			rows,
			rowBytes: Math.ceil((columns * bitsPerPixel) / 8),
		});
	}
	const inflatedBytes = passes.reduce((sum, pass) => sum + (pass.rowBytes + 1) * pass.rows, 0);
	return {
		width,
		height,
		bitDepth,
		colorType,
		interlaced,
		channels,
		palette,
		transparency,
		data,
		passes,
		inflatedBytes,
	};
}
