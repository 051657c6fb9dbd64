/**
 * A SendFAXMail Idempotency-Key used again in another n8n process (queue mode: a worker killed
 * mid-send, the user re-runs the item with the same `{{ $json.referralId }}`): with Shared
 * State Redis the node knows which fax the key was first sent for, so the provider's replay of
 * that fax is the key doing its job (no error, no second fax), while the same key for another
 * number still fails naming the earlier fax. The store holds hashes only.
 */
import { createClient } from '@redis/client';

import {
	FAX_NODE,
	NUMBERS,
	credentialsFor,
	jsonOf,
	pdfBinary,
	testPdf,
	useFaxEnv,
} from '../fax/helpers';
import { nodeSendMemo as memo, nodeSharedState as shared, useRedisServer } from './nodeModules';
import { Redis } from './redisCredential';

const env = useFaxEnv({}, { credentials: [new Redis()] });
const redis = useRedisServer();
let executions = 0;

/** A send in "another process": nothing of this process's memory is left. */
async function sendInNewProcess(toNumber: string, idempotencyKey: string) {
	shared.forgetProcessState();
	memo.forgetSends();
	return await env.harness.runNode({
		type: FAX_NODE,
		parameters: {
			provider: 'sendFaxMail',
			resource: 'fax',
			operation: 'send',
			toNumber,
			sharedState: 'redis',
			options: { idempotencyKey },
		},
		credentials: { ...credentialsFor(env.sim, 'sendFaxMail'), redis: redis.credential },
		items: [{ json: {}, binary: pdfBinary() }],
		executionId: `key-uses-${++executions}`,
	});
}

const faxIds = () => env.sim.faxes({ provider: 'sendFaxMail' }).map((fax) => fax.id);

describe('SendFAXMail Idempotency-Key across processes (Shared State Redis)', () => {
	it('the same referral re-run 10 minutes later in another process: the original fax, no error', async () => {
		const first = await sendInNewProcess(NUMBERS.ok, 'referral-2231');
		const faxId = jsonOf(first.items)[0].id;
		await env.sim.advanceClock(600);

		const again = await sendInNewProcess(NUMBERS.ok, 'referral-2231');
		expect(again.nodeError).toBeUndefined();
		expect(jsonOf(again.items)[0]).toMatchObject({ id: faxId, error: null });
		expect(faxIds()).toEqual([faxId]);
	});

	it('the same key for another number in another process: fails naming the earlier fax', async () => {
		const first = await sendInNewProcess(NUMBERS.ok, 'referral-2232');
		const faxId = jsonOf(first.items)[0].id as string;
		await env.sim.advanceClock(600);

		const other = await sendInNewProcess(NUMBERS.ok2, 'referral-2232');
		expect(other.nodeError?.message).toContain(`earlier fax (ID ${faxId})`);
		expect(faxIds()).toEqual([faxId]);
	});

	it('another document under the same key, same number: fails too (the earlier fax was another one)', async () => {
		await sendInNewProcess(NUMBERS.ok, 'referral-2233');
		await env.sim.advanceClock(600);
		shared.forgetProcessState();
		memo.forgetSends();
		const other = await env.harness.runNode({
			type: FAX_NODE,
			parameters: {
				provider: 'sendFaxMail',
				resource: 'fax',
				operation: 'send',
				toNumber: NUMBERS.ok,
				sharedState: 'redis',
				options: { idempotencyKey: 'referral-2233' },
			},
			credentials: { ...credentialsFor(env.sim, 'sendFaxMail'), redis: redis.credential },
			items: [{ json: {}, binary: pdfBinary(testPdf(3)) }],
			executionId: `key-uses-${++executions}`,
		});
		expect(other.nodeError?.message).toMatch(/earlier fax \(ID fax_\w+\).*before this send/);
		expect(faxIds()).toHaveLength(1);
	});

	it('Redis holds hashes only: no key, number or document text', async () => {
		await sendInNewProcess(NUMBERS.ok, 'referral-2234');
		const client = createClient({ socket: { host: '127.0.0.1', port: redis.port } });
		await client.connect();
		try {
			const keys = await client.keys('*idempotency:*');
			expect(keys.length).toBeGreaterThan(0);
			const values = await Promise.all(keys.map(async (key) => await client.get(key)));
			const stored = JSON.stringify([keys, values]);
			expect(stored).not.toContain('referral-2234');
			expect(stored).not.toContain(NUMBERS.ok.replace(/\D/g, '').slice(-7));
		} finally {
			await client.quit();
		}
	});
});
