import { PDFDocument } from 'pdf-lib';

import { VirtualClock } from '../../simulator/clock';
import { countPdfPages, detectMimeType, makePdf, makeSimplePdf } from '../../simulator/pdf';
import { formFields, getBoundary, parseMultipart } from '../../simulator/multipart';
import { RateLimiter } from '../../simulator/rateLimit';
import { isValidTimeZone, parseIsoInZone } from '../../simulator/timezone';
import { MAGIC_NUMBERS, magicFor } from '../../simulator/magic';
import { jpeg, png } from './helpers';

describe('pdf helpers', () => {
	it('makes valid PDFs that pdf-lib reads with the right page count', async () => {
		for (const pages of [1, 2, 7]) {
			const bytes = makeSimplePdf(pages);
			const doc = await PDFDocument.load(bytes);
			expect(doc.getPageCount()).toBe(pages);
			expect(countPdfPages(bytes)).toBe(pages);
		}
	});

	it('writes a correct xref table', () => {
		const bytes = makePdf([['hello (world)']]);
		const text = bytes.toString('latin1');
		const startxref = Number(/startxref\n(\d+)/.exec(text)?.[1]);
		expect(text.slice(startxref, startxref + 4)).toBe('xref');
		const firstObject = Number(/\n0000000000 65535 f \n(\d{10})/.exec(text)?.[1]);
		expect(text.slice(firstObject, firstObject + 7)).toBe('1 0 obj');
	});

	it('counts /Type /Page objects, not /Pages, also inside pdf-lib object streams', async () => {
		const doc = await PDFDocument.create();
		for (let i = 0; i < 4; i++) doc.addPage();
		const compressed = Buffer.from(await doc.save({ useObjectStreams: true }));
		const plain = Buffer.from(await doc.save({ useObjectStreams: false }));
		expect(compressed.toString('latin1')).not.toMatch(/\/Type\s*\/Page[^s]/);
		expect(countPdfPages(compressed)).toBe(4);
		expect(countPdfPages(plain)).toBe(4);
	});

	it('detects types by magic bytes only', () => {
		expect(detectMimeType(makeSimplePdf(1))).toBe('application/pdf');
		expect(detectMimeType(png)).toBe('image/png');
		expect(detectMimeType(jpeg)).toBe('image/jpeg');
		expect(detectMimeType(Buffer.from('GIF89a....'))).toBeNull();
		expect(detectMimeType(Buffer.from('PK\u0003\u0004 docx'))).toBeNull();
		expect(detectMimeType(Buffer.alloc(0))).toBeNull();
	});
});

describe('multipart parser', () => {
	const binary = Buffer.from([0x00, 0x0d, 0x0a, 0x2d, 0x2d, 0xff, 0x0d, 0x0a, 0x0d, 0x0a, 0x42]);

	it('keeps binary file parts byte-exact and reads text fields', () => {
		const boundary = 'XyZ-123';
		const body = Buffer.concat([
			Buffer.from(
				`preamble\r\n--${boundary}\r\nContent-Disposition: form-data; name="recipientNumber"\r\n\r\n+12125550100\r\n`,
			),
			Buffer.from(
				`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="a \\"b\\".pdf"\r\nContent-Type: application/pdf\r\n\r\n`,
			),
			binary,
			Buffer.from(`\r\n--${boundary}--\r\nepilogue`),
		]);
		const parts = parseMultipart(body, boundary);
		const { fields, files } = formFields(parts);
		expect(fields.get('recipientNumber')).toBe('+12125550100');
		expect(files.get('file')?.data.equals(binary)).toBe(true);
		expect(files.get('file')?.filename).toBe('a "b".pdf');
		expect(files.get('file')?.contentType).toBe('application/pdf');
	});

	it('accepts bare LF line endings and RFC 5987 file names', () => {
		const body = Buffer.from(
			'--b\nContent-Disposition: form-data; name="file"; filename*=UTF-8\'\'r%C3%A9sum%C3%A9.pdf\n\n%PDF-1.4\n--b--\n',
		);
		const [part] = parseMultipart(body, 'b');
		expect(part.filename).toBe('résumé.pdf');
		expect(part.data.toString()).toBe('%PDF-1.4');
	});

	it('rejects unterminated or boundary-less bodies', () => {
		expect(() =>
			parseMultipart(Buffer.from('--b\r\nContent-Disposition: form-data; name="x"\r\n\r\nv'), 'b'),
		).toThrow('not terminated');
		expect(() => parseMultipart(Buffer.from('nothing here'), 'b')).toThrow('No multipart boundary');
	});

	it('reads the boundary from the Content-Type, quoted or not', () => {
		expect(getBoundary('multipart/form-data; boundary=abc')).toBe('abc');
		expect(getBoundary('multipart/form-data; charset=utf-8; boundary="a;b c"')).toBe('a;b c');
		expect(getBoundary('application/json')).toBeNull();
		expect(getBoundary(undefined)).toBeNull();
	});
});

describe('virtual clock', () => {
	it('runs at speed, advances by hand and converts waits to real time', () => {
		let real = 1_000_000;
		const clock = new VirtualClock({ startMs: 0, speed: 10 }, () => real);
		real += 1000;
		expect(clock.now()).toBe(10_000);
		clock.advance(5);
		expect(clock.now()).toBe(15_000);
		// 60 virtual seconds ahead = 6 real seconds at speed 10.
		expect(clock.realMsUntil(75_000)).toBe(6000);
		expect(clock.realUnixSecondsAt(75_000)).toBe(Math.ceil((real + 6000) / 1000));
		clock.setSpeed(0);
		real += 5000;
		expect(clock.now()).toBe(15_000);
		expect(clock.realMsUntil(75_000)).toBe(60_000);
		expect(clock.realUnixSecondsAt(75_000)).toBe(75);
	});
});

describe('rate limiter', () => {
	it('uses fixed windows aligned to the clock and scales limits', () => {
		const clock = new VirtualClock({ startMs: 120_000 + 50_000, speed: 0 });
		const limiter = new RateLimiter(clock, { enabled: true, scale: 0.2 });
		const policy = { name: 'p', limits: { minute: 10 } };
		expect(limiter.consume(policy, 'k').windows[0].remaining).toBe(1);
		limiter.consume(policy, 'k');
		const blocked = limiter.check(policy, 'k');
		expect(blocked.allowed).toBe(false);
		expect(blocked.retryAfterSeconds).toBe(10);
		expect(limiter.check(policy, 'other').allowed).toBe(true);
		clock.advance(10);
		expect(limiter.check(policy, 'k').allowed).toBe(true);
	});
});

describe('time zones', () => {
	it('validates IANA names and converts wall-clock times across DST', () => {
		expect(isValidTimeZone('Europe/Berlin')).toBe(true);
		expect(isValidTimeZone('Mars/Olympus_Mons')).toBe(false);
		expect(parseIsoInZone('2026-01-15T09:00:00', 'Europe/Berlin')?.utcMs).toBe(
			Date.parse('2026-01-15T08:00:00Z'),
		);
		expect(parseIsoInZone('2026-07-15T09:00:00', 'Europe/Berlin')?.utcMs).toBe(
			Date.parse('2026-07-15T07:00:00Z'),
		);
		expect(parseIsoInZone('2026-07-15T09:00:00-04:00', 'Europe/Berlin')?.utcMs).toBe(
			Date.parse('2026-07-15T13:00:00Z'),
		);
		expect(parseIsoInZone('2026-02-30T09:00:00', 'UTC')).toBeNull();
		expect(parseIsoInZone('tomorrow', 'UTC')).toBeNull();
	});
});

describe('magic numbers', () => {
	it('are fictional and matched by their last 4 digits', () => {
		for (const magic of MAGIC_NUMBERS) {
			expect(magic.example).toMatch(/^\+1[2-9]\d{2}5550\d{3}$/);
			expect(magic.exampleInternational).toMatch(/^\+442079460\d{3}$/);
			expect(magicFor(magic.example)?.outcome).toBe(magic.outcome);
			expect(magicFor(magic.exampleInternational)?.outcome).toBe(magic.outcome);
		}
		expect(magicFor('+12125550199')).toBeUndefined();
	});
});
