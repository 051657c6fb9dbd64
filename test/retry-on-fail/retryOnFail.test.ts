import path from 'node:path';

import type { INodeExecutionData } from 'n8n-workflow';

import { makeSimplePdf, SIM_KEYS, startSimulator, type Simulator } from '../../simulator';
import { createHarness, type Harness } from '../harness';
import { HARNESS_SOURCE_TYPE, registerPayload, releasePayload } from '../harness/source-node';

const FAX = 'n8n-nodes-fax.fax';
// n8n reads waitBetweenTries 0 as 1000 ms; 10 ms keeps the suite fast.
const RETRY = { retryOnFail: true, maxTries: 3, waitBetweenTries: 10 };
const pdf = makeSimplePdf(1, 'Fictional referral');
const binary = () => ({
	data: { data: pdf, fileName: 'referral.pdf', mimeType: 'application/pdf' },
});

describe('Retry On Fail never sends a fax twice', () => {
	let harness: Harness;
	let sim: Simulator;
	const credentials = () => ({
		faxRocksApi: { apiToken: SIM_KEYS.faxRocks.primary, baseUrl: sim.baseUrls.faxRocks },
		faxDropApi: {
			apiKey: SIM_KEYS.faxDrop.primary,
			baseUrl: sim.baseUrls.faxDrop,
			senderName: 'Front Desk',
			senderEmail: 'frontdesk@clinic.example',
		},
		sendFaxMailApi: { apiKey: SIM_KEYS.sendFaxMail.business, baseUrl: sim.baseUrls.sendFaxMail },
	});
	const send = (provider: string, toNumber = '={{ $json.to }}') => ({
		provider,
		resource: 'fax',
		operation: 'send',
		toNumber,
		binaryPropertyName: 'data',
	});

	beforeAll(async () => {
		harness = await createHarness({ packageDir: path.resolve(__dirname, '../..') });
		sim = await startSimulator({ speed: 0, rateLimits: false });
	});
	beforeEach(() => sim.reset());
	afterAll(async () => {
		await sim.stop();
		await harness.close();
	});

	// n8n runs a node again while its first output item has `json.error` — which every fax item
	// has (null on success) — so a plain success is re-run maxTries times.
	it.each(['faxRocks', 'faxDrop', 'sendFaxMail'])(
		'%s: a successful send goes out once',
		async (provider) => {
			const result = await harness.runNode({
				type: FAX,
				parameters: send(provider, '+12125550150'),
				credentials: credentials(),
				binaries: [binary()],
				nodeOptions: RETRY,
			});
			expect(result.nodeError).toBeUndefined();
			expect(sim.faxes({ provider })).toHaveLength(1);
			expect(result.items).toHaveLength(1);
			expect(result.items[0].json.id).toBe(sim.faxes({ provider })[0].id);
		},
	);

	it('FaxDrop: when a later item fails, the items already sent are not sent again', async () => {
		const result = await harness.runNode({
			type: FAX,
			parameters: send('faxDrop'),
			credentials: credentials(),
			items: [
				{ json: { to: '+12125550150' } },
				{ json: { to: '+12125550151' } },
				{ json: { to: '+1 212 555' } },
			],
			binaries: [binary(), binary(), binary()],
			nodeOptions: RETRY,
		});
		expect(result.nodeError).toBeDefined();
		expect(
			sim
				.faxes({ provider: 'faxDrop' })
				.map((fax) => fax.to)
				.sort(),
		).toEqual(['+12125550150', '+12125550151']);
	});

	it('faxrocks: a failed id lookup after an accepted send reports the fax without an id', async () => {
		// The lookup before the send passes, the lookups after it fail (3 tries).
		sim.addFault({ method: 'GET', path: '/faxrocks/api/faxes', kind: 'slow', delayMs: 0 });
		sim.addFault({ method: 'GET', path: '/faxrocks/api/faxes', kind: '500', count: 3 });
		const result = await harness.runNode({
			type: FAX,
			parameters: send('faxRocks', '+12125550150'),
			credentials: credentials(),
			binaries: [binary()],
			nodeOptions: RETRY,
		});
		expect(result.nodeError).toBeUndefined();
		expect(sim.faxes({ provider: 'faxRocks' })).toHaveLength(1);
		expect(result.items[0].json).toMatchObject({ id: null, status: 'queued', error: null });
	});

	it('SendFAXMail: a second run of the node in one execution (a loop) sends its own faxes', async () => {
		const payloads = ['+12125550150', '+12125550151'].map((to) =>
			registerPayload([{ json: { to }, binary: binary() }]),
		);
		try {
			const result = await harness.runWorkflow({
				nodes: [
					{
						name: 'A',
						type: HARNESS_SOURCE_TYPE,
						typeVersion: 1,
						parameters: { payloadId: payloads[0] },
					},
					{
						name: 'B',
						type: HARNESS_SOURCE_TYPE,
						typeVersion: 1,
						parameters: { payloadId: payloads[1] },
					},
					{ name: 'Fax', type: FAX, parameters: send('sendFaxMail'), ...RETRY },
				],
				connections: {
					A: {
						main: [
							[
								{ node: 'Fax', type: 'main', index: 0 },
								{ node: 'B', type: 'main', index: 0 },
							],
						],
					},
					B: { main: [[{ node: 'Fax', type: 'main', index: 0 }]] },
				},
				credentials: credentials(),
				startNode: 'A',
			});
			const runs = result.taskData('Fax');
			expect(runs).toHaveLength(2);
			const items = runs.flatMap((run) => (run.data?.main?.[0] ?? []) as INodeExecutionData[]);
			const created = sim.faxes({ provider: 'sendFaxMail' });
			expect(created.map((fax) => fax.to).sort()).toEqual(['+12125550150', '+12125550151']);
			for (const item of items) {
				expect(created.find((fax) => fax.id === item.json.id)?.to).toBe(item.json.to);
			}
		} finally {
			payloads.forEach(releasePayload);
		}
	});
});
