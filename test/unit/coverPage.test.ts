import { PDFDocument, StandardFonts, type PDFFont } from 'pdf-lib';

import {
	DEFAULT_CONFIDENTIALITY_NOTICE,
	DocumentError,
	PAGE_SIZES,
	renderCoverPage,
	sanitizeForFont,
	wrapText,
	type CoverPageRenderInput,
} from '../../nodes/Fax/document';
import { drawnText, errorSurface, MARKER } from './fixtures';

const base: CoverPageRenderInput = {
	to: '+12125550123',
	toName: 'Dr. Jane Example',
	from: 'Intake Team',
	fromCompany: 'Example Clinic',
	fromPhone: '+13155550123',
	subject: 'Referral',
	note: 'Please find the referral attached.',
	pageCount: 3,
	date: new Date('2026-03-08T14:30:00Z'),
	timeZone: 'America/New_York',
};

async function docWithPages(count: number): Promise<PDFDocument> {
	const doc = await PDFDocument.create();
	for (let i = 0; i < count; i++) doc.addPage([100 + i, 100 + i]);
	return doc;
}

describe('renderCoverPage', () => {
	it('inserts one page first and keeps the others in order', async () => {
		const doc = await docWithPages(2);
		const page = await renderCoverPage(doc, base);
		expect(doc.getPageCount()).toBe(3);
		expect(doc.getPage(0)).toBe(page);
		expect(page.getSize()).toEqual({ width: 612, height: 792 });
		expect(
			doc
				.getPages()
				.slice(1)
				.map((p) => p.getWidth()),
		).toEqual([100, 101]);
	});

	it('prints the title, the table and the note', async () => {
		const doc = await docWithPages(2);
		const text = drawnText(await renderCoverPage(doc, base));
		expect(text[0]).toBe('FAX');
		for (const expected of [
			'To:',
			'Dr. Jane Example',
			'Fax: +12125550123',
			'From:',
			'Intake Team',
			'Example Clinic',
			'Phone: +13155550123',
			'Date:',
			// 14:30 UTC is 10:30 in New York (daylight saving time started at 07:00 UTC that day).
			'2026-03-08 10:30 America/New_York',
			'Pages:',
			'3 (including this cover page)',
			'Re:',
			'Referral',
			'Please find the referral attached.',
		]) {
			expect(text).toContain(expected);
		}
		// Labels come in this order.
		const labels = text.filter((t) => /^(To|From|Date|Pages|Re):$/.test(t));
		expect(labels).toEqual(['To:', 'From:', 'Date:', 'Pages:', 'Re:']);
	});

	it('prints a Date in UTC without a time zone and a string date as given', async () => {
		const utc = drawnText(
			await renderCoverPage(await docWithPages(0), { ...base, timeZone: undefined }),
		);
		expect(utc).toContain('2026-03-08 14:30 UTC');
		const given = drawnText(
			await renderCoverPage(await docWithPages(0), { ...base, date: '1 July 2026' }),
		);
		expect(given).toContain('1 July 2026');
	});

	it('replaces characters Helvetica cannot encode instead of crashing', async () => {
		const doc = await docWithPages(1);
		const page = await renderCoverPage(doc, {
			...base,
			toName: 'Zoë Łódź 😀 漢字 Ωmega →',
			subject: 'Überweisung – “dringend”\u200b\t№ 5',
			note: 'Line one\r\nLine two ✓\u0007',
		});
		expect(doc.getPageCount()).toBe(2);
		const text = drawnText(page);
		expect(text).toContain('Zoë Lódz :grinning: HanZi Omega ->');
		expect(text).toContain('Überweisung – “dringend” No. 5');
		expect(text).toContain('Line one');
		expect(text).toContain('Line two v');
	});

	it('wraps a long note within the page width', async () => {
		const doc = await docWithPages(0);
		const note = Array.from({ length: 120 }, (_, i) => `word${i}`).join(' ');
		const page = await renderCoverPage(doc, { ...base, note });
		const font = await doc.embedFont(StandardFonts.Helvetica);
		const noteLines = drawnText(page).filter((line) => line.startsWith('word'));
		expect(noteLines.length).toBeGreaterThan(3);
		expect(noteLines.join(' ')).toBe(note);
		for (const line of noteLines)
			expect(font.widthOfTextAtSize(line, 11)).toBeLessThanOrEqual(612 - 2 * 54);
	});

	it('keeps blank lines of the note as paragraph breaks', async () => {
		const page = await renderCoverPage(await docWithPages(0), {
			...base,
			note: 'First paragraph.\n\nSecond paragraph.',
		});
		const text = drawnText(page);
		expect(text.indexOf('Second paragraph.')).toBe(text.indexOf('First paragraph.') + 1);
	});

	it('refuses a note that cannot fit, without quoting it', async () => {
		const doc = await docWithPages(1);
		const note = `${MARKER} `.repeat(800);
		const error = await renderCoverPage(doc, { ...base, note }).catch((e: unknown) => e);
		expect(error).toBeInstanceOf(DocumentError);
		expect((error as DocumentError).code).toBe('coverNoteTooLong');
		expect((error as DocumentError).field).toBe('coverNote');
		expect(errorSurface(error)).not.toContain(MARKER);
		expect(doc.getPageCount()).toBe(1); // nothing added
	});

	it('shrinks the note font before giving up', async () => {
		const note = 'lorem ipsum dolor sit amet '.repeat(110); // ~3000 characters
		const page = await renderCoverPage(await docWithPages(0), { ...base, note });
		expect(drawnText(page).some((line) => line.startsWith('lorem'))).toBe(true);
	});

	it('cuts table values longer than three lines, visibly', async () => {
		const page = await renderCoverPage(await docWithPages(0), {
			...base,
			subject: 'Very long subject '.repeat(40),
		});
		const text = drawnText(page);
		const subjectLines = text.filter(
			(line) => line.includes('Very long subject') || line.startsWith('subject'),
		);
		expect(subjectLines).toHaveLength(3);
		expect(subjectLines[2].endsWith('…')).toBe(true);
	});

	it('prints the confidentiality notice when given, on A4', async () => {
		const page = await renderCoverPage(
			await docWithPages(0),
			{ ...base, confidentialityNotice: DEFAULT_CONFIDENTIALITY_NOTICE },
			'A4',
		);
		expect(page.getWidth()).toBeCloseTo(PAGE_SIZES.A4[0]);
		expect(drawnText(page).join(' ')).toContain('CONFIDENTIALITY NOTICE');
	});

	it('leaves optional rows empty but keeps their labels', async () => {
		const page = await renderCoverPage(await docWithPages(0), {
			to: '+12125550123',
			pageCount: 1,
			date: '2026-07-01',
		});
		const text = drawnText(page);
		expect(text).toEqual([
			'FAX',
			'To:',
			'Fax: +12125550123',
			'From:',
			'Date:',
			'2026-07-01',
			'Pages:',
			'1 (including this cover page)',
			'Re:',
		]);
	});

	it('rejects an invalid page count', async () => {
		await expect(renderCoverPage(await docWithPages(0), { ...base, pageCount: 0 })).rejects.toThrow(
			RangeError,
		);
	});
});

describe('sanitizeForFont and wrapText', () => {
	let font: PDFFont;
	beforeAll(async () => {
		font = await (await PDFDocument.create()).embedFont(StandardFonts.Helvetica);
	});

	it.each([
		['plain ASCII', 'Hello, World!', 'Hello, World!'],
		['WinAnsi accents and symbols', 'Café € – … “x”', 'Café € – … “x”'],
		['accents outside WinAnsi', 'Dvořák ő ł', 'Dvorák o l'],
		['emoji and CJK', 'ok 👍 漢', 'ok :thumbsup: Han'],
		['Cyrillic, Greek, Arabic', 'Дмитрий Ελένη محمد', 'Dmitriy Eleni mhmd'],
		['arrows and comparisons', 'a → b ≤ c', 'a -> b <= c'],
		['control and zero-width characters', 'a\u0000b\u200bc\ufeff', 'abc'],
		['tabs and newlines', 'a\tb\nc', 'a    b c'],
	])('%s', (_name, input, expected) => {
		expect(sanitizeForFont(input, font)).toBe(expected);
		expect(() => font.widthOfTextAtSize(sanitizeForFont(input, font), 10)).not.toThrow();
	});

	it('keeps newlines when asked', () => {
		expect(sanitizeForFont('a\r\nb\rc', font, { keepNewlines: true })).toBe('a\nb\nc');
	});

	it('wraps words and breaks words longer than a line', () => {
		const lines = wrapText(`short words here ${'x'.repeat(200)} end`, font, 10, 100);
		for (const line of lines) expect(font.widthOfTextAtSize(line, 10)).toBeLessThanOrEqual(100);
		expect(lines.length).toBeGreaterThan(3);
		expect(lines.join('').replace(/ /g, '')).toBe(`shortwordshere${'x'.repeat(200)}end`);
		expect(lines[0]).toBe('short words here');
		expect(lines.slice(1, -1).every((line) => /^x+$/.test(line))).toBe(true);
	});
});
