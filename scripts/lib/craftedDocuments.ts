/**
 * Crafted documents for the document-pipeline bounds (tests, `npm run bench`, `npm run soak`),
 * built in memory at run time: nothing of this size is committed. Each one is a syntactically
 * valid file that costs a reader far more work than its size suggests. None holds text beyond
 * filler; none is patient data.
 */
import { constants, deflateRawSync, deflateSync } from 'node:zlib';

import { pngChunk } from '../../test/unit/fixtures';

const MB = 1000 * 1000;

/** An object's body as bytes (`<< … >>`, `[ … ]`) or text. */
type Body = string | Buffer;

/**
 * A classic PDF (header, objects, xref table, trailer) from object bodies numbered from 1.
 * Object 1 must be the catalog.
 */
export function rawPdf(bodies: Body[], options: { trailerExtra?: string } = {}): Buffer {
	const parts: Buffer[] = [Buffer.from('%PDF-1.7\n%\xe2\xe3\xcf\xd3\n', 'latin1')];
	let length = parts[0].length;
	const offsets: number[] = [];
	bodies.forEach((body, index) => {
		offsets.push(length);
		const chunk = Buffer.concat([
			Buffer.from(`${index + 1} 0 obj\n`, 'latin1'),
			typeof body === 'string' ? Buffer.from(body, 'latin1') : body,
			Buffer.from('\nendobj\n', 'latin1'),
		]);
		parts.push(chunk);
		length += chunk.length;
	});
	const xref = [`xref\n0 ${bodies.length + 1}\n0000000000 65535 f \n`];
	for (const offset of offsets) xref.push(`${String(offset).padStart(10, '0')} 00000 n \n`);
	parts.push(
		Buffer.from(
			`${xref.join('')}trailer\n<< /Size ${bodies.length + 1} /Root 1 0 R ${options.trailerExtra ?? ''}>>\nstartxref\n${length}\n%%EOF\n`,
			'latin1',
		),
	);
	return Buffer.concat(parts);
}

/** A stream object's body: dict entries plus data (its /Length set). */
export function streamBody(dictEntries: string, data: Buffer): Buffer {
	return Buffer.concat([
		Buffer.from(`<< ${dictEntries} /Length ${data.length} >>\nstream\n`, 'latin1'),
		data,
		Buffer.from('\nendstream', 'latin1'),
	]);
}

const PAGE_CONTENT = Buffer.from('BT /F1 12 Tf 72 720 Td (Page) Tj ET', 'latin1');

/**
 * One page (object 3, content object 4, font object 5) whose dict carries `pageExtra`; objects
 * from 6 on are `extra`. Catalog 1, page tree 2.
 */
export function onePagePdf(pageExtra: string, extra: Body[] = []): Buffer {
	return rawPdf([
		'<< /Type /Catalog /Pages 2 0 R >>',
		'<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
		`<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Resources << /Font << /F1 5 0 R >> >> /Contents 4 0 R ${pageExtra} >>`,
		streamBody('', PAGE_CONTENT),
		'<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>',
		...extra,
	]);
}

/**
 * Issue 17 (a): `pages` pages all sharing one indirect /Annots array of `links` link
 * annotations (1000 × 20 000 is about 1.6 MB). Every per-page walk of the annotations visits
 * pages × links entries.
 */
export function sharedAnnotsPdf(pages = 1000, links = 20_000): Buffer {
	const firstPage = 5;
	const firstLink = firstPage + pages;
	const kids = Array.from({ length: pages }, (_, index) => `${firstPage + index} 0 R`).join(' ');
	const linkRefs = Array.from({ length: links }, (_, index) => `${firstLink + index} 0 R`);
	const bodies: Body[] = [
		'<< /Type /Catalog /Pages 2 0 R >>',
		`<< /Type /Pages /Kids [${kids}] /Count ${pages} >>`,
		`[${linkRefs.join(' ')}]`,
		streamBody('', PAGE_CONTENT),
	];
	for (let index = 0; index < pages; index++) {
		bodies.push(
			'<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R /Annots 3 0 R >>',
		);
	}
	for (let index = 0; index < links; index++) {
		bodies.push(`<< /Type /Annot /Subtype /Link /Rect [0 0 1 1] /Border [0 0 0] >>`);
	}
	return rawPdf(bodies);
}

/**
 * Issue 17 (b), (c): a one-page PDF whose page refers to one array object of `bytes` bytes
 * (`0 0 0 …`: two bytes an entry).
 */
export function bigArrayPdf(bytes: number): Buffer {
	const entries = Math.max(1, Math.floor(bytes / 2));
	const array = Buffer.alloc(entries * 2 + 1, '0 ', 'latin1');
	array[0] = 0x5b; // [
	array[array.length - 2] = 0x20;
	array[array.length - 1] = 0x5d; // ]
	return onePagePdf('/Filler 6 0 R', [array]);
}

/** One dict object of `keys` distinct keys, referred to by the page. */
export function bigDictPdf(keys: number): Buffer {
	const parts = ['<<'];
	for (let index = 0; index < keys; index++) parts.push(`/K${index} 0`);
	parts.push('>>');
	return onePagePdf('/Filler 6 0 R', [parts.join(' ')]);
}

/** Arrays nested `depth` deep (`[[[…]]]`), referred to by the page. */
export function deepNestingPdf(depth: number): Buffer {
	return onePagePdf('/Filler 6 0 R', [`${'['.repeat(depth)}${']'.repeat(depth)}`]);
}

/** A literal string of `bytes` bytes, referred to by the page. */
export function bigStringPdf(bytes: number): Buffer {
	const body = Buffer.alloc(bytes + 2, 'a', 'latin1');
	body[0] = 0x28; // (
	body[body.length - 1] = 0x29; // )
	return onePagePdf('/Filler 6 0 R', [body]);
}

/** `objects` tiny unreferenced objects (`N 0 obj 0 endobj`, about 16 bytes each). */
export function manyObjectsPdf(objects: number): Buffer {
	return onePagePdf(
		'',
		Array.from({ length: objects }, () => '0'),
	);
}

/**
 * `bytes` of whitespace (or, with `comment`, one comment line) between two objects: the parser
 * walks it byte by byte in one step.
 */
export function paddedGapPdf(bytes: number, kind: 'whitespace' | 'comment' = 'whitespace'): Buffer {
	const gap = Buffer.alloc(bytes, kind === 'comment' ? 'x' : ' ', 'latin1');
	if (kind === 'comment') gap[0] = 0x25; // %
	return onePagePdf('', [Buffer.concat([Buffer.from('0', 'latin1'), gap])]);
}

/**
 * A page whose second content stream holds `bytes` of moves (`0 0 m`, drawing nothing) and a
 * wrong /Length, so a reader searches for `endstream` byte by byte.
 */
export function wrongLengthStreamPdf(bytes: number): Buffer {
	const data = Buffer.alloc(bytes, '0 0 m\n', 'latin1');
	return rawPdf([
		'<< /Type /Catalog /Pages 2 0 R >>',
		'<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
		'<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Resources << /Font << /F1 5 0 R >> >> /Contents [4 0 R 6 0 R] >>',
		streamBody('', PAGE_CONTENT),
		'<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>',
		Buffer.concat([
			Buffer.from('<< /Length 1 >>\nstream\n', 'latin1'),
			data,
			Buffer.from('\nendstream', 'latin1'),
		]),
	]);
}

/** `pages` ordinary pages sharing one content stream. */
export function manyPagesPdf(pages: number): Buffer {
	const kids = Array.from({ length: pages }, (_, index) => `${4 + index} 0 R`).join(' ');
	const bodies: Body[] = [
		'<< /Type /Catalog /Pages 2 0 R >>',
		`<< /Type /Pages /Kids [${kids}] /Count ${pages} >>`,
		streamBody('', PAGE_CONTENT),
	];
	for (let index = 0; index < pages; index++) {
		bodies.push('<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 3 0 R >>');
	}
	return rawPdf(bodies);
}

/**
 * `pages` pages inheriting one direct /Resources dict of `entries` entries from the page tree:
 * a copy of the pages writes the dict into every page.
 */
export function inheritedResourcesPdf(pages: number, entries: number): Buffer {
	const kids = Array.from({ length: pages }, (_, index) => `${4 + index} 0 R`).join(' ');
	const resources = Array.from({ length: entries }, (_, index) => `/R${index} 0`).join(' ');
	const bodies: Body[] = [
		'<< /Type /Catalog /Pages 2 0 R >>',
		`<< /Type /Pages /Kids [${kids}] /Count ${pages} /Resources << /Extra << ${resources} >> >> >>`,
		streamBody('', PAGE_CONTENT),
	];
	for (let index = 0; index < pages; index++) {
		bodies.push('<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 3 0 R >>');
	}
	return rawPdf(bodies);
}

/**
 * A page whose content stream is a zlib bomb inflating to `inflatedBytes` of spaces. With
 * `resources`, the page has a font, so a reader that keeps only the resources the content
 * names has to inflate the content to find out which.
 */
export function contentBombPdf(inflatedBytes: number, resources = false): Buffer {
	const chunk = deflateRawSync(Buffer.alloc(MB, 0x20), {
		level: 9,
		finishFlush: constants.Z_SYNC_FLUSH,
	});
	const parts: Buffer[] = [Buffer.from([0x78, 0xda])];
	for (let done = 0; done < inflatedBytes; done += MB) parts.push(chunk);
	// Final empty block; the Adler-32 trailer is left out (readers stop at the last block).
	parts.push(Buffer.from([0x03, 0x00]));
	return rawPdf([
		'<< /Type /Catalog /Pages 2 0 R >>',
		'<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
		`<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R ${resources ? '/Resources << /Font << /F1 5 0 R >> >>' : ''} >>`,
		streamBody('/Filter /FlateDecode', Buffer.concat(parts)),
		'<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>',
	]);
}

/**
 * One page carrying `count` printable stamp annotations (separate objects) that share one
 * appearance: drawing them into the page visits each and writes one drawing per stamp.
 */
export function printableAnnotationsPdf(count: number): Buffer {
	const first = 7;
	const refs = Array.from({ length: count }, (_, index) => `${first + index} 0 R`).join(' ');
	const bodies: Body[] = [
		'<< /Type /Catalog /Pages 2 0 R >>',
		'<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
		'<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Resources << /Font << /F1 5 0 R >> >> /Contents 4 0 R /Annots 6 0 R >>',
		streamBody('', PAGE_CONTENT),
		'<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>',
		`[${refs}]`,
	];
	const appearance = first + count;
	for (let index = 0; index < count; index++) {
		const x = index % 500;
		const y = Math.floor(index / 500) % 700;
		bodies.push(
			`<< /Type /Annot /Subtype /Stamp /F 4 /Rect [${x} ${y} ${x + 10} ${y + 10}] /AP << /N ${appearance} 0 R >> >>`,
		);
	}
	bodies.push(
		streamBody('/Type /XObject /Subtype /Form /BBox [0 0 10 10]', Buffer.from('0 0 10 10 re f')),
	);
	return rawPdf(bodies);
}

/**
 * One page with a form of `count` filled text fields (each its own widget), none with an
 * appearance, the form saying /NeedAppearances: every field's appearance is generated before
 * it is drawn into the page.
 */
export function filledFormPdf(count: number): Buffer {
	const first = 7;
	const refs = Array.from({ length: count }, (_, index) => `${first + index} 0 R`).join(' ');
	const bodies: Body[] = [
		`<< /Type /Catalog /Pages 2 0 R /AcroForm << /Fields 6 0 R /NeedAppearances true /DA (/Helv 0 Tf 0 g) /DR << /Font << /Helv 5 0 R >> >> >> >>`,
		'<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
		'<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Resources << /Font << /F1 5 0 R >> >> /Contents 4 0 R /Annots 6 0 R >>',
		streamBody('', PAGE_CONTENT),
		'<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>',
		`[${refs}]`,
	];
	for (let index = 0; index < count; index++) {
		const x = (index % 10) * 60;
		const y = (Math.floor(index / 10) % 78) * 10;
		bodies.push(
			`<< /Type /Annot /Subtype /Widget /FT /Tx /T (field${index}) /V (value ${index}) /F 4 /P 3 0 R /Rect [${x} ${y} ${x + 58} ${y + 9}] /DA (/Helv 8 Tf 0 g) >>`,
		);
	}
	return rawPdf(bodies);
}

export interface PngOptions {
	width: number;
	height: number;
	/** 1, 2, 4, 8 or 16. */
	bitDepth: number;
	/** 0 grey, 2 RGB, 3 palette, 4 grey + alpha, 6 RGBA. */
	colorType: number;
	interlaced?: boolean;
	/** Palette entries (colour type 3), RGB triples. */
	palette?: number[][];
	/** tRNS chunk data. */
	transparency?: Buffer;
	/** Sample value for pixel (x, y) and channel c, before packing (default: a gradient). */
	sample?: (x: number, y: number, channel: number) => number;
}

const CHANNELS: Record<number, number> = { 0: 1, 2: 3, 3: 1, 4: 2, 6: 4 };

/** Packs one row of samples at `bitDepth` (filter type 0 prefixed). */
function packRow(samples: number[], bitDepth: number): Buffer {
	const bytes = Math.ceil((samples.length * bitDepth) / 8);
	const row = Buffer.alloc(bytes + 1);
	if (bitDepth === 16) {
		samples.forEach((value, index) => row.writeUInt16BE(value & 0xffff, 1 + index * 2));
		return row;
	}
	if (bitDepth === 8) {
		samples.forEach((value, index) => (row[1 + index] = value & 0xff));
		return row;
	}
	samples.forEach((value, index) => {
		const bit = index * bitDepth;
		const shift = 8 - bitDepth - (bit % 8);
		row[1 + (bit >> 3)] |= (value & ((1 << bitDepth) - 1)) << shift;
	});
	return row;
}

const ADAM7 = [
	[0, 0, 8, 8],
	[4, 0, 8, 8],
	[0, 4, 4, 8],
	[2, 0, 4, 4],
	[0, 2, 2, 4],
	[1, 0, 2, 2],
	[0, 1, 1, 2],
];

/**
 * A small PNG of any colour type and bit depth, sample by sample (for correctness tests; use
 * `largePng` for size).
 */
export function png(options: PngOptions): Buffer {
	const { width, height, bitDepth, colorType } = options;
	const channels = CHANNELS[colorType];
	const max = (1 << bitDepth) - 1;
	const sample =
		options.sample ?? ((x: number, y: number, c: number) => ((x + y * 3 + c * 7) * 37) % (max + 1));
	const rows: Buffer[] = [];
	const passes = options.interlaced ? ADAM7 : [[0, 0, 1, 1]];
	for (const [x0, y0, dx, dy] of passes) {
		for (let y = y0; y < height; y += dy) {
			const samples: number[] = [];
			for (let x = x0; x < width; x += dx) {
				for (let c = 0; c < channels; c++) samples.push(sample(x, y, c));
			}
			if (samples.length) rows.push(packRow(samples, bitDepth));
		}
	}
	return pngFile(options, deflateSync(Buffer.concat(rows)));
}

function pngFile(options: PngOptions, idat: Buffer): Buffer {
	const header = Buffer.alloc(13);
	header.writeUInt32BE(options.width, 0);
	header.writeUInt32BE(options.height, 4);
	header[8] = options.bitDepth;
	header[9] = options.colorType;
	header[12] = options.interlaced ? 1 : 0;
	const chunks = [pngChunk('IHDR', header)];
	if (options.palette) chunks.push(pngChunk('PLTE', Buffer.from(options.palette.flat())));
	if (options.transparency) chunks.push(pngChunk('tRNS', options.transparency));
	// Several IDAT chunks, as encoders write them.
	for (let offset = 0; offset < idat.length; offset += 1 << 20) {
		chunks.push(pngChunk('IDAT', idat.subarray(offset, offset + (1 << 20))));
	}
	chunks.push(pngChunk('IEND', Buffer.alloc(0)));
	return Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), ...chunks]);
}

/**
 * A large non-interlaced PNG (issue 17 (d): 5000 × 4000 RGB at 16 bits is 20 MP): every row a
 * horizontal gradient, so it compresses well and builds in about a second.
 */
export function largePng(options: {
	width: number;
	height: number;
	bitDepth: 8 | 16;
	colorType: 0 | 2 | 4 | 6;
}): Buffer {
	const { width, height, bitDepth, colorType } = options;
	const channels = CHANNELS[colorType];
	const bytesPerSample = bitDepth / 8;
	const row = Buffer.alloc(1 + width * channels * bytesPerSample);
	for (let x = 0; x < width; x++) {
		for (let c = 0; c < channels; c++) {
			const value = c === 3 || (c === 1 && colorType === 4) ? 255 : (x * 255) / width;
			const at = 1 + (x * channels + c) * bytesPerSample;
			row[at] = value;
			if (bytesPerSample === 2) row[at + 1] = value;
		}
	}
	const all = Buffer.alloc(row.length * height);
	for (let y = 0; y < height; y++) row.copy(all, y * row.length);
	return pngFile(
		{ width, height, bitDepth, colorType },
		deflateSync(all, { level: 1, memLevel: 9 }),
	);
}

/** Sizes of the crafted files named in issue 17. */
export const CRAFTED_SIZES = { bigArray: 40 * MB, hugeArray: 96 * MB };
