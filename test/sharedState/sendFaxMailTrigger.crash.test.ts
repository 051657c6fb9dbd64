/**
 * SendFAXMail Trigger: an event is claimed before the workflow starts. If the process dies
 * between the claim and handing the event to n8n, the event must not be lost: the claim is a
 * lease until the event is handed over, and a later delivery takes over an expired lease. A
 * delivery that outlived its lease hands nothing over (the one that took over did).
 *
 * "The process dies" = a delivery whose document download the simulator holds: it has claimed
 * the event and never gets further while the test looks. The lease expiry is Redis' own (a short
 * lease set for this file); the test waits for Redis' expiry notice, never for a time.
 */
import { createClient } from '@redis/client';
import type { INodeParameters } from 'n8n-workflow';

import { createHarness, type Harness, type NodeOptions, type WebhookHost } from '../harness';
import { SENDFAXMAIL_KEYS, signWebhook, startSimulator, type Simulator } from '../../simulator';
import { until } from '../until';
import { PACKAGE_DIR, SFM_TRIGGER } from '../triggers/helpers';
import { nodeEventOnce, nodeSharedState as shared } from './nodeModules';
import { Redis } from './redisCredential';
import { startRedisServer, type RedisServer } from './redisServer';

const SIGNING = 'whsec_sim_fictional_0123456789';

let harness: Harness;
let sim: Simulator;
let redis: RedisServer;
let subscriber: ReturnType<typeof createClient>;
const expired: string[] = [];
const hosts: WebhookHost[] = [];
let workflows = 0;

beforeAll(async () => {
	harness = await createHarness({ packageDir: PACKAGE_DIR, credentials: [new Redis()] });
	sim = await startSimulator({ speed: 0 });
	redis = await startRedisServer();
	subscriber = createClient({ socket: { host: '127.0.0.1', port: redis.port } });
	await subscriber.connect();
	await subscriber.configSet('notify-keyspace-events', 'Ex');
	await subscriber.subscribe('__keyevent@0__:expired', (key) => {
		expired.push(key);
	});
});

afterEach(async () => {
	nodeEventOnce.setEventLeaseMs();
	sim.releaseHeld();
	await Promise.all(hosts.splice(0).map(async (host) => await host.close()));
	sim.reset();
});

afterAll(async () => {
	await subscriber?.quit();
	await shared.closeSharedStores();
	await redis?.stop();
	await sim?.stop();
	await harness?.close();
});

/** Two processes (main and webhook) of one workflow node, sharing only Redis. */
async function twoProcesses() {
	const workflowId = `wf-crash-${++workflows}`;
	const start = async () => {
		const host = await harness.startWebhookHost({
			type: SFM_TRIGGER,
			workflowId,
			parameters: { events: ['fax.received'], sharedState: 'redis' } as INodeParameters,
			nodeOptions: { id: `sfm-crash-node-${workflows}` } as NodeOptions,
			credentials: {
				sendFaxMailApi: {
					apiKey: SENDFAXMAIL_KEYS.business,
					baseUrl: sim.baseUrls.sendFaxMail,
					webhookSecret: SIGNING,
				},
				redis: redis.credential,
			},
		});
		hosts.push(host);
		return host;
	};
	return [await start(), await start()] as const;
}

/** An inbound fax event whose document the trigger downloads from the simulator. */
function inbound(n: number) {
	const faxId = `fax_crash_${workflows}_${n}`;
	const documentPath = `/sendfaxmail/v1/faxes/${faxId}/document`;
	const body = JSON.stringify({
		id: `evt_crash_${workflows}_${n}`,
		type: 'fax.received',
		created_at: new Date().toISOString(),
		data: {
			id: faxId,
			object: 'fax',
			direction: 'inbound',
			from: '+12125550190',
			to: '+12125550100',
			status: 'received',
			pages: 1,
			document_url: `${new URL(sim.baseUrls.sendFaxMail).origin}${documentPath}`,
		},
	});
	return { body, documentPath };
}

/** One delivery with a fresh signature, as the provider sends a retry; its HTTP status. */
async function deliver(host: WebhookHost, body: string): Promise<number> {
	const signature = signWebhook(SIGNING, Math.floor(Date.now() / 1000), body);
	const response = await fetch(host.url, {
		method: 'POST',
		headers: { 'content-type': 'application/json', 'x-sfm-signature': signature },
		body,
	});
	return response.status;
}

const started = (host: WebhookHost) => host.received.filter((call) => call.workflowData).length;

/** The first delivery, stopped after its claim: its document download is held. */
async function claimAndStall(host: WebhookHost, event: { body: string; documentPath: string }) {
	sim.addFault({ method: 'GET', path: event.documentPath, kind: 'hold' });
	const stalled = deliver(host, event.body);
	await until(
		() => sim.requests({ method: 'GET', path: event.documentPath }).length === 1,
		30_000,
		'the first delivery to reach its document download',
	);
	// Wrapped: an async function returning the promise itself would wait for it.
	return { stalled };
}

describe('SendFAXMail Trigger: a delivery that dies between claim and workflow start', () => {
	it('after its lease expires, the next delivery of the event starts the workflow once', async () => {
		nodeEventOnce.setEventLeaseMs(300);
		const [dead, other] = await twoProcesses();
		const event = inbound(1);
		const { stalled } = await claimAndStall(dead, event);

		// The claim outlives the dead process only for its lease; Redis expires it.
		await until(
			() => expired.some((key) => key.includes(':sfm-event:')),
			30_000,
			'the lease to expire',
		);
		expect(await deliver(other, event.body)).toBe(200);
		expect(started(other)).toBe(1);
		const [item] = other.received.find((call) => call.workflowData)!.workflowData![0];
		expect(item.json).toMatchObject({ event: 'fax.received', eventId: `evt_crash_${workflows}_1` });

		// The stalled delivery resumes after all: it lost its lease, so it starts nothing.
		expect(sim.releaseHeld()).toBe(1);
		expect(await stalled).toBe(200);
		expect(started(dead)).toBe(0);
		// And a further re-delivery is recognised.
		expect(await deliver(dead, event.body)).toBe(200);
		expect(await deliver(other, event.body)).toBe(200);
		expect(started(dead) + started(other)).toBe(1);
	});

	it('a delivery slower than its lease, with no other delivery meanwhile, still starts the workflow', async () => {
		nodeEventOnce.setEventLeaseMs(300);
		const [slow] = await twoProcesses();
		const event = inbound(3);
		const leasesExpired = () => expired.filter((key) => key.includes(':sfm-event:')).length;
		const before = leasesExpired();
		const { stalled } = await claimAndStall(slow, event);
		await until(() => leasesExpired() > before, 30_000, 'the lease to expire');
		// Nobody took the event over: the slow delivery hands it to n8n (not "handled by another").
		expect(sim.releaseHeld()).toBe(1);
		expect(await stalled).toBe(200);
		expect(started(slow)).toBe(1);
		expect(await deliver(slow, event.body)).toBe(200);
		expect(started(slow)).toBe(1);
	});

	it('while the first delivery is still within its lease, a re-delivery is told to come back (503)', async () => {
		const [first, second] = await twoProcesses();
		const event = inbound(2);
		const { stalled: running } = await claimAndStall(first, event);

		expect(await deliver(second, event.body)).toBe(503);
		expect(started(second)).toBe(0);

		expect(sim.releaseHeld()).toBe(1);
		expect(await running).toBe(200);
		expect(started(first)).toBe(1);
		// The provider's next try: already handed to n8n.
		expect(await deliver(second, event.body)).toBe(200);
		expect(started(first) + started(second)).toBe(1);
	});
});
