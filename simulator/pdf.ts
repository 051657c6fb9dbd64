import { constants as zlibConstants, inflateSync } from 'node:zlib';

export type DocumentMimeType = 'application/pdf' | 'image/png' | 'image/jpeg';

export const DOCUMENT_MIME_TYPES: readonly DocumentMimeType[] = [
	'application/pdf',
	'image/png',
	'image/jpeg',
];

const PNG_MAGIC = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

/** The document type by its magic bytes (never by name or declared type), or null. */
export function detectMimeType(bytes: Buffer): DocumentMimeType | null {
	if (bytes.length >= 5 && bytes.subarray(0, 5).toString('latin1') === '%PDF-') {
		return 'application/pdf';
	}
	if (bytes.length >= 8 && bytes.subarray(0, 8).equals(PNG_MAGIC)) return 'image/png';
	if (bytes.length >= 3 && bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff) {
		return 'image/jpeg';
	}
	return null;
}

const PAGE_OBJECT = /\/Type\s*\/Page(?![A-Za-z])/g;

function countPageObjects(text: string): number {
	return text.match(PAGE_OBJECT)?.length ?? 0;
}

/**
 * Pages of a PDF: the number of `/Type /Page` objects (not `/Pages`), including those kept
 * in Flate-compressed object streams (pdf-lib writes those by default). At least 1.
 */
export function countPdfPages(bytes: Buffer): number {
	const text = bytes.toString('latin1');
	let pages = countPageObjects(text);
	const streamStart = /stream\r?\n/g;
	let match: RegExpExecArray | null;
	while ((match = streamStart.exec(text)) !== null) {
		const dictStart = text.lastIndexOf('<<', match.index);
		const dict = dictStart >= 0 ? text.slice(dictStart, match.index) : '';
		const dataStart = match.index + match[0].length;
		const end = text.indexOf('endstream', dataStart);
		if (end < 0) break;
		// Continue after "endstream": its "stream" + EOL would otherwise match as the next stream start.
		streamStart.lastIndex = end + 'endstream'.length;
		if (!/\/ObjStm/.test(dict) || !/\/FlateDecode/.test(dict)) continue;
		try {
			// Z_SYNC_FLUSH tolerates the end-of-line bytes before `endstream`.
			const inflated = inflateSync(bytes.subarray(dataStart, end), {
				finishFlush: zlibConstants.Z_SYNC_FLUSH,
			});
			pages += countPageObjects(inflated.toString('latin1'));
		} catch {
			// A stream we cannot inflate holds no countable page objects.
			continue;
		}
	}
	return Math.max(1, pages);
}

/** Page count of any accepted document: images are one page. */
export function countDocumentPages(bytes: Buffer, mimeType: DocumentMimeType): number {
	return mimeType === 'application/pdf' ? countPdfPages(bytes) : 1;
}

function pdfText(value: string): string {
	// Keep printable ASCII only, escape PDF string delimiters.
	return value
		.replace(/[^\x20-\x7e]/g, '?')
		.replace(/\\/g, '\\\\')
		.replace(/\(/g, '\\(')
		.replace(/\)/g, '\\)');
}

/**
 * A minimal valid PDF (Letter size, Helvetica) with one page per entry of `pages`, each
 * showing its lines of text. Correct xref offsets, so strict readers accept it.
 */
export function makePdf(pages: ReadonlyArray<readonly string[]>): Buffer {
	const pageTexts = pages.length > 0 ? pages : [[]];
	const objects: string[] = [];
	const pageIds: number[] = [];
	// 1 catalog, 2 page tree, 3 font, then page + content pairs.
	for (let i = 0; i < pageTexts.length; i++) pageIds.push(4 + i * 2);
	objects.push('<< /Type /Catalog /Pages 2 0 R >>');
	objects.push(
		`<< /Type /Pages /Kids [${pageIds.map((id) => `${id} 0 R`).join(' ')}] /Count ${pageTexts.length} >>`,
	);
	objects.push('<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>');
	for (let i = 0; i < pageTexts.length; i++) {
		const lines = pageTexts[i].map((line) => `(${pdfText(line)}) Tj T*`).join(' ');
		const content = `BT /F1 12 Tf 16 TL 72 720 Td ${lines} ET`;
		objects.push(
			`<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Resources << /Font << /F1 3 0 R >> >> /Contents ${pageIds[i] + 1} 0 R >>`,
		);
		objects.push(
			`<< /Length ${Buffer.byteLength(content, 'latin1')} >>\nstream\n${content}\nendstream`,
		);
	}
	let out = '%PDF-1.4\n%\xe2\xe3\xcf\xd3\n';
	const offsets: number[] = [];
	objects.forEach((body, index) => {
		offsets.push(Buffer.byteLength(out, 'latin1'));
		out += `${index + 1} 0 obj\n${body}\nendobj\n`;
	});
	const xrefOffset = Buffer.byteLength(out, 'latin1');
	out += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n`;
	for (const offset of offsets) out += `${String(offset).padStart(10, '0')} 00000 n \n`;
	out += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${xrefOffset}\n%%EOF\n`;
	return Buffer.from(out, 'latin1');
}

/** A PDF of `pageCount` pages, each saying which page it is. */
export function makeSimplePdf(pageCount: number, title = 'Simulated fax'): Buffer {
	const pages: string[][] = [];
	for (let i = 1; i <= Math.max(1, pageCount); i++)
		pages.push([title, `Page ${i} of ${pageCount}`]);
	return makePdf(pages);
}
