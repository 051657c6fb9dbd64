/**
 * PDF decompression bombs for tests and the benchmark, built in memory at run time: a small
 * file whose object streams inflate to `inflatedBytes` of filler. Nothing of this size is
 * committed; building a 1 GB bomb takes a few milliseconds and about 1 MB.
 */
import { constants, deflateRawSync } from 'node:zlib';

const MB = 1024 * 1024;
const FILLER = 0x20;

/** Adler-32 of `length` bytes of `byte` (the zlib trailer), without materialising them. */
function adler32OfRepeated(byte: number, length: number): number {
	const mod = 65521n;
	const n = BigInt(length);
	const b = BigInt(byte);
	const a = (1n + b * n) % mod;
	// Sum over k = 1..n of (1 + b·k) = n + b·n(n+1)/2.
	const s = (n + (b * n * (n + 1n)) / 2n) % mod;
	return Number((s << 16n) | a);
}

/**
 * A zlib stream that inflates to `length` filler bytes: one raw deflate chunk of 1 MB (ending
 * in a sync flush, so copies can be concatenated) repeated, then a final empty block and the
 * Adler-32 trailer, so every inflater accepts it.
 */
export function deflateBomb(length: number): Buffer {
	const chunkLength = Math.min(MB, length);
	const chunk = deflateRawSync(Buffer.alloc(chunkLength, FILLER), {
		level: 9,
		finishFlush: constants.Z_SYNC_FLUSH,
	});
	const fullChunks = Math.floor(length / chunkLength);
	const rest = length - fullChunks * chunkLength;
	const parts: Buffer[] = [Buffer.from([0x78, 0xda])];
	for (let index = 0; index < fullChunks; index++) parts.push(chunk);
	if (rest > 0) {
		parts.push(deflateRawSync(Buffer.alloc(rest, FILLER), { finishFlush: constants.Z_SYNC_FLUSH }));
	}
	const trailer = Buffer.alloc(4);
	trailer.writeUInt32BE(adler32OfRepeated(FILLER, length) >>> 0);
	parts.push(Buffer.from([0x03, 0x00]), trailer);
	return Buffer.concat(parts);
}

export interface PdfBombOptions {
	/** Total bytes the bomb's streams inflate to (e.g. 1 GB). */
	inflatedBytes: number;
	/** Split over this many object streams (default 1). */
	streams?: number;
	/** `objectStream` (default): /Type /ObjStm, which PDF parsers inflate while loading. */
	kind?: 'objectStream' | 'xrefStream';
}

/**
 * A valid one-page PDF plus object streams (or a cross-reference stream) holding one small
 * object followed by `inflatedBytes` of whitespace. Readers that inflate such streams while
 * parsing (pdf-lib does, fully, in JavaScript) spend seconds and gigabytes on a 1 MB file.
 */
export function pdfBomb({
	inflatedBytes,
	streams = 1,
	kind = 'objectStream',
}: PdfBombOptions): Buffer {
	const parts: Buffer[] = [];
	const offsets: number[] = [];
	let length = 0;
	const push = (part: string | Buffer) => {
		const buffer = typeof part === 'string' ? Buffer.from(part, 'latin1') : part;
		parts.push(buffer);
		length += buffer.length;
	};
	const object = (body: string | Array<string | Buffer>) => {
		offsets.push(length);
		push(`${offsets.length} 0 obj\n`);
		if (typeof body === 'string') push(body);
		else body.forEach(push);
		push('\nendobj\n');
	};
	push('%PDF-1.7\n%\xe2\xe3\xcf\xd3\n');
	object('<< /Type /Catalog /Pages 2 0 R >>');
	object('<< /Type /Pages /Kids [3 0 R] /Count 1 >>');
	object('<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R >>');
	const content = Buffer.from('BT /F1 12 Tf 72 720 Td (Page 1) Tj ET', 'latin1');
	object([`<< /Length ${content.length} >>\nstream\n`, content, '\nendstream']);
	const perStream = Math.ceil(inflatedBytes / streams);
	for (let index = 0; index < streams; index++) {
		const data = deflateBomb(perStream);
		const dict =
			kind === 'xrefStream'
				? `<< /Type /XRef /Size 1 /W [1 1 1] /Index [0 0] /Filter /FlateDecode /Length ${data.length} >>`
				: `<< /Type /ObjStm /N 0 /First 0 /Filter /FlateDecode /Length ${data.length} >>`;
		object([`${dict}\nstream\n`, data, '\nendstream']);
	}
	const xrefAt = length;
	push(`xref\n0 ${offsets.length + 1}\n0000000000 65535 f \n`);
	for (const offset of offsets) push(`${String(offset).padStart(10, '0')} 00000 n \n`);
	push(`trailer\n<< /Size ${offsets.length + 1} /Root 1 0 R >>\nstartxref\n${xrefAt}\n%%EOF\n`);
	return Buffer.concat(parts);
}
