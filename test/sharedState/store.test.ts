/**
 * The shared-state store against a real redis-server: atomic claims, the shared window
 * counter and "Redis down" errors, with two clients in this process and a second OS process
 * (a node child loading the built store) competing for the same keys.
 */
import { spawn } from 'node:child_process';
import net from 'node:net';
import path from 'node:path';

import { SharedStateError } from '../../nodes/Fax/sharedState/errors';
import { processStore } from '../../nodes/Fax/sharedState/memoryStore';
import { closeRedisStores, redisStore } from '../../nodes/Fax/sharedState/redisStore';
import type { SharedStore } from '../../nodes/Fax/sharedState/types';
import {
	MAX_REMEMBERED_BLOCK_MS,
	currentBlock,
	millisecondsUntilAllowed,
	recordRateLimitHeaders,
} from '../../nodes/Fax/transport/rateLimiter';
import { closedPort, startRedisServer, type RedisServer } from './redisServer';

const PACKAGE_DIR = path.resolve(__dirname, '../..');

let redis: RedisServer;
let run = 0;

beforeAll(async () => {
	redis = await startRedisServer();
});

afterAll(async () => {
	await closeRedisStores();
	await redis?.stop();
});

/** Two independent clients of one Redis, as two n8n processes would have. */
async function twoClients(): Promise<[SharedStore, SharedStore]> {
	// The cache is per credential: a different (unused) user name gives a second client.
	const base = { ...redis.credential, ssl: false, disableTlsVerification: false };
	return [
		await redisStore({ ...base, user: undefined }),
		await redisStore({ ...base, user: 'default' }),
	];
}

const kinds: Array<[string, () => Promise<SharedStore>]> = [
	['this process', async () => processStore],
	['Redis', async () => (await twoClients())[0]],
];

describe.each(kinds)('store (%s)', (_label, storeOf) => {
	let store: SharedStore;
	let prefix: string;
	beforeEach(async () => {
		store = await storeOf();
		prefix = `test:${++run}:`;
	});

	it('claim is set-if-absent; release only frees a claim the caller holds', async () => {
		expect(await store.claim(`${prefix}a`, 60_000, 'one')).toBe(true);
		expect(await store.claim(`${prefix}a`, 60_000, 'two')).toBe(false);
		await store.release(`${prefix}a`, 'two');
		expect(await store.get(`${prefix}a`)).toBe('one');
		await store.release(`${prefix}a`, 'one');
		expect(await store.claim(`${prefix}a`, 60_000, 'two')).toBe(true);
	});

	it('a claim expires after its time to live', async () => {
		expect(await store.claim(`${prefix}b`, 30)).toBe(true);
		// Polled until gone, with a deadline only a broken expiry reaches.
		const deadline = Date.now() + 30_000;
		while ((await store.get(`${prefix}b`)) !== undefined && Date.now() < deadline) {
			await new Promise((resolve) => setTimeout(resolve, 10));
		}
		expect(await store.claim(`${prefix}b`, 60_000)).toBe(true);
	});

	it('raiseTo keeps the largest value; increment counts every call', async () => {
		await store.raiseTo(`${prefix}c`, 50, 60_000);
		await store.raiseTo(`${prefix}c`, 20, 60_000);
		expect(await store.get(`${prefix}c`)).toBe('50');
		const counts = await Promise.all(
			Array.from({ length: 25 }, async () => await store.increment(`${prefix}d`, 60_000)),
		);
		expect([...counts].sort((x, y) => x - y)).toEqual(Array.from({ length: 25 }, (_, i) => i + 1));
	});
});

/** One answer's minute-window headers (X-RateLimit-*), recorded by `store`; returns the reset (unix s). */
async function learnMinuteWindow(
	store: SharedStore,
	bucket: string,
	window: { limit: number; remaining: number },
	now: number,
	resetInSeconds: number,
): Promise<number> {
	const reset = Math.floor(now / 1000) + resetInSeconds;
	await recordRateLimitHeaders(
		store,
		bucket,
		{
			'x-ratelimit-limit': String(window.limit),
			'x-ratelimit-remaining': String(window.remaining),
			'x-ratelimit-reset': String(reset),
		},
		now,
	);
	return reset;
}

describe('Redis shared by two clients ("processes")', () => {
	it('of 2 × 50 concurrent claims of 25 keys, each key is won exactly once', async () => {
		const [a, b] = await twoClients();
		const keys = Array.from({ length: 25 }, (_, i) => `test:race:${i}`);
		const attempts = [a, b].flatMap((store, s) =>
			[...keys, ...keys].map(async (key) => ({
				key,
				won: await store.claim(key, 60_000, `s${s}`),
			})),
		);
		const results = await Promise.all(attempts);
		for (const key of keys) {
			expect([key, results.filter((r) => r.key === key && r.won).length]).toEqual([key, 1]);
		}
	});

	it('a second OS process and this one claim the same 40 event ids: each id is taken once', async () => {
		const ids = Array.from({ length: 40 }, (_, i) => `test:os:${i}`);
		// eslint-disable-next-line @n8n/community-nodes/no-dangerous-functions -- test tooling, not node code
		const child = spawn(
			process.execPath,
			[
				'-e',
				`const { redisStore, closeRedisStores } = require(${JSON.stringify(
					path.join(PACKAGE_DIR, 'dist/nodes/Fax/sharedState/redisStore.js'),
				)});
				(async () => {
					const store = await redisStore({ host: '127.0.0.1', port: ${redis.port}, database: 0, ssl: false, disableTlsVerification: false });
					const won = [];
					for (const id of ${JSON.stringify(ids)}) if (await store.claim(id, 60000, 'child')) won.push(id);
					process.stdout.write(JSON.stringify(won));
					await closeRedisStores();
				})().catch((e) => { process.stderr.write(String(e)); process.exit(1); });`,
			],
			{ stdio: ['ignore', 'pipe', 'pipe'] },
		);
		let out = '';
		child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
		const [store] = await twoClients();
		const mine: string[] = [];
		for (const id of [...ids].reverse()) if (await store.claim(id, 60_000, 'parent')) mine.push(id);
		const code = await new Promise((resolve) => child.once('exit', resolve));
		expect(code).toBe(0);
		const theirs = JSON.parse(out) as string[];
		expect([...mine, ...theirs].sort()).toEqual([...ids].sort());
	});

	it('pacing: with a limit of 10 per window learned from headers, 16 requests from two clients get 10 slots now', async () => {
		const [a, b] = await twoClients();
		const now = Date.now();
		const reset = await learnMinuteWindow(a, 'acct:send', { limit: 10, remaining: 10 }, now, 50);
		const waits = await Promise.all(
			Array.from(
				{ length: 16 },
				async (_, i) => await millisecondsUntilAllowed(i % 2 ? a : b, 'acct:send', now),
			),
		);
		expect(waits.filter((ms) => ms === 0)).toHaveLength(10);
		for (const ms of waits.filter((ms) => ms > 0)) expect(ms).toBe(reset * 1000 - now);
	});

	it('the provider count is the truth: remaining 2 of 10 leaves 2 slots to all clients', async () => {
		const [a, b] = await twoClients();
		const now = Date.now();
		await learnMinuteWindow(b, 'acct2:send', { limit: 10, remaining: 2 }, now, 40);
		const waits = await Promise.all(
			[a, b, a, b].map(async (store) => await millisecondsUntilAllowed(store, 'acct2:send', now)),
		);
		expect(waits.filter((ms) => ms === 0)).toHaveLength(2);
	});
	it('a used-up day window seen by one client blocks the other, with its reason, kept at most 1 h', async () => {
		const [a, b] = await twoClients();
		const now = Date.now();
		await recordRateLimitHeaders(
			a,
			'acct4:send',
			{
				'x-ratelimit-limit-day': '500',
				'x-ratelimit-remaining-day': '0',
				'x-ratelimit-reset-day': String(Math.floor(now / 1000) + 20 * 3600),
			},
			now,
		);
		const block = await currentBlock(b, 'acct4:send', now);
		expect(block).toEqual({
			untilMs: now + MAX_REMEMBERED_BLOCK_MS,
			reason: 'day limit (500 requests)',
			announcedUntilMs: (Math.floor(now / 1000) + 20 * 3600) * 1000,
		});
		// A shorter block announced later never shortens it.
		await recordRateLimitHeaders(b, 'acct4:send', {}, now, 5_000);
		expect(await millisecondsUntilAllowed(a, 'acct4:send', now)).toBe(MAX_REMEMBERED_BLOCK_MS);
	});

	it('a reset announced beyond one minute (hour bucket, skewed clock) is not paced locally', async () => {
		const [a] = await twoClients();
		const now = Date.now();
		await recordRateLimitHeaders(
			a,
			'acct3:send',
			{
				'x-ratelimit-limit': '10',
				'x-ratelimit-remaining': '5',
				'x-ratelimit-reset': String(Math.floor(now / 1000) + 3600),
			},
			now,
		);
		const waits = await Promise.all(
			Array.from({ length: 12 }, async () => await millisecondsUntilAllowed(a, 'acct3:send', now)),
		);
		expect(waits.every((ms) => ms === 0)).toBe(true);
	});
});

describe('Redis unreachable', () => {
	it('fails at the first refused connection with a SharedStateError naming the host and port, never falling back', async () => {
		const port = await closedPort();
		// node-redis opens its socket with net.connect: one call = one connection attempt.
		const connects = jest.spyOn(net, 'connect');
		const error = await redisStore({
			host: '127.0.0.1',
			port,
			database: 0,
			ssl: false,
			disableTlsVerification: false,
		}).catch((e: unknown) => e);
		expect(error).toBeInstanceOf(SharedStateError);
		expect((error as Error).message).toBe(
			`Shared State: could not use Redis at 127.0.0.1:${port} (connection refused)`,
		);
		// No reconnecting before the first connection: the error comes at once, not after retries.
		const attempts = connects.mock.calls.filter(
			(args: unknown[]) => (args[0] as { port?: number }).port === port,
		);
		expect(attempts).toHaveLength(1);
		connects.mockRestore();
	});

	it('a client whose Redis went away fails each command at once with the same error', async () => {
		const own = await startRedisServer();
		const store = await redisStore({
			...own.credential,
			disableTlsVerification: false,
		});
		expect(await store.claim('test:down', 60_000)).toBe(true);
		await own.stop();
		const error = await store.claim('test:down2', 60_000).catch((e: unknown) => e);
		expect(error).toBeInstanceOf(SharedStateError);
		expect((error as Error).message).toMatch(
			/^Shared State: could not use Redis at 127\.0\.0\.1:\d+ \(/,
		);
	});
});
