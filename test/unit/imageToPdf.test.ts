import { PDFDocument } from 'pdf-lib';

import {
	fitImage,
	imageToPdf,
	MAX_PNG_PIXELS,
	PAGE_MARGIN,
	PAGE_SIZES,
	placementMatrix,
	readImageInfo,
	type ExifOrientation,
} from '../../nodes/Fax/document';
import {
	errorSurface,
	loadPages,
	makeHugePngHeader,
	makeJpeg,
	makePng,
	matrices,
	MARKER,
	rejection,
} from './fixtures';

const [LETTER_W, LETTER_H] = PAGE_SIZES.Letter;
const [A4_W, A4_H] = PAGE_SIZES.A4;

/** The drawn image box from a `cm` matrix: x, y, width, height (works for any orientation). */
function box(m: number[]): { x: number; y: number; width: number; height: number } {
	const [a, b, c, d, e, f] = m;
	const xs = [e, e + a, e + c, e + a + c];
	const ys = [f, f + b, f + d, f + b + d];
	return {
		x: Math.min(...xs),
		y: Math.min(...ys),
		width: Math.max(...xs) - Math.min(...xs),
		height: Math.max(...ys) - Math.min(...ys),
	};
}

describe('fitImage', () => {
	it('fits a landscape image to the width, centred vertically', () => {
		const p = fitImage(2000, 1000, LETTER_W, LETTER_H);
		expect(p.width).toBeCloseTo(LETTER_W - 2 * PAGE_MARGIN);
		expect(p.height).toBeCloseTo((LETTER_W - 2 * PAGE_MARGIN) / 2);
		expect(p.x).toBeCloseTo(PAGE_MARGIN);
		expect(p.y).toBeCloseTo((LETTER_H - p.height) / 2);
	});

	it('fits a tall image to the height, centred horizontally', () => {
		const p = fitImage(100, 1000, A4_W, A4_H);
		expect(p.height).toBeCloseTo(A4_H - 2 * PAGE_MARGIN);
		expect(p.width).toBeCloseTo((A4_H - 2 * PAGE_MARGIN) / 10);
		expect(p.x + p.width / 2).toBeCloseTo(A4_W / 2);
		expect(p.y).toBeCloseTo(PAGE_MARGIN);
	});

	it.each([
		[1, 1],
		[3000, 4000],
		[4000, 3000],
		[10, 5000],
		[5000, 10],
		[612, 792],
	])('keeps %i×%i inside the margins with its aspect ratio', (w, h) => {
		for (const [pw, ph] of [PAGE_SIZES.A4, PAGE_SIZES.Letter]) {
			const p = fitImage(w, h, pw, ph);
			expect(p.x).toBeGreaterThanOrEqual(PAGE_MARGIN - 1e-9);
			expect(p.y).toBeGreaterThanOrEqual(PAGE_MARGIN - 1e-9);
			expect(p.x + p.width).toBeLessThanOrEqual(pw - PAGE_MARGIN + 1e-9);
			expect(p.y + p.height).toBeLessThanOrEqual(ph - PAGE_MARGIN + 1e-9);
			expect(p.width / p.height).toBeCloseTo(w / h, 6);
			// It touches the margin on at least one axis (scaled to fit, not left tiny).
			const fillsWidth = Math.abs(p.width - (pw - 2 * PAGE_MARGIN)) < 1e-6;
			const fillsHeight = Math.abs(p.height - (ph - 2 * PAGE_MARGIN)) < 1e-6;
			expect(fillsWidth || fillsHeight).toBe(true);
		}
	});
});

describe('placementMatrix', () => {
	const placement = { x: 50, y: 100, width: 200, height: 300 };
	const corners = (m: number[]): string[] =>
		[
			[0, 0],
			[1, 0],
			[0, 1],
			[1, 1],
		]
			.map(([u, v]) => [m[0] * u + m[2] * v + m[4], m[1] * u + m[3] * v + m[5]])
			.map(([x, y]) => `${x},${y}`)
			.sort();

	it.each([1, 2, 3, 4, 5, 6, 7, 8])(
		'orientation %i maps the image onto exactly the placement box',
		(o) => {
			expect(corners(placementMatrix(placement, o as ExifOrientation))).toEqual([
				'250,100',
				'250,400',
				'50,100',
				'50,400',
			]);
		},
	);

	it('orientation 6 turns the stored top-left corner to the top-right', () => {
		const m = placementMatrix(placement, 6);
		// Stored top-left is (u=0, v=1).
		expect([m[2] + m[4], m[3] + m[5]]).toEqual([250, 400]);
	});
});

describe('readImageInfo', () => {
	it('reads PNG and JPEG dimensions and EXIF orientation from the headers', () => {
		expect(readImageInfo(makePng(7, 3), 'png')).toEqual({
			width: 7,
			height: 3,
			orientation: 1,
			animated: false,
		});
		expect(readImageInfo(makeJpeg(40, 24), 'jpeg')).toEqual({
			width: 40,
			height: 24,
			orientation: 1,
			animated: false,
		});
		expect(readImageInfo(makeJpeg(40, 24, { orientation: 6 }), 'jpeg')?.orientation).toBe(6);
		expect(readImageInfo(makePng(2, 2, { animated: true }), 'png')?.animated).toBe(true);
		expect(readImageInfo(Buffer.from([0xff, 0xd8, 0xff, 0xd9]), 'jpeg')).toBeNull();
	});
});

describe('imageToPdf', () => {
	it('puts a PNG on one Letter page, fitted inside the margins', async () => {
		const pages = await loadPages(await imageToPdf(makePng(400, 200), 'png', 'Letter'));
		expect(pages).toHaveLength(1);
		expect(pages[0].getSize()).toEqual({ width: LETTER_W, height: LETTER_H });
		const [m] = matrices(pages[0]);
		const b = box(m);
		expect(b.width).toBeCloseTo(LETTER_W - 2 * PAGE_MARGIN, 3);
		expect(b.height).toBeCloseTo((LETTER_W - 2 * PAGE_MARGIN) / 2, 3);
		expect(b.x).toBeCloseTo(PAGE_MARGIN, 3);
		expect(b.y + b.height / 2).toBeCloseTo(LETTER_H / 2, 3);
	});

	it('puts a JPEG on one A4 page, fitted to the height', async () => {
		const pages = await loadPages(await imageToPdf(makeJpeg(100, 1000), 'jpeg', 'A4'));
		expect(pages).toHaveLength(1);
		const { width, height } = pages[0].getSize();
		expect(width).toBeCloseTo(A4_W);
		expect(height).toBeCloseTo(A4_H);
		const b = box(matrices(pages[0])[0]);
		expect(b.height).toBeCloseTo(A4_H - 2 * PAGE_MARGIN, 2);
		expect(b.width).toBeCloseTo((A4_H - 2 * PAGE_MARGIN) / 10, 2);
		expect(b.x + b.width / 2).toBeCloseTo(A4_W / 2, 2);
	});

	it('turns a JPEG upright according to its EXIF orientation', async () => {
		// Stored landscape 160×80, orientation 6: displayed portrait 80×160.
		const pages = await loadPages(
			await imageToPdf(makeJpeg(160, 80, { orientation: 6 }), 'jpeg', 'Letter'),
		);
		const m = matrices(pages[0])[0];
		const b = box(m);
		expect(b.height / b.width).toBeCloseTo(2, 3);
		expect(b.height).toBeCloseTo(LETTER_H - 2 * PAGE_MARGIN, 2);
		expect(m[0]).toBeCloseTo(0);
		expect(m[3]).toBeCloseTo(0);
	});

	it('handles a JPEG Buffer that is a view into a larger buffer (pdf-lib ignores byteOffset)', async () => {
		const jpeg = makeJpeg(32, 16);
		const view = Buffer.concat([Buffer.from('0123456789'), jpeg]).subarray(10);
		expect(view.byteOffset).toBeGreaterThan(0);
		const pages = await loadPages(await imageToPdf(view, 'jpeg', 'Letter'));
		expect(box(matrices(pages[0])[0]).width).toBeCloseTo(LETTER_W - 2 * PAGE_MARGIN, 3);
	});

	it('embeds the JPEG bytes unchanged (no decoding)', async () => {
		const jpeg = makeJpeg(64, 64, { gray: 30 });
		const pdf = await imageToPdf(jpeg, 'jpeg', 'Letter');
		expect(pdf.includes(jpeg)).toBe(true);
	});

	it('rejects a damaged PNG', async () => {
		const broken = Buffer.concat([makePng(4, 4).subarray(0, 12), Buffer.from(MARKER)]);
		const error = await rejection(imageToPdf(broken, 'png', 'Letter', 'photo'));
		expect(error.code).toBe('corruptImage');
		expect(error.message).toBe("Binary property 'photo' is a damaged PNG image that can't be read");
		expect(errorSurface(error)).not.toContain(MARKER);
	});

	it('rejects a PNG whose image data is damaged, without quoting pdf-lib', async () => {
		const png = makePng(4, 4);
		const idat = png.indexOf('IDAT');
		png.fill(0x41, idat + 4, idat + 12); // overwrite the zlib stream
		const error = await rejection(imageToPdf(png, 'png', 'Letter', 'photo'));
		expect(error.code).toBe('corruptImage');
	});

	it('rejects a damaged JPEG', async () => {
		const error = await rejection(
			imageToPdf(Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0x00]), 'jpeg', 'Letter'),
		);
		expect(error.code).toBe('corruptImage');
		expect(error.message).toBe("The document is a damaged JPEG image that can't be read");
	});

	it('rejects an animated PNG', async () => {
		const error = await rejection(
			imageToPdf(makePng(2, 2, { animated: true }), 'png', 'Letter', 'data'),
		);
		expect(error.code).toBe('corruptImage');
		expect(error.message).toContain('animated PNG');
	});

	it('refuses a huge PNG from its header, before decoding it', async () => {
		const before = process.memoryUsage().rss;
		const error = await rejection(
			imageToPdf(makeHugePngHeader(20000, 20000), 'png', 'Letter', 'data'),
		);
		expect(error.code).toBe('imageTooLarge');
		expect(error.message).toContain('20000 × 20000 pixels (400.0 megapixels)');
		expect(error.message).toContain(`${MAX_PNG_PIXELS / 1e6} megapixels`);
		// 400 MP decoded would be gigabytes; nothing of that size was allocated.
		expect(process.memoryUsage().rss - before).toBeLessThan(200 * 1024 * 1024);
	});

	it('produces a valid PDF with pdf-lib metadata naming this package', async () => {
		const doc = await PDFDocument.load(await imageToPdf(makePng(2, 2), 'png', 'A4'), {
			updateMetadata: false,
		});
		expect(doc.getProducer()).toBe('n8n-nodes-fax');
	});
});
