/**
 * n8n re-running the Fax node inside one execution must never send a fax twice, nor lose one:
 * - "Retry On Fail" re-runs a node that threw, and also one whose first output item has an
 *   `error` key — which every unified fax item has (`error: null`);
 * - a loop (e.g. Loop Over Items) runs the same node several times, each run with new items.
 */
import { SIM_KEYS } from '../../simulator';
import type {
	IExecuteFunctions,
	INodeExecutionData,
	INodeType,
	INodeTypeDescription,
} from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

import {
	FAXDROP_SENDER,
	FAX_NODE,
	NUMBERS,
	PROVIDERS,
	SEND_PATH,
	credentialsFor,
	expectUnifiedFax,
	pdfBinary,
	runFax,
	testPdf,
	useFaxEnv,
	type Provider,
} from './helpers';

const LOOP_TYPE = 'n8n-nodes-test.loopBack';

/** Emits one item with a PDF for NUMBERS.ok, then (fed back) one for NUMBERS.ok2, then nothing. */
class LoopBack implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Loop Back',
		name: 'loopBack',
		group: ['transform'],
		version: 1,
		description: 'Feeds one new item back once',
		defaults: { name: 'Loop Back' },
		usableAsTool: true,
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		properties: [],
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		const context = this.getContext('node');
		const runs = Number(context.runs ?? 0) + 1;
		context.runs = runs;
		const to = [NUMBERS.ok, NUMBERS.ok2][runs - 1];
		if (!to) return [[]];
		const binary = await this.helpers.prepareBinaryData(
			testPdf(1),
			`page-${runs}.pdf`,
			'application/pdf',
		);
		return [[{ json: { to }, binary: { data: binary } }]];
	}
}

const env = useFaxEnv({}, { nodes: { [LOOP_TYPE]: new LoopBack() } });

function params(provider: Provider, toNumber: string): Record<string, string> {
	return { toNumber, ...(provider === 'faxDrop' ? FAXDROP_SENDER : {}) };
}

describe.each(PROVIDERS)('%s: Retry On Fail', (provider) => {
	it('a successful send is not sent again', async () => {
		const result = await runFax(env, {
			provider,
			operation: 'send',
			parameters: params(provider, NUMBERS.ok),
			nodeOptions: { retryOnFail: true, maxTries: 3, waitBetweenTries: 1 },
		});
		expect(result.run.status).toBe('success');
		expect(env.sim.faxes()).toHaveLength(1);
		expect(env.sim.requests({ method: 'POST', path: SEND_PATH[provider] })).toHaveLength(1);
		expect(result.items).toHaveLength(1);
		expectUnifiedFax(result.items[0].json, provider);
		expect(result.items[0].json.id).toBe(env.sim.faxes()[0].id);
	});

	it('a batch is not sent again', async () => {
		const result = await runFax(env, {
			provider,
			operation: 'sendBatch',
			parameters: { ...params(provider, ''), toNumbers: `${NUMBERS.ok}, ${NUMBERS.ok2}` },
			nodeOptions: { retryOnFail: true, maxTries: 2, waitBetweenTries: 1 },
		});
		expect(result.run.status).toBe('success');
		expect(env.sim.faxes().map((fax) => fax.to)).toEqual([NUMBERS.ok, NUMBERS.ok2]);
		expect(result.items.map((item) => item.json.id)).toEqual(env.sim.faxes().map((fax) => fax.id));
	});
});

describe('Retry On Fail after an error', () => {
	it('a send the provider refused (nothing sent) is tried again', async () => {
		env.sim.setAccountFlags('faxDrop', SIM_KEYS.faxDrop.primary, { outOfCredits: true });
		const result = await runFax(env, {
			provider: 'faxDrop',
			operation: 'send',
			parameters: params('faxDrop', NUMBERS.ok),
			nodeOptions: { retryOnFail: true, maxTries: 2, waitBetweenTries: 1 },
		});
		expect(result.run.status).toBe('error');
		expect(result.nodeError?.name).toBe('NodeApiError');
		expect(env.sim.requests({ method: 'POST' }).map((request) => request.status)).toEqual([
			402, 402,
		]);
		expect(env.sim.faxes()).toHaveLength(0);
	});

	it('a fax sent before the item failed (wait timed out, Fail on Timeout) is not sent again', async () => {
		const result = await runFax(env, {
			provider: 'faxDrop',
			operation: 'send',
			parameters: {
				...params('faxDrop', NUMBERS.slow),
				options: { waitForCompletion: true, timeoutSeconds: 1, failOnTimeout: true },
			},
			nodeOptions: { retryOnFail: true, maxTries: 2, waitBetweenTries: 1 },
		});
		expect(result.run.status).toBe('error');
		expect(result.nodeError?.message).toMatch(/not final after 1 s/);
		expect(env.sim.requests({ method: 'POST' })).toHaveLength(1);
		expect(env.sim.faxes()).toHaveLength(1);
		// Both attempts checked the one fax.
		expect(env.sim.requests({ method: 'GET' }).length).toBeGreaterThanOrEqual(4);
	});
});

describe.each(PROVIDERS)('%s: Retry On Fail re-runs every item after one failed', (provider) => {
	it('items sent before the failing one are not sent again', async () => {
		const result = await runFax(env, {
			provider,
			operation: 'send',
			parameters: params(provider, '={{ $json.to }}'),
			items: [NUMBERS.ok, '12', NUMBERS.ok3].map((to) => ({ json: { to }, binary: pdfBinary() })),
			nodeOptions: { retryOnFail: true, maxTries: 2, waitBetweenTries: 1 },
		});
		expect(result.run.status).toBe('error');
		expect(result.nodeError?.message).toMatch(/item 1/);
		expect(env.sim.faxes().map((fax) => fax.to)).toEqual([NUMBERS.ok]);
		expect(env.sim.requests({ method: 'POST', path: SEND_PATH[provider] })).toHaveLength(1);
	});
});

describe.each(PROVIDERS)('%s: the node runs twice in one execution (a loop)', (provider) => {
	it('sends each run its own fax', async () => {
		const result = await env.harness.runWorkflow({
			nodes: [
				{
					name: 'Fax',
					type: FAX_NODE,
					parameters: {
						provider,
						resource: 'fax',
						operation: 'send',
						...params(provider, '={{ $json.to }}'),
					},
				},
				{ name: 'Loop Back', type: LOOP_TYPE, parameters: {} },
			],
			connections: {
				Fax: { main: [[{ node: 'Loop Back', type: 'main', index: 0 }]] },
				'Loop Back': { main: [[{ node: 'Fax', type: 'main', index: 0 }]] },
			},
			credentials: credentialsFor(env.sim, provider),
			startNode: 'Loop Back',
		});
		expect(result.run.status).toBe('success');
		expect(result.taskData('Fax')).toHaveLength(2);
		expect(result.taskData('Loop Back')).toHaveLength(3);
		const faxes = env.sim.faxes();
		expect(faxes.map((fax) => fax.to)).toEqual([NUMBERS.ok, NUMBERS.ok2]);
		// Each run's output is its own fax.
		expect(result.output('Fax', 0, 0)[0].json).toMatchObject({ id: faxes[0].id, to: NUMBERS.ok });
		expect(result.output('Fax', 0, 1)[0].json).toMatchObject({ id: faxes[1].id, to: NUMBERS.ok2 });
	});
});
