/**
 * `outcome` reads every attempt of a send, not only the last one: SendFAXMail sends are
 * repeated by the transport with the same Idempotency-Key, so once an attempt may have reached
 * the provider (a 5xx, a connection dropped after the upload) the item is `sent` or
 * `uncertain`, never `not_sent`, whatever the later attempts answer. A fresh fax whose number
 * the provider spells another way is not a replay. A batch tries every recipient.
 */
import type { INodeParameters } from 'n8n-workflow';

import {
	FAXDROP_SENDER,
	NUMBERS,
	SEND_PATH,
	expectUnifiedFax,
	jsonOf,
	runFax,
	useFaxEnv,
	type Json,
	type Provider,
} from './helpers';

const env = useFaxEnv();
const AS_ITEMS = { failureMode: 'outputItems' };
const THREE = [NUMBERS.ok, NUMBERS.ok2, NUMBERS.ok3];

async function send(provider: Provider, extra: INodeParameters = AS_ITEMS) {
	return await runFax(env, {
		provider,
		operation: 'send',
		parameters: {
			toNumber: NUMBERS.ok,
			...(provider === 'faxDrop' ? FAXDROP_SENDER : {}),
			...extra,
		},
	});
}

async function sendBatch(provider: Provider, extra: INodeParameters = AS_ITEMS) {
	return await runFax(env, {
		provider,
		operation: 'sendBatch',
		parameters: {
			toNumbers: THREE.join(', '),
			...(provider === 'faxDrop' ? FAXDROP_SENDER : {}),
			...extra,
		},
	});
}

function expectUncertain(json: Json): void {
	expectUnifiedFax(json, 'sendFaxMail', { sent: true });
	expect(json).toMatchObject({
		outcome: 'uncertain',
		status: 'unknown',
		error: { code: 'OUTCOME_UNCERTAIN' },
	});
	expect(json.error.message).not.toMatch(/Nothing was sent/);
	expect(json.error.message).not.toMatch(/cancel/i);
}

const CONFLICT = {
	error: { type: 'conflict', message: 'A request with this Idempotency-Key is being processed.' },
};
const INVALID = { error: { type: 'invalid_request', message: 'The request is invalid.' } };

describe('SendFAXMail: an earlier attempt that may have reached the provider decides', () => {
	const path = SEND_PATH.sendFaxMail;

	it('500, then 429 five times: uncertain, not "nothing was sent"', async () => {
		env.sim.addFault({ method: 'POST', path, kind: '500' });
		env.sim.addFault({ method: 'POST', path, kind: '429', retryAfter: 0, count: 5 });
		const result = await send('sendFaxMail');
		expect(result.nodeError).toBeUndefined();
		expect(env.sim.requests({ method: 'POST', path }).map((request) => request.status)).toEqual([
			500, 429, 429, 429, 429, 429,
		]);
		const [json] = jsonOf(result.items);
		expectUncertain(json);
		expect(json.error.message).toMatch(/500/);
		// Every attempt carried the item's key: the message offers it for a safe re-run.
		const key = env.sim.requests({ method: 'POST', path })[0].headers['idempotency-key'];
		expect(json.error.message).toContain(`"Idempotency Key" to ${key}`);
	});

	it('a reset after the upload, then 409: uncertain (the fax exists), no cancel hint', async () => {
		env.sim.addFault({ method: 'POST', path, kind: 'drop-after-accept' });
		env.sim.addFault({ method: 'POST', path, kind: 'answer', status: 409, body: CONFLICT });
		const result = await send('sendFaxMail');
		expect(env.sim.faxes()).toHaveLength(1);
		const [json] = jsonOf(result.items);
		expectUncertain(json);
	});

	it('500, then 400: uncertain', async () => {
		env.sim.addFault({ method: 'POST', path, kind: '500' });
		env.sim.addFault({ method: 'POST', path, kind: 'answer', status: 400, body: INVALID });
		const result = await send('sendFaxMail');
		expect(env.sim.requests({ method: 'POST', path }).map((request) => request.status)).toEqual([
			500, 400,
		]);
		const [json] = jsonOf(result.items);
		expectUncertain(json);
		expect(json.error.message).toMatch(/The request is invalid/);
	});

	it('default mode: the item fails, saying the fax may exist (no "Nothing was sent")', async () => {
		env.sim.addFault({ method: 'POST', path, kind: '500' });
		env.sim.addFault({ method: 'POST', path, kind: 'answer', status: 400, body: INVALID });
		const result = await send('sendFaxMail', {});
		const [json] = jsonOf(result.items);
		// An uncertain send is an item, not an error: it must not be retried blindly.
		expect(json).toMatchObject({ status: 'unknown', error: { code: 'OUTCOME_UNCERTAIN' } });
	});

	it('a 400 on the only attempt stays not_sent', async () => {
		env.sim.addFault({ method: 'POST', path, kind: 'answer', status: 400, body: INVALID });
		const [json] = jsonOf((await send('sendFaxMail')).items);
		expect(json).toMatchObject({ outcome: 'not_sent', status: 'failed' });
		expect(env.sim.requests({ method: 'POST', path })).toHaveLength(1);
	});

	it('a 409 on a send: uncertain (the key may belong to a fax in progress), never the cancel hint', async () => {
		env.sim.addFault({ method: 'POST', path, kind: 'answer', status: 409, body: CONFLICT });
		const [json] = jsonOf((await send('sendFaxMail')).items);
		expectUncertain(json);
		expect(json.error.message).not.toMatch(/scheduled fax/i);
	});
});

describe('SendFAXMail: the number in a fresh answer is compared after normalising both sides', () => {
	it.each(['(212) 555-0123', '2125550123', '+1 212-555-0123'])(
		'a 201 whose to is %p is this fax: sent, to in E.164',
		async (spelled) => {
			env.sim.addFault({
				method: 'POST',
				path: SEND_PATH.sendFaxMail,
				kind: 'patch-json',
				body: { to: spelled },
			});
			const result = await send('sendFaxMail');
			const [fax] = env.sim.faxes();
			const [json] = jsonOf(result.items);
			expect(json).toMatchObject({ outcome: 'sent', id: fax.id, to: NUMBERS.ok, error: null });
			expectUnifiedFax(json, 'sendFaxMail', { sent: true });
		},
	);

	it('an unreadable number on a fax dated before the send: uncertain, not not_sent', async () => {
		env.sim.addFault({
			method: 'POST',
			path: SEND_PATH.sendFaxMail,
			kind: 'patch-json',
			body: { to: 'fax line 0123', created_at: '2020-01-01T00:00:00.000Z' },
		});
		const [json] = jsonOf((await send('sendFaxMail')).items);
		expect(json).toMatchObject({ outcome: 'uncertain', error: { code: 'OUTCOME_UNCERTAIN' } });
		expect(env.sim.faxes()).toHaveLength(1);
	});

	it('another number (both readable): still the replay of another fax, not_sent', async () => {
		env.sim.addFault({
			method: 'POST',
			path: SEND_PATH.sendFaxMail,
			kind: 'patch-json',
			body: { to: '(212) 555-0199' },
		});
		const [json] = jsonOf((await send('sendFaxMail')).items);
		expect(json).toMatchObject({ outcome: 'not_sent', error: { code: 'idempotencyKeyReused' } });
	});
});

describe.each(['faxDrop', 'sendFaxMail'] as const)(
	'%s batch: the first recipient refused does not stop the others',
	(provider) => {
		const refusal =
			provider === 'faxDrop'
				? { error: 'Destination not supported.', error_type: 'invalid_request' }
				: { error: { type: 'invalid_request', message: 'Destination not supported.' } };

		it('recipient 1 refused with 400: 2 and 3 are sent; each item its own outcome', async () => {
			env.sim.addFault({
				method: 'POST',
				path: SEND_PATH[provider],
				kind: 'answer',
				status: 400,
				body: refusal,
			});
			const result = await sendBatch(provider);
			expect(result.nodeError).toBeUndefined();
			expect(env.sim.faxes().map((fax) => fax.to)).toEqual([NUMBERS.ok2, NUMBERS.ok3]);
			const items = jsonOf(result.items);
			expect(items.map((item) => [item.to, item.outcome])).toEqual([
				[NUMBERS.ok, 'not_sent'],
				[NUMBERS.ok2, 'sent'],
				[NUMBERS.ok3, 'sent'],
			]);
			for (const item of items) expectUnifiedFax(item, provider, { sent: true });
			expect(items[0]).toMatchObject({ status: 'failed', id: null });
			expect(items[0].error.message).toMatch(/Destination not supported/);
			expect(items.slice(1).map((item) => item.id)).toEqual(env.sim.faxes().map((fax) => fax.id));
		});

		it('default mode: the sent recipients come out too, the refused one as a failed item', async () => {
			env.sim.addFault({
				method: 'POST',
				path: SEND_PATH[provider],
				kind: 'answer',
				status: 400,
				body: refusal,
			});
			const result = await sendBatch(provider, {});
			expect(result.run.status).toBe('success');
			expect(jsonOf(result.items).map((item) => item.status)).toEqual([
				'failed',
				'queued',
				'queued',
			]);
		});

		it('every recipient refused: each item not_sent with its own error; default mode fails', async () => {
			env.sim.addFault({
				method: 'POST',
				path: SEND_PATH[provider],
				kind: 'answer',
				status: 400,
				body: refusal,
				count: 3,
			});
			const result = await sendBatch(provider);
			expect(env.sim.requests({ method: 'POST', path: SEND_PATH[provider] })).toHaveLength(3);
			const items = jsonOf(result.items);
			expect(items.map((item) => [item.to, item.outcome])).toEqual(
				THREE.map((to) => [to, 'not_sent']),
			);
			env.sim.addFault({
				method: 'POST',
				path: SEND_PATH[provider],
				kind: 'answer',
				status: 400,
				body: refusal,
				count: 3,
			});
			const failed = await sendBatch(provider, {});
			expect(failed.run.status).toBe('error');
			expect(failed.nodeError?.message).toMatch(/Destination not supported/);
		});
	},
);

describe('refused before any request: not_sent', () => {
	it('a rate-limit wait longer than Max Rate Limit Wait, on the first attempt', async () => {
		env.sim.addFault({ method: 'POST', path: SEND_PATH.faxDrop, kind: 'rate-limit-reset' });
		await send('faxDrop');
		const [json] = jsonOf((await send('faxDrop')).items);
		expect(json).toMatchObject({ outcome: 'not_sent', status: 'failed', id: null });
		expect(json.error.message).toMatch(/rate limit: the next request is allowed in/);
		expect(env.sim.requests({ method: 'POST' })).toHaveLength(1);
	});

	it('a number outside the allow-list', async () => {
		const result = await runFax(env, {
			provider: 'faxRocks',
			operation: 'send',
			parameters: { toNumber: NUMBERS.ok, ...AS_ITEMS },
			credentials: { extra: { allowedRecipients: NUMBERS.ok2 } },
		});
		const [json] = jsonOf(result.items);
		expect(json).toMatchObject({ outcome: 'not_sent', status: 'failed', id: null });
		expect(env.sim.requests({ method: 'POST' })).toHaveLength(0);
	});
});
