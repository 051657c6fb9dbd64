import { PDFDocument, PDFName } from 'pdf-lib';

import {
	buildFaxDocument,
	formatSizeAgainstLimit,
	PAGE_MARGIN,
	PAGE_SIZES,
	type BuildFaxDocumentOptions,
	type FaxDocumentInput,
} from '../../nodes/Fax/document';
import {
	addToTrailer,
	drawnText,
	ENCRYPT_DICT,
	errorSurface,
	loadPages,
	makeHugePngHeader,
	makeJpeg,
	makePdf,
	makePng,
	MARKER,
	matrices,
	rejection,
	sizes,
	withComment,
} from './fixtures';

const LETTER: [number, number] = [612, 792];

const opts = (overrides: Partial<BuildFaxDocumentOptions> = {}): BuildFaxDocumentOptions => ({
	target: 'pdf',
	pageSize: 'Letter',
	providerName: 'FaxDrop',
	itemIndex: 3,
	...overrides,
});

const input = (data: Buffer, propertyName = 'data'): FaxDocumentInput => ({ data, propertyName });

describe('buildFaxDocument', () => {
	let twoPagePdf: Buffer;
	let onePagePdf: Buffer;
	beforeAll(async () => {
		twoPagePdf = await makePdf([
			[100, 100],
			[200, 200],
		]);
		onePagePdf = await makePdf([[300, 300]]);
	});
	beforeEach(() => {
		jest.spyOn(console, 'warn').mockImplementation(() => undefined);
	});
	afterEach(() => {
		jest.restoreAllMocks();
	});

	describe('pass-through', () => {
		it.each(['asIs', 'pdf'] as const)(
			'rebuilds a single PDF (target %s): the same pages, not the original bytes',
			async (target) => {
				const result = await buildFaxDocument([input(twoPagePdf)], opts({ target }));
				expect(result.data.equals(twoPagePdf)).toBe(false);
				expect(result).toMatchObject({
					mimeType: 'application/pdf',
					fileName: 'fax.pdf',
					pageCount: 2,
				});
				expect(sizes(await loadPages(result.data))).toEqual([
					[100, 100],
					[200, 200],
				]);
			},
		);

		it('passes a single PNG through with target asIs', async () => {
			const png = makePng(10, 10);
			const result = await buildFaxDocument([input(png)], opts({ target: 'asIs' }));
			expect(result.data.equals(png)).toBe(true);
			expect(result).toMatchObject({ mimeType: 'image/png', fileName: 'fax.png', pageCount: null });
		});

		it('passes a single JPEG through with target asIs', async () => {
			const jpeg = makeJpeg(16, 16);
			const result = await buildFaxDocument([input(jpeg)], opts({ target: 'asIs' }));
			expect(result.data.equals(jpeg)).toBe(true);
			expect(result).toMatchObject({
				mimeType: 'image/jpeg',
				fileName: 'fax.jpg',
				pageCount: null,
			});
		});

		it('does not decode a passed-through PNG, so its pixel count does not matter', async () => {
			const huge = makeHugePngHeader(20000, 20000);
			const result = await buildFaxDocument([input(huge)], opts({ target: 'asIs' }));
			expect(result.data.equals(huge)).toBe(true);
		});

		it('still inspects a passed-through PDF', async () => {
			const error = await rejection(
				buildFaxDocument(
					[input(addToTrailer(twoPagePdf, ENCRYPT_DICT), 'referral')],
					opts({ target: 'asIs' }),
				),
			);
			expect(error.code).toBe('encryptedPdf');
			expect(error.field).toBe('referral');
			expect(error.itemIndex).toBe(3);
		});

		it('accepts a plain Uint8Array and Buffer views', async () => {
			const view = Buffer.concat([Buffer.from('xxxx'), twoPagePdf]).subarray(4);
			const result = await buildFaxDocument([input(view)], opts());
			expect(result.pageCount).toBe(2);
			const array = new Uint8Array(twoPagePdf);
			const fromArray = await buildFaxDocument(
				[{ data: array as Buffer, propertyName: 'data' }],
				opts(),
			);
			expect(fromArray.pageCount).toBe(2);
		});
	});

	describe('conversion and merging', () => {
		it('converts a single PNG to a one-page PDF with target pdf', async () => {
			const result = await buildFaxDocument([input(makePng(40, 20))], opts({ target: 'pdf' }));
			expect(result).toMatchObject({
				mimeType: 'application/pdf',
				fileName: 'fax.pdf',
				pageCount: 1,
			});
			expect(sizes(await loadPages(result.data))).toEqual([LETTER]);
		});

		it('uses the page size for image pages', async () => {
			const result = await buildFaxDocument([input(makeJpeg(40, 20))], opts({ pageSize: 'A4' }));
			const [page] = await loadPages(result.data);
			expect(page.getWidth()).toBeCloseTo(PAGE_SIZES.A4[0]);
			expect(page.getHeight()).toBeCloseTo(PAGE_SIZES.A4[1]);
		});

		it('merges inputs in order: PDF pages copied, each image on its own page', async () => {
			const result = await buildFaxDocument(
				[
					input(twoPagePdf, 'first'),
					input(makePng(400, 100), 'second'), // landscape
					input(makeJpeg(50, 200), 'third'), // portrait
					input(onePagePdf, 'fourth'),
				],
				opts({ target: 'asIs' }),
			);
			expect(result.mimeType).toBe('application/pdf');
			expect(result.pageCount).toBe(5);
			const pages = await loadPages(result.data);
			expect(sizes(pages)).toEqual([[100, 100], [200, 200], LETTER, LETTER, [300, 300]]);
			const [pngBox] = matrices(pages[2]);
			const [jpegBox] = matrices(pages[3]);
			expect(pngBox[0] / pngBox[3]).toBeCloseTo(4, 5); // 400×100 drawn landscape
			expect(jpegBox[3] / jpegBox[0]).toBeCloseTo(4, 5); // 50×200 drawn portrait
			expect(pngBox[4]).toBeCloseTo(PAGE_MARGIN, 3);
		});

		it('keeps the text of merged PDF pages in order', async () => {
			const a = await makePdf([{ size: [200, 200], text: 'PAGE-A' }]);
			const b = await makePdf([
				{ size: [200, 200], text: 'PAGE-B' },
				{ size: [200, 200], text: 'PAGE-C' },
			]);
			const result = await buildFaxDocument([input(b, 'b'), input(a, 'a')], opts());
			const pages = await loadPages(result.data);
			expect(pages.map((page) => drawnText(page).join(''))).toEqual(['PAGE-B', 'PAGE-C', 'PAGE-A']);
		});

		it('adds a cover page first and counts it', async () => {
			const result = await buildFaxDocument(
				[input(twoPagePdf), input(makePng(20, 20), 'image')],
				opts({ coverPage: { to: '+12125550123', toName: 'Dr. Jane Example', date: '2026-07-01' } }),
			);
			expect(result.pageCount).toBe(4);
			const pages = await loadPages(result.data);
			expect(sizes(pages)).toEqual([LETTER, [100, 100], [200, 200], LETTER]);
			const coverText = drawnText(pages[0]);
			expect(coverText).toContain('FAX');
			expect(coverText).toContain('4 (including this cover page)');
			expect(coverText).toContain('Fax: +12125550123');
		});

		it('a cover page turns a single image into a PDF even with target asIs', async () => {
			const result = await buildFaxDocument(
				[input(makeJpeg(16, 16))],
				opts({ target: 'asIs', coverPage: { to: '+12125550123', date: '2026-07-01' } }),
			);
			expect(result).toMatchObject({ mimeType: 'application/pdf', pageCount: 2 });
		});

		it('produces a PDF pdf-lib can read back without warnings about encryption', async () => {
			const result = await buildFaxDocument([input(twoPagePdf), input(onePagePdf)], opts());
			const doc = await PDFDocument.load(result.data);
			expect(doc.isEncrypted).toBe(false);
			expect(doc.getPageCount()).toBe(3);
		});
	});

	describe('validation', () => {
		it('rejects an empty list', async () => {
			const error = await rejection(buildFaxDocument([], opts()));
			expect(error.code).toBe('noInput');
			expect(error.itemIndex).toBe(3);
		});

		it('rejects an empty file, naming the property', async () => {
			const error = await rejection(
				buildFaxDocument([input(Buffer.alloc(0), 'attachment')], opts()),
			);
			expect(error.code).toBe('empty');
			expect(error.message).toBe("Binary property 'attachment' is empty (0 bytes)");
			expect(error.field).toBe('attachment');
		});

		it('rejects a TIFF, naming the property and the type', async () => {
			const tiff = Buffer.concat([Buffer.from([0x49, 0x49, 0x2a, 0x00]), Buffer.from(MARKER)]);
			const error = await rejection(buildFaxDocument([input(tiff)], opts()));
			expect(error.code).toBe('unsupportedType');
			expect(error.message).toBe("Binary property 'data' is a TIFF image; send a PDF, PNG or JPEG");
			expect(error.hint).toMatch(/Convert the TIFF to PDF/);
			expect(errorSurface(error)).not.toContain(MARKER);
		});

		it('rejects a Word document with the export hint', async () => {
			const docx = Buffer.from('PK\u0003\u0004....[Content_Types].xml word/document.xml', 'latin1');
			const error = await rejection(
				buildFaxDocument([input(docx, 'letter')], opts({ target: 'asIs' })),
			);
			expect(error.message).toBe(
				"Binary property 'letter' is a Word document (DOCX); send a PDF, PNG or JPEG",
			);
			expect(error.hint).toMatch(/Export Word documents as PDF/);
		});

		it('names the offending input among several, and checks all before building', async () => {
			const error = await rejection(
				buildFaxDocument(
					[
						input(twoPagePdf, 'good'),
						input(Buffer.from('GIF89a....'), 'bad'),
						input(Buffer.alloc(0), 'later'),
					],
					opts(),
				),
			);
			expect(error.field).toBe('bad');
			expect(error.message).toBe("Binary property 'bad' is a GIF image; send a PDF, PNG or JPEG");
		});

		it('rejects a corrupt PDF among several inputs', async () => {
			const error = await rejection(
				buildFaxDocument(
					[input(makePng(2, 2), 'image'), input(Buffer.from('%PDF-1.4\nnothing'), 'scan')],
					opts(),
				),
			);
			expect(error.code).toBe('corruptPdf');
			expect(error.field).toBe('scan');
		});

		it('points out base64 text instead of a file', async () => {
			const text = Buffer.from(twoPagePdf.toString('base64'));
			const error = await rejection(buildFaxDocument([input(text)], opts()));
			expect(error.message).toBe("Binary property 'data' is plain text; send a PDF, PNG or JPEG");
			expect(error.hint).toMatch(/base64/);
		});

		it('bounds the total PNG pixels before decoding any', async () => {
			// Each header is under the per-image limit; the bodies are invalid, so reaching the
			// decoder would fail with a different error.
			const png = makeHugePngHeader(4000, 4000);
			const error = await rejection(
				buildFaxDocument(
					[input(png, 'a'), input(png, 'b'), input(png, 'c'), input(png, 'd')],
					opts(),
				),
			);
			expect(error.code).toBe('imageTooLarge');
			expect(error.message).toContain('64.0 megapixels');
		});
	});

	describe('size limit', () => {
		it('states the size and the provider limit in MB', async () => {
			// 5.2 MB of page content (uncompressed, as it is copied into the rebuilt PDF).
			const doc = await PDFDocument.create();
			const page = doc.addPage(LETTER);
			const content = doc.context.stream(`%${'x'.repeat(5_199_000)}\n`);
			page.node.set(PDFName.of('Contents'), doc.context.register(content));
			const big = Buffer.from(await doc.save());
			const error = await rejection(
				buildFaxDocument([input(big)], opts({ target: 'asIs', maxBytes: 4_000_000 })),
			);
			expect(error.code).toBe('tooLarge');
			expect(error.message).toBe('The document is 5.2 MB; FaxDrop accepts at most 4 MB');
			expect(error.field).toBe('data');
		});

		it('checks the merged result', async () => {
			const result = await buildFaxDocument([input(twoPagePdf), input(onePagePdf)], opts());
			const error = await rejection(
				buildFaxDocument(
					[input(twoPagePdf), input(onePagePdf)],
					opts({ maxBytes: result.data.length - 1 }),
				),
			);
			expect(error.code).toBe('tooLarge');
			expect(error.message).toMatch(
				/^The document is [\d.]+ kB; FaxDrop accepts at most [\d.]+ kB$/,
			);
			expect(error.field).toBeNull();
			await expect(
				buildFaxDocument(
					[input(twoPagePdf), input(onePagePdf)],
					opts({ maxBytes: result.data.length }),
				),
			).resolves.toMatchObject({ pageCount: 3 });
		});

		it('never shows a size just over the limit as equal to it', () => {
			expect(formatSizeAgainstLimit(4_010_000, 4_000_000)).toEqual(['4.01', '4', 'MB']);
			expect(formatSizeAgainstLimit(4_000_001, 4_000_000)).toEqual(['4.000001', '4', 'MB']);
			expect(formatSizeAgainstLimit(5_200_000, 4_000_000)).toEqual(['5.2', '4', 'MB']);
			expect(formatSizeAgainstLimit(1500, 1000)).toEqual(['1.5', '1', 'kB']);
		});
	});

	describe('no document content in errors', () => {
		const planted: Array<[string, () => Promise<Buffer>]> = [
			['damaged PDF', async () => Buffer.from(`%PDF-1.7\n1 0 obj\n(${MARKER})\nendobj\n`)],
			[
				'truncated PDF',
				async () => {
					const pdf = withComment(await makePdf([{ size: [200, 200], text: MARKER }]), MARKER);
					return Buffer.concat([Buffer.from(`%PDF-1.7\n%${MARKER}\n`), pdf.subarray(200, 400)]);
				},
			],
			['encrypted PDF', async () => withComment(addToTrailer(twoPagePdf, ENCRYPT_DICT))],
			['plain text', async () => Buffer.from(`Patient: ${MARKER}`)],
			['HTML', async () => Buffer.from(`<html><body>${MARKER}</body></html>`)],
			[
				'TIFF',
				async () => Buffer.concat([Buffer.from([0x4d, 0x4d, 0x00, 0x2a]), Buffer.from(MARKER)]),
			],
			[
				'damaged PNG',
				async () => Buffer.concat([makePng(2, 2).subarray(0, 8), Buffer.from(MARKER)]),
			],
			[
				'damaged JPEG',
				async () => Buffer.concat([Buffer.from([0xff, 0xd8, 0xff]), Buffer.from(MARKER)]),
			],
			[
				'oversized PDF',
				async () => withComment(await makePdf([{ size: [200, 200], text: MARKER }])),
			],
		];

		it.each(planted)('%s', async (_name, build) => {
			const data = await build();
			const warn = jest.spyOn(console, 'warn').mockImplementation(() => undefined);
			const error = await rejection(buildFaxDocument([input(data)], opts({ maxBytes: 100 })));
			expect(errorSurface(error)).not.toContain(MARKER);
			expect(error).not.toHaveProperty('cause');
			// pdf-lib's own recovery warnings carry offsets only.
			expect(JSON.stringify(warn.mock.calls)).not.toContain(MARKER);
		});
	});
});
