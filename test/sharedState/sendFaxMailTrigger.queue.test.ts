/**
 * SendFAXMail Trigger in n8n queue mode: main and a webhook process both receive deliveries
 * for the same workflow node. Each event must start the workflow at most once across them.
 * Two webhook hosts stand for the two processes (same workflow and node id); forgetting this
 * process's memory between deliveries makes the second host share nothing but Redis.
 */
import type { INodeParameters } from 'n8n-workflow';

import { createHarness, type Harness, type NodeOptions, type WebhookHost } from '../harness';
import { SENDFAXMAIL_KEYS, signWebhook } from '../../simulator';
import { PACKAGE_DIR, SFM_TRIGGER } from '../triggers/helpers';
import { nodeSharedState as shared } from './nodeModules';
import { Redis } from './redisCredential';
import { closedPort, startRedisServer, type RedisServer } from './redisServer';

const SIGNING = 'whsec_sim_fictional_0123456789';

let harness: Harness;
let redis: RedisServer;
const hosts: WebhookHost[] = [];
let workflows = 0;

beforeAll(async () => {
	harness = await createHarness({ packageDir: PACKAGE_DIR, credentials: [new Redis()] });
	redis = await startRedisServer();
});

afterEach(async () => {
	await Promise.all(hosts.splice(0).map(async (host) => await host.close()));
});

afterAll(async () => {
	await shared.closeSharedStores();
	await redis?.stop();
	await harness?.close();
});

/** "main" and "webhook": two hosts of one workflow node, as n8n queue mode runs it. */
async function twoProcesses(sharedState: 'none' | 'redis', redisPort = redis.port) {
	const workflowId = `wf-queue-${++workflows}`;
	const start = async () => {
		const host = await harness.startWebhookHost({
			type: SFM_TRIGGER,
			workflowId,
			parameters: { events: ['fax.delivered'], sharedState } as INodeParameters,
			nodeOptions: { id: `sfm-node-${workflows}` } as NodeOptions,
			credentials: {
				sendFaxMailApi: {
					apiKey: SENDFAXMAIL_KEYS.business,
					baseUrl: 'http://127.0.0.1:9/sendfaxmail',
					webhookSecret: SIGNING,
				},
				...(sharedState === 'redis' ? { redis: { ...redis.credential, port: redisPort } } : {}),
			},
		});
		hosts.push(host);
		return host;
	};
	return [await start(), await start()] as const;
}

function eventBody(n: number): string {
	return JSON.stringify({
		id: `evt_queue_${workflows}_${n}`,
		type: 'fax.delivered',
		created_at: new Date().toISOString(),
		data: {
			id: `fax_queue_${workflows}_${n}`,
			object: 'fax',
			direction: 'outbound',
			to: '+12125550123',
			status: 'delivered',
			pages: 1,
		},
	});
}

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

describe('SendFAXMail Trigger with Shared State Redis', () => {
	it('the same event delivered to both processes at the same moment (×10) starts once each time', async () => {
		const [main, webhook] = await twoProcesses('redis');
		for (let n = 0; n < 10; n++) {
			const body = eventBody(n);
			const statuses = await Promise.all([deliver(main, body), deliver(webhook, body)]);
			// One handles it; the other is told 200 (already handled) or 503 (being handled right
			// now: deliver again later, as the first might still die before n8n gets the event).
			expect(statuses).toContain(200);
			expect(statuses.every((status) => status === 200 || status === 503)).toBe(true);
			shared.forgetProcessState();
		}
		expect(started(main) + started(webhook)).toBe(10);
	});

	it('20 events at once to one process, then each re-delivered to the other: none runs twice', async () => {
		const [main, webhook] = await twoProcesses('redis');
		const bodies = Array.from({ length: 20 }, (_, n) => eventBody(n));
		await Promise.all(bodies.map(async (body) => await deliver(main, body)));
		expect(started(main)).toBe(20);
		shared.forgetProcessState();
		const statuses = await Promise.all(bodies.map(async (body) => await deliver(webhook, body)));
		expect(statuses.every((status) => status === 200)).toBe(true);
		expect(started(webhook)).toBe(0);
	});

	it('Redis unreachable: the delivery is answered 503 (the provider redelivers) and starts nothing', async () => {
		const [main] = await twoProcesses('redis', await closedPort());
		expect(await deliver(main, eventBody(1))).toBe(503);
		expect(started(main)).toBe(0);
		const call = main.received.at(-1)!;
		expect(JSON.stringify(call.responseBody ?? '')).not.toMatch(/127\.0\.0\.1/);
	});
});

describe('SendFAXMail Trigger with Shared State "This n8n process only"', () => {
	it('remembers events within the process; another process does not know them (use Redis there)', async () => {
		const [main, webhook] = await twoProcesses('none');
		const body = eventBody(1);
		expect(await deliver(main, body)).toBe(200);
		expect(await deliver(webhook, body)).toBe(200);
		expect(started(main) + started(webhook)).toBe(1);
		shared.forgetProcessState();
		await deliver(webhook, body);
		expect(started(webhook)).toBe(1);
	});
});
