'use strict';
/**
 * The single-provider editions (editions/*, built by `npm run build`) inside a real n8n server:
 * the three tarballs installed side by side the way n8n installs community packages (they share
 * no node or credential type), credentials pointed at the fax simulator, and per edition one
 * fax sent by n8n itself through the edition's Fax node, plus its triggers: the Fax Trigger
 * (faxrocks, SendFAXMail) active and polling, the SendFAXMail Trigger receiving a signed event.
 * The workflows are the repository's examples with the node types moved to the edition and
 * the Provider parameter taken out (an edition has none). No fixed sleeps.
 */
const crypto = require('node:crypto');
const fs = require('node:fs');
const path = require('node:path');

const paths = require('../lib/paths');
const { nodeOutputs } = require('../lib/n8n');
const { startStack, callWebhook, DEMO_WEBHOOK_SECRET } = require('../lib/stack');
const { waitFor } = require('../lib/util');
const { bindWorkflow, loadExample, nodeWebhookUrl } = require('../lib/workflows');

const EDITIONS = [
	{ dir: 'faxrocks', provider: 'faxRocks', sendNode: 'Send with faxrocks', triggers: ['faxTrigger'] },
	{ dir: 'faxdrop', provider: 'faxDrop', sendNode: 'Send with FaxDrop', triggers: [] },
	{ dir: 'sendfaxmail', provider: 'sendFaxMail', sendNode: 'Send with SendFAXMail', triggers: ['faxTrigger', 'sendFaxMailTrigger'] },
];
/** The simulator's list request per provider: what the Fax Trigger polls. */
const LIST_PATH = { faxRocks: '/faxrocks/api/faxes', sendFaxMail: '/sendfaxmail/v1/faxes' };

const dataDir = path.join(paths.dataDir, `e2e-editions-${process.pid}`);
let stack;

const packageName = (edition) => `n8n-nodes-${edition.dir}`;

/** An example's node moved to the edition: its node type, without the Provider parameter. */
function toEdition(node, edition) {
	const { provider, ...parameters } = node.parameters;
	void provider;
	return { ...node, type: node.type.replace(/^n8n-nodes-fax\./, `${packageName(edition)}.`), parameters };
}

async function executionIds(workflowId) {
	return new Set((await stack.client.listExecutions(workflowId)).map((entry) => entry.id));
}

async function newFinishedExecutions(workflowId, before, { timeoutMs = 60000 } = {}) {
	return await waitFor(
		`a new execution of workflow ${workflowId}`,
		async () => {
			const fresh = (await stack.client.listExecutions(workflowId)).filter((entry) => !before.has(entry.id));
			if (fresh.length === 0) return undefined;
			return fresh.every((entry) => !['new', 'running', 'waiting'].includes(entry.status)) ? fresh : undefined;
		},
		{ timeoutMs, intervalMs: 250 },
	);
}

function bound(key) {
	return bindWorkflow(loadExample(key), { credentials: stack.credentials, filesDir: stack.filesDir });
}

beforeAll(async () => {
	fs.rmSync(dataDir, { recursive: true, force: true });
	stack = await startStack({
		dataDir,
		speed: 10,
		packageDirs: EDITIONS.map((edition) => path.join(paths.repoDir, 'editions', edition.dir)),
		log: (line) => process.stdout.write(`[e2e editions] ${line}\n`),
	});
}, 15 * 60 * 1000);

afterAll(async () => {
	if (stack) await stack.stop();
	fs.rmSync(dataDir, { recursive: true, force: true });
}, 60000);

test('n8n loads each edition from its tarball: its own nodes and one credential each, nothing installed beside them', async () => {
	const nodeNames = (await stack.client.request('GET', '/types/nodes.json')).map((node) => node.name);
	const expected = EDITIONS.flatMap((edition) =>
		['fax', ...edition.triggers].map((node) => `${packageName(edition)}.${node}`),
	);
	expect(nodeNames).toEqual(expect.arrayContaining(expected));
	// Only the editions are installed here: no node of n8n-nodes-fax.
	expect(nodeNames.filter((name) => name.startsWith('n8n-nodes-fax.'))).toEqual([]);
	const fax = (await stack.client.request('GET', '/types/nodes.json')).filter((node) => /^n8n-nodes-(faxrocks|faxdrop|sendfaxmail)\.fax$/.test(node.name));
	for (const node of fax) {
		expect(node.properties.map((property) => property.name)).not.toContain('provider');
		expect(node.properties.map((property) => property.name)).not.toContain('sharedState');
		expect(node.credentials).toHaveLength(1);
	}
	const credentialNames = (await stack.client.request('GET', '/types/credentials.json')).map((credential) => credential.name);
	expect(credentialNames).toEqual(expect.arrayContaining(['faxRocksApi', 'faxDropApi', 'sendFaxMailApi']));
	for (const installed of stack.installedPackages) {
		const beside = path.join(installed.dir, 'node_modules');
		expect(fs.existsSync(beside) ? fs.readdirSync(beside).filter((name) => !name.startsWith('.')) : []).toEqual([]);
	}
	const log = fs.readFileSync(stack.n8n.logFile, 'utf8');
	expect(log).not.toMatch(/n8n-nodes-(faxrocks|faxdrop|sendfaxmail)[^\n]*(error|failed)/i);
});

describe.each(EDITIONS)('$dir', (edition) => {
	test('sends a fax through the edition and waits until it is delivered', async () => {
		// The demo example cut to this provider's Send node: webhook → read the PDF → send.
		const demo = bound('demo');
		const keep = ['Start demo', 'Read demo PDF', edition.sendNode];
		const webhookPath = `edition-${edition.dir}`;
		const workflow = {
			...demo,
			name: `e2e: ${packageName(edition)} send`,
			nodes: demo.nodes
				.filter((node) => keep.includes(node.name))
				.map((node) => (node.name === edition.sendNode ? toEdition(node, edition) : node))
				.map((node) =>
					node.name === 'Start demo'
						? { ...node, webhookId: crypto.randomUUID(), parameters: { ...node.parameters, path: webhookPath } }
						: node,
				),
			connections: {
				'Start demo': demo.connections['Start demo'],
				'Read demo PDF': { main: [[{ node: edition.sendNode, type: 'main', index: 0 }]] },
			},
		};
		const created = await stack.client.createWorkflow(workflow);
		await stack.client.activateWorkflow(created.id);
		try {
			const response = await callWebhook(stack, webhookPath, {});
			expect(response.status).toBe(200);
			const items = Array.isArray(response.body) ? response.body : [response.body];
			expect(items).toHaveLength(1);
			expect(items[0]).toMatchObject({ provider: edition.provider, status: 'delivered', isFinal: true, outcome: 'sent' });
			const faxes = (await stack.sim.control.faxes({ provider: edition.provider })).faxes;
			expect(faxes.map((fax) => fax.id)).toContain(items[0].id);
		} finally {
			await stack.client.deactivateWorkflow(created.id);
		}
	});

	if (edition.triggers.includes('faxTrigger')) {
		test("the edition's Fax Trigger, active in n8n, starts the workflow once for a failed fax", async () => {
			const variant = bound('failedFaxAlert');
			variant.name = `e2e: ${packageName(edition)} Fax Trigger`;
			variant.nodes = variant.nodes.map((node) => (node.name === 'Fax failed' ? toEdition(node, edition) : node));
			const trigger = variant.nodes.find((node) => node.name === 'Fax failed');
			// The example's every-minute Poll Times as shipped (n8n 2.41 refuses shorter ones); n8n
			// polls once at each activation, so re-publishing drives a poll (see n8n.e2e.test.js).
			trigger.parameters.statuses = ['failed'];
			trigger.credentials = { [`${edition.provider}Api`]: stack.credentials[`${edition.provider}Api`] };
			const listRequests = async () =>
				(await stack.sim.control.call('GET', `/requests?provider=${edition.provider}&method=GET&path=${LIST_PATH[edition.provider]}`)).requests.length;
			const polledBefore = await listRequests();
			const created = await stack.client.createWorkflow(variant);
			await stack.client.activateWorkflow(created.id);
			try {
				const before = await executionIds(created.id);
				// The trigger's first poll (its baseline) happened at activation, before the fax is sent.
				expect(await listRequests()).toBeGreaterThan(polledBefore);
				// A fax to the simulator's failing number, sent through the edition's Fax node.
				const demo = bound('demo');
				const sendNode = toEdition(demo.nodes.find((node) => node.name === edition.sendNode), edition);
				const webhookPath = `edition-${edition.dir}-fail`;
				const start = demo.nodes.find((node) => node.name === 'Start demo');
				const sender = await stack.client.createWorkflow({
					name: `e2e: ${packageName(edition)} failing send`,
					nodes: [
						{ ...start, webhookId: crypto.randomUUID(), parameters: { ...start.parameters, path: webhookPath } },
						demo.nodes.find((node) => node.name === 'Read demo PDF'),
						{ ...sendNode, parameters: { ...sendNode.parameters, toNumber: '+12125550111', options: {} } },
					],
					connections: {
						'Start demo': demo.connections['Start demo'],
						'Read demo PDF': { main: [[{ node: edition.sendNode, type: 'main', index: 0 }]] },
					},
					settings: {},
				});
				await stack.client.activateWorkflow(sender.id);
				const sent = await callWebhook(stack, webhookPath, {});
				await stack.client.deactivateWorkflow(sender.id);
				expect(sent.status).toBe(200);
				const sentItems = Array.isArray(sent.body) ? sent.body : [sent.body];
				await waitFor('the fax to fail in the simulator', async () => {
					const faxes = (await stack.sim.control.faxes({ provider: edition.provider })).faxes;
					return faxes.find((fax) => fax.id === sentItems[0].id)?.status === 'failed';
				}, { timeoutMs: 60000 });
				const polled = await listRequests();
				await stack.client.deactivateWorkflow(created.id);
				await stack.client.activateWorkflow(created.id);
				expect(await listRequests()).toBeGreaterThan(polled);
				const [execution] = await newFinishedExecutions(created.id, before, { timeoutMs: 90000 });
				expect(execution.status).toBe('success');
				const details = await stack.client.getExecution(execution.id);
				const [alerts] = nodeOutputs(details, 'Alert text');
				expect(alerts).toHaveLength(1);
				// The example's Set node names the fax `faxId`.
				expect(alerts[0]).toMatchObject({ faxId: sentItems[0].id, status: 'failed' });
				expect(alerts[0].alert).toMatch(/to \+12125550111 ended failed/);
			} finally {
				await stack.client.deactivateWorkflow(created.id);
			}
		});
	}

	if (edition.triggers.includes('sendFaxMailTrigger')) {
		test("the edition's SendFAXMail Trigger starts the workflow for a signed inbound fax", async () => {
			const intake = bound('intake');
			intake.name = `e2e: ${packageName(edition)} intake`;
			intake.nodes = intake.nodes.map((node) => (node.name === 'Fax received' ? toEdition(node, edition) : node));
			const created = await stack.client.createWorkflow(intake);
			await stack.client.activateWorkflow(created.id);
			try {
				const url = nodeWebhookUrl(stack.n8n.url, intake, 'Fax received', 'sendfaxmail');
				await stack.sim.control.clearWebhooks();
				await stack.sim.control.addWebhook({ url, secret: DEMO_WEBHOOK_SECRET });
				const before = await executionIds(created.id);
				const { fax, deliveries } = await stack.sim.control.inbound({ from: '+13125550170', pages: 1 });
				expect(deliveries.map((delivery) => delivery.statusCode)).toEqual([200]);
				const [execution] = await newFinishedExecutions(created.id, before);
				expect(execution.status).toBe('success');
				const details = await stack.client.getExecution(execution.id);
				const [received] = nodeOutputs(details, 'Fax received');
				expect(received[0]).toMatchObject({ event: 'fax.received', provider: 'sendFaxMail', id: fax.id });
			} finally {
				await stack.client.deactivateWorkflow(created.id);
			}
		});
	}
});
