import { PDFDocument } from 'pdf-lib';

import {
	buildFaxDocument,
	inspectPdf,
	type BuildFaxDocumentOptions,
} from '../../nodes/Fax/document';
import { PDF_LIMITS } from '../../nodes/Fax/document/parseLimits';
import { deflateBomb, pdfBomb } from '../../scripts/lib/pdfBomb';
import {
	errorSurface,
	makePdf,
	makePng,
	MARKER,
	pngChunk,
	rejection,
	withComment,
} from './fixtures';

const MB = 1024 * 1024;
const GB = 1024 * MB;

const opts = (overrides: Partial<BuildFaxDocumentOptions> = {}): BuildFaxDocumentOptions => ({
	target: 'pdf',
	pageSize: 'Letter',
	providerName: 'SendFAXMail',
	itemIndex: 0,
	...overrides,
});

beforeEach(() => {
	// pdf-lib warns (offsets only) about the objects it skips.
	jest.spyOn(console, 'warn').mockImplementation(() => undefined);
});
afterEach(() => jest.restoreAllMocks());

describe('the bomb generator', () => {
	it('makes a zlib stream that really inflates to the size asked for', () => {
		const { inflateSync } = jest.requireActual<typeof import('node:zlib')>('node:zlib');
		const compressed = deflateBomb(8 * MB + 123);
		expect(compressed.length).toBeLessThan(16 * 1024);
		expect(inflateSync(compressed).length).toBe(8 * MB + 123);
	});

	it('makes a 1 GB bomb of about 1 MB', () => {
		const bomb = pdfBomb({ inflatedBytes: GB });
		expect(bomb.length).toBeGreaterThan(900_000);
		expect(bomb.length).toBeLessThan(1_200_000);
	});
});

describe('PDF decompression bombs are refused', () => {
	it.each([
		['an object stream', 'objectStream' as const],
		['a cross-reference stream', 'xrefStream' as const],
	])('1 GB in %s: refused, naming the property, without reading it', async (_label, kind) => {
		const bomb = withComment(pdfBomb({ inflatedBytes: GB, kind }));
		const error = await rejection(buildFaxDocument([{ data: bomb, propertyName: 'data' }], opts()));
		expect(error.code).toBe('pdfTooComplex');
		expect(error.message).toBe(
			"Binary property 'data' is a PDF whose compressed structure expands to more than 16 MB, so it was not read",
		);
		expect(error.hint).toMatch(/print it to a new PDF/);
		expect(errorSurface(error)).not.toContain(MARKER);
	});

	it('counts every stream of the document against one budget', async () => {
		// 40 streams of 1 MB each: each alone is harmless, together they are over 16 MB.
		const bomb = pdfBomb({ inflatedBytes: 40 * MB, streams: 40 });
		const error = await rejection(inspectPdf(bomb, 'scan'));
		expect(error.code).toBe('pdfTooComplex');
		const within = pdfBomb({ inflatedBytes: 4 * MB, streams: 4 });
		await expect(inspectPdf(within)).resolves.toEqual({ pageCount: 1 });
	});

	it('stops parsing at the time limit', async () => {
		const pdf = await makePdf(
			Array.from({ length: 120 }, () => [612, 792] as [number, number]),
			{ objectStreams: true },
		);
		await expect(inspectPdf(pdf)).resolves.toEqual({ pageCount: 120 });
		const error = await rejection(inspectPdf(pdf, 'data', { ...PDF_LIMITS, maxParseMs: 0 }));
		expect(error.code).toBe('pdfTooComplex');
		expect(error.message).toMatch(/takes longer than 0 seconds to read/);
	});

	it('refuses more pages than the limit', async () => {
		const pdf = await makePdf(Array.from({ length: 6 }, () => [612, 792] as [number, number]));
		const error = await rejection(inspectPdf(pdf, 'data', { ...PDF_LIMITS, maxPages: 5 }));
		expect(error.code).toBe('tooManyPages');
		expect(error.message).toBe(
			"Binary property 'data' is a PDF with more than 5 pages; at most 5 pages can be faxed at once",
		);
		await expect(inspectPdf(pdf, 'data', { ...PDF_LIMITS, maxPages: 6 })).resolves.toEqual({
			pageCount: 6,
		});
	});

	it('refuses a page tree that reuses a subtree (exponential to walk)', async () => {
		// Each level's /Kids names the next level twice: 2^40 pages for a naive walk.
		const levels = 40;
		const objects: string[] = ['<< /Type /Catalog /Pages 2 0 R >>'];
		for (let level = 0; level < levels; level++) {
			const next = level + 3;
			objects.push(`<< /Type /Pages /Kids [${next} 0 R ${next} 0 R] /Count 2 >>`);
		}
		objects.push('<< /Type /Page /MediaBox [0 0 612 792] >>');
		let body = '%PDF-1.7\n';
		const offsets: number[] = [];
		objects.forEach((object, index) => {
			offsets.push(body.length);
			body += `${index + 1} 0 obj\n${object}\nendobj\n`;
		});
		const xref = body.length;
		body += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n`;
		for (const offset of offsets) body += `${String(offset).padStart(10, '0')} 00000 n \n`;
		body += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
		const error = await rejection(inspectPdf(Buffer.from(body, 'latin1'), 'data'));
		expect(error.code).toBe('pdfTooComplex');
		expect(error.message).toMatch(/page tree or object tables loop/);
	});

	it('still reads an ordinary PDF saved with object streams', async () => {
		const pdf = await makePdf(
			Array.from({ length: 50 }, () => ({ size: [612, 792] as [number, number], text: 'page' })),
			{ objectStreams: true },
		);
		expect(pdf.includes('/ObjStm')).toBe(true);
		const result = await buildFaxDocument([{ data: pdf, propertyName: 'data' }], opts());
		expect(result.pageCount).toBe(50);
		expect((await PDFDocument.load(result.data)).getPageCount()).toBe(50);
	});

	it('leaves pdf-lib unbounded outside the node (the hooks act only on its own loads)', async () => {
		const pdf = pdfBomb({ inflatedBytes: 20 * MB });
		await expect(inspectPdf(pdf)).rejects.toMatchObject({ code: 'pdfTooComplex' });
		const doc = await PDFDocument.load(pdf, { updateMetadata: false });
		expect(doc.getPageCount()).toBe(1);
	});
});

describe('size before parsing', () => {
	it('refuses an input over twice the provider limit before reading it', async () => {
		// Not a valid PDF past the header: it would be "damaged" if it were parsed.
		const data = Buffer.concat([Buffer.from('%PDF-1.7\n'), Buffer.alloc(3_000_000, 0x20)]);
		const error = await rejection(
			buildFaxDocument(
				[{ data, propertyName: 'data' }],
				opts({ maxBytes: 1_000_000, providerName: 'FaxDrop' }),
			),
		);
		expect(error.code).toBe('tooLarge');
		expect(error.message).toBe('The document is 3 MB; FaxDrop accepts at most 1 MB');
		const parsed = await rejection(
			buildFaxDocument([{ data, propertyName: 'data' }], opts({ maxBytes: 2_000_000 })),
		);
		expect(parsed.code).toBe('corruptPdf');
	});
});

describe('PNG decompression bombs are refused before conversion', () => {
	it('a 100 × 100 PNG whose data inflates to 256 MB is not decoded', async () => {
		const png = makePng(100, 100);
		// Replace the image data: same header, a zlib stream of 256 MB of filler.
		const idat = png.indexOf('IDAT', 0, 'latin1') - 4;
		const bomb = Buffer.concat([
			png.subarray(0, idat),
			pngChunk('IDAT', deflateBomb(256 * MB)),
			pngChunk('IEND', Buffer.alloc(0)),
		]);
		const error = await rejection(
			buildFaxDocument([{ data: bomb, propertyName: 'photo' }], opts()),
		);
		expect(error.code).toBe('imageTooLarge');
		expect(error.message).toBe(
			"Binary property 'photo' is a PNG image whose compressed data expands to more than its 100 × 100 pixels need, so it was not converted",
		);
		// The genuine image converts.
		await expect(
			buildFaxDocument([{ data: png, propertyName: 'photo' }], opts()),
		).resolves.toMatchObject({ pageCount: 1 });
	});
});
