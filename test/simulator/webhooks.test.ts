import { PDFDocument } from 'pdf-lib';

import type { Simulator } from '../../simulator';
import { SENDFAXMAIL_KEYS } from '../../simulator';
import { START_MS, call, jsonInit, pdf1, receiver, start, verifySignature } from './helpers';

let sim: Simulator;
let hook: Awaited<ReturnType<typeof receiver>>;
const secret = 'whsec_sim_test_secret';
const business = { Authorization: `Bearer ${SENDFAXMAIL_KEYS.business}` };

beforeAll(async () => {
	sim = await start();
	hook = await receiver();
});
afterAll(async () => {
	await sim.stop();
	await hook.close();
});
beforeEach(() => {
	sim.reset();
	hook.received.length = 0;
	hook.setStatus(200);
});

const register = (events?: string[]) =>
	call(`${sim.url}/_sim/sendfaxmail/webhooks`, jsonInit('POST', { url: hook.url, secret, events }));

const sendFax = (to: string) =>
	call(
		`${sim.baseUrls.sendFaxMail}/v1/faxes`,
		jsonInit(
			'POST',
			{ to, document: { content: pdf1.toString('base64'), content_type: 'application/pdf' } },
			business,
		),
	);

function signatureParts(header: string): { t: number; v1: string } {
	const match = /^t=(\d+),v1=([0-9a-f]{64})$/.exec(header);
	expect(match).not.toBeNull();
	return { t: Number(match?.[1]), v1: String(match?.[2]) };
}

describe('SendFAXMail webhooks', () => {
	it('delivers fax.received for an inbound fax, signed as documented, with a downloadable document', async () => {
		expect((await register()).status).toBe(201);
		const before = Math.floor(Date.now() / 1000);
		const inbound = await call(
			`${sim.url}/_sim/sendfaxmail/inbound`,
			jsonInit('POST', { from: '+13125550177', pages: 2 }),
		);
		expect(inbound.status).toBe(201);
		expect(inbound.body.deliveries).toHaveLength(1);
		expect(inbound.body.deliveries[0].statusCode).toBe(200);
		const after = Math.ceil(Date.now() / 1000);

		expect(hook.received).toHaveLength(1);
		const [{ headers, rawBody }] = hook.received;
		const header = String(headers['x-sfm-signature']);
		// Signed at the real now (a receiver checks it against its own clock).
		const { t } = signatureParts(header);
		expect(t).toBeGreaterThanOrEqual(before);
		expect(t).toBeLessThanOrEqual(after);
		expect(verifySignature(rawBody, header, secret)).toBe(true);
		expect(verifySignature(rawBody, header, 'another-secret')).toBe(false);
		expect(verifySignature(`${rawBody} `, header, secret)).toBe(false);

		const event = JSON.parse(rawBody);
		expect(event).toEqual({
			id: expect.stringMatching(/^evt_[0-9a-f]+$/),
			type: 'fax.received',
			created_at: new Date(START_MS).toISOString(),
			data: {
				id: expect.stringMatching(/^fax_/),
				object: 'fax',
				direction: 'inbound',
				to: '+12125550100',
				from: '+13125550177',
				status: 'delivered',
				pages: 2,
				error: null,
				created_at: new Date(START_MS).toISOString(),
				sent_at: new Date(START_MS).toISOString(),
				completed_at: new Date(START_MS).toISOString(),
				document_url: `${sim.baseUrls.sendFaxMail}/v1/faxes/${event.data.id}/document`,
			},
		});

		const document = await call(event.data.document_url, { headers: business });
		expect(document.status).toBe(200);
		expect(document.headers.get('content-type')).toBe('application/pdf');
		expect((await PDFDocument.load(document.bytes)).getPageCount()).toBe(2);
		expect((await call(event.data.document_url)).status).toBe(401);
		expect(
			(
				await call(event.data.document_url, {
					headers: { Authorization: `Bearer ${SENDFAXMAIL_KEYS.sendOnly}` },
				})
			).status,
		).toBe(403);
		// The inbound fax is in the list too.
		const list = await call(`${sim.baseUrls.sendFaxMail}/v1/faxes`, { headers: business });
		expect(list.body.data[0]).toMatchObject({ id: event.data.id, direction: 'inbound' });
	});

	it('delivers fax.delivered and fax.failed when outbound faxes end on the clock', async () => {
		await register();
		const ok = (await sendFax('+12125550150')).body.id;
		const failed = (await sendFax('+12125550111')).body.id;
		await sim.advanceClock(29);
		expect(hook.received).toHaveLength(0);
		const { deliveries } = await sim.advanceClock(1);
		expect(deliveries).toHaveLength(2);
		const events = hook.received.map((received) => JSON.parse(received.rawBody));
		expect(events.map((event) => [event.type, event.data.id])).toEqual([
			['fax.delivered', ok],
			['fax.failed', failed],
		]);
		expect(events[1].data.error).toEqual({
			code: 'no_answer',
			message: 'No answer from the receiving fax machine.',
		});
		expect(events[0].created_at).toBe(new Date(START_MS + 30_000).toISOString());
		for (const received of hook.received) {
			expect(
				verifySignature(received.rawBody, String(received.headers['x-sfm-signature']), secret),
			).toBe(true);
			expect(received.headers['content-type']).toBe('application/json');
		}
		// Each event is delivered once.
		await sim.advanceClock(600);
		expect(hook.received).toHaveLength(2);
	});

	it('emits a webhook when a status is forced final', async () => {
		await register();
		const id = (await sendFax('+12125550144')).body.id;
		await sim.forceStatus(id, 'failed');
		expect(hook.received.map((received) => JSON.parse(received.rawBody).type)).toEqual([
			'fax.failed',
		]);
	});

	it('sends only subscribed events and records the receiver status of each attempt', async () => {
		await register(['fax.received']);
		hook.setStatus(500);
		await sendFax('+12125550150');
		await sim.advanceClock(30);
		expect(hook.received).toHaveLength(0);
		await sim.receiveInbound({ from: '+13125550177' });
		const deliveries = (await call(`${sim.url}/_sim/sendfaxmail/webhooks/deliveries`)).body
			.deliveries;
		expect(deliveries).toHaveLength(1);
		expect(deliveries[0]).toMatchObject({
			type: 'fax.received',
			statusCode: 500,
			variant: 'valid',
			replayOf: null,
		});
	});

	it('replays a delivery verbatim and re-sends it with a bad or stale signature', async () => {
		await register();
		const { deliveries } = await sim.receiveInbound({ from: '+13125550177' });
		const original = deliveries[0];

		const replay = await call(
			`${sim.url}/_sim/sendfaxmail/webhooks/replay`,
			jsonInit('POST', { deliveryId: original.id }),
		);
		expect(replay.body).toMatchObject({
			replayOf: original.id,
			variant: 'verbatim',
			statusCode: 200,
		});
		expect(hook.received[1].rawBody).toBe(hook.received[0].rawBody);
		expect(hook.received[1].headers['x-sfm-signature']).toBe(
			hook.received[0].headers['x-sfm-signature'],
		);

		await sim.replayWebhook(original.id, 'bad-signature');
		const bad = hook.received[2];
		expect(bad.rawBody).toBe(hook.received[0].rawBody);
		expect(verifySignature(bad.rawBody, String(bad.headers['x-sfm-signature']), secret)).toBe(
			false,
		);

		await sim.replayWebhook(original.id, 'stale-timestamp');
		const stale = hook.received[3];
		const header = String(stale.headers['x-sfm-signature']);
		expect(verifySignature(stale.rawBody, header, secret)).toBe(true);
		expect(Date.now() / 1000 - signatureParts(header).t).toBeGreaterThanOrEqual(300);

		await sim.replayWebhook(original.id, 'missing-signature');
		expect(hook.received[4].headers['x-sfm-signature']).toBeUndefined();
		expect(sim.webhookDeliveries()).toHaveLength(5);
	});

	it('can deliver an inbound event with a bad signature from the start', async () => {
		await register();
		await call(
			`${sim.url}/_sim/sendfaxmail/inbound`,
			jsonInit('POST', { from: '+13125550177', variant: 'bad-signature' }),
		);
		const [received] = hook.received;
		expect(
			verifySignature(received.rawBody, String(received.headers['x-sfm-signature']), secret),
		).toBe(false);
	});

	it('rejects bad control input with 400', async () => {
		expect(
			(
				await call(
					`${sim.url}/_sim/sendfaxmail/webhooks`,
					jsonInit('POST', { url: 'ftp://x', secret }),
				)
			).status,
		).toBe(400);
		expect(
			(await call(`${sim.url}/_sim/sendfaxmail/inbound`, jsonInit('POST', { from: 'nobody' })))
				.status,
		).toBe(400);
		expect(
			(
				await call(
					`${sim.url}/_sim/sendfaxmail/webhooks/replay`,
					jsonInit('POST', { deliveryId: 'whd_x' }),
				)
			).status,
		).toBe(400);
	});
});

describe('SendFAXMail webhooks with a running clock', () => {
	it('delivers on the real-time tick and dispatches scheduled faxes without clock advances', async () => {
		// Set up with the clock stopped (the schedule is 90 s ahead, whatever the machine's
		// pace), then let it run.
		const fast = await start({ speed: 0, tickMs: 20 });
		const local = await receiver();
		try {
			fast.addWebhook({ url: local.url, secret });
			const headers = { Authorization: `Bearer ${SENDFAXMAIL_KEYS.business}` };
			const document = { content: pdf1.toString('base64'), content_type: 'application/pdf' };
			const sent = await call(
				`${fast.baseUrls.sendFaxMail}/v1/faxes`,
				jsonInit('POST', { to: '+12125550150', document }, headers),
			);
			const sendAt = new Date(fast.now().getTime() + 90_000).toISOString();
			const scheduled = await call(
				`${fast.baseUrls.sendFaxMail}/v1/scheduled`,
				jsonInit('POST', { to: '+12125550151', document, send_at: sendAt }, headers),
			);
			expect(scheduled.status).toBe(201);
			expect(local.received).toHaveLength(0);
			// 90 + 30 virtual seconds is about 1 real second at speed 120; no advanceClock.
			fast.setSpeed(120);
			const deadline = Date.now() + 30_000;
			while (local.received.length < 2 && Date.now() < deadline) {
				await new Promise((resolve) => setTimeout(resolve, 25));
			}
			const events = local.received.map((received) => JSON.parse(received.rawBody));
			expect(events.map((event) => event.type)).toEqual(['fax.delivered', 'fax.delivered']);
			expect(events[0].data.id).toBe(sent.body.id);
			const row = await call(`${fast.baseUrls.sendFaxMail}/v1/scheduled/${scheduled.body.id}`, {
				headers,
			});
			expect(row.body.status).toBe('sent');
			expect(events[1].data.id).toBe(row.body.fax_id);
		} finally {
			await fast.stop();
			await local.close();
		}
	});
});
