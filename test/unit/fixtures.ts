/**
 * Test documents built in code: no real files, photos or patient data anywhere.
 */
import { deflateSync } from 'node:zlib';

import {
	decodePDFRawStream,
	PDFArray,
	PDFDocument,
	PDFName,
	PDFRawStream,
	PDFString,
	StandardFonts,
	type PDFPage,
} from 'pdf-lib';

import { DocumentError } from '../../nodes/Fax/document';

/** Placed in documents; must never show up in an error. */
export const MARKER = 'SECRET-PATIENT-MARKER-4711';

export interface PdfPageSpec {
	size: [number, number];
	text?: string;
}

/** A PDF with the given page sizes (and optional text on each page). */
export async function makePdf(
	pages: Array<[number, number] | PdfPageSpec>,
	{ objectStreams = false }: { objectStreams?: boolean } = {},
): Promise<Buffer> {
	const doc = await PDFDocument.create();
	const font = await doc.embedFont(StandardFonts.Helvetica);
	for (const spec of pages) {
		const { size, text } = Array.isArray(spec) ? { size: spec, text: undefined } : spec;
		const page = doc.addPage(size);
		if (text) page.drawText(text, { x: 10, y: 10, size: 8, font });
	}
	return Buffer.from(await doc.save({ useObjectStreams: objectStreams }));
}

/** Appends a PDF comment line after %%EOF (readers ignore it) — to plant the marker in the bytes. */
export function withComment(pdf: Buffer, text = MARKER): Buffer {
	return Buffer.concat([pdf, Buffer.from(`\n%${text}\n`, 'latin1')]);
}

/** Inserts `entry` into the classic trailer dictionary (offsets of objects are unaffected). */
export function addToTrailer(pdf: Buffer, entry: string): Buffer {
	const text = pdf.toString('latin1');
	const at = text.lastIndexOf('trailer');
	if (at === -1) throw new Error('no classic trailer');
	const open = text.indexOf('<<', at) + 2;
	return Buffer.from(`${text.slice(0, open)}\n${entry}${text.slice(open)}`, 'latin1');
}

/** Inserts `entry` into a cross-reference stream dictionary (PDF saved with object streams). */
export function addToXrefStream(pdf: Buffer, entry: string): Buffer {
	const text = pdf.toString('latin1');
	const at = text.lastIndexOf('/Type /XRef');
	if (at === -1) throw new Error('no xref stream');
	return Buffer.from(`${text.slice(0, at)}${entry}\n${text.slice(at)}`, 'latin1');
}

export const ENCRYPT_DICT = '/Encrypt << /Filter /Standard /V 1 /R 2 /O <00> /U <00> /P -4 >>';

// ---------------------------------------------------------------- PNG

const CRC_TABLE = (() => {
	const table = new Int32Array(256);
	for (let n = 0; n < 256; n++) {
		let c = n;
		for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
		table[n] = c;
	}
	return table;
})();

function crc32(data: Buffer): number {
	let crc = -1;
	for (const byte of data) crc = CRC_TABLE[(crc ^ byte) & 0xff] ^ (crc >>> 8);
	return (crc ^ -1) >>> 0;
}

export function pngChunk(type: string, data: Buffer): Buffer {
	const length = Buffer.alloc(4);
	length.writeUInt32BE(data.length);
	const typeAndData = Buffer.concat([Buffer.from(type, 'latin1'), data]);
	const crc = Buffer.alloc(4);
	crc.writeUInt32BE(crc32(typeAndData));
	return Buffer.concat([length, typeAndData, crc]);
}

const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

function ihdr(width: number, height: number): Buffer {
	const data = Buffer.alloc(13);
	data.writeUInt32BE(width, 0);
	data.writeUInt32BE(height, 4);
	data[8] = 8; // bit depth
	data[9] = 2; // colour type RGB
	return pngChunk('IHDR', data);
}

/** A valid RGB PNG filled with one colour. */
export function makePng(
	width: number,
	height: number,
	{
		rgb = [200, 40, 40],
		animated = false,
	}: { rgb?: [number, number, number]; animated?: boolean } = {},
): Buffer {
	const row = Buffer.alloc(1 + width * 3);
	for (let x = 0; x < width; x++) row.set(rgb, 1 + x * 3);
	const raw = Buffer.concat(Array.from({ length: height }, () => row));
	const chunks = [ihdr(width, height)];
	if (animated) chunks.push(pngChunk('acTL', Buffer.from([0, 0, 0, 1, 0, 0, 0, 0])));
	chunks.push(pngChunk('IDAT', deflateSync(raw)), pngChunk('IEND', Buffer.alloc(0)));
	return Buffer.concat([PNG_SIGNATURE, ...chunks]);
}

/** A PNG header claiming huge dimensions with a tiny (invalid) body: a decompression-bomb stand-in. */
export function makeHugePngHeader(width: number, height: number): Buffer {
	return Buffer.concat([
		PNG_SIGNATURE,
		ihdr(width, height),
		pngChunk('IDAT', deflateSync(Buffer.alloc(16))),
		pngChunk('IEND', Buffer.alloc(0)),
	]);
}

// ---------------------------------------------------------------- JPEG

/** Canonical Huffman codes from the DHT counts/symbols, as the decoder derives them. */
function huffmanCodes(counts: number[], symbols: number[]): Map<number, [number, number]> {
	const codes = new Map<number, [number, number]>();
	let code = 0;
	let k = 0;
	for (let length = 1; length <= 16; length++) {
		for (let i = 0; i < counts[length - 1]; i++) codes.set(symbols[k++], [code++, length]);
		code <<= 1;
	}
	return codes;
}

const DC_COUNTS = [0, 1, 5, 1, 1, 1, 1, 1, 1, 0, 0, 0, 0, 0, 0, 0];
const DC_SYMBOLS = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11];
// A minimal AC table: EOB (0x00) and ZRL (0xF0), both 2-bit codes.
const AC_COUNTS = [0, 2, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0];
const AC_SYMBOLS = [0x00, 0xf0];

function segment(marker: number, payload: number[]): number[] {
	const length = payload.length + 2;
	return [0xff, marker, length >> 8, length & 0xff, ...payload];
}

function exifOrientationSegment(orientation: number): number[] {
	const tiff = [
		0x4d,
		0x4d,
		0x00,
		0x2a,
		0x00,
		0x00,
		0x00,
		0x08, // big-endian TIFF header, IFD0 at 8
		0x00,
		0x01, // one entry
		0x01,
		0x12,
		0x00,
		0x03,
		0x00,
		0x00,
		0x00,
		0x01,
		0x00,
		orientation,
		0x00,
		0x00, // Orientation SHORT
		0x00,
		0x00,
		0x00,
		0x00, // no next IFD
	];
	return segment(0xe1, [...Buffer.from('Exif\u0000\u0000', 'latin1'), ...tiff]);
}

/**
 * A valid baseline (SOF0) greyscale JPEG of any size, every 8×8 block one flat grey (DC only):
 * all quantisation steps 1, standard DC luminance table, a minimal AC table.
 */
export function makeJpeg(
	width: number,
	height: number,
	{ gray = 128, orientation }: { gray?: number; orientation?: number } = {},
): Buffer {
	const out: number[] = [0xff, 0xd8];
	if (orientation) out.push(...exifOrientationSegment(orientation));
	else
		out.push(...segment(0xe0, [...Buffer.from('JFIF\u0000', 'latin1'), 1, 1, 0, 0, 1, 0, 1, 0, 0]));
	out.push(...segment(0xdb, [0x00, ...new Array<number>(64).fill(1)]));
	out.push(
		...segment(0xc0, [8, height >> 8, height & 0xff, width >> 8, width & 0xff, 1, 1, 0x11, 0]),
	);
	out.push(...segment(0xc4, [0x00, ...DC_COUNTS, ...DC_SYMBOLS]));
	out.push(...segment(0xc4, [0x10, ...AC_COUNTS, ...AC_SYMBOLS]));
	out.push(...segment(0xda, [1, 1, 0x00, 0, 63, 0]));

	const dc = huffmanCodes(DC_COUNTS, DC_SYMBOLS);
	const ac = huffmanCodes(AC_COUNTS, AC_SYMBOLS);
	const bits: number[] = [];
	const put = (value: number, length: number): void => {
		for (let i = length - 1; i >= 0; i--) bits.push((value >> i) & 1);
	};
	const blocks = Math.ceil(width / 8) * Math.ceil(height / 8);
	const dcValue = 8 * (gray - 128); // FDCT of a flat block, quantised by 1
	for (let block = 0; block < blocks; block++) {
		const diff = block === 0 ? dcValue : 0;
		const category = diff === 0 ? 0 : Math.floor(Math.log2(Math.abs(diff))) + 1;
		const [code, length] = dc.get(category)!;
		put(code, length);
		if (category > 0) put(diff > 0 ? diff : diff + (1 << category) - 1, category);
		const [eob, eobLength] = ac.get(0x00)!;
		put(eob, eobLength);
	}
	while (bits.length % 8 !== 0) bits.push(1);
	for (let i = 0; i < bits.length; i += 8) {
		const byte = bits.slice(i, i + 8).reduce((acc, bit) => (acc << 1) | bit, 0);
		out.push(byte);
		if (byte === 0xff) out.push(0x00); // byte stuffing
	}
	out.push(0xff, 0xd9);
	return Buffer.from(out);
}

/**
 * 16×8 grey (level 90) baseline JPEG, 173 bytes, generated once by `makeJpeg(16, 8, { gray: 90 })`
 * and kept as a constant fixture (a test checks the generator still produces it).
 */
export const TINY_JPEG_BASE64 =
	'/9j/4AAQSkZJRgABAQAAAQABAAD/2wBDAAEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQH/wAALCAAIABABAREA/8QAHwAAAQUBAQEBAQEAAAAAAAAAAAECAwQFBgcICQoL/8QAFRAAAgAAAAAAAAAAAAAAAAAAAPD/2gAIAQEAAD8A/M8D/9k=';

// ---------------------------------------------------------------- reading results

/** The decoded content stream(s) of a page, as text. */
export function pageContent(page: PDFPage): string {
	const contents = page.node.Contents();
	const streams = contents instanceof PDFArray ? contents.asArray() : contents ? [contents] : [];
	return streams
		.map((ref) => page.doc.context.lookup(ref))
		.map((stream) => {
			if (stream instanceof PDFRawStream) return decodePDFRawStream(stream).decode();
			// A page not saved yet holds a PDFContentStream.
			return (stream as unknown as { getUnencodedContents(): Uint8Array }).getUnencodedContents();
		})
		.map((bytes) => Buffer.from(bytes).toString('latin1'))
		.join('\n');
}

// 0x80–0x9F of Windows-1252 (Node's TextDecoder treats windows-1252 as latin1).
const CP1252_HIGH =
	'\u20ac\ufffd\u201a\u0192\u201e\u2026\u2020\u2021\u02c6\u2030\u0160\u2039\u0152\ufffd\u017d\ufffd' +
	'\ufffd\u2018\u2019\u201c\u201d\u2022\u2013\u2014\u02dc\u2122\u0161\u203a\u0153\ufffd\u017e\u0178';

const winAnsi = {
	decode: (bytes: Buffer): string =>
		[...bytes]
			.map((b) => (b >= 0x80 && b <= 0x9f ? CP1252_HIGH[b - 0x80] : String.fromCharCode(b)))
			.join(''),
};

/** Text drawn with a standard font: the hex strings of `Tj` operators, decoded from WinAnsi. */
export function drawnText(page: PDFPage): string[] {
	return [...pageContent(page).matchAll(/<([0-9A-Fa-f]*)>\s*Tj/g)].map((m) =>
		winAnsi.decode(Buffer.from(m[1], 'hex')),
	);
}

/** The numbers of every `cm` operator on a page. */
export function matrices(page: PDFPage): number[][] {
	return [...pageContent(page).matchAll(/((?:-?[\d.]+\s+){6})cm/g)].map((m) =>
		m[1].trim().split(/\s+/).map(Number),
	);
}

export async function loadPages(data: Buffer): Promise<PDFPage[]> {
	return (await PDFDocument.load(data)).getPages();
}

export function sizes(pages: PDFPage[]): Array<[number, number]> {
	return pages.map((page) => {
		const { width, height } = page.getSize();
		return [Math.round(width), Math.round(height)];
	});
}

/** Everything an error exposes, for leak checks. */
export function errorSurface(error: unknown): string {
	const e = error as Error & { hint?: string };
	return [e.message, e.hint, e.stack, String(e), JSON.stringify(e)].join('\n');
}

/** Awaits `promise`, expects it to reject with a DocumentError, and returns that error. */
export async function rejection(promise: Promise<unknown>): Promise<DocumentError> {
	try {
		await promise;
	} catch (error) {
		expect(error).toBeInstanceOf(DocumentError);
		return error as DocumentError;
	}
	throw new Error('expected a DocumentError');
}

// ---------------------------------------------------------------- hidden content

/** Text planted in each kind of hidden content (all stored uncompressed, so visible in the bytes). */
export const HIDDEN = {
	attachment: 'ATTACHED-FILE-MARKER-5521',
	script: 'SCRIPT-MARKER-5522',
	/** Written as UTF-16 by pdf-lib: found by parsing, not in the raw bytes. */
	title: 'TITLE-MARKER-5523',
	xmp: 'XMP-MARKER-5524',
	uri: 'https://uri-marker.example/5525',
	annotationFile: 'ANNOT-FILE-MARKER-5526',
	submit: 'https://submit-marker.example/5527',
	launch: 'LAUNCH-MARKER-5528.exe',
} as const;

export const VISIBLE_TEXT = 'Visible referral text';

/**
 * A one-page PDF carrying every kind of hidden content: an embedded file, document JavaScript,
 * an open action, document and page additional actions, a URI link, a launch link, a file
 * attachment annotation, a form button with a submit action, XMP metadata and an Info title.
 */
export async function pdfWithHiddenContent(): Promise<Buffer> {
	const doc = await PDFDocument.create({ updateMetadata: false });
	const font = await doc.embedFont(StandardFonts.Helvetica);
	const page = doc.addPage([612, 792]);
	page.drawText(VISIBLE_TEXT, { x: 72, y: 700, size: 12, font });
	const ctx = doc.context;
	const js = (marker: string) =>
		ctx.obj({ S: 'JavaScript', JS: PDFString.of(`app.alert("${marker}")`) });
	const embeddedFile = (text: string) =>
		ctx.register(ctx.stream(text, { Type: 'EmbeddedFile', Subtype: 'text/plain' }));
	const fileSpec = (fileName: string, text: string) =>
		ctx.obj({ Type: 'Filespec', F: PDFString.of(fileName), EF: { F: embeddedFile(text) } });
	const rect = (y: number) => ctx.obj([72, y, 300, y + 20]);

	doc.catalog.set(
		PDFName.of('Names'),
		ctx.obj({
			EmbeddedFiles: {
				Names: [PDFString.of('notes.txt'), fileSpec('notes.txt', HIDDEN.attachment)],
			},
			JavaScript: { Names: [PDFString.of('greet'), ctx.register(js(HIDDEN.script))] },
		}),
	);
	doc.catalog.set(PDFName.of('OpenAction'), js(HIDDEN.script));
	doc.catalog.set(PDFName.of('AA'), ctx.obj({ WC: js(HIDDEN.script) }));
	const xmp = ctx.stream(`<x:xmpmeta xmlns:x="adobe:ns:meta/">${HIDDEN.xmp}</x:xmpmeta>`, {
		Type: 'Metadata',
		Subtype: 'XML',
	});
	doc.catalog.set(PDFName.of('Metadata'), ctx.register(xmp));
	doc.setTitle(HIDDEN.title);
	doc.setAuthor(HIDDEN.title);
	page.node.set(PDFName.of('AA'), ctx.obj({ O: js(HIDDEN.script) }));

	const link = ctx.register(
		ctx.obj({
			Type: 'Annot',
			Subtype: 'Link',
			Rect: rect(600),
			A: { S: 'URI', URI: PDFString.of(HIDDEN.uri) },
		}),
	);
	const launch = ctx.register(
		ctx.obj({
			Type: 'Annot',
			Subtype: 'Link',
			Rect: rect(560),
			A: { S: 'Launch', F: PDFString.of(HIDDEN.launch) },
		}),
	);
	const attachment = ctx.register(
		ctx.obj({
			Type: 'Annot',
			Subtype: 'FileAttachment',
			Rect: rect(520),
			FS: fileSpec('lab.txt', HIDDEN.annotationFile),
		}),
	);
	const button = ctx.register(
		ctx.obj({
			Type: 'Annot',
			Subtype: 'Widget',
			FT: 'Btn',
			Ff: 65536,
			T: PDFString.of('send'),
			Rect: rect(480),
			A: { S: 'SubmitForm', F: { FS: 'URL', F: PDFString.of(HIDDEN.submit) } },
		}),
	);
	page.node.set(PDFName.of('Annots'), ctx.obj([link, launch, attachment, button]));
	doc.catalog.set(PDFName.of('AcroForm'), ctx.obj({ Fields: [button] }));
	return Buffer.from(await doc.save({ useObjectStreams: false }));
}

/** The kinds of hidden content still present in a PDF (parsed, and as raw markers). */
export async function hiddenContentIn(pdf: Buffer): Promise<string[]> {
	const found = new Set<string>();
	const raw = pdf.toString('latin1');
	for (const [kind, marker] of Object.entries(HIDDEN))
		if (raw.includes(marker)) found.add(`marker:${kind}`);
	for (const key of [
		'EmbeddedFiles',
		'JavaScript',
		'OpenAction',
		'FileAttachment',
		'URI',
		'Launch',
		'SubmitForm',
		'Metadata',
		'XFA',
	]) {
		if (raw.includes(`/${key}`)) found.add(key);
	}
	if (/\/AA\b/.test(raw)) found.add('AA');
	const doc = await PDFDocument.load(pdf, { updateMetadata: false });
	if (doc.getTitle() !== undefined || doc.getAuthor() !== undefined) found.add('Info');
	return [...found].sort();
}
