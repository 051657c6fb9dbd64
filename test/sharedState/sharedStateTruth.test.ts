/**
 * Shared State = Redis keyed to what was actually sent, nothing recoverable from it, nothing
 * dropped when it fails (issue 16):
 * - two n8n instances sharing one Redis, with the same workflow, execution and node ids, each
 *   send their own fax: a memo is only recalled by the same item of the same execution of the
 *   same instance, and only for the same account, recipients and document;
 * - a reader of every key and value Redis holds can't test a guessed number or document;
 * - Redis stopping while item 0 is sent keeps item 0 (sent, with its id) and fails only the
 *   items that could not start, as `not_sent` items or an error naming what went out.
 */
import { createHash } from 'node:crypto';

import { createClient } from '@redis/client';
import type { ICredentialDataDecryptedObject, IDataObject, INodeParameters } from 'n8n-workflow';

import type { NodeOptions } from '../harness';
import { SIM_KEYS } from '../../simulator';
import {
	FAXDROP_SENDER,
	FAX_NODE,
	NUMBERS,
	PROVIDERS,
	SEND_PATH,
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
/** Every key written or deleted, in order (short-lived send locks included). */
const touched: string[] = [];
let markers = 0;
let originalInstanceId = '';

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
	originalInstanceId = instanceSettings().instanceId;
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
	anotherProcess();
});

afterEach(() => {
	instanceSettings().instanceId = originalInstanceId;
});

function instanceSettings(): { instanceId: string } {
	return env.harness.env.instanceSettings as unknown as { instanceId: string };
}

/** The next runs are another n8n process: nothing but Redis is shared. */
function anotherProcess(): void {
	shared.forgetProcessState();
	memo.forgetSends();
}

/** The keys written or deleted since the last call (a marker key is announced after them). */
async function keysTouched(): Promise<string[]> {
	const marker = `test:marker:${++markers}`;
	await reader.set(marker, '1');
	await until(() => touched.includes(marker), 30_000, 'the keyspace notice of the marker');
	return touched.splice(0).filter((key) => !key.startsWith('test:marker:'));
}

interface SendSpec {
	provider: Provider;
	numbers: string[];
	document?: Buffer;
	executionId?: string;
	nodeId?: string;
	items?: number;
	failureMode?: 'error' | 'outputItems';
	redisCredential?: ICredentialDataDecryptedObject;
	key?: string;
	/** n8n's Retry On Fail: the node runs again (the last run's items count). */
	retryOnFail?: boolean;
}

/** The same workflow, execution and node ids unless told otherwise: an imported workflow. */
async function send(spec: SendSpec) {
	// Several numbers and one item: a batch; several items: one number each.
	const batch = (spec.items ?? 1) === 1 && spec.numbers.length > 1;
	const parameters: INodeParameters = {
		provider: spec.provider,
		resource: 'fax',
		operation: batch ? 'sendBatch' : 'send',
		...(batch ? { toNumbers: spec.numbers.join(', ') } : { toNumber: '={{ $json.to }}' }),
		sharedState: 'redis',
		failureMode: spec.failureMode ?? 'outputItems',
		...(spec.provider === 'faxDrop' ? FAXDROP_SENDER : {}),
	};
	const count = spec.items ?? 1;
	return await env.harness.runNode({
		type: FAX_NODE,
		workflowId: 'wf-imported-1',
		parameters,
		credentials: {
			...credentialsFor(env.sim, spec.provider, spec.key ? { key: spec.key } : {}),
			redis: spec.redisCredential ?? redis.credential,
		},
		items: Array.from({ length: count }, (_, index) => ({
			json: { to: spec.numbers[index % spec.numbers.length] },
			binary: pdfBinary(spec.document ?? DOC_A),
		})),
		executionId: spec.executionId ?? 'exec-7',
		nodeOptions: {
			id: spec.nodeId ?? 'fax-node-1',
			...(spec.retryOnFail ? { retryOnFail: true, maxTries: 3, waitBetweenTries: 10 } : {}),
		} as NodeOptions,
	});
}

const DOC_A = testPdf(1);
const DOC_B = testPdf(2);

function faxCount(provider: Provider): number {
	return env.sim.faxes({ provider }).length;
}

describe.each<Provider>(PROVIDERS)('%s: two n8n instances sharing one Redis', (provider) => {
	it('each instance sends its own fax; only the same item of the same instance is recalled', async () => {
		instanceSettings().instanceId = 'instance-a';
		const first = await send({ provider, numbers: [NUMBERS.ok] });
		const [a] = jsonOf(first.items) as Json[];
		expect([a.outcome, a.to]).toEqual(['sent', NUMBERS.ok]);
		expect(faxCount(provider)).toBe(1);

		// Instance B (its own database, same workflow and execution ids), another referral.
		anotherProcess();
		instanceSettings().instanceId = 'instance-b';
		const other = await send({ provider, numbers: [NUMBERS.ok2], document: DOC_B });
		const [b] = jsonOf(other.items) as Json[];
		expect([b.outcome, b.to, b.error]).toEqual(['sent', NUMBERS.ok2, null]);
		expect(b.id).not.toBe(a.id);
		expect(b.audit.documentSha256).not.toBe(a.audit.documentSha256);
		expect(faxCount(provider)).toBe(2);

		// Instance B, another execution: the very document and number A sent. B's own fax.
		anotherProcess();
		const same = await send({ provider, numbers: [NUMBERS.ok], executionId: 'exec-8' });
		const [bSame] = jsonOf(same.items) as Json[];
		expect([bSame.outcome, bSame.to]).toEqual(['sent', NUMBERS.ok]);
		expect(bSame.id).not.toBe(a.id);
		expect(faxCount(provider)).toBe(3);

		// Instance A, the same item in another process: recalled from Redis, nothing sent.
		anotherProcess();
		instanceSettings().instanceId = 'instance-a';
		const again = await send({ provider, numbers: [NUMBERS.ok] });
		expect(jsonOf(again.items).map((item: Json) => [item.id, item.outcome])).toEqual([
			[a.id, 'sent'],
		]);
		expect(faxCount(provider)).toBe(3);
	});

	it('the same instance and ids with another document or number is not taken for the memo', async () => {
		instanceSettings().instanceId = 'instance-restored';
		const first = await send({ provider, numbers: [NUMBERS.ok], executionId: 'exec-9' });
		const [a] = jsonOf(first.items) as Json[];
		expect(a.outcome).toBe('sent');

		// A restored database reuses exec-9 for another referral.
		anotherProcess();
		const reused = await send({
			provider,
			numbers: [NUMBERS.ok2],
			document: DOC_B,
			executionId: 'exec-9',
		});
		const [b] = jsonOf(reused.items) as Json[];
		expect(b.id).not.toBe(a.id);
		expect(b.to).toBe(NUMBERS.ok2);
		// SendFAXMail too: the derived Idempotency-Key covers the document and the numbers, so
		// the provider creates this fax instead of replaying the earlier one.
		expect(b.outcome).toBe('sent');
		expect(faxCount(provider)).toBe(2);
	});
});

describe.each<Provider>(PROVIDERS)(
	'%s: a memo is only recalled for its account, recipients and document',
	(provider) => {
		it('one field changed at a time (same instance and ids): never the earlier fax', async () => {
			instanceSettings().instanceId = 'instance-fields';
			const ids = { executionId: 'exec-fields', nodeId: 'fax-node-fields' };
			const first = await send({ provider, numbers: [NUMBERS.ok], ...ids });
			const [a] = jsonOf(first.items) as Json[];
			expect(a.outcome).toBe('sent');
			// The control: everything the same, another process: recalled, nothing sent.
			anotherProcess();
			const same = await send({ provider, numbers: [NUMBERS.ok], ...ids });
			expect(jsonOf(same.items).map((item: Json) => [item.id, item.outcome])).toEqual([
				[a.id, 'sent'],
			]);
			expect(faxCount(provider)).toBe(1);

			const variants: Array<[string, Partial<SendSpec>]> = [
				['another document', { numbers: [NUMBERS.ok], document: DOC_B }],
				['another number', { numbers: [NUMBERS.ok2] }],
			];
			// Another account of the same provider (SendFAXMail's second simulated key shares the account).
			if (provider !== 'sendFaxMail')
				variants.push([
					'another account',
					{ numbers: [NUMBERS.ok], key: SIM_KEYS[provider].other },
				]);
			let faxes = 1;
			for (const [what, change] of variants) {
				anotherProcess();
				const run = await send({ provider, numbers: [NUMBERS.ok], ...ids, ...change });
				const [b] = jsonOf(run.items) as Json[];
				expect([what, b.id === a.id]).toEqual([what, false]);
				// SendFAXMail included: its derived Idempotency-Key covers what is sent.
				faxes++;
				expect([what, b.outcome, faxCount(provider)]).toEqual([what, 'sent', faxes]);
			}
		});
	},
);

/** SHA-256 in hex. */
function sha256(text: string | Buffer): string {
	return createHash('sha256').update(text).digest('hex');
}

/** Spellings of a number an attacker would try. */
function spellings(number: string): string[] {
	const digits = number.replace(/\D/g, '');
	return [number, digits, digits.slice(1)];
}

describe('what Redis holds after sends through every provider', () => {
	it('no key or value reveals a number or document to someone guessing them', async () => {
		const numbers = [NUMBERS.ok, NUMBERS.ok2];
		const sent: Json[] = [];
		for (const provider of PROVIDERS) {
			const run = await send({ provider, numbers, executionId: `exec-read-${provider}` });
			expect(run.nodeError).toBeUndefined();
			sent.push(...jsonOf(run.items));
		}
		// A second faxrocks account to the same numbers.
		const otherAccount = await send({
			provider: 'faxRocks',
			numbers,
			executionId: 'exec-read-other',
			key: SIM_KEYS.faxRocks.other,
		});
		sent.push(...jsonOf(otherAccount.items));
		expect(sent.every((item) => item.outcome === 'sent')).toBe(true);

		const keys = await keysTouched();
		const remaining = await reader.keys('n8n-nodes-fax:*');
		const values = await Promise.all(remaining.map(async (key) => await reader.get(key)));
		const text = JSON.stringify([keys, remaining, values]);
		expect(keys.some((key) => key.includes('faxrocks:sending:'))).toBe(true);
		expect(keys.some((key) => key.includes(':memo:'))).toBe(true);
		expect(keys.some((key) => key.includes(':idempotency:'))).toBe(true);

		// No number in any spelling, not even masked (the memo is sealed).
		for (const number of numbers) {
			for (const spelling of spellings(number)) {
				expect([spelling, text.includes(spelling)]).toEqual([spelling, false]);
			}
		}
		expect(text).not.toContain('*******');
		const memos = values.filter((_, index) => remaining[index].includes(':memo:'));
		expect(memos.length).toBeGreaterThan(0);
		for (const value of memos) expect(() => JSON.parse(String(value))).toThrow();

		// Whatever a reader could hash: numbers alone, with any part of a key (an account id),
		// the document's hash (the audit shows it) alone or with the number.
		const segments = new Set(keys.flatMap((key) => key.split(':')));
		const documents = new Set<string>([
			sha256(DOC_A),
			...sent.map((item) => String(item.audit.documentSha256)),
		]);
		const guesses: string[] = [];
		for (const number of numbers) {
			for (const spelling of spellings(number)) {
				guesses.push(spelling);
				for (const segment of segments) guesses.push(`${segment}|${spelling}`);
				for (const document of documents) guesses.push(`${document}|${spelling}`);
			}
		}
		guesses.push(...documents);
		const digests = guesses.map(sha256);
		const hexRuns = text.match(/[0-9a-f]{16,}/g) ?? [];
		const found = hexRuns.filter((run) => digests.some((digest) => digest.startsWith(run)));
		expect(found).toEqual([]);

		// The send locks of the two faxrocks accounts: other keys for the same numbers.
		const locks = [...new Set(keys.filter((key) => key.includes('faxrocks:sending:')))];
		const lockHashes = new Set(locks.map((key) => key.split(':').at(-1)));
		expect(locks).toHaveLength(4);
		expect(lockHashes.size).toBe(4);
	});
});

describe.each<Provider>(PROVIDERS)('%s: Redis stops while item 0 is sent', (provider) => {
	let local: RedisServer | undefined;
	afterEach(async () => {
		env.sim.releaseHeld();
		await shared.closeSharedStores();
		await local?.stop();
		local = undefined;
	});

	/** Three items; Redis stops while the provider holds item 0's upload. */
	async function runWithRedisStopping(failureMode: 'error' | 'outputItems', retryOnFail = false) {
		local = await startRedisServer();
		env.sim.addFault({ method: 'POST', path: SEND_PATH[provider], kind: 'hold' });
		const running = send({
			provider,
			numbers: [NUMBERS.ok, NUMBERS.ok2, NUMBERS.ok3],
			items: 3,
			failureMode,
			executionId: `exec-stop-${failureMode}-${retryOnFail}`,
			redisCredential: local.credential,
			retryOnFail,
		});
		await until(
			() => env.sim.requests({ method: 'POST', path: SEND_PATH[provider] }).length === 1,
			30_000,
			'item 0 reaching the provider',
		);
		await local.stop();
		expect(env.sim.releaseHeld()).toBe(1);
		return await running;
	}

	it('Output as Item: item 0 comes out sent, items 1 and 2 not_sent naming Redis', async () => {
		const run = await runWithRedisStopping('outputItems');
		expect(run.nodeError).toBeUndefined();
		const items = jsonOf(run.items) as Json[];
		expect(items.map((item) => [item.to, item.outcome])).toEqual([
			[NUMBERS.ok, 'sent'],
			[NUMBERS.ok2, 'not_sent'],
			[NUMBERS.ok3, 'not_sent'],
		]);
		const [fax] = env.sim.faxes({ provider });
		expect(env.sim.faxes({ provider })).toHaveLength(1);
		// faxrocks finds a fax's id through the shared store (claims): without it, no guess.
		expect(items[0].id).toBe(provider === 'faxRocks' ? null : String(fax.id));
		for (const item of items.slice(1)) {
			expect(item.error.code).toBe('sharedStateUnavailable');
			expect(item.error.message).toMatch(/Shared State: could not use Redis at 127\.0\.0\.1/);
			expect(item.error.message).toMatch(/Nothing was sent/);
		}
	});

	it('Output as Item with Retry On Fail: the re-runs (Redis still down) keep item 0 sent, send nothing again', async () => {
		// n8n runs the node again whenever its first item has a `json.error` field (null included):
		// the re-run must recall item 0 from this process's memo, not fail it as not_sent.
		const run = await runWithRedisStopping('outputItems', true);
		expect(run.nodeError).toBeUndefined();
		const items = jsonOf(run.items) as Json[];
		expect(items.map((item) => [item.to, item.outcome])).toEqual([
			[NUMBERS.ok, 'sent'],
			[NUMBERS.ok2, 'not_sent'],
			[NUMBERS.ok3, 'not_sent'],
		]);
		expect(env.sim.faxes({ provider })).toHaveLength(1);
		expect(env.sim.requests({ method: 'POST', path: SEND_PATH[provider] })).toHaveLength(1);
	});

	it('Fail the Item: the error names the fax item 0 sent, so a re-run does not repeat it', async () => {
		const run = await runWithRedisStopping('error');
		expect(run.nodeError?.message).toMatch(/Shared State: could not use Redis/);
		expect(env.sim.faxes({ provider })).toHaveLength(1);
		const [fax] = env.sim.faxes({ provider });
		const description = String((run.nodeError as IDataObject | undefined)?.description);
		const named = provider === 'faxRocks' ? 'a fax without ID' : `fax ${String(fax.id)}`;
		expect(description).toContain(`already sent item 0: ${named} to +*******0123`);
		expect(description).not.toContain(NUMBERS.ok.slice(2));
	});
});
