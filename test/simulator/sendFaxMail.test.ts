import type { Simulator } from '../../simulator';
import { SENDFAXMAIL_KEYS } from '../../simulator';
import { START_MS, call, fileServer, jsonInit, pdf1, pdf3, png, start } from './helpers';

let sim: Simulator;
let base: string;
const bearer = (key: string) => ({ Authorization: `Bearer ${key}` });
const business = bearer(SENDFAXMAIL_KEYS.business);
const pdfDocument = { content: pdf1.toString('base64'), content_type: 'application/pdf' };

beforeAll(async () => {
	sim = await start();
	base = sim.baseUrls.sendFaxMail;
});
afterAll(() => sim.stop());
beforeEach(() => sim.reset());

const post = (path: string, body: unknown, headers: Record<string, string> = business) =>
	call(`${base}${path}`, jsonInit('POST', body, headers));
const get = (path: string, headers: Record<string, string> = business) =>
	call(`${base}${path}`, { headers });
const del = (path: string, headers: Record<string, string> = business) =>
	call(`${base}${path}`, { method: 'DELETE', headers });
const sendFax = (
	body: unknown = { to: '+12125550150', document: pdfDocument },
	headers: Record<string, string> = business,
) => post('/v1/faxes', body, headers);

function expectError(
	reply: { status: number; body: { error: { type: string; message: string } } },
	status: number,
	type: string,
) {
	expect(reply.status).toBe(status);
	expect(Object.keys(reply.body)).toEqual(['error']);
	expect(reply.body.error.type).toBe(type);
	expect(typeof reply.body.error.message).toBe('string');
}

describe('SendFAXMail auth, plans and scopes', () => {
	it('answers 401 unauthorized without a key or with an unknown one', async () => {
		expectError(await get('/v1/faxes', {}), 401, 'unauthorized');
		expectError(await get('/v1/faxes', bearer('sfm_live_unknown')), 401, 'unauthorized');
	});

	const routes: Array<[string, string]> = [
		['GET', '/v1/faxes'],
		['POST', '/v1/faxes'],
		['GET', '/v1/faxes/fax_0'],
		['GET', '/v1/numbers'],
		['GET', '/v1/contacts'],
		['POST', '/v1/contacts'],
		['GET', '/v1/contacts/contact_0'],
		['DELETE', '/v1/contacts/contact_0'],
		['GET', '/v1/scheduled'],
		['POST', '/v1/scheduled'],
		['GET', '/v1/scheduled/sched_0'],
		['DELETE', '/v1/scheduled/sched_0'],
	];

	it('answers 403 plan_upgrade_required on every v1 route for a Starter key', async () => {
		for (const [method, path] of routes) {
			const reply = await call(
				`${base}${path}`,
				jsonInit(method, method === 'GET' ? undefined : {}, bearer(SENDFAXMAIL_KEYS.starter)),
			);
			expectError(reply, 403, 'plan_upgrade_required');
		}
	});

	it('answers 403 forbidden when the key lacks the scope', async () => {
		const sendOnly = bearer(SENDFAXMAIL_KEYS.sendOnly);
		const readOnly = bearer(SENDFAXMAIL_KEYS.readOnly);
		expectError(await get('/v1/faxes', sendOnly), 403, 'forbidden');
		expect((await get('/v1/faxes', sendOnly)).body.error.message).toContain('faxes:read');
		expectError(await get('/v1/numbers', sendOnly), 403, 'forbidden');
		expectError(await sendFax(undefined, readOnly), 403, 'forbidden');
		expectError(
			await post('/v1/contacts', { name: 'A', fax_number: '+12125550150' }, readOnly),
			403,
			'forbidden',
		);
		expectError(await post('/v1/scheduled', {}, readOnly), 403, 'forbidden');
		expect((await sendFax(undefined, sendOnly)).status).toBe(201);
		// Keys of one account see the same faxes.
		expect((await get('/v1/faxes', readOnly)).body.total).toBe(1);
		expect(sim.faxes()).toHaveLength(1);
	});

	it('answers 405 method_not_allowed for a wrong method on a known route and 404 for unknown routes', async () => {
		const reply = await call(`${base}/v1/faxes`, { method: 'PUT', headers: business });
		expectError(reply, 405, 'method_not_allowed');
		expect(reply.headers.get('allow')).toBe('GET, POST');
		expectError(
			await call(`${base}/v1/numbers`, { method: 'DELETE', headers: business }),
			405,
			'method_not_allowed',
		);
		expectError(await get('/v1/nothing'), 404, 'not_found');
	});
});

describe('SendFAXMail faxes', () => {
	it('creates a fax: 201 with the fax resource', async () => {
		const reply = await sendFax({
			to: '+12125550150',
			document: { content: pdf3.toString('base64'), content_type: 'application/pdf' },
		});
		expect(reply.status).toBe(201);
		expect(reply.body).toEqual({
			id: expect.stringMatching(/^fax_[0-9a-f]+$/),
			object: 'fax',
			direction: 'outbound',
			to: '+12125550150',
			from: '+12125550100',
			status: 'queued',
			pages: 3,
			error: null,
			created_at: new Date(START_MS).toISOString(),
			sent_at: null,
			completed_at: null,
		});
		const fetched = await get(`/v1/faxes/${reply.body.id}`);
		expect(fetched.status).toBe(200);
		expect(fetched.body).toEqual(reply.body);
		expectError(await get('/v1/faxes/fax_unknown'), 404, 'not_found');
	});

	it.each([
		['no body', undefined, /JSON object/],
		['no to', { document: pdfDocument }, /`to`/],
		['a non-E.164 to', { to: '212-555-0150', document: pdfDocument }, /E\.164/],
		['no document', { to: '+12125550150' }, /document/],
		[
			'both document and document_url',
			{ to: '+12125550150', document: pdfDocument, document_url: 'https://files.example/a.pdf' },
			/not both/,
		],
		[
			'an unsupported content_type',
			{
				to: '+12125550150',
				document: { content: pdf1.toString('base64'), content_type: 'application/msword' },
			},
			/content_type/,
		],
		[
			'bytes that do not match the content_type',
			{
				to: '+12125550150',
				document: { content: png.toString('base64'), content_type: 'application/pdf' },
			},
			/not a valid application\/pdf/,
		],
		[
			'non-base64 content',
			{ to: '+12125550150', document: { content: '***', content_type: 'application/pdf' } },
			/base64/,
		],
		[
			'an http document_url',
			{ to: '+12125550150', document_url: 'http://files.example/a.pdf' },
			/https/,
		],
	])('rejects %s with 400 invalid_request', async (_name, body, message) => {
		const reply =
			body === undefined
				? await call(`${base}/v1/faxes`, {
						method: 'POST',
						headers: { ...business, 'Content-Type': 'application/json' },
						body: 'not json',
					})
				: await sendFax(body);
		expectError(reply, 400, 'invalid_request');
		expect(reply.body.error.message).toMatch(message);
		expect(sim.faxes()).toHaveLength(0);
	});

	it('accepts PNG content and an https document_url (recorded, not fetched, placeholder page count)', async () => {
		const image = await sendFax({
			to: '+12125550150',
			document: { content: png.toString('base64'), content_type: 'image/png' },
		});
		expect(image.status).toBe(201);
		expect(image.body.pages).toBe(1);
		const linked = await sendFax({
			to: '+12125550151',
			document_url: 'https://files.example/referral.pdf',
		});
		expect(linked.status).toBe(201);
		expect(linked.body.pages).toBe(1);
		expect(sim.fax(linked.body.id)?.documentUrl).toBe('https://files.example/referral.pdf');
	});

	it('fetches a local http document_url only when the control flag allows it', async () => {
		const server = await fileServer(pdf3, 'application/pdf');
		try {
			expectError(
				await sendFax({ to: '+12125550150', document_url: server.url }),
				400,
				'invalid_request',
			);
			const config = await call(
				`${sim.url}/_sim/config`,
				jsonInit('POST', { allowLocalDocumentUrls: true }),
			);
			expect(config.body.allowLocalDocumentUrls).toBe(true);
			const reply = await sendFax({ to: '+12125550150', document_url: server.url });
			expect(reply.status).toBe(201);
			expect(reply.body.pages).toBe(3);
			expect(sim.fax(reply.body.id)?.document?.mimeType).toBe('application/pdf');
		} finally {
			await server.close();
		}
	});

	it('lists newest first with page/limit paging; limit must be 1-100', async () => {
		const ids: string[] = [];
		for (let i = 0; i < 3; i++) {
			ids.push((await sendFax()).body.id);
			await sim.advanceClock(1);
		}
		const first = await get('/v1/faxes?limit=2');
		expect(first.body).toMatchObject({ page: 1, limit: 2, total: 3, has_more: true });
		expect(first.body.data.map((fax: { id: string }) => fax.id)).toEqual([ids[2], ids[1]]);
		const second = await get('/v1/faxes?limit=2&page=2');
		expect(second.body).toMatchObject({ page: 2, total: 3, has_more: false });
		expect(second.body.data.map((fax: { id: string }) => fax.id)).toEqual([ids[0]]);
		const defaults = await get('/v1/faxes');
		expect(defaults.body).toMatchObject({ page: 1, limit: 25, total: 3, has_more: false });
		for (const query of ['limit=0', 'limit=101', 'limit=abc', 'page=0', 'page=-1']) {
			expectError(await get(`/v1/faxes?${query}`), 400, 'invalid_request');
		}
	});

	it('answers 422 send_failed when a gate rejects the send (control call) and creates nothing', async () => {
		const control = await call(
			`${sim.url}/_sim/accounts/sendFaxMail/${SENDFAXMAIL_KEYS.business}`,
			jsonInit('POST', { sendGate: 'quota' }),
		);
		expect(control.body.flags).toEqual({ sendGate: 'quota' });
		const reply = await sendFax();
		expectError(reply, 422, 'send_failed');
		expect(reply.body.error.message).toMatch(/quota/i);
		expect(sim.faxes()).toHaveLength(0);
		sim.setAccountFlags('sendFaxMail', SENDFAXMAIL_KEYS.business, { sendGate: null });
		expect((await sendFax()).status).toBe(201);
	});

	it('limits sends to 60 per minute per key with Retry-After and X-RateLimit-*', async () => {
		sim.configure({ rateLimitScale: 0.05 });
		for (let i = 0; i < 3; i++) {
			const reply = await sendFax();
			expect(reply.status).toBe(201);
			expect(reply.headers.get('x-ratelimit-limit')).toBe('3');
			expect(reply.headers.get('x-ratelimit-remaining')).toBe(String(2 - i));
			expect(reply.headers.get('x-ratelimit-reset')).toBe(String(START_MS / 1000 + 60));
		}
		await sim.advanceClock(15);
		const limited = await sendFax();
		expectError(limited, 429, 'rate_limited');
		expect(limited.headers.get('retry-after')).toBe('45');
		expect(limited.headers.get('x-ratelimit-remaining')).toBe('0');
		expect(sim.faxes()).toHaveLength(3);
		// Per key: another key of the same account has its own bucket.
		expect((await sendFax(undefined, bearer(SENDFAXMAIL_KEYS.sendOnly))).status).toBe(201);
		await sim.advanceClock(45);
		expect((await sendFax()).status).toBe(201);
	});

	it('full 60/min limit without scaling', async () => {
		for (let i = 0; i < 60; i++) expect((await sendFax()).status).toBe(201);
		expectError(await sendFax(), 429, 'rate_limited');
	});
});

describe('SendFAXMail idempotency', () => {
	it('replays the original fax for the same Idempotency-Key: 200, same id, one fax', async () => {
		const replayId = 'item-1-recipient-0150';
		const headers = { ...business, 'Idempotency-Key': replayId };
		const first = await sendFax(undefined, headers);
		expect(first.status).toBe(201);
		expect(first.headers.get('idempotent-replayed')).toBeNull();
		await sim.advanceClock(10);
		const again = await sendFax(undefined, headers);
		expect(again.status).toBe(200);
		expect(again.headers.get('idempotent-replayed')).toBe('true');
		expect(again.body.id).toBe(first.body.id);
		expect(again.body.status).toBe('sending');
		expect(sim.faxes({ provider: 'sendFaxMail' })).toHaveLength(1);
		expect(sim.faxes()[0].idempotencyKey).toBe(replayId);

		const other = await sendFax(undefined, { ...business, 'Idempotency-Key': 'item-2' });
		expect(other.status).toBe(201);
		expect(other.body.id).not.toBe(first.body.id);
		// Per API key: the same key string from another API key is a different send.
		const otherApiKey = await sendFax(undefined, {
			...bearer(SENDFAXMAIL_KEYS.sendOnly),
			'Idempotency-Key': replayId,
		});
		expect(otherApiKey.status).toBe(201);
		expect(sim.faxes()).toHaveLength(3);
	});

	it('replays scheduled faxes per route, independently of /v1/faxes', async () => {
		const headers = { ...business, 'Idempotency-Key': 'shared-key' };
		const sendAt = new Date(START_MS + 3600_000).toISOString();
		const body = { to: '+12125550150', document: pdfDocument, send_at: sendAt };
		const first = await post('/v1/scheduled', body, headers);
		const again = await post('/v1/scheduled', body, headers);
		expect(first.status).toBe(201);
		expect(again.status).toBe(200);
		expect(again.headers.get('idempotent-replayed')).toBe('true');
		expect(again.body.id).toBe(first.body.id);
		expect((await get('/v1/scheduled')).body.total).toBe(1);
		expect((await sendFax(undefined, headers)).status).toBe(201);
	});

	it('makes a retry after a dropped connection safe', async () => {
		sim.addFault({ method: 'POST', path: '/sendfaxmail/v1/faxes', kind: 'drop-after-accept' });
		const headers = { ...business, 'Idempotency-Key': 'retry-me' };
		await expect(sendFax(undefined, headers)).rejects.toThrow();
		expect(sim.faxes()).toHaveLength(1);
		const retry = await sendFax(undefined, headers);
		expect(retry.status).toBe(200);
		expect(retry.body.id).toBe(sim.faxes()[0].id);
		expect(sim.faxes()).toHaveLength(1);
	});
});

describe('SendFAXMail scheduled faxes', () => {
	const schedule = (offsetSeconds: number, headers: Record<string, string> = business) =>
		post(
			'/v1/scheduled',
			{
				to: '+12125550150',
				document: pdfDocument,
				send_at: new Date(START_MS + offsetSeconds * 1000).toISOString(),
			},
			headers,
		);

	it('accepts send_at 60 s to 180 days out and rejects anything else', async () => {
		for (const offset of [59, -60, 180 * 86400 + 1])
			expectError(await schedule(offset), 400, 'invalid_request');
		expectError(
			await post('/v1/scheduled', {
				to: '+12125550150',
				document: pdfDocument,
				send_at: '2026-03-02T13:00:00',
			}),
			400,
			'invalid_request',
		);
		expect((await schedule(60)).status).toBe(201);
		const far = await schedule(180 * 86400);
		expect(far.status).toBe(201);
		expect(far.body).toEqual({
			id: expect.stringMatching(/^sched_[0-9a-f]+$/),
			object: 'scheduled_fax',
			to: '+12125550150',
			status: 'pending',
			send_at: new Date(START_MS + 180 * 86400 * 1000).toISOString(),
			fax_id: null,
			created_at: new Date(START_MS).toISOString(),
		});
		expect(sim.faxes()).toHaveLength(0);
	});

	it('cancels a pending scheduled fax (200 canceled) and never sends it', async () => {
		const { id } = (await schedule(600)).body;
		const canceled = await del(`/v1/scheduled/${id}`);
		expect(canceled.status).toBe(200);
		expect(canceled.body).toMatchObject({ id, status: 'canceled', fax_id: null });
		expectError(await del(`/v1/scheduled/${id}`), 409, 'conflict');
		await sim.advanceClock(700);
		expect((await get(`/v1/scheduled/${id}`)).body.status).toBe('canceled');
		expect(sim.faxes()).toHaveLength(0);
	});

	it('dispatches at send_at: status sent with a real fax, and then 409 on cancel', async () => {
		const { id } = (await schedule(120)).body;
		await sim.advanceClock(119);
		expect((await get(`/v1/scheduled/${id}`)).body).toMatchObject({
			status: 'pending',
			fax_id: null,
		});
		await sim.advanceClock(1);
		const sent = (await get(`/v1/scheduled/${id}`)).body;
		expect(sent.status).toBe('sent');
		expect(sent.fax_id).toMatch(/^fax_/);
		const fax = await get(`/v1/faxes/${sent.fax_id}`);
		expect(fax.body).toMatchObject({
			status: 'queued',
			created_at: new Date(START_MS + 120_000).toISOString(),
		});
		const cancel = await del(`/v1/scheduled/${id}`);
		expectError(cancel, 409, 'conflict');
		expect(sim.faxes()).toHaveLength(1);
		await sim.advanceClock(30);
		expect((await get(`/v1/faxes/${sent.fax_id}`)).body.status).toBe('delivered');
	});

	it('fails a due scheduled fax when a send gate is set, creating no fax', async () => {
		const { id } = (await schedule(120)).body;
		sim.setAccountFlags('sendFaxMail', SENDFAXMAIL_KEYS.business, { sendGate: 'baa' });
		await sim.advanceClock(120);
		expect((await get(`/v1/scheduled/${id}`)).body).toMatchObject({
			status: 'failed',
			fax_id: null,
		});
		expect(sim.faxes()).toHaveLength(0);
	});

	it('lists scheduled faxes newest first and 404s unknown ids', async () => {
		const a = (await schedule(300)).body.id;
		await sim.advanceClock(1);
		const b = (await schedule(300)).body.id;
		const list = await get('/v1/scheduled');
		expect(list.body).toMatchObject({ page: 1, limit: 25, total: 2, has_more: false });
		expect(list.body.data.map((row: { id: string }) => row.id)).toEqual([b, a]);
		expectError(await get('/v1/scheduled/sched_nope'), 404, 'not_found');
		expectError(await del('/v1/scheduled/sched_nope'), 404, 'not_found');
	});
});

describe('SendFAXMail contacts and numbers', () => {
	it('creates, lists, retrieves and deletes contacts; fax_number is unique (409)', async () => {
		const created = await post('/v1/contacts', { name: 'Dr. Smith', fax_number: '+12125550150' });
		expect(created.status).toBe(201);
		expect(created.body).toEqual({
			id: expect.stringMatching(/^contact_[0-9a-f]+$/),
			object: 'contact',
			name: 'Dr. Smith',
			fax_number: '+12125550150',
			company: null,
			created_at: new Date(START_MS).toISOString(),
		});
		expectError(
			await post('/v1/contacts', { name: 'Dr. Smith again', fax_number: '+12125550150' }),
			409,
			'conflict',
		);
		await sim.advanceClock(1);
		const second = await post('/v1/contacts', {
			name: 'Lab',
			fax_number: '+12125550151',
			company: 'Sim Labs',
		});
		expect(second.body.company).toBe('Sim Labs');
		const list = await get('/v1/contacts');
		expect(list.body).toMatchObject({ total: 2, page: 1, limit: 25, has_more: false });
		expect(list.body.data.map((c: { id: string }) => c.id)).toEqual([
			second.body.id,
			created.body.id,
		]);
		expect((await get(`/v1/contacts/${created.body.id}`)).body).toEqual(created.body);

		const deleted = await del(`/v1/contacts/${created.body.id}`);
		expect(deleted.status).toBe(200);
		expect(deleted.body).toEqual({ id: created.body.id, deleted: true });
		expectError(await get(`/v1/contacts/${created.body.id}`), 404, 'not_found');
		expectError(await del(`/v1/contacts/${created.body.id}`), 404, 'not_found');
		// The number is free again.
		expect(
			(await post('/v1/contacts', { name: 'Dr. Smith', fax_number: '+12125550150' })).status,
		).toBe(201);
	});

	it('validates contacts with 400 invalid_request', async () => {
		expectError(await post('/v1/contacts', { fax_number: '+12125550150' }), 400, 'invalid_request');
		expectError(
			await post('/v1/contacts', { name: 'X', fax_number: '5550150' }),
			400,
			'invalid_request',
		);
		expectError(
			await post('/v1/contacts', { name: 'X', fax_number: '+12125550150', company: 42 }),
			400,
			'invalid_request',
		);
	});

	it('lists the account number', async () => {
		const reply = await get('/v1/numbers');
		expect(reply.status).toBe(200);
		expect(reply.body).toEqual({
			data: [
				{
					id: expect.stringMatching(/^num_[0-9a-f]+$/),
					object: 'number',
					number: '+12125550100',
					status: 'active',
					created_at: expect.any(String),
				},
			],
		});
	});
});
