/**
 * The send memo (what a re-run of the same item reports instead of sending again) lives for a
 * day in the shared store, with Shared State = Redis in a Redis other systems may read: it is
 * sealed with a key derived from the provider credential, and holds no full fax number, no
 * document and no free text even inside. A re-run in another process rebuilds
 * the item from it (the full number from the item's own parameters); a re-run in this process
 * (n8n's Retry On Fail) also gets the provider's answer back for Include Provider Response.
 * Nothing else written during the send (keys included, even short-lived locks) names a number.
 */
import { createClient } from '@redis/client';
import type { INodeParameters } from 'n8n-workflow';

import type { NodeOptions } from '../harness';
import {
	FAXDROP_SENDER,
	FAX_NODE,
	MARKER,
	NUMBERS,
	PROVIDERS,
	base64Probes,
	credentialsFor,
	jsonOf,
	pdfBinary,
	testPdf,
	until,
	useFaxEnv,
	type Json,
	type Provider,
} from '../fax/helpers';
import { nodeSendMemo as memo, nodeSharedState as shared } from './nodeModules';
import { Redis } from './redisCredential';
import { startRedisServer, type RedisServer } from './redisServer';

const env = useFaxEnv({}, { credentials: [new Redis()] });
let redis: RedisServer;
let reader: ReturnType<typeof createClient>;
let listener: ReturnType<typeof createClient>;
/** Every key written or deleted, in order, from Redis' keyspace notifications. */
const touched: string[] = [];
let executions = 0;
let markers = 0;

beforeAll(async () => {
	redis = await startRedisServer();
	reader = createClient({ socket: { host: '127.0.0.1', port: redis.port } });
	await reader.connect();
	await reader.configSet('notify-keyspace-events', 'KA');
	listener = reader.duplicate();
	await listener.connect();
	await listener.pSubscribe('__keyspace@0__:*', (_event, channel) => {
		touched.push(channel.slice('__keyspace@0__:'.length));
	});
});

afterAll(async () => {
	await listener?.quit();
	await reader?.quit();
	await shared.closeSharedStores();
	await redis?.stop();
});

beforeEach(async () => {
	await reader.flushAll();
	await keysTouched();
});

/**
 * The keys written or deleted since the last call, short-lived ones (send locks) included. A
 * marker key written now is announced after all of them.
 */
async function keysTouched(): Promise<string[]> {
	const marker = `test:marker:${++markers}`;
	await reader.set(marker, '1');
	await until(() => touched.includes(marker), 30_000, 'the keyspace notice of the marker');
	return touched.splice(0).filter((key) => !key.startsWith('test:marker:'));
}

/** Free text a user typed: it may be patient data. */
const FREE_TEXT = 'Rowan Example, DOB 1970-01-01';
const DOCUMENT = testPdf(1);

/** Every key this package wrote to Redis, with its value. */
async function redisContents(): Promise<Record<string, string | null>> {
	const keys = await reader.keys('n8n-nodes-fax:*');
	const values = await Promise.all(keys.map(async (key) => await reader.get(key)));
	return Object.fromEntries(keys.map((key, index) => [key, values[index]]));
}

/** One Send Batch item to two numbers; the same execution and node every time it is called. */
function sendBatch(provider: Provider) {
	const executionId = `memo-${++executions}`;
	const parameters: INodeParameters = {
		provider,
		resource: 'fax',
		operation: 'sendBatch',
		toNumbers: `${NUMBERS.ok}, ${NUMBERS.ok2}`,
		sharedState: 'redis',
		...(provider === 'faxDrop' ? FAXDROP_SENDER : {}),
		options: {
			includeRaw: true,
			includeCover: true,
			recipientName: FREE_TEXT,
			subject: FREE_TEXT,
			coverNote: FREE_TEXT,
		},
	};
	return async () =>
		await env.harness.runNode({
			type: FAX_NODE,
			parameters,
			credentials: { ...credentialsFor(env.sim, provider), redis: redis.credential },
			items: [{ json: {}, binary: pdfBinary(DOCUMENT) }],
			executionId,
			nodeOptions: { id: `memo-node-${executions}` } as NodeOptions,
		});
}

describe.each<Provider>(PROVIDERS)('%s: the send memo in Redis', (provider) => {
	it('holds no full number, document or free text, yet a re-run rebuilds the item from it', async () => {
		const run = sendBatch(provider);
		const first = await run();
		expect(first.nodeError).toBeUndefined();
		const items: Json[] = jsonOf(first.items);
		expect(items.map((item) => item.to)).toEqual([NUMBERS.ok, NUMBERS.ok2]);
		expect(env.sim.faxes()).toHaveLength(2);

		// Every key the send touched (faxrocks' send locks are gone again by now) and what is left.
		const keys = await keysTouched();
		expect(keys.some((key) => key.includes(':memo:'))).toBe(true);
		expect(keys.some((key) => key.includes('faxrocks:sending:'))).toBe(provider === 'faxRocks');
		const contents = await redisContents();
		const text = JSON.stringify([keys, contents]);
		const memoValues = Object.entries(contents)
			.filter(([key]) => key.startsWith('n8n-nodes-fax:memo:'))
			.map(([, value]) => String(value));
		// Sealed with a key derived from the provider credential: not even the fax ids or the
		// masked numbers show.
		expect(memoValues).toHaveLength(1);
		expect(() => JSON.parse(memoValues[0])).toThrow();
		for (const item of items) expect(memoValues[0]).not.toContain(String(item.id));
		expect(text).not.toContain('*******');
		for (const number of [NUMBERS.ok, NUMBERS.ok2]) {
			// The national part, so "+1…", "1…" and a bare 10-digit spelling all count.
			expect([number, text.includes(number.slice(2))]).toEqual([number, false]);
		}
		expect(text).not.toContain('Rowan');
		expect(text).not.toContain(MARKER);
		for (const probe of base64Probes(DOCUMENT)) expect(text.includes(probe)).toBe(false);
		expect(text).not.toContain('"raw"');

		// n8n's Retry On Fail (this process): the same items, the provider's answers included.
		const retried = await run();
		expect(jsonOf(retried.items)).toEqual(items);

		// Another n8n process: only Redis knows the item was sent.
		shared.forgetProcessState();
		memo.forgetSends();
		const elsewhere = await run();
		expect(elsewhere.nodeError).toBeUndefined();
		expect(env.sim.faxes()).toHaveLength(2);
		expect(jsonOf(elsewhere.items)).toEqual(items.map((item) => ({ ...item, raw: {} })));
	});
});
