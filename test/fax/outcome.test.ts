/**
 * What every Send / Send Batch / Schedule item says about the fax: `outcome` (sent, not_sent,
 * uncertain), the `audit` record, `raw` only with Include Provider Response, and the "Failed
 * Sends: Output as Item With Outcome" mode in which failures arrive as normal items.
 */
import { createHash } from 'node:crypto';

import type { INodeParameters } from 'n8n-workflow';

import { buildFaxDocument } from '../../nodes/Fax/document';
import { SIM_KEYS } from '../../simulator';
import type { NodeRunResult } from '../harness';
import {
	AUDIT_KEYS,
	FAXDROP_SENDER,
	NUMBERS,
	PROVIDERS,
	SEND_PATH,
	expectUnifiedFax,
	jsonOf,
	runFax,
	testPdf,
	useFaxEnv,
	type Provider,
} from './helpers';

const env = useFaxEnv();
const AS_ITEMS = { failureMode: 'outputItems' };

async function send(
	provider: Provider,
	extra: INodeParameters = {},
	nodeOptions = {},
): Promise<NodeRunResult> {
	return await runFax(env, {
		provider,
		operation: 'send',
		parameters: {
			toNumber: NUMBERS.ok,
			...(provider === 'faxDrop' ? FAXDROP_SENDER : {}),
			...extra,
		},
		nodeOptions,
		executionId: 'exec-audit-1',
	});
}

describe.each(PROVIDERS)('%s: outcome, audit and raw of a send', (provider) => {
	it('a sent fax: outcome sent and an audit record of the uploaded document, no raw', async () => {
		const result = await send(provider);
		expect(result.nodeError).toBeUndefined();
		const [json] = jsonOf(result.items);
		expectUnifiedFax(json, provider, { sent: true });
		expect(json.outcome).toBe('sent');
		expect(json).not.toHaveProperty('raw');
		const [fax] = env.sim.faxes();
		expect(Object.keys(json.audit).sort()).toEqual(AUDIT_KEYS);
		// FaxDrop keeps no document; the test PDF goes out rebuilt from its pages.
		const pdf = await uploaded(testPdf());
		expect(json.audit).toMatchObject({
			documentSha256: fax.document?.sha256 ?? createHash('sha256').update(pdf).digest('hex'),
			documentBytes: fax.document?.bytes ?? pdf.length,
			pages: 2,
			coverPage: false,
			to: '+*******0123',
			provider,
			faxId: json.id,
			executionId: 'exec-audit-1',
			node: 'Fax',
		});
		expect(Date.parse(json.audit.requestedAt)).not.toBeNaN();
		if (provider === 'sendFaxMail') {
			expect(json.audit.idempotencyKey).toBe(fax.idempotencyKey);
		} else {
			expect(json.audit.idempotencyKey).toBeNull();
		}
	});

	it('Include Provider Response adds raw', async () => {
		const result = await send(provider, { options: { includeRaw: true } });
		const [json] = jsonOf(result.items);
		expectUnifiedFax(json, provider, { sent: true, raw: true });
	});

	it('Failed Sends as items: a refusal before upload is a normal item, outcome not_sent', async () => {
		const result = await send(provider, { toNumber: '12345', ...AS_ITEMS });
		expect(result.nodeError).toBeUndefined();
		expect(result.items).toHaveLength(1);
		expect(result.items[0].error).toBeUndefined();
		const [json] = jsonOf(result.items);
		expectUnifiedFax(json, provider, { sent: true });
		expect(json).toMatchObject({ outcome: 'not_sent', status: 'failed', id: null });
		expect(json.error.message).toMatch(/toNumber/);
		expect(env.sim.requests({ method: 'POST' })).toHaveLength(0);
	});

	it('Failed Sends as items: an answer lost after the provider accepted is uncertain', async () => {
		const count = provider === 'sendFaxMail' ? 3 : 1;
		env.sim.addFault({
			method: 'POST',
			path: SEND_PATH[provider],
			kind: 'drop-after-accept',
			count,
		});
		const result = await send(provider, AS_ITEMS);
		expect(result.nodeError).toBeUndefined();
		const [json] = jsonOf(result.items);
		// faxrocks finds the accepted fax in its list: that one is sent, not uncertain.
		expect(json.outcome).toBe(provider === 'faxRocks' ? 'sent' : 'uncertain');
		if (provider !== 'faxRocks') expect(json.status).toBe('unknown');
		expect(env.sim.faxes()).toHaveLength(1);
	});
});

/** The PDF the node uploads for `pdf`: every PDF is rebuilt from what its pages show. */
async function uploaded(pdf: Buffer): Promise<Buffer> {
	const built = await buildFaxDocument([{ data: pdf, propertyName: 'data' }], {
		target: 'asIs',
		pageSize: 'Letter',
		providerName: 'any',
		itemIndex: 0,
		removeHiddenContent: true,
	});
	return built.data;
}

describe('outcome of provider refusals', () => {
	it('FaxDrop out of credits (402): not_sent, as an item', async () => {
		env.sim.setAccountFlags('faxDrop', SIM_KEYS.faxDrop.primary, { outOfCredits: true });
		const result = await send('faxDrop', AS_ITEMS);
		expect(result.nodeError).toBeUndefined();
		const [json] = jsonOf(result.items);
		expect(json).toMatchObject({ outcome: 'not_sent', status: 'failed', to: NUMBERS.ok });
		expect(json.error.message).toMatch(/Insufficient credits/);
		expect(json.audit.documentSha256).toBe(
			createHash('sha256')
				.update(await uploaded(testPdf()))
				.digest('hex'),
		);
		expect(env.sim.faxes()).toHaveLength(0);
	});

	it('SendFAXMail gate (422 send_failed): not_sent', async () => {
		env.sim.setAccountFlags('sendFaxMail', SIM_KEYS.sendFaxMail.business, { sendGate: 'quota' });
		const result = await send('sendFaxMail', AS_ITEMS);
		const [json] = jsonOf(result.items);
		expect(json).toMatchObject({ outcome: 'not_sent', status: 'failed' });
		expect(json.error.code).toBe('422');
	});

	it('faxrocks 500 on the send: uncertain (not retried)', async () => {
		env.sim.addFault({ method: 'POST', path: SEND_PATH.faxRocks, kind: '500' });
		const [json] = jsonOf((await send('faxRocks', AS_ITEMS)).items);
		expect(json).toMatchObject({ outcome: 'uncertain', status: 'unknown' });
		expect(env.sim.requests({ method: 'POST' })).toHaveLength(1);
	});

	it('default mode: the item fails as before, and n8n reduces an error item to its message', async () => {
		env.sim.setAccountFlags('faxDrop', SIM_KEYS.faxDrop.primary, { outOfCredits: true });
		const failed = await send('faxDrop');
		expect(failed.nodeError?.message).toMatch(/Insufficient credits/);
		// Why the "Failed Sends" mode exists: Continue On Fail keeps only `error`.
		const continued = await send('faxDrop', {}, { continueOnFail: true });
		expect(continued.nodeError).toBeUndefined();
		expect(Object.keys(continued.items[0].json)).toEqual(['error']);
	});

	it('Failed Sends as items: a status check failing during the wait keeps the sent fax (outcome sent)', async () => {
		env.sim.addFault({
			method: 'GET',
			path: '/sendfaxmail/v1/faxes/{id}',
			kind: '500',
			count: 3,
		});
		const result = await send('sendFaxMail', {
			...AS_ITEMS,
			options: { waitForCompletion: true, timeoutSeconds: 60 },
		});
		expect(result.nodeError).toBeUndefined();
		const [json] = jsonOf(result.items);
		expect(json).toMatchObject({ outcome: 'sent', id: env.sim.faxes()[0].id });
		expect(json.error.code).toBe('STATUS_CHECK_FAILED');
		expect(env.sim.faxes()).toHaveLength(1);
	});

	it('Send Batch: every item carries outcome and its own audit', async () => {
		const result = await runFax(env, {
			provider: 'sendFaxMail',
			operation: 'sendBatch',
			parameters: { toNumbers: `${NUMBERS.ok}, ${NUMBERS.ok2}` },
		});
		const items = jsonOf(result.items);
		expect(items.map((item) => item.outcome)).toEqual(['sent', 'sent']);
		expect(items.map((item) => item.audit.to)).toEqual(['+*******0123', '+*******0124']);
		const keys = items.map((item) => item.audit.idempotencyKey);
		expect(new Set(keys).size).toBe(2);
		// The per-recipient key is on the wire, and holds no fax number.
		for (const key of keys) expect(key).not.toMatch(/212555/);
		expect(
			env.sim
				.faxes()
				.map((fax) => fax.idempotencyKey)
				.sort(),
		).toEqual([...keys].sort());
	});
});
