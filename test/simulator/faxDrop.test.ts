import type { Simulator } from '../../simulator';
import { FAXDROP_KEYS } from '../../simulator';
import { START_MS, call, jpeg, pdf1, pdf3, png, start } from './helpers';

let sim: Simulator;
let base: string;
const key = { 'X-API-Key': FAXDROP_KEYS.primary };

beforeAll(async () => {
	sim = await start();
	base = sim.baseUrls.faxDrop;
});
afterAll(() => sim.stop());
beforeEach(() => sim.reset());

interface SendFields {
	file?: { bytes: Buffer; type: string; name: string } | null;
	[field: string]: unknown;
}

function form(fields: SendFields = {}): FormData {
	const data = new FormData();
	const defaults: Record<string, string> = {
		recipientNumber: '+12125550150',
		senderName: 'Sim Clinic',
		senderEmail: 'frontdesk@clinic.example',
	};
	for (const [name, value] of Object.entries({ ...defaults, ...fields })) {
		if (name === 'file' || value === undefined || value === null) continue;
		data.append(name, String(value));
	}
	const file =
		fields.file === undefined
			? { bytes: pdf1, type: 'application/pdf', name: 'doc.pdf' }
			: fields.file;
	if (file) data.append('file', new Blob([file.bytes], { type: file.type }), file.name);
	return data;
}

const send = (fields: SendFields = {}, headers: Record<string, string> = key) =>
	call(`${base}/api/send-fax`, { method: 'POST', headers, body: form(fields) });
const status = (id: string, headers: Record<string, string> = key) =>
	call(`${base}/api/v1/fax/${id}`, { headers });

describe('FaxDrop auth', () => {
	it('answers 401 unauthorized with different messages for missing, malformed and unknown keys', async () => {
		const missing = await send({}, {});
		const malformed = await send({}, { 'X-API-Key': 'fd_live_xyz' });
		const revoked = await send({}, { 'X-API-Key': FAXDROP_KEYS.revoked });
		for (const reply of [missing, malformed, revoked]) {
			expect(reply.status).toBe(401);
			expect(reply.body.error_type).toBe('unauthorized');
			expect(typeof reply.body.hint).toBe('string');
		}
		expect(revoked.body.error).toBe('API key not found or revoked.');
		expect(malformed.body.error).toBe('Invalid API key format.');
		expect(new Set([missing.body.error, malformed.body.error, revoked.body.error]).size).toBe(3);
		expect(sim.faxes()).toHaveLength(0);
	});
});

describe('FaxDrop send', () => {
	it('accepts a multipart PDF upload: 200 {success, faxId, deliveryEmail}', async () => {
		const reply = await send({
			file: { bytes: pdf3, type: 'application/pdf', name: 'referral.pdf' },
		});
		expect(reply.status).toBe(200);
		expect(Object.keys(reply.body).sort()).toEqual(['deliveryEmail', 'faxId', 'success']);
		expect(reply.body.success).toBe(true);
		expect(reply.body.faxId).toMatch(/^fax_[a-z0-9]+$/);
		expect(reply.body.deliveryEmail).toBe('enabled');
		const [fax] = sim.faxes({ provider: 'faxDrop' });
		expect(fax).toMatchObject({ id: reply.body.faxId, to: '+12125550150', pages: 3 });
	});

	it('suppresses the delivery email with sendEmail=false and counts a cover page', async () => {
		const reply = await send({
			sendEmail: 'false',
			includeCover: 'true',
			coverNote: 'Please call back',
		});
		expect(reply.body.deliveryEmail).toBe('suppressed');
		expect(sim.fax(reply.body.faxId)?.pages).toBe(2);
	});

	it('accepts PNG and JPEG by magic bytes, whatever the declared type', async () => {
		expect(
			(await send({ file: { bytes: png, type: 'application/octet-stream', name: 'scan' } })).status,
		).toBe(200);
		expect(
			(await send({ file: { bytes: jpeg, type: 'image/png', name: 'photo.png' } })).status,
		).toBe(200);
	});

	it.each([
		['no file', { file: null }, /file/],
		['no recipientNumber', { recipientNumber: undefined }, /recipientNumber/],
		['no senderName', { senderName: '' }, /senderName/],
		['no senderEmail', { senderEmail: undefined }, /senderEmail/],
		[
			'a GIF',
			{ file: { bytes: Buffer.from('GIF89a........'), type: 'application/pdf', name: 'x.pdf' } },
			/Unable to process/,
		],
		[
			'a Word file',
			{
				file: { bytes: Buffer.from('PK\u0003\u0004word'), type: 'application/pdf', name: 'x.docx' },
			},
			/Unable to process/,
		],
		[
			'an empty file',
			{ file: { bytes: Buffer.alloc(0), type: 'application/pdf', name: 'x.pdf' } },
			/Unable to process/,
		],
		[
			'a file over 4 MB',
			{
				file: {
					bytes: Buffer.concat([pdf1, Buffer.alloc(4 * 1024 * 1024)]),
					type: 'application/pdf',
					name: 'big.pdf',
				},
			},
			/too large/,
		],
		['a UK number', { recipientNumber: '+442079460150' }, /not supported/],
		['an area code starting with 1', { recipientNumber: '+11125550150' }, /not supported/],
		['a national number', { recipientNumber: '2125550150' }, /format/],
		['spaces in the number', { recipientNumber: '+1 212 555 0150' }, /format/],
		['a bad email', { senderEmail: 'frontdesk-at-clinic' }, /senderEmail/],
		['a 501-character cover note', { coverNote: 'x'.repeat(501) }, /coverNote/],
		['a 201-character subject', { subject: 's'.repeat(201) }, /subject/],
		['a 101-character company', { senderCompany: 'c'.repeat(101) }, /senderCompany/],
	])('rejects %s with 400 bad_request', async (_name, fields, message) => {
		const reply = await send(fields as SendFields);
		expect(reply.status).toBe(400);
		expect(reply.body.error_type).toBe('bad_request');
		expect(reply.body.error).toMatch(message);
		expect(sim.faxes()).toHaveLength(0);
	});

	it('accepts exactly 4 MB and the maximum field lengths', async () => {
		const exact = Buffer.concat([pdf1, Buffer.alloc(4 * 1024 * 1024 - pdf1.length)]);
		const reply = await send({
			file: { bytes: exact, type: 'application/pdf', name: 'exact.pdf' },
			coverNote: 'é'.repeat(500),
			subject: 's'.repeat(200),
			senderCompany: 'c'.repeat(100),
			recipientNumber: '+14165550150',
		});
		expect(reply.status).toBe(200);
	});

	it('rejects a non-multipart body with 400', async () => {
		const reply = await call(`${base}/api/send-fax`, {
			method: 'POST',
			headers: { ...key, 'Content-Type': 'application/json' },
			body: JSON.stringify({ recipientNumber: '+12125550150' }),
		});
		expect(reply.status).toBe(400);
		expect(reply.body.error_type).toBe('bad_request');
	});

	it('answers 402 payment_required when the account is out of credits (control call)', async () => {
		const control = await call(`${sim.url}/_sim/accounts/faxDrop/${FAXDROP_KEYS.primary}`, {
			method: 'POST',
			body: JSON.stringify({ outOfCredits: true }),
		});
		expect(control.body.flags).toEqual({ outOfCredits: true });
		const reply = await send();
		expect(reply.status).toBe(402);
		expect(reply.body).toEqual({
			error: 'Insufficient credits. Please top up your account.',
			error_type: 'payment_required',
			hint: 'Add credits at https://faxdrop.com/pricing.',
			retry_after: 3600,
		});
		expect(sim.faxes()).toHaveLength(0);
	});
});

describe('FaxDrop status', () => {
	it('is documented exactly: queued, sending, completed with pages and completedAt', async () => {
		const { faxId } = (
			await send({ file: { bytes: pdf3, type: 'application/pdf', name: 'a.pdf' } })
		).body;
		const queued = await status(faxId);
		expect(queued.body).toEqual({
			id: faxId,
			status: 'queued',
			recipientNumber: '+12125550150',
			pages: null,
			completedAt: null,
		});
		await sim.advanceClock(5);
		expect((await status(faxId)).body.status).toBe('sending');
		await sim.advanceClock(25);
		expect((await status(faxId)).body).toEqual({
			id: faxId,
			status: 'completed',
			recipientNumber: '+12125550150',
			pages: 3,
			completedAt: new Date(START_MS + 30_000).toISOString(),
		});
	});

	it('answers 404 not_found for another key and for unknown ids', async () => {
		const { faxId } = (await send()).body;
		const foreign = await status(faxId, { 'X-API-Key': FAXDROP_KEYS.other });
		expect(foreign.status).toBe(404);
		expect(foreign.body.error_type).toBe('not_found');
		expect(typeof foreign.body.error).toBe('string');
		expect((await status('fax_doesnotexist')).status).toBe(404);
	});

	it('can be forced to unknown by a control call', async () => {
		const { faxId } = (await send()).body;
		const forced = await call(`${sim.url}/_sim/faxes/${faxId}/force`, {
			method: 'POST',
			body: JSON.stringify({ status: 'unknown' }),
		});
		expect(forced.status).toBe(200);
		await sim.advanceClock(60);
		expect((await status(faxId)).body).toMatchObject({
			status: 'unknown',
			pages: null,
			completedAt: null,
		});
		await sim.forceStatus(faxId, null);
		expect((await status(faxId)).body.status).toBe('completed');
	});
});

describe('FaxDrop rate limits', () => {
	it('sends: 10 per minute with the published headers; a 429 does not consume quota', async () => {
		const minuteReset = String(START_MS / 1000 + 60);
		for (let i = 0; i < 10; i++) {
			const reply = await send();
			expect(reply.status).toBe(200);
			expect(reply.headers.get('x-ratelimit-limit')).toBe('10');
			expect(reply.headers.get('x-ratelimit-remaining')).toBe(String(9 - i));
			expect(reply.headers.get('x-ratelimit-reset')).toBe(minuteReset);
			expect(reply.headers.get('x-ratelimit-limit-hour')).toBe('30');
			expect(reply.headers.get('x-ratelimit-remaining-hour')).toBe(String(29 - i));
			expect(reply.headers.get('x-ratelimit-limit-day')).toBe('500');
			expect(reply.headers.get('x-ratelimit-remaining-day')).toBe(String(499 - i));
			expect(reply.headers.get('x-ratelimit-policy')).toBe('send_fax');
		}
		await sim.advanceClock(18);
		const limited = await send();
		expect(limited.status).toBe(429);
		expect(limited.body).toEqual({
			error: 'Rate limit exceeded. You are allowed 10 requests per minute.',
			error_type: 'rate_limited',
			retry_after: 42,
		});
		expect(limited.headers.get('retry-after')).toBe('42');
		expect((await send()).status).toBe(429);
		expect(sim.faxes()).toHaveLength(10);

		await sim.advanceClock(42);
		const next = await send();
		expect(next.status).toBe(200);
		expect(next.headers.get('x-ratelimit-remaining')).toBe('9');
		// The two 429s did not count: 30 - 11.
		expect(next.headers.get('x-ratelimit-remaining-hour')).toBe('19');
	});

	it('sends: 30 per hour, then 429 until the hour window resets', async () => {
		for (let minute = 0; minute < 3; minute++) {
			for (let i = 0; i < 10; i++) expect((await send()).status).toBe(200);
			await sim.advanceClock(60);
		}
		const limited = await send();
		expect(limited.status).toBe(429);
		expect(limited.body.error).toBe('Rate limit exceeded. You are allowed 30 requests per hour.');
		expect(limited.body.retry_after).toBe(3600 - 180);
		await sim.advanceClock(3600 - 180);
		expect((await send()).status).toBe(200);
	});

	it('validation failures do not consume quota; limits are per key', async () => {
		for (let i = 0; i < 12; i++) expect((await send({ senderEmail: 'nope' })).status).toBe(400);
		const ok = await send();
		expect(ok.headers.get('x-ratelimit-remaining')).toBe('9');
		for (let i = 0; i < 9; i++) await send();
		expect((await send()).status).toBe(429);
		expect((await send({}, { 'X-API-Key': FAXDROP_KEYS.other })).status).toBe(200);
	});

	it('status polls: 60/min bucket with policy status_poll and hour headers (scaled)', async () => {
		sim.configure({ rateLimitScale: 0.05 });
		const { faxId } = (await send()).body;
		for (let i = 0; i < 3; i++) {
			const reply = await status(faxId);
			expect(reply.status).toBe(200);
			expect(reply.headers.get('x-ratelimit-policy')).toBe('status_poll');
			expect(reply.headers.get('x-ratelimit-limit-hour')).toBe('25');
			expect(reply.headers.get('x-ratelimit-remaining-hour')).toBe(String(24 - i));
		}
		const limited = await status(faxId);
		expect(limited.status).toBe(429);
		expect(limited.body.error).toBe('Rate limit exceeded. You are allowed 3 requests per minute.');
		expect(limited.headers.get('retry-after')).toBe('60');
	});

	it('can be switched off', async () => {
		sim.configure({ rateLimits: false });
		for (let i = 0; i < 12; i++) expect((await send()).status).toBe(200);
	});

	it('converts waits to real time when the clock runs faster', async () => {
		// Clock ×10 on a real clock the test moves, 30 virtual seconds into a minute: 2 sends a
		// minute (0.2 × 10), and the window resets in 30 virtual = 3 real seconds.
		let realMs = Date.parse('2026-05-04T08:00:00.000Z');
		const fast = await start({
			speed: 10,
			rateLimitScale: 0.2,
			startTime: START_MS + 30_000,
			realNow: () => realMs,
		});
		try {
			const url = `${fast.baseUrls.faxDrop}/api/send-fax`;
			const sendOne = async () => await call(url, { method: 'POST', headers: key, body: form() });
			expect((await sendOne()).status).toBe(200);
			expect((await sendOne()).status).toBe(200);
			const limited = await sendOne();
			expect(limited.status).toBe(429);
			expect(limited.headers.get('retry-after')).toBe('3');
			expect(limited.body.retry_after).toBe(3);
			expect(Number(limited.headers.get('x-ratelimit-reset'))).toBe(realMs / 1000 + 3);

			realMs += 2_900;
			expect((await sendOne()).status).toBe(429);
			realMs += 100;
			expect((await sendOne()).status).toBe(200);
		} finally {
			await fast.stop();
		}
	});
});
