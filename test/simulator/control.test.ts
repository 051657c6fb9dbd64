import type { Simulator } from '../../simulator';
import { FAXDROP_KEYS, FAXROCKS_TOKENS, SENDFAXMAIL_KEYS } from '../../simulator';
import { until } from '../until';
import { START, START_MS, call, jsonInit, pdf1, pdf3, start } from './helpers';

let sim: Simulator;
const rocks = { Authorization: `Bearer ${FAXROCKS_TOKENS.primary}` };
const sfm = { Authorization: `Bearer ${SENDFAXMAIL_KEYS.business}` };

beforeAll(async () => {
	sim = await start();
});
afterAll(() => sim.stop());
beforeEach(() => sim.reset());

const control = (method: string, path: string, body?: unknown) =>
	call(`${sim.url}/_sim${path}`, body === undefined ? { method } : jsonInit(method, body));

function faxDropForm(bytes: Buffer = pdf1): FormData {
	const form = new FormData();
	form.append('recipientNumber', '+12125550150');
	form.append('senderName', 'Sim');
	form.append('senderEmail', 'sim@clinic.example');
	form.append('file', new Blob([bytes], { type: 'application/pdf' }), 'patient-referral.pdf');
	return form;
}
const faxDropSend = () =>
	call(`${sim.baseUrls.faxDrop}/api/send-fax`, {
		method: 'POST',
		headers: { 'X-API-Key': FAXDROP_KEYS.primary },
		body: faxDropForm(),
	});
const sfmSend = () =>
	call(
		`${sim.baseUrls.sendFaxMail}/v1/faxes`,
		jsonInit(
			'POST',
			{
				to: '+12125550150',
				document: { content: pdf1.toString('base64'), content_type: 'application/pdf' },
			},
			sfm,
		),
	);

describe('control API: clock, reset, faxes, config', () => {
	it('exposes base URLs and the clock; advances and changes speed', async () => {
		expect(sim.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
		expect(sim.baseUrls).toEqual({
			faxRocks: `${sim.url}/faxrocks/api`,
			faxDrop: `${sim.url}/faxdrop`,
			sendFaxMail: `${sim.url}/sendfaxmail`,
		});
		const index = await control('GET', '');
		expect(index.body.baseUrls).toEqual(sim.baseUrls);
		expect((await control('GET', '/clock')).body).toMatchObject({ now: START, speed: 0 });
		const advanced = await control('POST', '/clock/advance', { seconds: 90 });
		expect(advanced.body.clock.now).toBe(new Date(START_MS + 90_000).toISOString());
		expect((await control('POST', '/clock/advance', { seconds: -1 })).status).toBe(400);
		expect((await control('POST', '/clock/speed', { speed: 2 })).body.speed).toBe(2);
		expect((await control('POST', '/clock/speed', { speed: 0 })).body.speed).toBe(0);
		expect((await control('POST', '/clock/speed', { speed: 'fast' })).status).toBe(400);
	});

	it('lists every created fax with its internal state and clears everything on reset', async () => {
		await faxDropSend();
		await sfmSend();
		const all = await control('GET', '/faxes');
		expect(all.body.total).toBe(2);
		const faxDrop = await control('GET', '/faxes?provider=faxDrop');
		expect(faxDrop.body.faxes).toHaveLength(1);
		expect(faxDrop.body.faxes[0]).toMatchObject({
			provider: 'faxDrop',
			to: '+12125550150',
			status: 'queued',
			createdAt: START,
			idempotencyKey: null,
		});
		expect((await control('GET', '/faxes?provider=nope')).status).toBe(400);
		await control('POST', '/clock/advance', { seconds: 100 });
		expect((await control('POST', '/reset')).status).toBe(200);
		expect((await control('GET', '/faxes')).body.total).toBe(0);
		expect((await control('GET', '/requests')).body.requests).toHaveLength(0);
		expect((await control('GET', '/clock')).body.now).toBe(START);
	});

	it('answers 404 and 405 for unknown control endpoints and methods', async () => {
		expect((await control('GET', '/nothing')).status).toBe(404);
		expect((await control('GET', '/reset')).status).toBe(405);
	});
});

describe('fault injection', () => {
	it('500: the provider error shape, nothing done, only for `count` requests', async () => {
		const fault = await control('POST', '/faults', {
			method: 'POST',
			path: '/faxdrop/api/send-fax',
			kind: '500',
			count: 2,
		});
		expect(fault.status).toBe(201);
		for (let i = 0; i < 2; i++) {
			const reply = await faxDropSend();
			expect(reply.status).toBe(500);
			expect(reply.body.error_type).toBe('internal_error');
		}
		expect(sim.faxes()).toHaveLength(0);
		expect((await faxDropSend()).status).toBe(200);
		expect((await control('GET', '/faults')).body.faults).toHaveLength(0);
	});

	it('429 with Retry-After in each provider style, consuming no quota', async () => {
		sim.addFault({ path: '/faxdrop', kind: '429', retryAfter: 7 });
		sim.addFault({ path: '/sendfaxmail/v1/faxes', kind: '429', retryAfter: 3 });
		sim.addFault({ path: '/faxrocks/api/send', kind: '429' });
		const drop = await faxDropSend();
		expect(drop.status).toBe(429);
		expect(drop.headers.get('retry-after')).toBe('7');
		expect(drop.body).toMatchObject({ error_type: 'rate_limited', retry_after: 7 });
		const mail = await sfmSend();
		expect(mail.status).toBe(429);
		expect(mail.headers.get('retry-after')).toBe('3');
		expect(mail.body.error.type).toBe('rate_limited');
		const rocksReply = await call(
			`${sim.baseUrls.faxRocks}/send`,
			jsonInit('POST', { number: '+12125550150', data: pdf1.toString('base64') }, rocks),
		);
		expect(rocksReply.status).toBe(429);
		expect(rocksReply.body.message).toBeDefined();
		expect(sim.faxes()).toHaveLength(0);
		expect((await faxDropSend()).headers.get('x-ratelimit-remaining')).toBe('9');
	});

	it('slow: answers correctly after the delay', async () => {
		sim.addFault({ method: 'GET', path: '/faxrocks/api/user', kind: 'slow', delayMs: 300 });
		const started = Date.now();
		const reply = await call(`${sim.baseUrls.faxRocks}/user`, { headers: rocks });
		expect(Date.now() - started).toBeGreaterThanOrEqual(290);
		expect(reply.status).toBe(200);
		expect(reply.body.id).toBe(1);
	});

	it('hold: nothing is done until released, then the normal answer', async () => {
		sim.addFault({ method: 'POST', path: '/faxdrop/api/send-fax', kind: 'hold' });
		const pending = faxDropSend();
		await until(() => sim.requests({ provider: 'faxDrop' }).length === 1);
		expect(sim.faxes()).toHaveLength(0);
		expect(sim.requests({ provider: 'faxDrop' })[0]).toMatchObject({ fault: 'hold', status: null });
		expect((await control('POST', '/faults/release')).body).toEqual({ released: 1 });
		const reply = await pending;
		expect(reply.status).toBe(200);
		expect(sim.faxes({ provider: 'faxDrop' })).toHaveLength(1);
		expect(sim.releaseHeld()).toBe(0);
	});

	it('drop-after-accept: the fax is created but the client sees a socket error', async () => {
		sim.addFault({ method: 'POST', path: '/faxdrop/api/send-fax', kind: 'drop-after-accept' });
		await expect(faxDropSend()).rejects.toThrow(/fetch failed/);
		expect(sim.faxes({ provider: 'faxDrop' })).toHaveLength(1);
		const [logged] = sim.requests({ provider: 'faxDrop' });
		expect(logged).toMatchObject({ fault: 'drop-after-accept', status: null });
	});

	it('drop-before-accept: nothing is created and the client sees a socket error', async () => {
		sim.addFault({ method: 'POST', path: '/faxrocks/api/send', kind: 'drop-before-accept' });
		await expect(
			call(
				`${sim.baseUrls.faxRocks}/send`,
				jsonInit('POST', { number: '+12125550150', data: pdf1.toString('base64') }, rocks),
			),
		).rejects.toThrow(/fetch failed/);
		expect(sim.faxes()).toHaveLength(0);
		const listed = await call(`${sim.baseUrls.faxRocks}/faxes`, { headers: rocks });
		expect(listed.body.meta.total).toBe(0);
	});

	it('matches by method and route pattern', async () => {
		const id = (await sfmSend()).body.id;
		sim.addFault({ method: 'GET', path: '/sendfaxmail/v1/faxes/{id}', kind: '500' });
		expect((await sfmSend()).status).toBe(201);
		expect((await call(`${sim.baseUrls.sendFaxMail}/v1/faxes`, { headers: sfm })).status).toBe(200);
		const faulted = await call(`${sim.baseUrls.sendFaxMail}/v1/faxes/${id}`, { headers: sfm });
		expect(faulted.status).toBe(500);
		expect(faulted.body.error.type).toBe('internal_error');
		expect(
			(await call(`${sim.baseUrls.sendFaxMail}/v1/faxes/${id}`, { headers: sfm })).status,
		).toBe(200);
	});

	it('redirect: the status and Location chosen, nothing done', async () => {
		sim.addFault({
			path: '/faxdrop/api/send-fax',
			kind: 'redirect',
			status: 307,
			location: 'https://elsewhere.example.invalid/collect',
		});
		sim.addFault({ path: '/sendfaxmail/v1/faxes', kind: 'redirect' });
		const drop = await fetch(`${sim.baseUrls.faxDrop}/api/send-fax`, {
			method: 'POST',
			headers: { 'X-API-Key': FAXDROP_KEYS.primary },
			body: faxDropForm(),
			redirect: 'manual',
		});
		expect(drop.status).toBe(307);
		expect(drop.headers.get('location')).toBe('https://elsewhere.example.invalid/collect');
		const mail = await fetch(`${sim.baseUrls.sendFaxMail}/v1/faxes`, {
			...jsonInit('POST', { to: '+12125550150' }, sfm),
			redirect: 'manual',
		});
		expect(mail.status).toBe(302);
		expect(mail.headers.get('location')).toBe('https://login.example.invalid/sso');
		expect(sim.faxes()).toHaveLength(0);
		expect(sim.requests().map((entry) => [entry.fault, entry.status])).toEqual([
			['redirect', 307],
			['redirect', 302],
		]);
	});

	it('answer: the status and JSON body given, nothing done; also through the control API', async () => {
		sim.addFault({
			path: '/faxdrop/api/send-fax',
			kind: 'answer',
			status: 400,
			body: { error: { message: 'Destination not supported.' } },
		});
		const drop = await faxDropSend();
		expect(drop.status).toBe(400);
		expect(drop.body).toEqual({ error: { message: 'Destination not supported.' } });
		const added = await control('POST', '/faults', {
			path: '/sendfaxmail/v1/faxes',
			kind: 'answer',
			status: 409,
			body: { error: { type: 'conflict', message: 'Conflict.' } },
		});
		expect(added.status).toBe(201);
		expect((await sfmSend()).status).toBe(409);
		expect(sim.faxes()).toHaveLength(0);
		expect((await control('POST', '/faults', { path: '/x', kind: 'answer', status: 200 })).status).toBe(
			400,
		);
	});

	it('patch-json: the fax exists, the answer carries the fields set', async () => {
		sim.addFault({ path: '/sendfaxmail/v1/faxes', kind: 'patch-json', body: { to: '2125550150' } });
		const reply = await sfmSend();
		expect(reply.status).toBe(201);
		expect(reply.body).toMatchObject({ to: '2125550150', object: 'fax' });
		expect(sim.faxes()).toHaveLength(1);
		expect(sim.faxes()[0].to).toBe('+12125550150');
	});

	it('html-200: a sign-in page with 200, nothing done', async () => {
		sim.addFault({ path: '/sendfaxmail/v1/faxes', kind: 'html-200' });
		const reply = await sfmSend();
		expect(reply.status).toBe(200);
		expect(reply.headers.get('content-type')).toMatch(/^text\/html/);
		expect(reply.bytes.toString('utf8')).toMatch(/^<!DOCTYPE html>/);
		expect(sim.faxes()).toHaveLength(0);
	});

	it('truncated-json: the fax exists, the answer is half a JSON document', async () => {
		sim.addFault({ path: '/sendfaxmail/v1/faxes', kind: 'truncated-json' });
		const response = await fetch(
			`${sim.baseUrls.sendFaxMail}/v1/faxes`,
			jsonInit(
				'POST',
				{
					to: '+12125550150',
					document: { content: pdf1.toString('base64'), content_type: 'application/pdf' },
				},
				sfm,
			),
		);
		expect(response.status).toBe(201);
		const text = await response.text();
		expect(text.startsWith('{')).toBe(true);
		expect(() => JSON.parse(text)).toThrow();
		expect(sim.faxes()).toHaveLength(1);
	});

	it('hang: the fax exists, no answer until the client gives up', async () => {
		sim.addFault({ path: '/faxdrop/api/send-fax', kind: 'hang' });
		const outcome = await fetch(`${sim.baseUrls.faxDrop}/api/send-fax`, {
			method: 'POST',
			headers: { 'X-API-Key': FAXDROP_KEYS.primary },
			body: faxDropForm(),
			signal: AbortSignal.timeout(300),
		}).then(
			() => 'answered',
			(error: Error) => error.name,
		);
		expect(outcome).toBe('TimeoutError');
		expect(sim.faxes()).toHaveLength(1);
		expect(sim.requests()[0]).toMatchObject({ fault: 'hang', status: null });
	});

	it('429 with Retry-After 0 and a far reset; rate-limit-reset on a normal answer', async () => {
		sim.addFault({
			path: '/sendfaxmail/v1/faxes',
			kind: '429',
			retryAfter: 0,
			resetSeconds: 86400,
		});
		const refused = await sfmSend();
		expect(refused.status).toBe(429);
		expect(refused.headers.get('retry-after')).toBe('0');
		expect(refused.headers.get('x-ratelimit-remaining')).toBe('0');
		expect(Number(refused.headers.get('x-ratelimit-reset'))).toBeGreaterThanOrEqual(
			Math.floor(sim.now().getTime() / 1000) + 86399,
		);
		sim.addFault({ path: '/faxdrop/api/send-fax', kind: 'rate-limit-reset', window: 'day' });
		const accepted = await faxDropSend();
		expect(accepted.status).toBe(200);
		expect(accepted.headers.get('x-ratelimit-remaining-day')).toBe('0');
		expect(Number(accepted.headers.get('x-ratelimit-reset-day'))).toBeGreaterThan(
			Math.floor(sim.now().getTime() / 1000) + 364 * 86400,
		);
		expect(sim.faxes()).toHaveLength(1);
	});

	it('rejects invalid fault specs with 400', async () => {
		expect((await control('POST', '/faults', { path: '/faxdrop', kind: 'explode' })).status).toBe(
			400,
		);
		expect((await control('POST', '/faults', { path: 'faxdrop', kind: '500' })).status).toBe(400);
		expect(
			(await control('POST', '/faults', { path: '/faxdrop', kind: '500', count: 0 })).status,
		).toBe(400);
		expect(
			(await control('POST', '/faults', { path: '/faxdrop', kind: 'redirect', status: 200 }))
				.status,
		).toBe(400);
		expect(
			(await control('POST', '/faults', { path: '/faxdrop', kind: '429', window: 'week' })).status,
		).toBe(400);
	});
});

describe('request log', () => {
	it('records requests in order with redacted credentials and never any document bytes', async () => {
		const rocksBase64 = pdf3.toString('base64');
		await call(
			`${sim.baseUrls.faxRocks}/send`,
			jsonInit('POST', { number: '+12125550150', data: rocksBase64 }, rocks),
		);
		await faxDropSend();
		await sfmSend();
		await call(`${sim.baseUrls.faxRocks}/faxes?perPage=5`, { headers: rocks });

		const all = (await control('GET', '/requests')).body.requests;
		expect(
			all.map(
				(entry: { provider: string; method: string; path: string }) =>
					`${entry.provider} ${entry.method} ${entry.path}`,
			),
		).toEqual([
			'faxRocks POST /faxrocks/api/send',
			'faxDrop POST /faxdrop/api/send-fax',
			'sendFaxMail POST /sendfaxmail/v1/faxes',
			'faxRocks GET /faxrocks/api/faxes',
		]);
		const [rocksSend, dropSend, mailSend, rocksList] = all;
		expect(rocksSend.body.data).toEqual({
			bytes: pdf3.length,
			sha256: expect.stringMatching(/^[0-9a-f]{64}$/),
			mimeType: 'application/pdf',
		});
		expect(rocksSend.body.number).toBe('+12125550150');
		expect(rocksSend.headers.authorization).toBe('Bearer sim_faxr…');
		expect(rocksSend.status).toBe(201);
		expect(rocksSend.at).toBe(START);
		expect(dropSend.headers['x-api-key']).toBe('fd_live_…');
		expect(dropSend.body.multipart.file).toMatchObject({
			bytes: pdf1.length,
			mimeType: 'application/pdf',
			filename: 'patient-referral.pdf',
		});
		expect(dropSend.body.multipart.recipientNumber).toBe('+12125550150');
		expect(mailSend.body.document.content).toMatchObject({
			bytes: pdf1.length,
			mimeType: 'application/pdf',
		});
		expect(mailSend.body.document.content_type).toBe('application/pdf');
		expect(rocksList.query).toEqual({ perPage: '5' });

		const serialized = JSON.stringify(all);
		expect(serialized).not.toContain(rocksBase64.slice(0, 40));
		expect(serialized).not.toContain(pdf1.toString('base64').slice(0, 40));
		expect(serialized).not.toContain('%PDF');
		expect(serialized).not.toContain(FAXDROP_KEYS.primary);
		expect(serialized).not.toContain(SENDFAXMAIL_KEYS.business);

		expect(
			(await control('GET', '/requests?provider=faxRocks&method=GET')).body.requests,
		).toHaveLength(1);
		expect((await control('GET', '/requests?path=/faxdrop')).body.requests).toHaveLength(1);
		await control('DELETE', '/requests');
		expect((await control('GET', '/requests')).body.requests).toHaveLength(0);
		expect(sim.faxes()).toHaveLength(3);
	});

	it('summarizes a document sent under an unexpected JSON field too', async () => {
		const hidden = pdf3.toString('base64');
		await call(
			`${sim.baseUrls.faxRocks}/send`,
			jsonInit('POST', { number: '+12125550150', file: hidden }, rocks),
		);
		expect(JSON.stringify(sim.requests())).not.toContain(hidden.slice(0, 40));
	});
});

describe('seeding', () => {
	// How fast seeding is (10 000 in well under a second) is measured by `npm run bench`.
	it('creates 10 000 historic faxes, newest first and paginated', async () => {
		const seeded = await control('POST', '/seed', { provider: 'faxRocks', count: 10000 });
		expect(seeded.status).toBe(201);
		expect(seeded.body).toMatchObject({ provider: 'faxRocks', created: 10000 });
		expect(typeof seeded.body.tookMs).toBe('number');

		const first = await call(`${sim.baseUrls.faxRocks}/faxes?perPage=1000`, { headers: rocks });
		expect(first.body.meta).toMatchObject({ total: 10000, last_page: 10, per_page: 1000 });
		const last = await call(`${sim.baseUrls.faxRocks}/faxes?perPage=1000&page=10`, {
			headers: rocks,
		});
		expect(last.body.data).toHaveLength(1000);
		const newestOfLast = last.body.data[0].created_at;
		const oldestOfFirst = first.body.data[999].created_at;
		expect(oldestOfFirst > newestOfLast).toBe(true);
		const statuses = first.body.data.map((row: { status: boolean | null }) => row.status);
		expect(statuses).not.toContain(null);
		expect(statuses.filter((status: boolean) => status).length).toBeGreaterThan(800);
		expect(statuses).toContain(false);

		// A new fax is the newest.
		await call(
			`${sim.baseUrls.faxRocks}/send`,
			jsonInit('POST', { number: '+12125550150', data: pdf1.toString('base64') }, rocks),
		);
		const top = await call(`${sim.baseUrls.faxRocks}/faxes?perPage=1`, { headers: rocks });
		expect(top.body.data[0].status).toBeNull();
		expect(top.body.meta.total).toBe(10001);
	});

	it('seeds SendFAXMail and FaxDrop accounts without webhooks', async () => {
		expect(sim.seed({ provider: 'sendFaxMail', count: 50 }).created).toBe(50);
		expect(sim.seed({ provider: 'faxDrop', count: 5, key: FAXDROP_KEYS.other }).created).toBe(5);
		const list = await call(`${sim.baseUrls.sendFaxMail}/v1/faxes?limit=100`, { headers: sfm });
		expect(list.body.total).toBe(50);
		expect(new Set(list.body.data.map((fax: { status: string }) => fax.status))).toEqual(
			new Set(['delivered', 'failed']),
		);
		expect(sim.webhookDeliveries()).toHaveLength(0);
		expect((await control('POST', '/seed', { provider: 'faxRocks', count: 0 })).status).toBe(400);
		expect(
			(await control('POST', '/seed', { provider: 'faxDrop', count: 1, key: FAXDROP_KEYS.revoked }))
				.status,
		).toBe(400);
	});
});

describe('request log of small documents', () => {
	it('summarizes even a tiny base64 document under any JSON field', async () => {
		const tiny = Buffer.from('%PDF-1.4\n1 0 obj<< /Type /Page >>endobj\n%%EOF').toString('base64');
		await call(
			`${sim.baseUrls.faxRocks}/send`,
			jsonInit('POST', { number: '+12125550150', attachment: tiny }, rocks),
		);
		const [entry] = sim.requests();
		expect(entry.body).toMatchObject({
			attachment: { mimeType: 'application/pdf', redacted: 'document' },
		});
		expect(JSON.stringify(entry)).not.toContain(tiny);
	});
});
