/**
 * A reader of everything this package writes to Redis learns no fax number and no document
 * (issue 16). Not only what is left at the end: `redis-cli monitor` records every command the
 * nodes send, so the values of short-lived keys (send locks, event leases, rate windows) and the
 * arguments of scripts are read too. Every send path that writes to Redis runs first: single
 * sends and batches through the three providers, a re-run recalled from the memo, a SendFAXMail
 * Idempotency-Key of the user's, and an inbound SendFAXMail event naming the numbers.
 *
 * What is searched for, in every key, value and command argument:
 * - each number in any spelling (E.164, digits, national, formatted, base64), and masked;
 * - the document: its text marker, its first bytes as text, base64 and hex;
 * - a plain SHA-256 (hex or base64, whole or a prefix of 16+ hex characters) of each number
 *   spelling, alone or joined to any part of a key (an account id), of the document, and of the
 *   document hash joined to a number: what a reader could test guesses against. The package's
 *   keyed hashes use a secret derived from the credential, which is never written to Redis.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createHash } from 'node:crypto';

import { createClient } from '@redis/client';
import type { INodeParameters } from 'n8n-workflow';

import type { NodeOptions, WebhookHost } from '../harness';
import { SENDFAXMAIL_KEYS, signWebhook } from '../../simulator';
import {
	FAXDROP_SENDER,
	FAX_NODE,
	MARKER,
	NUMBERS,
	PROVIDERS,
	credentialsFor,
	jsonOf,
	pdfBinary,
	testPdf,
	until,
	useFaxEnv,
	type Json,
	type Provider,
} from '../fax/helpers';
import { SFM_TRIGGER } from '../triggers/helpers';
import { nodeSendMemo as memo, nodeSharedState as shared } from './nodeModules';
import { Redis } from './redisCredential';
import { startRedisServer, type RedisServer } from './redisServer';

const SIGNING = 'whsec_sim_fictional_0123456789';
const env = useFaxEnv({}, { credentials: [new Redis()] });
let redis: RedisServer;
let reader: ReturnType<typeof createClient>;
let monitor: ChildProcess;
let monitored = '';
const hosts: WebhookHost[] = [];

beforeAll(async () => {
	redis = await startRedisServer();
	reader = createClient({ socket: { host: '127.0.0.1', port: redis.port } });
	await reader.connect();
	// eslint-disable-next-line @n8n/community-nodes/no-dangerous-functions -- test tooling, not node code
	monitor = spawn(
		process.env.FAX_TEST_REDIS_CLI ?? 'redis-cli',
		['-h', '127.0.0.1', '-p', String(redis.port), 'monitor'],
		{ stdio: ['ignore', 'pipe', 'pipe'] },
	);
	monitor.stdout!.on('data', (chunk: Buffer) => {
		monitored += chunk.toString('latin1');
	});
	await until(() => monitored.startsWith('OK'), 30_000, 'redis-cli monitor to start');
});

afterAll(async () => {
	await Promise.all(hosts.splice(0).map(async (host) => await host.close()));
	monitor?.kill('SIGTERM');
	await reader?.quit();
	await shared.closeSharedStores();
	await redis?.stop();
});

/** Every command Redis received so far (waits until the monitor has shown a marker command). */
async function commandsSoFar(): Promise<string> {
	const marker = `test:monitor-marker:${Date.now()}`;
	await reader.set(marker, '1');
	await until(() => monitored.includes(marker), 30_000, 'the monitor to show the marker');
	return monitored
		.split('\n')
		.filter((line) => !line.includes('test:monitor-marker:'))
		.join('\n');
}

/** Every key in Redis (any type) with its contents. */
async function everythingStored(): Promise<string> {
	const dump: unknown[] = [];
	for await (const key of reader.scanIterator({ MATCH: '*' })) {
		if (key.startsWith('test:')) continue;
		const type = await reader.type(key);
		const value =
			type === 'string'
				? await reader.get(key)
				: type === 'hash'
					? await reader.hGetAll(key)
					: type === 'list'
						? await reader.lRange(key, 0, -1)
						: type === 'set'
							? await reader.sMembers(key)
							: type === 'zset'
								? await reader.zRange(key, 0, -1)
								: `(${type})`;
		dump.push([key, type, value]);
	}
	return JSON.stringify(dump);
}

function sendParameters(provider: Provider, numbers: string[], extra: INodeParameters = {}) {
	const batch = numbers.length > 1;
	return {
		provider,
		resource: 'fax',
		operation: batch ? 'sendBatch' : 'send',
		...(batch ? { toNumbers: numbers.join(', ') } : { toNumber: numbers[0] }),
		sharedState: 'redis',
		failureMode: 'outputItems',
		...(provider === 'faxDrop' ? FAXDROP_SENDER : {}),
		...extra,
	} as INodeParameters;
}

async function send(
	provider: Provider,
	numbers: string[],
	executionId: string,
	extra: INodeParameters = {},
) {
	const run = await env.harness.runNode({
		type: FAX_NODE,
		workflowId: 'wf-reader-1',
		parameters: sendParameters(provider, numbers, extra),
		credentials: { ...credentialsFor(env.sim, provider), redis: redis.credential },
		items: [{ json: {}, binary: pdfBinary(DOCUMENT) }],
		executionId,
		nodeOptions: { id: `reader-node-${provider}` } as NodeOptions,
	});
	expect(run.nodeError).toBeUndefined();
	return jsonOf(run.items) as Json[];
}

const DOCUMENT = testPdf(1);

/** An inbound SendFAXMail event from and to the test numbers, delivered to the trigger. */
async function deliverInbound(): Promise<void> {
	const host = await env.harness.startWebhookHost({
		type: SFM_TRIGGER,
		workflowId: 'wf-reader-trigger',
		parameters: {
			events: ['fax.received'],
			sharedState: 'redis',
			options: { downloadDocument: false },
		} as INodeParameters,
		nodeOptions: { id: 'reader-trigger-node' } as NodeOptions,
		credentials: {
			sendFaxMailApi: {
				apiKey: SENDFAXMAIL_KEYS.business,
				baseUrl: env.sim.baseUrls.sendFaxMail,
				webhookSecret: SIGNING,
			},
			redis: redis.credential,
		},
	});
	hosts.push(host);
	const body = JSON.stringify({
		id: 'evt_reader_1',
		type: 'fax.received',
		created_at: new Date().toISOString(),
		data: {
			id: 'fax_reader_1',
			object: 'fax',
			direction: 'inbound',
			from: NUMBERS.ok,
			to: NUMBERS.ok2,
			status: 'received',
			pages: 1,
		},
	});
	const signature = signWebhook(SIGNING, Math.floor(Date.now() / 1000), body);
	const response = await fetch(host.url, {
		method: 'POST',
		headers: { 'content-type': 'application/json', 'x-sfm-signature': signature },
		body,
	});
	expect(response.status).toBe(200);
	expect(host.received.filter((call) => call.workflowData)).toHaveLength(1);
}

function sha256(data: string | Buffer): Buffer {
	return createHash('sha256').update(data).digest();
}

/** How a number may be written: E.164, digits, national, with separators. */
function spellings(number: string): string[] {
	const digits = number.replace(/\D/g, '');
	const national = digits.slice(1);
	const [area, exchange, line] = [national.slice(0, 3), national.slice(3, 6), national.slice(6)];
	return [
		number,
		digits,
		national,
		`(${area}) ${exchange}-${line}`,
		`${area}-${exchange}-${line}`,
		`${area}.${exchange}.${line}`,
		`${area} ${exchange} ${line}`,
		`+1 ${area} ${exchange} ${line}`,
		`tel:${number}`,
	];
}

describe('a reader of every Redis command and key', () => {
	it('finds no number and no document, plain or as a plain hash', async () => {
		const sent: Json[] = [];
		for (const provider of PROVIDERS) {
			sent.push(...(await send(provider, [NUMBERS.ok], `exec-reader-${provider}`)));
			sent.push(
				...(await send(provider, [NUMBERS.ok2, NUMBERS.ok3], `exec-reader-batch-${provider}`)),
			);
			// The same item again in another process: recalled from the memo, nothing sent.
			shared.forgetProcessState();
			memo.forgetSends();
			const recalled = await send(provider, [NUMBERS.ok], `exec-reader-${provider}`);
			expect(recalled.map((item) => item.id)).toEqual([sent.at(-3)!.id]);
		}
		sent.push(
			...(await send('sendFaxMail', [NUMBERS.ok], 'exec-reader-own-key', {
				options: { idempotencyKey: `referral-${NUMBERS.ok}` },
			})),
		);
		expect(sent.map((item) => item.outcome)).toEqual(Array(10).fill('sent'));
		await deliverInbound();

		const commands = await commandsSoFar();
		const stored = await everythingStored();
		const text = `${commands}\n${stored}`;
		// The reader saw the writes of every kind: memo, send locks, key uses, event claim.
		for (const kind of [
			':memo:',
			'faxrocks:sending:',
			'faxrocks:fax:',
			':idempotency:',
			':sfm-event:',
		])
			expect([kind, text.includes(kind)]).toEqual([kind, true]);
		expect(commands).toMatch(/"(SET|set)"/);

		// Numbers, plainly or masked (a masked number still names its last four digits).
		const numbers = [NUMBERS.ok, NUMBERS.ok2, NUMBERS.ok3];
		const plain = numbers.flatMap(spellings);
		const found = plain.filter((spelling) => text.includes(spelling));
		expect(found).toEqual([]);
		const base64 = numbers.map((number) => Buffer.from(number).toString('base64').slice(0, 12));
		expect(base64.filter((encoded) => text.includes(encoded))).toEqual([]);
		expect(text).not.toMatch(/\*{4,}\d{2,4}/);

		// The document.
		expect(text).not.toContain(MARKER);
		expect(text).not.toContain('%PDF');
		expect(text).not.toContain(DOCUMENT.subarray(0, 24).toString('base64'));
		expect(text).not.toContain(DOCUMENT.subarray(0, 16).toString('hex'));

		// Plain hashes a reader could test guesses against: of a number spelling, alone or with
		// any part of a key (an account id) or the document hash, and of the document.
		const segments = new Set(
			(text.match(/n8n-nodes-fax:[^\s"]+/g) ?? []).flatMap((key) => key.split(':')),
		);
		const documentHashes = [
			sha256(DOCUMENT).toString('hex'),
			...sent.map((item) => String(item.audit.documentSha256)),
		];
		const guesses: string[] = [...documentHashes];
		for (const spelling of plain) {
			guesses.push(spelling);
			for (const segment of segments)
				guesses.push(`${segment}|${spelling}`, `${segment}:${spelling}`);
			for (const hash of documentHashes) guesses.push(`${hash}|${spelling}`, `${hash}${spelling}`);
		}
		const digests = [...guesses.map((guess) => sha256(guess)), sha256(DOCUMENT)];
		const hexDigests = digests.map((digest) => digest.toString('hex'));
		const hexRuns = text.match(/[0-9a-f]{16,}/g) ?? [];
		expect(
			hexRuns.filter((run) =>
				hexDigests.some((digest) => digest.includes(run) || run.includes(digest.slice(0, 16))),
			),
		).toEqual([]);
		const base64Digests = digests.map((digest) => digest.toString('base64').slice(0, 16));
		expect(base64Digests.filter((digest) => text.includes(digest))).toEqual([]);
	});
});
