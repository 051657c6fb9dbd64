/**
 * Send Batch: one document to up to 10 numbers, one output item per recipient.
 */
import type { INodeParameters } from 'n8n-workflow';

import {
	FAXDROP_SENDER,
	NUMBERS,
	PROVIDERS,
	SEND_PATH,
	expectUnifiedFax,
	jsonOf,
	runFax,
	useFaxEnv,
	type Json,
	type Provider,
} from './helpers';

const env = useFaxEnv();

const THREE = [NUMBERS.ok, NUMBERS.ok2, NUMBERS.ok3];

function batchParams(
	provider: Provider,
	toNumbers: unknown,
	extra: INodeParameters = {},
): INodeParameters {
	return {
		toNumbers: toNumbers as string,
		...(provider === 'faxDrop' ? FAXDROP_SENDER : {}),
		...extra,
	};
}

async function sendBatch(provider: Provider, toNumbers: unknown, extra: INodeParameters = {}) {
	return await runFax(env, {
		provider,
		operation: 'sendBatch',
		parameters: batchParams(provider, toNumbers, extra),
	});
}

describe.each(PROVIDERS)('%s: one item per recipient, each with its own id', (provider) => {
	it('sends to three numbers', async () => {
		const result = await sendBatch(provider, THREE.join(', '));
		expect(result.run.status).toBe('success');
		const items = jsonOf(result.items);
		expect(items).toHaveLength(3);
		for (const item of items) expectUnifiedFax(item, provider);
		const faxes = env.sim.faxes();
		expect(faxes.map((fax) => fax.to)).toEqual(THREE);
		expect(items.map((item) => item.to)).toEqual(THREE);
		expect(items.map((item) => item.id)).toEqual(faxes.map((fax) => fax.id));
		expect(new Set(items.map((item) => item.id)).size).toBe(3);
		expect(result.items.map((item) => item.pairedItem)).toEqual([
			{ item: 0 },
			{ item: 0 },
			{ item: 0 },
		]);

		const posts = env.sim.requests({ method: 'POST', path: SEND_PATH[provider] });
		const bodies = posts.map((request) => request.body as Json);
		if (provider === 'faxRocks') {
			// faxrocks batches natively: one request with numbers[].
			expect(posts).toHaveLength(1);
			expect(bodies[0].numbers).toEqual(THREE);
			expect(bodies[0].number).toBeUndefined();
		} else if (provider === 'faxDrop') {
			expect(bodies.map((body) => body.multipart.recipientNumber)).toEqual(THREE);
		} else {
			expect(bodies.map((body) => body.to)).toEqual(THREE);
			const keys = posts.map((request) => request.headers['idempotency-key']);
			expect(new Set(keys).size).toBe(3);
		}
	});

	it('a number listed twice gets two faxes', async () => {
		const result = await sendBatch(provider, [NUMBERS.ok, NUMBERS.ok].join('\n'));
		expect(result.run.status).toBe('success');
		const items = jsonOf(result.items);
		expect(items).toHaveLength(2);
		expect(env.sim.faxes().map((fax) => fax.to)).toEqual([NUMBERS.ok, NUMBERS.ok]);
		expect(new Set(items.map((item) => item.id)).size).toBe(2);
	});

	it('refuses 11 numbers before anything is sent', async () => {
		const eleven = Array.from(
			{ length: 11 },
			(_, index) => `+1212555${String(150 + index).padStart(4, '0')}`,
		);
		const result = await sendBatch(provider, eleven.join('\n'));
		expect(result.run.status).toBe('error');
		expect(result.nodeError?.name).toBe('NodeOperationError');
		expect(result.nodeError?.message).toMatch(/11 fax numbers given; .* at most 10/);
		expect((result.nodeError as Json).description).toMatch(/Nothing was sent/);
		expect(env.sim.requests()).toHaveLength(0);
	});
});

describe('recipient lists', () => {
	it('an array from an expression', async () => {
		const result = await sendBatch('sendFaxMail', '={{ ["+12125550123", "+12125550124"] }}');
		expect(jsonOf(result.items).map((item) => item.to)).toEqual([NUMBERS.ok, NUMBERS.ok2]);
		expect(env.sim.faxes()).toHaveLength(2);
	});

	it('a string with new lines and commas', async () => {
		const result = await sendBatch(
			'faxRocks',
			'+1 212 555 0123\n+1 (212) 555-0124,\n +12125550125 ',
		);
		expect(jsonOf(result.items).map((item) => item.to)).toEqual(THREE);
		const [post] = env.sim.requests({ method: 'POST' });
		expect((post.body as Json).numbers).toEqual(THREE);
	});
});

describe.each(['faxDrop', 'sendFaxMail'] as const)(
	'%s: a recipient that fails after the first was sent does not lose the others',
	(provider) => {
		it('the sent fax keeps its item, the refused ones become failed items', async () => {
			// One send per minute, and no patience for the rate limit: recipients 2 and 3 fail.
			env.sim.configure({ rateLimitScale: provider === 'faxDrop' ? 0.1 : 1 / 60 });
			const result = await sendBatch(provider, THREE.join(','), {
				options: { maxRateLimitWaitSeconds: 0 },
			});
			expect(result.run.status).toBe('success');
			const [first, second, third] = jsonOf(result.items);
			expect(env.sim.faxes()).toHaveLength(1);
			expect(first).toMatchObject({
				id: env.sim.faxes()[0].id,
				to: NUMBERS.ok,
				status: 'queued',
				error: null,
			});
			for (const [item, to] of [
				[second, NUMBERS.ok2],
				[third, NUMBERS.ok3],
			] as const) {
				expectUnifiedFax(item, provider);
				expect(item).toMatchObject({ id: null, to, status: 'failed', isFinal: true });
				expect(item.error.message).toMatch(/rate limit/);
			}
		});
	},
);
