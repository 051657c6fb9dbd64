import type { IBinaryData, INodeParameters, INodeTypeDescription } from 'n8n-workflow';

import { startTestServer, type Harness, type TestServer, type WebhookHost } from '../harness';
import type { Simulator, WebhookDelivery } from '../../simulator';
import { SENDFAXMAIL_KEYS, signWebhook } from '../../simulator';
import { SFM_TRIGGER, number, pdf3, sendFaxes, startHarness, startSim } from './helpers';

const SIGNING = 'whsec_sim_fictional_0123456789';
const EVENTS = ['fax.delivered', 'fax.failed', 'fax.received'];

describe('SendFAXMail Trigger (webhook) with the simulator delivering', () => {
	let harness: Harness;
	let sim: Simulator;
	let host: WebhookHost;
	let foreign: TestServer;

	const credentials = (webhookSecret = SIGNING) => ({
		sendFaxMailApi: {
			apiKey: SENDFAXMAIL_KEYS.business,
			baseUrl: sim.baseUrls.sendFaxMail,
			webhookSecret,
		},
	});

	async function startHost(
		parameters: INodeParameters = { events: EVENTS },
		webhookSecret = SIGNING,
	): Promise<WebhookHost> {
		return await harness.startWebhookHost({
			type: SFM_TRIGGER,
			parameters,
			credentials: credentials(webhookSecret),
		});
	}

	/** Calls the webhook host handled for deliveries, in order. */
	const callsFor = (target: WebhookHost, deliveries: WebhookDelivery[]) =>
		deliveries.map((delivery) =>
			target.received.find(
				(call) =>
					call.rawBody.toString() === delivery.body &&
					call.headers['x-sfm-signature'] === (delivery.signature ?? undefined),
			),
		);

	beforeAll(async () => {
		harness = await startHarness();
		sim = await startSim({ rateLimits: false });
		foreign = await startTestServer(() => ({ body: { error: 'should never be called' } }));
	});

	afterAll(async () => {
		await foreign.close();
		await sim.stop();
		await harness.close();
	});

	beforeEach(async () => {
		sim.reset();
		foreign.requests.length = 0;
		harness.env.logger.clear();
		host = await startHost();
		sim.addWebhook({ url: host.url, secret: SIGNING });
	});

	afterEach(async () => {
		await host.close();
	});

	it('fax.received: the item names the sender, the PDF is in binary, never in the JSON', async () => {
		const { fax, deliveries } = await sim.receiveInbound({ from: number('0190'), pages: 2 });
		expect(deliveries).toHaveLength(1);
		expect(deliveries[0].statusCode).toBe(200);
		const [call] = callsFor(host, deliveries);
		const item = call!.workflowData![0][0];
		expect(item.json).toMatchObject({
			event: 'fax.received',
			eventId: expect.stringMatching(/^evt_/),
			provider: 'sendFaxMail',
			id: fax.id,
			from: number('0190'),
			to: '+12125550100',
			direction: 'inbound',
			status: 'delivered',
			isFinal: true,
			pages: 2,
		});
		// Table view: who and what first, the provider's nested objects last.
		expect(Object.keys(item.json).slice(0, 7)).toEqual([
			'event',
			'provider',
			'id',
			'direction',
			'from',
			'to',
			'status',
		]);
		expect(Object.keys(item.json).at(-1)).toBe('error');
		// The provider's event data (full numbers) only with Include Provider Response.
		expect(item.json).not.toHaveProperty('raw');
		const binary = item.binary?.data as IBinaryData;
		expect(binary).toMatchObject({
			mimeType: 'application/pdf',
			fileName: `fax-${String(fax.id)}.pdf`,
		});
		const bytes = await harness.readBinary(binary);
		expect(bytes.subarray(0, 5).toString('latin1')).toBe('%PDF-');
		const json = JSON.stringify(item.json);
		expect(json).not.toContain('%PDF');
		expect(json).not.toContain(bytes.toString('base64').slice(0, 60));
		// The download went to the credential's own host with its key.
		const downloads = sim.requests({
			provider: 'sendFaxMail',
			path: `/sendfaxmail/v1/faxes/${String(fax.id)}/document`,
		});
		expect(downloads).toHaveLength(1);
		expect(downloads[0].headers.authorization).toMatch(/^Bearer sfm_live/);
	});

	it('fax.received into a chosen binary field, or without download when switched off', async () => {
		await host.close();
		host = await startHost({
			events: ['fax.received'],
			options: { binaryPropertyName: 'referral' },
		});
		sim.clearWebhooks();
		sim.addWebhook({ url: host.url, secret: SIGNING });
		const first = await sim.receiveInbound({ from: number('0191') });
		const [call] = callsFor(host, first.deliveries);
		expect(Object.keys(call!.workflowData![0][0].binary ?? {})).toEqual(['referral']);

		await host.close();
		host = await startHost({
			events: ['fax.received'],
			options: { downloadDocument: false, includeRaw: true },
		});
		sim.clearWebhooks();
		sim.addWebhook({ url: host.url, secret: SIGNING });
		sim.clearRequests();
		const second = await sim.receiveInbound({ from: number('0192') });
		const [quiet] = callsFor(host, second.deliveries);
		expect(quiet!.workflowData![0][0].binary).toBeUndefined();
		expect(quiet!.workflowData![0][0].json.from).toBe(number('0192'));
		// Include Provider Response: the event's data as SendFAXMail sent it.
		expect(quiet!.workflowData![0][0].json.raw).toMatchObject({ from: number('0192') });
		expect(sim.requests({ provider: 'sendFaxMail' })).toHaveLength(0);
	});

	it('outbound faxes ending: fax.delivered and fax.failed (partial included), one item each', async () => {
		await sendFaxes(sim, 'sendFaxMail', [number('0150'), number('0111')]);
		await sendFaxes(sim, 'sendFaxMail', [number('0122')], pdf3);
		const [delivered, failed, partial] = sim
			.faxes({ provider: 'sendFaxMail' })
			.map((fax) => fax.id);
		const { deliveries } = await sim.advanceClock(31);
		expect(deliveries.map((delivery) => delivery.type).sort()).toEqual([
			'fax.delivered',
			'fax.failed',
			'fax.failed',
		]);
		expect(deliveries.every((delivery) => delivery.statusCode === 200)).toBe(true);
		const items = callsFor(host, deliveries).map((call) => call!.workflowData![0][0].json);
		const byId = Object.fromEntries(items.map((item) => [item.id, item]));
		expect(byId[delivered]).toMatchObject({
			event: 'fax.delivered',
			status: 'delivered',
			to: number('0150'),
			direction: 'outbound',
		});
		expect(byId[failed]).toMatchObject({
			event: 'fax.failed',
			status: 'failed',
			error: { code: 'no_answer' },
		});
		expect(byId[partial]).toMatchObject({
			event: 'fax.failed',
			status: 'partial',
			error: { code: 'partial_transmission' },
		});
		// Outbound events carry no document download.
		expect(
			callsFor(host, deliveries).every((call) => call!.workflowData![0][0].binary === undefined),
		).toBe(true);
	});

	it.each([
		['bad-signature', /signature does not match/],
		['stale-timestamp', /outside the 5-minute tolerance/],
		['missing-signature', /missing X-SFM-Signature/],
	] as const)(
		'a replay with %s is refused with 401 and starts nothing',
		async (variant, reason) => {
			const { deliveries } = await sim.receiveInbound({ from: number('0193') });
			const replay = await sim.replayWebhook(deliveries[0].id, variant);
			expect(replay.statusCode).toBe(401);
			const call = host.received.at(-1)!;
			expect(call.status).toBe(401);
			expect(call.workflowData).toBeUndefined();
			expect(
				harness.env.logger.entries.some(
					(entry) => entry.level === 'warn' && reason.test(entry.message),
				),
			).toBe(true);
		},
	);

	it('a new inbound fax sent with a bad signature is refused; nothing is downloaded', async () => {
		sim.clearRequests();
		const { deliveries } = await sim.receiveInbound({
			from: number('0194'),
			variant: 'bad-signature',
		});
		expect(deliveries[0].statusCode).toBe(401);
		expect(host.received.at(-1)?.workflowData).toBeUndefined();
		expect(sim.requests({ provider: 'sendFaxMail' })).toHaveLength(0);
	});

	it('a tampered body (valid header of another body) is refused with 401', async () => {
		const { deliveries } = await sim.receiveInbound({ from: number('0195') });
		const original = deliveries[0];
		const tampered = original.body.replace(number('0195'), number('0196'));
		expect(tampered).not.toBe(original.body);
		const response = await fetch(host.url, {
			method: 'POST',
			headers: { 'content-type': 'application/json', 'x-sfm-signature': original.signature! },
			body: tampered,
		});
		expect(response.status).toBe(401);
		expect(host.received.at(-1)?.workflowData).toBeUndefined();
	});

	it('an endpoint signing with another secret than the credential is refused with 401', async () => {
		sim.clearWebhooks();
		sim.addWebhook({ url: host.url, secret: 'whsec_some_other_secret' });
		const { deliveries } = await sim.receiveInbound({ from: number('0197') });
		expect(deliveries[0].statusCode).toBe(401);
		expect(host.received.at(-1)?.workflowData).toBeUndefined();
	});

	it('a replayed delivery (same signature) or a re-sent event is acknowledged with 2xx and ignored', async () => {
		const { deliveries } = await sim.receiveInbound({ from: number('0198') });
		expect(callsFor(host, deliveries)[0]?.workflowData).toHaveLength(1);
		const replay = await sim.replayWebhook(deliveries[0].id, 'verbatim');
		expect(replay.statusCode).toBe(200);
		const call = host.received.at(-1)!;
		expect(call.workflowData).toBeUndefined();
		expect(call.rawBody.toString()).toBe(deliveries[0].body);
		// The same event sent again with a fresh signature (a sender's retry) starts nothing either.
		const signature = signWebhook(SIGNING, deliveries[0].timestamp - 7, deliveries[0].body);
		expect(signature).not.toBe(deliveries[0].signature);
		const resend = await fetch(host.url, {
			method: 'POST',
			headers: { 'content-type': 'application/json', 'x-sfm-signature': signature },
			body: deliveries[0].body,
		});
		expect(resend.status).toBe(200);
		expect(host.received.at(-1)?.workflowData).toBeUndefined();
		expect(host.received.filter((call) => call.workflowData)).toHaveLength(1);
		// Not in workflow static data: n8n writes it back whole per call, so overlapping calls
		// lose entries (the shared store remembers instead; see sendFaxMailTrigger.queue.test.ts).
		expect(host.staticData()['node:SendFAXMail Trigger']).toBeUndefined();
	});

	it('an event not selected is acknowledged and not emitted', async () => {
		await host.close();
		host = await startHost({ events: ['fax.received'] });
		sim.clearWebhooks();
		sim.addWebhook({ url: host.url, secret: SIGNING });
		await sendFaxes(sim, 'sendFaxMail', [number('0150')]);
		const { deliveries } = await sim.advanceClock(31);
		expect(deliveries).toHaveLength(1);
		expect(deliveries[0].type).toBe('fax.delivered');
		expect(deliveries[0].statusCode).toBe(200);
		const [call] = callsFor(host, deliveries);
		expect(call!.workflowData).toBeUndefined();
	});

	it('a credential without a webhook secret refuses every delivery with 401 and says why in the log', async () => {
		await host.close();
		host = await startHost({ events: EVENTS }, '');
		sim.clearWebhooks();
		sim.addWebhook({ url: host.url, secret: SIGNING });
		const { deliveries } = await sim.receiveInbound({ from: number('0199') });
		expect(deliveries[0].statusCode).toBe(401);
		expect(host.received.at(-1)?.workflowData).toBeUndefined();
		const log = harness.env.logger.entries.find(
			(entry) => entry.level === 'warn' && /Webhook/.test(entry.message),
		);
		expect(log?.message).toMatch(/no Webhook Signing Secret in the SendFAXMail credential/);
	});

	it('a document_url on another host is not fetched: the API key never leaves for it', async () => {
		const timestamp = Math.floor(Date.now() / 1000);
		const body = JSON.stringify({
			id: 'evt_000000000000000000000001',
			type: 'fax.received',
			created_at: new Date().toISOString(),
			data: {
				id: 'fax_000000000000000000000001',
				object: 'fax',
				direction: 'inbound',
				from: number('0188'),
				to: '+12125550100',
				status: 'delivered',
				pages: 1,
				document_url: `${foreign.url}/sendfaxmail/v1/faxes/fax_000000000000000000000001/document`,
			},
		});
		const response = await fetch(host.url, {
			method: 'POST',
			headers: {
				'content-type': 'application/json',
				'x-sfm-signature': signWebhook(SIGNING, timestamp, body),
			},
			body,
		});
		expect(response.status).toBe(200);
		const item = host.received.at(-1)!.workflowData![0][0];
		expect(item.binary).toBeUndefined();
		expect(item.json.documentWarning).toMatch(/not on the SendFAXMail API host/);
		expect(item.json.from).toBe(number('0188'));
		expect(foreign.requests).toHaveLength(0);
	});

	it('a document download the provider redirects to another host is not followed: no key, no binary, a warning naming the host', async () => {
		sim.addFault({
			method: 'GET',
			path: '/sendfaxmail/v1/faxes/{id}/document',
			kind: 'redirect',
			status: 307,
			location: `${foreign.url}/steal`,
		});
		const { fax, deliveries } = await sim.receiveInbound({ from: number('0187') });
		expect(deliveries[0].statusCode).toBe(200);
		const item = callsFor(host, deliveries)[0]!.workflowData![0][0];
		expect(item.json).toMatchObject({ id: fax.id, event: 'fax.received' });
		expect(item.binary).toBeUndefined();
		expect(item.json.documentWarning).toMatch(/document download failed/);
		expect(item.json.documentWarning).toMatch(/redirect \(HTTP 307\)/);
		expect(item.json.documentWarning).toContain(new URL(foreign.url).host);
		expect(foreign.requests).toHaveLength(0);
		const downloads = sim.requests({ path: `/sendfaxmail/v1/faxes/${String(fax.id)}/document` });
		expect(downloads.map((request) => request.status)).toEqual([307]);
	});

	it('a signing secret pasted with a trailing space and line break still verifies deliveries', async () => {
		await host.close();
		host = await startHost({ events: EVENTS }, `${SIGNING} \n`);
		sim.clearWebhooks();
		sim.addWebhook({ url: host.url, secret: SIGNING });
		const { fax, deliveries } = await sim.receiveInbound({ from: number('0186') });
		expect(deliveries[0].statusCode).toBe(200);
		const item = callsFor(host, deliveries)[0]!.workflowData![0][0];
		expect(item.json).toMatchObject({ id: fax.id, event: 'fax.received' });
	});

	it('the UI says where the secret goes and which URL to register', () => {
		const description = harness.package.nodeTypes.getByNameAndVersion(SFM_TRIGGER, 1)
			.description as INodeTypeDescription;
		const notice = description.properties.find((property) => property.type === 'notice');
		expect(notice?.displayName).toMatch(/Production URL/);
		expect(notice?.displayName).toMatch(/Dashboard → Developers/);
		expect(notice?.displayName).toMatch(/Webhook Signing Secret/);
		const credential = harness.package.credentialTypes.getByName('sendFaxMailApi');
		expect(
			credential.properties.find((property) => property.name === 'webhookSecret')?.displayName,
		).toBe('Webhook Signing Secret');
		expect(description.webhooks?.[0]).toMatchObject({
			httpMethod: 'POST',
			responseMode: 'onReceived',
		});
		const events = description.properties.find((property) => property.name === 'events');
		expect(events?.default).toEqual(EVENTS);
	});

	it('activation and deactivation register nothing: the endpoint lives in the SendFAXMail dashboard', async () => {
		// beforeEach activated `host`; a second one is deactivated here as well.
		const other = await startHost();
		await other.close();
		expect(other.lifecycle.map(({ method, result }) => [method, result])).toEqual([
			['checkExists', true],
			['delete', true],
		]);
		expect(host.lifecycle.map(({ method }) => method)).toEqual(['checkExists']);
		expect(sim.requests({ provider: 'sendFaxMail' })).toHaveLength(0);
	});
});
