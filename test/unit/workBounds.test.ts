/**
 * Issue 17, "Never stall n8n, whatever the file": crafted documents are refused with a clear
 * error naming the property and the limit, or processed, and long work lets the event loop
 * run. Functional only: time, memory and event-loop blocking are measured by `npm run bench`.
 */
import { inflateSync } from 'node:zlib';

import {
	PDFArray,
	PDFDict,
	PDFDocument,
	PDFName,
	PDFNumber,
	PDFRawStream,
	setGraphicsState,
} from 'pdf-lib';

import { buildFaxDocument, type BuildFaxDocumentOptions } from '../../nodes/Fax/document';
import {
	bigArrayPdf,
	bigDictPdf,
	bigStringPdf,
	contentBombPdf,
	deepNestingPdf,
	filledFormPdf,
	inheritedResourcesPdf,
	largePng,
	manyObjectsPdf,
	manyPagesPdf,
	paddedGapPdf,
	png,
	printableAnnotationsPdf,
	sharedAnnotsPdf,
	wrongLengthStreamPdf,
} from '../../scripts/lib/craftedDocuments';
import { generateFormAppearances } from '../../nodes/Fax/document/flattenForms';
import { loadPdf } from '../../nodes/Fax/document/inspectPdf';
import { flattenPrintableAnnotations } from '../../nodes/Fax/document/printableAnnotations';
import { copyVisiblePages } from '../../nodes/Fax/document/rebuildVisible';
import { WorkBudget } from '../../nodes/Fax/document/workBudget';
import { errorSurface, rejection } from './fixtures';

const MB = 1000 * 1000;

const opts = (overrides: Partial<BuildFaxDocumentOptions> = {}): BuildFaxDocumentOptions => ({
	target: 'pdf',
	pageSize: 'Letter',
	providerName: 'faxrocks',
	itemIndex: 3,
	removeHiddenContent: true,
	...overrides,
});

const build = async (data: Buffer, overrides: Partial<BuildFaxDocumentOptions> = {}) =>
	await buildFaxDocument([{ data, propertyName: 'scan' }], opts(overrides));

beforeEach(() => {
	// pdf-lib warns (offsets only) about the objects it skips.
	jest.spyOn(console, 'warn').mockImplementation(() => undefined);
});
afterEach(() => jest.restoreAllMocks());

const CRAFTED = "Binary property 'scan' is a PDF";

describe('crafted PDFs are refused with the property and the limit named', () => {
	it.each([
		[
			'1000 pages sharing one /Annots array of 20 000 links (issue 17 a)',
			() => sharedAnnotsPdf(1000, 20_000),
			'whose pages carry 20,000,000 annotations (links, comments, form fields) counted page by page; at most 100,000 can be processed',
		],
		[
			'one 40 MB array object (issue 17 b)',
			() => bigArrayPdf(40 * MB),
			'with an internal object of more than 50,000 values; at most 50,000 per object can be processed, so it was not read to the end',
		],
		[
			'one 96 MB array object (issue 17 c)',
			() => bigArrayPdf(96 * MB),
			'with an internal object of more than 50,000 values',
		],
		[
			'arrays nested 100 000 deep',
			() => deepNestingPdf(100_000),
			'whose internal objects nest more than 100 levels deep; at most 100 can be processed',
		],
		[
			'150 000 small objects',
			() => manyObjectsPdf(150_000),
			'with more than 100,000 internal objects; at most 100,000 can be processed',
		],
		[
			'a 5 MB string',
			() => bigStringPdf(5 * MB),
			'with an internal object, text or run of filler larger than 4 MB outside its page streams',
		],
		[
			'5 MB of whitespace between two objects',
			() => paddedGapPdf(5 * MB),
			'with an internal object, text or run of filler larger than 4 MB',
		],
		[
			'a 5 MB comment',
			() => paddedGapPdf(5 * MB, 'comment'),
			'with an internal object, text or run of filler larger than 4 MB',
		],
		[
			'one dictionary of 30 000 distinct keys',
			() => bigDictPdf(30_000),
			'with more than 20,000 distinct internal names; at most 20,000 can be processed',
		],
		[
			'a page with resources whose content stream inflates to 1 GB (inflated to find the resources it uses)',
			() => contentBombPdf(1000 * MB, true),
			'whose page content expands to more than 32 MB, so it was not read',
		],
		[
			'a form of 2001 fields',
			() => filledFormPdf(2001),
			'whose form has more than 2000 fields and widgets, so it was not read',
		],
		[
			'one page with 12 000 printable stamps',
			() => printableAnnotationsPdf(12_000),
			'with more than 10,000 printable annotations (stamps, signatures, drawings, filled fields) to draw into its pages; at most 10,000 can be processed',
		],
		[
			'1000 pages inheriting a /Resources dictionary of 5000 entries',
			() => inheritedResourcesPdf(1000, 5000),
			'whose pages would copy more than 2,000,000 internal values (settings shared by many pages count once per page)',
		],
	])('%s', async (_label, make, expected) => {
		const error = await rejection(build(make()));
		expect(error.code).toBe('pdfTooComplex');
		expect(error.message).toContain(`${CRAFTED} ${expected}`);
		expect(error.field).toBe('scan');
		expect(error.itemIndex).toBe(3);
		expect(error.hint).toMatch(/deliberately crafted.*Nothing was sent/);
	});

	it('the refusals quote nothing from the file', async () => {
		const error = await rejection(build(bigStringPdf(5 * MB)));
		expect(errorSurface(error)).not.toContain('aaaa');
	});

	it('a crafted file over the provider limit is refused for its size (what the user can change)', async () => {
		const error = await rejection(build(paddedGapPdf(5 * MB), { maxBytes: 4 * MB }));
		expect(error.code).toBe('tooLarge');
	});
});

describe('honest but large or sloppy PDFs are processed', () => {
	it('1000 pages', async () => {
		const result = await build(manyPagesPdf(1000));
		expect(result.pageCount).toBe(1000);
	});

	it('a page without resources whose content stream inflates to 1 GB (never inflated here, copied as it is)', async () => {
		const pdf = contentBombPdf(1000 * MB);
		const result = await build(pdf);
		expect(result.pageCount).toBe(1);
		const contents = (doc: PDFDocument) => {
			const stream = doc.getPage(0).node.lookup(PDFName.of('Contents'));
			return stream instanceof PDFRawStream ? Buffer.from(stream.contents) : undefined;
		};
		const original = contents(await PDFDocument.load(pdf, { updateMetadata: false }));
		const sent = contents(await PDFDocument.load(result.data, { updateMetadata: false }));
		expect(original?.length).toBeGreaterThan(1000);
		expect(sent?.equals(original as Buffer)).toBe(true);
	});

	it('a 3 MB string and 3 MB of whitespace (under the 4 MB step)', async () => {
		await expect(build(bigStringPdf(3 * MB))).resolves.toMatchObject({ pageCount: 1 });
		await expect(build(paddedGapPdf(3 * MB))).resolves.toMatchObject({ pageCount: 1 });
	});

	it('a stream with a wrong /Length: found where pdf-lib itself finds its end', async () => {
		const pdf = wrongLengthStreamPdf(3 * MB);
		const result = await build(pdf, { removeHiddenContent: false, target: 'pdf' });
		expect(result.pageCount).toBe(1);
		// The same document read by pdf-lib alone (no bounds) and by the node: same stream.
		const plain = await PDFDocument.load(pdf, { updateMetadata: false });
		const bounded = await PDFDocument.load(await build(pdf).then((r) => r.data), {
			updateMetadata: false,
		});
		const filler = (doc: PDFDocument) => {
			const contents = doc.getPage(0).node.lookup(PDFName.of('Contents'), PDFArray);
			const value = contents.lookup(1);
			return value instanceof PDFRawStream ? value.contents.length : -1;
		};
		expect(filler(plain)).toBe(3 * MB);
		expect(filler(bounded)).toBe(filler(plain));
	});
});

describe('the pipeline lets the event loop run', () => {
	/** Counts event-loop turns (setImmediate callbacks) until `work` settles. */
	async function turnsDuring(work: Promise<unknown>): Promise<number> {
		let turns = 0;
		let done = false;
		const spin = () => {
			if (done) return;
			turns++;
			setImmediate(spin);
		};
		setImmediate(spin);
		try {
			await work;
		} finally {
			done = true;
		}
		return turns;
	}

	it('a big but legal PDF: other callbacks run while it is read, cleaned and copied', async () => {
		// 60 000 objects: the budget yields at least every 20 000 units of work.
		const pdf = manyObjectsPdf(60_000);
		const turns = await turnsDuring(build(pdf, { coverPage: undefined, target: 'pdf' }));
		expect(turns).toBeGreaterThanOrEqual(2);
	});

	/** A loaded document and a fresh budget, to watch one stage's yields. */
	async function loaded(pdf: Buffer) {
		const budget = new WorkBudget();
		return { doc: await loadPdf(pdf, 'scan', budget.limits, budget), budget: new WorkBudget() };
	}

	it('drawing 9000 printable stamps into the page yields (not only between pages)', async () => {
		const { doc, budget } = await loaded(printableAnnotationsPdf(9000));
		await flattenPrintableAnnotations(doc, budget);
		// 9000 annotations and 9000 drawings; 18 000 units, so the yields are the 20 ms ones.
		expect(budget.yields).toBeGreaterThanOrEqual(2);
	});

	it('generating 1900 form appearances yields between fields', async () => {
		const { doc, budget } = await loaded(filledFormPdf(1900));
		const turns = await turnsDuring(generateFormAppearances(doc, budget, 'scan'));
		expect(turns).toBeGreaterThanOrEqual(1);
	});

	it('the rebuild decodes and scans a 30 MB page content in steps, yielding between them', async () => {
		const { doc, budget } = await loaded(contentBombPdf(30 * MB, true));
		const out = await PDFDocument.create();
		await copyVisiblePages(doc, out, budget, { dropMetadata: true }, { groups: [], off: [] });
		expect(out.getPageCount()).toBe(1);
		// 2 × 30 000 KiB decoded and scanned, a yield at least every 20 000 units.
		expect(budget.yields).toBeGreaterThanOrEqual(2);
	});

	it('a 20-megapixel 16-bit PNG (issue 17 d): converted, other callbacks run meanwhile', async () => {
		const image = largePng({ width: 5000, height: 4000, bitDepth: 16, colorType: 2 });
		let result: Awaited<ReturnType<typeof build>> | undefined;
		const turns = await turnsDuring(build(image).then((r) => (result = r)));
		expect(turns).toBeGreaterThanOrEqual(2);
		expect(result?.pageCount).toBe(1);
	});
});

/** The page's one image XObject. */
async function embeddedImage(pdf: Buffer): Promise<PDFRawStream> {
	const doc = await PDFDocument.load(pdf, { updateMetadata: false });
	const xobjects = doc.getPage(0).node.Resources()?.lookup(PDFName.of('XObject'), PDFDict);
	const [ref] = xobjects?.values() ?? [];
	const image = doc.context.lookup(ref);
	if (!(image instanceof PDFRawStream)) throw new Error('no image');
	return image;
}

const num = (dict: PDFDict, key: string) => (dict.lookup(PDFName.of(key)) as PDFNumber).asNumber();

describe('PNG conversion without decoding the whole image at once', () => {
	it('grey/RGB/palette without transparency: the PNG data goes in unchanged (PNG predictor)', async () => {
		for (const options of [
			{ width: 7, height: 5, bitDepth: 16, colorType: 2 },
			{ width: 9, height: 3, bitDepth: 1, colorType: 0 },
			{
				width: 4,
				height: 4,
				bitDepth: 4,
				colorType: 3,
				palette: [
					[0, 0, 0],
					[255, 0, 0],
					[0, 255, 0],
				],
			},
		]) {
			const image = png({ ...options, sample: (x, y) => (x + y) % 3 });
			const stream = await embeddedImage((await build(image)).data);
			expect(num(stream.dict, 'BitsPerComponent')).toBe(options.bitDepth);
			const parms = stream.dict.lookup(PDFName.of('DecodeParms'), PDFDict);
			expect(num(parms, 'Predictor')).toBe(15);
			expect(num(parms, 'Columns')).toBe(options.width);
			// The zlib data is the PNG's own IDAT data.
			expect(image.includes(Buffer.from(stream.contents))).toBe(true);
		}
	});

	it('refuses damaged PNG data and data that inflates past the size', async () => {
		const image = png({ width: 8, height: 8, bitDepth: 8, colorType: 2 });
		const idat = image.indexOf('IDAT', 0, 'latin1');
		const damaged = Buffer.from(image);
		damaged.fill(0x41, idat + 6, idat + 14);
		expect((await rejection(build(damaged))).code).toBe('corruptImage');
	});

	it.each([
		['RGBA 8-bit', { bitDepth: 8, colorType: 6 }],
		['grey + alpha 16-bit', { bitDepth: 16, colorType: 4 }],
		['RGB 8-bit, interlaced', { bitDepth: 8, colorType: 2, interlaced: true }],
		['grey 2-bit, interlaced', { bitDepth: 2, colorType: 0, interlaced: true }],
	])('%s: decoded in steps, composited onto white, same pixels', async (_label, variant) => {
		const width = 13;
		const height = 11;
		const max = (1 << variant.bitDepth) - 1;
		const channels = { 0: 1, 2: 3, 4: 2, 6: 4 }[variant.colorType] as number;
		const sample = (x: number, y: number, c: number) =>
			c === channels - 1 && (variant.colorType === 4 || variant.colorType === 6)
				? (x * 37 + y * 11) % 2 === 0
					? max
					: 0
				: ((x * 17 + y * 29 + c * 53) * 7) % (max + 1);
		const image = png({ width, height, ...variant, sample });
		const stream = await embeddedImage((await build(image)).data);
		const pixels = inflateSync(Buffer.from(stream.contents));
		const grey = variant.colorType === 0 || variant.colorType === 4;
		const outChannels = grey ? 1 : 3;
		expect(pixels.length).toBe(width * height * outChannels);
		const to8 = (v: number) => (variant.bitDepth === 16 ? v >> 8 : Math.round((v * 255) / max));
		for (let y = 0; y < height; y++) {
			for (let x = 0; x < width; x++) {
				const hasAlpha = variant.colorType === 4 || variant.colorType === 6;
				const opaque = !hasAlpha || sample(x, y, channels - 1) === max;
				for (let c = 0; c < outChannels; c++) {
					const expected = opaque ? to8(sample(x, y, c)) : 255;
					expect(pixels[(y * width + x) * outChannels + c]).toBe(expected);
				}
			}
		}
	});

	it('a palette with transparent entries: transparent pixels become white', async () => {
		const image = png({
			width: 4,
			height: 2,
			bitDepth: 8,
			colorType: 3,
			palette: [
				[10, 20, 30],
				[200, 100, 50],
			],
			transparency: Buffer.from([0]),
			sample: (x) => x % 2,
		});
		const stream = await embeddedImage((await build(image)).data);
		const pixels = inflateSync(Buffer.from(stream.contents));
		expect([...pixels.subarray(0, 6)]).toEqual([255, 255, 255, 200, 100, 50]);
	});

	it('refuses a 16-bit PNG whose data inflates past its size', async () => {
		const image = largePng({ width: 100, height: 100, bitDepth: 16, colorType: 2 });
		const header = Buffer.from(image);
		// Claim half the height: the data now inflates to twice what the header allows.
		header.writeUInt32BE(50, 20);
		const error = await rejection(build(header));
		expect(['imageTooLarge', 'corruptImage']).toContain(error.code);
	});
});

describe('arrays are still read as pdf-lib reads them', () => {
	it('numbers, names, strings and references of an ordinary document survive the bounded reader', async () => {
		const doc = await PDFDocument.create();
		const page = doc.addPage([612, 792]);
		// In a graphics state the page uses: the rebuild copies only what the page draws with.
		const state = doc.context.obj({
			Type: 'ExtGState',
			Extra: doc.context.obj([1, -2.5, 0.25, 'Name', 1e6, [3, [4]], { K: 'V' }]),
		});
		const name = page.node.newExtGState('GS', doc.context.register(state));
		page.pushOperators(setGraphicsState(name));
		const pdf = Buffer.from(await doc.save({ useObjectStreams: false }));
		const result = await build(pdf, { removeHiddenContent: false });
		const back = await PDFDocument.load(result.data, { updateMetadata: false });
		const states = back.getPage(0).node.Resources()?.lookup(PDFName.of('ExtGState'), PDFDict);
		const copied = states?.lookup(name, PDFDict);
		const extra = copied?.lookup(PDFName.of('Extra'), PDFArray);
		expect(extra).toBeDefined();
		if (!extra) return;
		expect(extra.toString()).toBe('[ 1 -2.5 0.25 /Name 1000000 [ 3 [ 4 ] ] <<\n/K /V\n>> ]');
	});
});
