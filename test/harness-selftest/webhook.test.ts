import { createHmac } from 'node:crypto';

import type { IDataObject } from 'n8n-workflow';

import {
	createHarness,
	startTestServer,
	type Harness,
	type TestServer,
	type WebhookHost,
} from '../harness';
import { FIXTURE, fixtureCredentials, fixtureNodes } from '../fixtures';

const SECRET = 'whsec-fixture';

function sign(body: string): string {
	return createHmac('sha256', SECRET).update(body).digest('hex');
}

describe('harness: webhook trigger in a real WebhookContext behind node:http', () => {
	let harness: Harness;
	let api: TestServer;
	let host: WebhookHost;
	const hooks: IDataObject[] = [];

	beforeAll(async () => {
		harness = await createHarness({ nodes: fixtureNodes(), credentials: fixtureCredentials() });
		api = await startTestServer((request) => {
			if (request.method === 'GET' && request.path === '/hooks') return { body: hooks };
			if (request.method === 'POST' && request.path === '/hooks') {
				const hook = { id: `hook-${hooks.length + 1}`, ...(request.body as IDataObject) };
				hooks.push(hook);
				return { status: 201, body: hook };
			}
			if (request.method === 'DELETE') return { status: 204 };
			return { status: 404, body: { message: 'not found' } };
		});
		host = await harness.startWebhookHost({
			type: FIXTURE.webhook,
			credentials: {
				fixtureApi: { baseUrl: api.url, apiToken: 'hook-token', webhookSecret: SECRET },
			},
			webhookPath: 'b1a7c0de-0000-4000-8000-000000000001',
		});
	});

	afterAll(async () => {
		await host.close();
		await api.close();
		await harness.close();
	});

	it('builds the webhook URL like n8n and registers it through webhookMethods (HookContext)', () => {
		expect(host.url).toBe(`${host.baseUrl}/b1a7c0de-0000-4000-8000-000000000001/events`);
		expect(host.baseUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/webhook$/);
		expect(host.lifecycle).toEqual([
			{ method: 'checkExists', webhookName: 'default', result: false },
			{ method: 'create', webhookName: 'default', result: true },
		]);
		const created = api.requests.find((request) => request.method === 'POST');
		expect(created?.body).toEqual({ url: host.url });
		expect(created?.headers.authorization).toBe('Bearer hook-token');
		expect(host.staticData()).toEqual({ 'node:Fixture Webhook Trigger': { hookId: 'hook-1' } });
	});

	it('passes the raw body to the node and answers onReceived with "Workflow was started"', async () => {
		// Odd spacing: the signature is over the exact bytes, which only rawBody preserves.
		const body = '{ "event" : "fax.delivered",  "faxId": 7 }';
		const response = await fetch(`${host.url}?attempt=1`, {
			method: 'POST',
			headers: { 'content-type': 'application/json', 'x-signature': sign(body) },
			body,
		});

		expect(response.status).toBe(200);
		expect(await response.json()).toEqual({ message: 'Workflow was started' });
		const call = host.received.at(-1)!;
		expect(call.status).toBe(200);
		expect(call.rawBody.toString()).toBe(body);
		expect(call.workflowData?.[0][0].json).toEqual({
			event: 'fax.delivered',
			faxId: 7,
			rawLength: Buffer.byteLength(body),
			query: { attempt: '1' },
		});
	});

	it('lets the node answer itself (noWebhookResponse) and starts nothing', async () => {
		const response = await fetch(host.url, {
			method: 'POST',
			headers: { 'content-type': 'application/json', 'x-signature': 'forged' },
			body: '{"event":"fax.delivered"}',
		});
		expect(response.status).toBe(401);
		expect(await response.json()).toEqual({ message: 'Invalid signature' });
		const call = host.received.at(-1)!;
		expect(call).toMatchObject({ status: 401, noWebhookResponse: true, workflowData: undefined });
	});

	it('answers with webhookResponse when the node returns no workflow data', async () => {
		const body = '{"ping":true}';
		const response = await fetch(host.url, {
			method: 'POST',
			headers: { 'content-type': 'application/json', 'x-signature': sign(body) },
			body,
		});
		expect(response.status).toBe(200);
		expect(await response.json()).toEqual({ pong: true });
	});

	it('rejects other methods, unknown paths and unparsable JSON like n8n', async () => {
		const wrongMethod = await fetch(host.url);
		expect(wrongMethod.status).toBe(404);
		expect(((await wrongMethod.json()) as IDataObject).message).toBe(
			'This webhook is not registered for GET requests. Did you mean to make a POST request?',
		);
		const unknown = await fetch(`${host.baseUrl}/nope`, { method: 'POST' });
		expect(unknown.status).toBe(404);
		const broken = await fetch(host.url, {
			method: 'POST',
			headers: { 'content-type': 'application/json' },
			body: '{broken',
		});
		expect(broken.status).toBe(422);
	});

	it('runs webhookMethods.delete on close', async () => {
		const other = await harness.startWebhookHost({
			type: FIXTURE.webhook,
			credentials: {
				fixtureApi: { baseUrl: api.url, apiToken: 'hook-token', webhookSecret: SECRET },
			},
		});
		const hookId = (other.staticData()['node:Fixture Webhook Trigger'] as IDataObject).hookId;
		await other.close();
		expect(other.lifecycle.map((call) => call.method)).toEqual(['checkExists', 'create', 'delete']);
		expect(api.requests.at(-1)).toMatchObject({
			method: 'DELETE',
			path: `/hooks/${String(hookId)}`,
		});
		expect(other.staticData()).toEqual({ 'node:Fixture Webhook Trigger': {} });
		await expect(fetch(other.url, { method: 'POST' })).rejects.toThrow();
	});
});
