import { readFileSync } from 'node:fs';
import path from 'node:path';

import type { IDataObject, INodeParameters } from 'n8n-workflow';

import type { Harness, WebhookHost } from '../harness';
import type { Simulator } from '../../simulator';
import { SENDFAXMAIL_KEYS } from '../../simulator';
import { PACKAGE_DIR, SFM_TRIGGER, startHarness, startSim } from './helpers';

interface WorkflowNode {
	id: string;
	name: string;
	type: string;
	typeVersion: number;
	position: [number, number];
	parameters: IDataObject;
	webhookId?: string;
	credentials?: Record<string, { id: string; name: string }>;
}

const FILE = path.join(PACKAGE_DIR, 'examples/intake-inbound-fax.json');
const raw = readFileSync(FILE, 'utf8');
const workflow = JSON.parse(raw) as {
	name: string;
	nodes: WorkflowNode[];
	connections: Record<
		string,
		{ main: Array<Array<{ node: string; type: string; index: number }>> }
	>;
};
const byName = new Map(workflow.nodes.map((node) => [node.name, node]));
const trigger = workflow.nodes.find((node) => node.type === SFM_TRIGGER)!;
const router = workflow.nodes.find((node) => node.type === 'n8n-nodes-base.switch')!;

/** The numbers the Switch's rule compares `from` with. */
function knownSenders(): string[] {
	const rules = (
		router.parameters.rules as {
			values: Array<{
				conditions: { conditions: Array<{ leftValue: string; rightValue: string }> };
			}>;
		}
	).values;
	return rules.flatMap((rule) =>
		rule.conditions.conditions.map((condition) => {
			expect(condition.leftValue).toBe('={{ $json.from }}');
			return condition.rightValue;
		}),
	);
}

describe('examples/intake-inbound-fax.json', () => {
	it('is importable n8n workflow JSON: complete nodes, unique ids and names, connections between existing nodes', () => {
		expect(workflow.name).toMatch(/intake/i);
		const ids = new Set<string>();
		for (const node of workflow.nodes) {
			expect(node.id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
			expect(typeof node.name).toBe('string');
			expect(node.type).toMatch(/^(n8n-nodes-base|n8n-nodes-fax)\.[a-zA-Z]+$/);
			expect(typeof node.typeVersion).toBe('number');
			expect(node.position).toHaveLength(2);
			expect(typeof node.parameters).toBe('object');
			ids.add(node.id);
		}
		expect(ids.size).toBe(workflow.nodes.length);
		expect(byName.size).toBe(workflow.nodes.length);
		for (const [from, outputs] of Object.entries(workflow.connections)) {
			expect(byName.has(from)).toBe(true);
			for (const output of outputs.main) {
				for (const target of output) {
					expect(byName.has(target.node)).toBe(true);
					expect(target.type).toBe('main');
				}
			}
		}
		// Trigger → Switch → two branches (the rule, then the fallback).
		expect(workflow.connections[trigger.name].main[0][0].node).toBe(router.name);
		const branches = workflow.connections[router.name].main.map((output) => output[0].node);
		expect(branches).toHaveLength(2);
		expect(branches.map((name) => byName.get(name)!.type)).toEqual([
			'n8n-nodes-base.noOp',
			'n8n-nodes-base.noOp',
		]);
		expect((router.parameters.options as IDataObject).fallbackOutput).toBe('extra');
		expect(trigger.webhookId).toMatch(/^[0-9a-f-]{36}$/);
		expect(trigger.parameters).toMatchObject({
			events: ['fax.received'],
			options: { downloadDocument: true },
		});
	});

	it('uses fictional numbers only and holds no secrets', () => {
		const numbers = raw.match(/\+\d{8,15}/g) ?? [];
		expect(numbers.length).toBeGreaterThan(0);
		for (const value of numbers) expect(value).toMatch(/^\+1\d{3}55501\d\d$/);
		expect(raw).not.toMatch(/sfm_live_|whsec_|apiKey|webhookSecret/);
	});

	describe('its trigger, run with the simulator delivering', () => {
		let harness: Harness;
		let sim: Simulator;
		let host: WebhookHost;
		const signing = 'whsec_sim_example_fictional';

		beforeAll(async () => {
			harness = await startHarness();
			sim = await startSim();
			host = await harness.startWebhookHost({
				type: SFM_TRIGGER,
				parameters: trigger.parameters as INodeParameters,
				credentials: {
					sendFaxMailApi: {
						apiKey: SENDFAXMAIL_KEYS.business,
						baseUrl: sim.baseUrls.sendFaxMail,
						webhookSecret: signing,
					},
				},
			});
			sim.addWebhook({ url: host.url, secret: signing });
		});

		afterAll(async () => {
			await host.close();
			await sim.stop();
			await harness.close();
		});

		it('gives the Switch a `from` it can match: the known practice and another sender take different branches', async () => {
			const known = knownSenders();
			expect(known).toEqual(['+12125550147', '+12125550148']);
			const routed: Array<[string, boolean]> = [];
			for (const sender of ['+12125550148', '+12125550150']) {
				const { deliveries } = await sim.receiveInbound({ from: sender });
				expect(deliveries[0].statusCode).toBe(200);
				const item = host.received.at(-1)!.workflowData![0][0];
				expect(item.binary?.data?.mimeType).toBe('application/pdf');
				routed.push([String(item.json.from), known.includes(String(item.json.from))]);
			}
			expect(routed).toEqual([
				['+12125550148', true],
				['+12125550150', false],
			]);
		});
	});
});
