import { createHash } from 'node:crypto';

import type { RedisClientType } from '@redis/client';
import type { IDataObject } from 'n8n-workflow';
import { sleep } from 'n8n-workflow';

import { settle } from '../helpers/settle';
import { SharedStateError } from './errors';
import { redisCreateClient } from './redisClient';
import type { SharedStore } from './types';

/** Every key of this package starts with this, so it never meets n8n's own Bull keys. */
const KEY_PREFIX = 'n8n-nodes-fax:';
const CONNECT_TIMEOUT_MS = 3_000;
const COMMAND_TIMEOUT_MS = 5_000;
/** A client unused this long is closed; the next use opens a new one. */
const IDLE_CLOSE_MS = 5 * 60_000;

const RAISE_TO = `local current = tonumber(redis.call('GET', KEYS[1]) or '-inf')
if tonumber(ARGV[1]) > current then redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2]) end
return 1`;
const INCREMENT = `local count = redis.call('INCR', KEYS[1])
if count == 1 then redis.call('PEXPIRE', KEYS[1], ARGV[1]) end
return count`;
const REPLACE_IF = `if redis.call('GET', KEYS[1]) == ARGV[1] then
redis.call('SET', KEYS[1], ARGV[2], 'PX', ARGV[3]) return 1 end
return 0`;
const RELEASE = `if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end
return 0`;

type Client = RedisClientType;

/** The fields of n8n's built-in `redis` credential (n8n-nodes-base Redis.credentials.ts). */
export interface RedisCredential {
	host: string;
	port: number;
	database: number;
	user?: string;
	password?: string;
	ssl: boolean;
	disableTlsVerification: boolean;
}

export function readRedisCredential(data: IDataObject): RedisCredential {
	return {
		host: String(data.host || 'localhost'),
		port: Number(data.port || 6379),
		database: Number(data.database || 0),
		user: data.user ? String(data.user) : undefined,
		password: data.password ? String(data.password) : undefined,
		ssl: data.ssl === true,
		disableTlsVerification: data.disableTlsVerification === true,
	};
}

/** In words: n8n replaces a message naming a network code (ECONNREFUSED…) with its own text. */
const NETWORK_REASONS: Record<string, string> = {
	ECONNREFUSED: 'connection refused',
	ECONNRESET: 'connection reset',
	ETIMEDOUT: 'timed out',
	ENOTFOUND: 'host not found',
	EAI_AGAIN: 'host not found',
	EHOSTUNREACH: 'host unreachable',
	ENETUNREACH: 'network unreachable',
};

function reasonOf(error: unknown): string {
	const code = (error as { code?: unknown }).code;
	if (typeof code === 'string' && /^[A-Z_]+$/.test(code)) return NETWORK_REASONS[code] ?? code;
	const message = error instanceof Error ? error.message : String(error);
	// Redis' own replies (WRONGPASS, NOAUTH, …) are short and carry no user data.
	return message.split('\n')[0].slice(0, 120);
}

/**
 * node-redis 4 has a connect timeout but none per command: a command the server never answers
 * is raced against n8n-workflow's `sleep` (no timer of this package's own). `sleepWithAbort`
 * is gone from n8n-workflow 2.34 on; `sleep` takes the abort signal there and ignores it before
 * (see packaging/timers.mjs), hence the check of the signal when the sleep ends.
 */
const abortableSleep = sleep as (ms: number, abortSignal?: AbortSignal) => Promise<void>;

async function withTimeout<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
	const abort = new AbortController();
	const expired = abortableSleep(ms, abort.signal).then(
		() => {
			if (abort.signal.aborted) return undefined as never;
			throw new Error(`${what} timed out after ${ms} ms`);
		},
		// Aborted: the command settled first.
		() => undefined as never,
	);
	try {
		return await Promise.race([promise, expired]);
	} finally {
		abort.abort();
	}
}

class RedisStore implements SharedStore {
	readonly kind = 'redis' as const;

	lastUsed = Date.now();

	constructor(
		private readonly client: Client,
		readonly label: string,
	) {}

	private async run<T>(command: (client: Client) => Promise<T>): Promise<T> {
		this.lastUsed = Date.now();
		const outcome = await settle(
			async () => await withTimeout(command(this.client), COMMAND_TIMEOUT_MS, 'Redis command'),
		);
		if (!outcome.ok) throw new SharedStateError(this.label, reasonOf(outcome.error));
		return outcome.value;
	}

	async claim(key: string, ttlMs: number, value = '1'): Promise<boolean> {
		const reply = await this.run(
			async (c) => await c.set(KEY_PREFIX + key, value, { NX: true, PX: Math.max(1, ttlMs) }),
		);
		return reply === 'OK';
	}

	async replaceIf(key: string, expected: string, value: string, ttlMs: number): Promise<boolean> {
		const reply = await this.run(
			async (c) =>
				await c.eval(REPLACE_IF, {
					keys: [KEY_PREFIX + key],
					arguments: [expected, value, String(Math.max(1, Math.ceil(ttlMs)))],
				}),
		);
		return Number(reply) === 1;
	}

	async release(key: string, value: string): Promise<void> {
		await this.run(
			async (c) => await c.eval(RELEASE, { keys: [KEY_PREFIX + key], arguments: [value] }),
		);
	}

	async get(key: string): Promise<string | undefined> {
		return (await this.run(async (c) => await c.get(KEY_PREFIX + key))) ?? undefined;
	}

	async put(key: string, value: string, ttlMs: number): Promise<void> {
		await this.run(async (c) => await c.set(KEY_PREFIX + key, value, { PX: Math.max(1, ttlMs) }));
	}

	async raiseTo(key: string, value: number, ttlMs: number): Promise<void> {
		await this.run(
			async (c) =>
				await c.eval(RAISE_TO, {
					keys: [KEY_PREFIX + key],
					arguments: [String(value), String(Math.max(1, Math.ceil(ttlMs)))],
				}),
		);
	}

	async increment(key: string, ttlMs: number): Promise<number> {
		const reply = await this.run(
			async (c) =>
				await c.eval(INCREMENT, {
					keys: [KEY_PREFIX + key],
					arguments: [String(Math.max(1, Math.ceil(ttlMs)))],
				}),
		);
		return Number(reply);
	}

	async close(): Promise<void> {
		// QUIT when connected (lets pending replies arrive), else drop the socket at once; never
		// wait on a server that went away.
		const closing: Promise<unknown> = this.client.isReady
			? this.client.quit()
			: this.client.disconnect();
		const closed = await settle(async () => await withTimeout(closing, 1_000, 'Redis close'));
		if (!closed.ok && this.client.isOpen) await settle(async () => await this.client.disconnect());
	}
}

async function connect(credential: RedisCredential, label: string): Promise<RedisStore> {
	let connected = false;
	const createClient = redisCreateClient(label);
	const client = createClient({
		socket: {
			host: credential.host,
			port: credential.port,
			tls: credential.ssl,
			...(credential.ssl && credential.disableTlsVerification ? { rejectUnauthorized: false } : {}),
			connectTimeout: CONNECT_TIMEOUT_MS,
			// After a first connection: keep reconnecting in the background. Commands issued
			// meanwhile fail at once (no offline queue) instead of waiting.
			reconnectStrategy: (retries: number) =>
				connected ? Math.min(100 * 2 ** retries, 2_000) : new Error('no connection'),
		},
		database: credential.database,
		username: credential.user,
		password: credential.password,
		disableOfflineQueue: true,
	}) as Client;
	let lastError: unknown;
	client.on('error', (error: unknown) => {
		// Required by the client, or an error event would crash n8n; commands report failures.
		lastError = error;
	});
	const outcome = await settle(
		async () => await withTimeout(client.connect(), CONNECT_TIMEOUT_MS + 500, 'Redis connection'),
	);
	if (!outcome.ok) {
		await client.disconnect().catch(() => undefined);
		throw new SharedStateError(label, reasonOf(lastError ?? outcome.error));
	}
	connected = true;
	client.unref();
	return new RedisStore(client, label);
}

/**
 * One client per credential per process, reused by every execution and node. Clients unused
 * for {@link IDLE_CLOSE_MS} are closed when the next store is asked for (no timer of our own;
 * an idle client is unref'd, so it never keeps n8n running).
 */
const stores = new Map<string, Promise<RedisStore>>();

/** Closes the other clients nobody used for a while (`keep` is about to be used). */
function sweepIdle(keep: string): void {
	for (const [key, pending] of stores) {
		if (key === keep) continue;
		void pending.then(
			async (store) => {
				if (Date.now() - store.lastUsed < IDLE_CLOSE_MS) return;
				if (stores.get(key) === pending) stores.delete(key);
				await store.close();
			},
			() => undefined,
		);
	}
}

export async function redisStore(credential: RedisCredential): Promise<SharedStore> {
	const label = `Redis at ${credential.host}:${credential.port}`;
	const key = createHash('sha256').update(JSON.stringify(credential)).digest('hex');
	sweepIdle(key);
	let pending = stores.get(key);
	if (!pending) {
		pending = connect(credential, label);
		stores.set(key, pending);
		// A failed connection is not cached: the next execution tries again.
		pending.catch(() => stores.get(key) === pending && stores.delete(key));
	}
	return await pending;
}

/** Closes every Redis client of this process (tests, shutdown). */
export async function closeRedisStores(): Promise<void> {
	const pending = [...stores.values()];
	stores.clear();
	await Promise.all(
		pending.map(
			async (p) =>
				await p.then(
					async (store) => await store.close(),
					() => undefined,
				),
		),
	);
}
