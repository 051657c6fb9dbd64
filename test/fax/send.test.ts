/**
 * Send + Get Status per provider: the unified item, the status lifecycle on the simulator
 * clock, magic numbers, faxrocks' id lookup, FaxDrop's sender fields, SendFAXMail's
 * Idempotency-Key across Retry On Fail, and sends whose answer is lost.
 */
import type { INodeParameters } from 'n8n-workflow';

import type { NodeRunResult } from '../harness';
import {
	FAXDROP_SENDER,
	NUMBERS,
	PROVIDERS,
	SEND_PATH,
	expectUnifiedFax,
	jsonOf,
	pdfBinary,
	runFax,
	testPdf,
	useFaxEnv,
	type Json,
	type Provider,
} from './helpers';

const env = useFaxEnv();

/** Parameters of a single send; FaxDrop also needs a sender. */
function sendParams(
	provider: Provider,
	toNumber: string,
	extra: INodeParameters = {},
): INodeParameters {
	return { toNumber, ...(provider === 'faxDrop' ? FAXDROP_SENDER : {}), ...extra };
}

async function send(
	provider: Provider,
	toNumber: string,
	pages = 2,
	extra: INodeParameters = {},
): Promise<Json> {
	const result = await runFax(env, {
		provider,
		operation: 'send',
		parameters: sendParams(provider, toNumber, extra),
		items: [{ json: {}, binary: pdfBinary(testPdf(pages)) }],
	});
	expect(result.nodeError).toBeUndefined();
	expect(result.items).toHaveLength(1);
	return result.items[0].json;
}

/** One send to NUMBERS.ok with n8n's Retry On Fail on (3 tries). */
async function sendWithRetryOnFail(provider: Provider): Promise<NodeRunResult> {
	return await runFax(env, {
		provider,
		operation: 'send',
		parameters: sendParams(provider, NUMBERS.ok),
		// (n8n reads waitBetweenTries 0 as 1000 ms; 1 ms keeps the test fast.)
		nodeOptions: { retryOnFail: true, maxTries: 3, waitBetweenTries: 1 },
	});
}

async function getStatus(provider: Provider, faxId: string): Promise<Json> {
	// Include Provider Response: the faxrocks cases read `raw`.
	const result = await runFax(env, {
		provider,
		operation: 'getStatus',
		parameters: { faxId, options: { includeRaw: true } },
	});
	expect(result.nodeError).toBeUndefined();
	expect(result.items).toHaveLength(1);
	const [json] = jsonOf(result.items);
	expectUnifiedFax(json, provider, { raw: true });
	return json;
}

describe.each(PROVIDERS)('%s: send and getStatus', (provider) => {
	it('sends one fax and returns the unified item with its id', async () => {
		const json = await send(provider, '+1 (212) 555-0123');
		expectUnifiedFax(json, provider);
		const faxes = env.sim.faxes({ provider });
		expect(faxes).toHaveLength(1);
		expect(json).toMatchObject({
			provider,
			id: faxes[0].id,
			to: NUMBERS.ok,
			status: 'queued',
			isFinal: false,
			error: null,
		});
		expect(faxes[0].to).toBe(NUMBERS.ok);
		expect(faxes[0].pages).toBe(2);
		// Exactly one upload.
		expect(env.sim.requests({ method: 'POST', path: SEND_PATH[provider] })).toHaveLength(1);
	});

	it('follows the lifecycle on the simulator clock to delivered', async () => {
		const sent = await send(provider, NUMBERS.ok);
		const queued = await getStatus(provider, sent.id);
		expect(queued).toMatchObject({
			id: sent.id,
			status: 'queued',
			isFinal: false,
			completedAt: null,
		});

		await env.sim.advanceClock(10);
		const sending = await getStatus(provider, sent.id);
		// faxrocks reports nothing between queued and final (status null, pages_sent 0).
		expect(sending.status).toBe(provider === 'faxRocks' ? 'queued' : 'sending');
		expect(sending.isFinal).toBe(false);

		await env.sim.advanceClock(25);
		const delivered = await getStatus(provider, sent.id);
		expect(delivered).toMatchObject({
			id: sent.id,
			to: NUMBERS.ok,
			status: 'delivered',
			isFinal: true,
			error: null,
		});
		expect(delivered.pages).toBe(2);
		expect(delivered.pagesSent).toBe(2);
		expect(delivered.completedAt).toEqual(expect.any(String));
		expect(Date.parse(delivered.completedAt)).toBe(Date.parse(env.sim.fax(sent.id)!.completedAt!));
	});

	it('reports a failed fax with the provider error (magic …0111)', async () => {
		const sent = await send(provider, NUMBERS.failed);
		await env.sim.advanceClock(31);
		const failed = await getStatus(provider, sent.id);
		expect(failed).toMatchObject({ status: 'failed', isFinal: true });
		expect(failed.error.message).toMatch(/No answer from the receiving fax machine/);
	});

	it('reports a partial transmission as partial (magic …0122, 3 pages)', async () => {
		const sent = await send(provider, NUMBERS.partial, 3);
		await env.sim.advanceClock(31);
		const partial = await getStatus(provider, sent.id);
		expect(partial).toMatchObject({ status: 'partial', isFinal: true });
		expect(partial.error.message).toMatch(/Transmission interrupted after 2 of 3 pages/);
		if (provider === 'faxRocks') {
			// faxrocks only says status false: partial because pages_sent < pages.
			expect(partial.raw).toMatchObject({ status: false, pages: 3, pages_sent: 2 });
			expect(partial).toMatchObject({ pages: 3, pagesSent: 2 });
		}
	});
});

describe('faxrocks: the send response has no id', () => {
	it('finds the new fax in the list, also among older faxes', async () => {
		env.sim.seed({ provider: 'faxRocks', count: 30 });
		const json = await send('faxRocks', NUMBERS.ok, 2, { options: { includeRaw: true } });
		const created = env.sim.faxes({ provider: 'faxRocks' }).filter((fax) => !fax.seeded);
		expect(created).toHaveLength(1);
		expect(json.id).toBe(created[0].id);
		expect(json.raw.id).toBe(created[0].id);
		// List before and after the send, the send itself without an id in its answer.
		const paths = env.sim.requests().map((request) => `${request.method} ${request.path}`);
		expect(paths).toEqual([
			'GET /faxrocks/api/faxes',
			'POST /faxrocks/api/send',
			'GET /faxrocks/api/faxes',
		]);
	});
});

describe('FaxDrop sender', () => {
	function multipartOfSend(): Json {
		const [request] = env.sim.requests({ method: 'POST', path: SEND_PATH.faxDrop });
		return (request.body as Json).multipart;
	}

	it('uses the node fields', async () => {
		await runFax(env, {
			provider: 'faxDrop',
			operation: 'send',
			parameters: {
				toNumber: NUMBERS.ok,
				senderName: 'Node Sender',
				senderEmail: 'node@clinic.example',
			},
			credentials: {
				faxDropDefaults: { senderName: 'Cred Sender', senderEmail: 'cred@clinic.example' },
			},
		});
		expect(multipartOfSend()).toMatchObject({
			senderName: 'Node Sender',
			senderEmail: 'node@clinic.example',
		});
	});

	it("falls back to the credential's defaults", async () => {
		const result = await runFax(env, {
			provider: 'faxDrop',
			operation: 'send',
			parameters: { toNumber: NUMBERS.ok },
			credentials: {
				faxDropDefaults: { senderName: 'Cred Sender', senderEmail: 'cred@clinic.example' },
			},
		});
		expect(result.nodeError).toBeUndefined();
		expect(multipartOfSend()).toMatchObject({
			recipientNumber: NUMBERS.ok,
			senderName: 'Cred Sender',
			senderEmail: 'cred@clinic.example',
		});
	});

	it('fails clearly before any request when neither has a sender', async () => {
		const result = await runFax(env, {
			provider: 'faxDrop',
			operation: 'send',
			parameters: { toNumber: NUMBERS.ok },
		});
		expect(result.run.status).toBe('error');
		expect(result.nodeError?.name).toBe('NodeOperationError');
		expect(result.nodeError?.message).toMatch(/FaxDrop needs a Sender Name/);
		expect(result.nodeError?.message).toMatch(/senderName/);
		expect((result.nodeError as Json).description).toMatch(/credential/);
		expect(env.sim.requests()).toHaveLength(0);
		expect(env.sim.faxes()).toHaveLength(0);
	});
});

describe('SendFAXMail Idempotency-Key', () => {
	const keysOnWire = () =>
		env.sim
			.requests({ method: 'POST', path: SEND_PATH.sendFaxMail })
			.map((request) => request.headers['idempotency-key']);

	it('is on the wire, derived per execution', async () => {
		await send('sendFaxMail', NUMBERS.ok);
		await send('sendFaxMail', NUMBERS.ok);
		const keys = keysOnWire();
		expect(keys).toHaveLength(2);
		for (const key of keys) expect(key).toMatch(/^n8n-[0-9a-f]{40}$/);
		// Two executions are two faxes.
		expect(keys[0]).not.toBe(keys[1]);
		expect(env.sim.faxes()).toHaveLength(2);
	});

	it('answers lost three times: uncertain, carrying the key; a re-run with it finds the one fax', async () => {
		// The first three uploads reach SendFAXMail but their answers are lost: the node's own
		// retries carry the same key, then the item reports the uncertain outcome with that key
		// (n8n's Retry On Fail does not upload again) ...
		env.sim.addFault({
			method: 'POST',
			path: SEND_PATH.sendFaxMail,
			kind: 'drop-after-accept',
			count: 3,
		});
		const result = await sendWithRetryOnFail('sendFaxMail');
		expect(result.run.status).toBe('success');
		const faxes = env.sim.faxes();
		expect(faxes).toHaveLength(1);
		const keys = keysOnWire();
		expect(keys).toHaveLength(3);
		expect(new Set(keys).size).toBe(1);
		expect(faxes[0].idempotencyKey).toBe(keys[0]);
		const [json] = jsonOf(result.items);
		expectUnifiedFax(json, 'sendFaxMail');
		expect(json).toMatchObject({
			id: null,
			status: 'unknown',
			error: { code: 'OUTCOME_UNCERTAIN' },
		});
		expect(json.error.message).toContain(`"Idempotency Key" to ${keys[0]}`);
		// ... and running again with that key returns the fax instead of sending a second one.
		const again = await runFax(env, {
			provider: 'sendFaxMail',
			operation: 'send',
			parameters: { toNumber: NUMBERS.ok, options: { idempotencyKey: keys[0] } },
		});
		expect(env.sim.faxes()).toHaveLength(1);
		expect(again.items[0].json).toMatchObject({ id: faxes[0].id, status: 'queued', error: null });
	});

	it('repeats the upload after a 500 with the same key', async () => {
		env.sim.addFault({ method: 'POST', path: SEND_PATH.sendFaxMail, kind: '500' });
		const json = await send('sendFaxMail', NUMBERS.ok);
		const keys = keysOnWire();
		expect(keys).toHaveLength(2);
		expect(keys[0]).toBe(keys[1]);
		expect(env.sim.faxes()).toHaveLength(1);
		expect(json.id).toBe(env.sim.faxes()[0].id);
	});

	it("uses the user's own key as is", async () => {
		// An idempotency key is not a secret; a referral number as a user would map it.
		const OWN_KEY = ['referral', '2026', '000123'].join('-');
		const result = await runFax(env, {
			provider: 'sendFaxMail',
			operation: 'send',
			parameters: { toNumber: NUMBERS.ok, options: { idempotencyKey: OWN_KEY } },
		});
		expect(result.run.status).toBe('success');
		expect(keysOnWire()).toEqual([OWN_KEY]);
		// A second run with the same key returns the original fax instead of sending again.
		const again = await runFax(env, {
			provider: 'sendFaxMail',
			operation: 'send',
			parameters: { toNumber: NUMBERS.ok, options: { idempotencyKey: OWN_KEY } },
		});
		expect(env.sim.faxes()).toHaveLength(1);
		expect(again.items[0].json.id).toBe(result.items[0].json.id);
	});
});

describe('a send whose answer is lost is never repeated', () => {
	it('faxrocks: finds the fax in the list instead (one fax, item with its id)', async () => {
		env.sim.addFault({ method: 'POST', path: SEND_PATH.faxRocks, kind: 'drop-after-accept' });
		const result = await sendWithRetryOnFail('faxRocks');
		expect(result.run.status).toBe('success');
		const faxes = env.sim.faxes();
		expect(faxes).toHaveLength(1);
		expect(env.sim.requests({ method: 'POST' })).toHaveLength(1);
		expectUnifiedFax(result.items[0].json, 'faxRocks');
		expect(result.items[0].json).toMatchObject({ id: faxes[0].id, status: 'queued', error: null });
	});

	it('FaxDrop: reports status unknown / OUTCOME_UNCERTAIN and how to check', async () => {
		env.sim.addFault({ method: 'POST', path: SEND_PATH.faxDrop, kind: 'drop-after-accept' });
		const result = await sendWithRetryOnFail('faxDrop');
		expect(result.run.status).toBe('success');
		expect(env.sim.faxes()).toHaveLength(1);
		expect(env.sim.requests({ method: 'POST' })).toHaveLength(1);
		const [json] = jsonOf(result.items);
		expectUnifiedFax(json, 'faxDrop');
		expect(json).toMatchObject({ id: null, to: NUMBERS.ok, status: 'unknown', isFinal: false });
		expect(json.error.code).toBe('OUTCOME_UNCERTAIN');
		expect(json.error.message).toMatch(/not sent again automatically/);
		expect(json.error.message).toMatch(/dashboard or the confirmation email before sending again/);
	});

	it('faxrocks: a 500 on the send is uncertain, not retried', async () => {
		env.sim.addFault({ method: 'POST', path: SEND_PATH.faxRocks, kind: '500' });
		const result = await runFax(env, {
			provider: 'faxRocks',
			operation: 'send',
			parameters: { toNumber: NUMBERS.ok },
		});
		expect(result.run.status).toBe('success');
		expect(env.sim.requests({ method: 'POST' })).toHaveLength(1);
		expect(env.sim.faxes()).toHaveLength(0);
		const [json] = jsonOf(result.items);
		expectUnifiedFax(json, 'faxRocks');
		expect(json).toMatchObject({ status: 'unknown', error: { code: 'OUTCOME_UNCERTAIN' } });
		expect(json.error.message).toMatch(/500/);
		expect(json.error.message).toMatch(/List operation/);
	});

	it('FaxDrop: a 500 on the send is uncertain, not retried', async () => {
		env.sim.addFault({ method: 'POST', path: SEND_PATH.faxDrop, kind: '500' });
		const result = await runFax(env, {
			provider: 'faxDrop',
			operation: 'send',
			parameters: sendParams('faxDrop', NUMBERS.ok),
		});
		expect(result.run.status).toBe('success');
		expect(env.sim.requests({ method: 'POST' })).toHaveLength(1);
		const [json] = jsonOf(result.items);
		expect(json).toMatchObject({ status: 'unknown', error: { code: 'OUTCOME_UNCERTAIN' } });
	});
});

describe('a 500 on a status read is retried', () => {
	it.each(['faxDrop', 'sendFaxMail'] as const)('%s', async (provider) => {
		const sent = await send(provider, NUMBERS.ok);
		env.sim.clearRequests();
		const statusPath = provider === 'faxDrop' ? '/faxdrop/api/v1/fax' : '/sendfaxmail/v1/faxes';
		env.sim.addFault({ method: 'GET', path: statusPath, kind: '500' });
		const json = await getStatus(provider, sent.id);
		expect(json).toMatchObject({ id: sent.id, status: 'queued' });
		const gets = env.sim.requests({ method: 'GET' });
		expect(gets.map((request) => request.status)).toEqual([500, 200]);
	});
});
