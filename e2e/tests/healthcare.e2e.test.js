'use strict';
/**
 * Safe faxing in a real n8n 2.8 server: the fallback-provider example (SendFAXMail first,
 * faxrocks when nothing was sent or the fax failed, a person when the outcome is uncertain)
 * with SendFAXMail failing each way, and the Fax node as an AI agent's tool refusing to send
 * without Allowed Fax Numbers. No fixed sleeps: every wait polls with a deadline.
 */
const fs = require('node:fs');
const path = require('node:path');

const paths = require('../lib/paths');
const { startStack, callWebhook } = require('../lib/stack');
const { waitFor } = require('../lib/util');
const { startOpenAiStub } = require('../lib/openAiStub');

const dataDir = path.join(paths.dataDir, `e2e-healthcare-${process.pid}`);
let stack;

const SFM_SEND = '/sendfaxmail/v1/faxes';
const FAXROCKS_SEND = '/faxrocks/api/send';

async function posts(pathPrefix) {
	const { requests } = await stack.sim.control.call('GET', `/requests?method=POST&path=${pathPrefix}`);
	return requests.length;
}

/** The run data of a workflow's one finished execution, as text. */
async function finishedExecutionText(workflowId) {
	const [execution] = await waitFor(
		`an execution of workflow ${workflowId}`,
		async () => {
			const list = await stack.client.listExecutions(workflowId);
			return list.length && list.every((entry) => !['new', 'running', 'waiting'].includes(entry.status)) ? list : undefined;
		},
		{ timeoutMs: 60000, intervalMs: 250 },
	);
	const details = await stack.client.getExecution(execution.id);
	return JSON.stringify(details.data?.resultData ?? {});
}

async function faxes(provider) {
	return (await stack.sim.control.faxes({ provider })).faxes;
}

beforeAll(async () => {
	fs.rmSync(dataDir, { recursive: true, force: true });
	stack = await startStack({
		dataDir,
		speed: 10,
		examples: ['fallback-provider.json'],
		activate: ['fallback-provider.json'],
		log: (line) => process.stdout.write(`[e2e] ${line}\n`),
	});
}, 15 * 60 * 1000);

afterAll(async () => {
	if (stack) await stack.stop();
	fs.rmSync(dataDir, { recursive: true, force: true });
}, 60000);

beforeEach(async () => {
	await stack.sim.control.call('DELETE', '/faults');
	await stack.sim.control.call('POST', '/accounts/sendFaxMail/acct_sim_business', { sendGate: null });
});

describe('examples/fallback-provider.json', () => {
	test('delivered through SendFAXMail: no fallback', async () => {
		const faxrocksBefore = await posts(FAXROCKS_SEND);
		const { status, body } = await callWebhook(stack, 'fax-fallback', { faxNumber: '+1 212 555 0150' });
		expect(status).toBe(200);
		expect(body).toMatchObject({ route: 'first', provider: 'sendFaxMail', outcome: 'sent', status: 'delivered', ok: true });
		expect(await posts(FAXROCKS_SEND)).toBe(faxrocksBefore);
	});

	test('not_sent (SendFAXMail refuses: quota gate, 422): faxrocks sends it', async () => {
		await stack.sim.control.call('POST', '/accounts/sendFaxMail/acct_sim_business', { sendGate: 'quota' });
		const sfmBefore = (await faxes('sendFaxMail')).length;
		const { status, body } = await callWebhook(stack, 'fax-fallback', { faxNumber: '+12125550153' });
		expect(status).toBe(200);
		expect(body).toMatchObject({
			route: 'fallback',
			provider: 'faxRocks',
			outcome: 'sent',
			status: 'delivered',
			firstTry: { outcome: 'not_sent', status: 'failed' },
		});
		expect((await faxes('sendFaxMail')).length).toBe(sfmBefore);
		const sent = (await faxes('faxRocks')).filter((fax) => fax.id === body.faxId);
		expect(sent).toHaveLength(1);
	});

	test('status failed (SendFAXMail: no answer, …0111): faxrocks is tried next', async () => {
		const faxrocksBefore = await posts(FAXROCKS_SEND);
		const { status, body } = await callWebhook(stack, 'fax-fallback', { faxNumber: '+12125550111' });
		expect(status).toBe(200);
		expect(body).toMatchObject({
			route: 'fallback',
			provider: 'faxRocks',
			outcome: 'sent',
			firstTry: { outcome: 'sent', status: 'failed', error: { code: 'no_answer' } },
		});
		expect(await posts(FAXROCKS_SEND)).toBe(faxrocksBefore + 1);
	});

	test('uncertain (SendFAXMail accepts but every answer is lost): a person is alerted, nothing resent', async () => {
		await stack.sim.control.call('POST', '/faults', { method: 'POST', path: SFM_SEND, kind: 'drop-after-accept', count: 3 });
		const faxrocksBefore = await posts(FAXROCKS_SEND);
		const sfmBefore = (await faxes('sendFaxMail')).length;
		const { status, body } = await callWebhook(stack, 'fax-fallback', { faxNumber: '+12125550154' });
		expect(status).toBe(202);
		expect(body).toMatchObject({ ok: false, route: 'alert', to: '+*******0154' });
		expect(body.alert).toMatch(/Do not resend/);
		// The fax exists at SendFAXMail; faxrocks was not asked.
		expect((await faxes('sendFaxMail')).length).toBe(sfmBefore + 1);
		expect(await posts(FAXROCKS_SEND)).toBe(faxrocksBefore);
	});
});

describe('the Fax node as an AI agent tool', () => {
	let openAi;

	beforeAll(async () => {
		openAi = await startOpenAiStub();
	});
	afterAll(async () => {
		await openAi?.stop();
	});

	/** Chat Trigger-less agent: Webhook → AI Agent, with a stub OpenAI model and the Fax Tool. */
	async function agentWorkflow({ webhookPath, toolParameters, credentialId }) {
		const openAiCredential = await stack.client.upsertCredential({
			name: 'OpenAI (stub)',
			type: 'openAiApi',
			data: { apiKey: 'sk-stub-not-a-key', url: `${openAi.url}/v1` },
		});
		const sfm = stack.credentials.sendFaxMailApi;
		return {
			name: `e2e: AI agent ${webhookPath}`,
			nodes: [
				{
					id: `${webhookPath}-1`,
					name: 'Ask',
					type: 'n8n-nodes-base.webhook',
					typeVersion: 2.1,
					position: [0, 0],
					webhookId: webhookPath,
					parameters: { httpMethod: 'POST', path: webhookPath, responseMode: 'lastNode', responseData: 'allEntries', options: {} },
				},
				{
					id: `${webhookPath}-2`,
					name: 'AI Agent',
					type: '@n8n/n8n-nodes-langchain.agent',
					typeVersion: 2.2,
					position: [240, 0],
					parameters: { promptType: 'define', text: '={{ $json.body.prompt }}', options: {} },
				},
				{
					id: `${webhookPath}-3`,
					name: 'Stub model',
					type: '@n8n/n8n-nodes-langchain.lmChatOpenAi',
					typeVersion: 1.2,
					position: [200, 220],
					parameters: { model: { __rl: true, mode: 'id', value: 'gpt-4o-mini' }, options: {} },
					credentials: { openAiApi: { id: openAiCredential.id, name: openAiCredential.name } },
				},
				{
					id: `${webhookPath}-4`,
					name: 'Fax',
					type: 'n8n-nodes-fax.faxTool',
					typeVersion: 1,
					position: [400, 220],
					parameters: { provider: 'sendFaxMail', resource: 'fax', descriptionType: 'auto', ...toolParameters },
					credentials: { sendFaxMailApi: { id: credentialId ?? sfm.id, name: sfm.name } },
				},
			],
			connections: {
				Ask: { main: [[{ node: 'AI Agent', type: 'main', index: 0 }]] },
				'Stub model': { ai_languageModel: [[{ node: 'AI Agent', type: 'ai_languageModel', index: 0 }]] },
				Fax: { ai_tool: [[{ node: 'AI Agent', type: 'ai_tool', index: 0 }]] },
			},
			settings: { executionOrder: 'v1' },
		};
	}

	test('a send asked by the agent is refused without Allowed Fax Numbers; nothing reaches the provider', async () => {
		const workflow = await agentWorkflow({
			webhookPath: 'e2e-agent-send',
			toolParameters: {
				operation: 'send',
				toNumber: "={{ $fromAI('toNumber', 'the fax number', 'string') }}",
				binaryPropertyName: 'data',
			},
		});
		const created = await stack.client.createWorkflow(workflow);
		await stack.client.activateWorkflow(created.id);
		openAi.script([{ toolCall: { args: { toNumber: '+12125550155' } } }, { text: 'The fax was refused.' }]);
		const uploadsBefore = await posts(SFM_SEND);
		await callWebhook(stack, 'e2e-agent-send', { prompt: 'Fax the referral to +1 212 555 0155' });
		// The Fax Tool ran inside the agent's execution and refused: its run holds the message.
		const text = await finishedExecutionText(created.id);
		expect(text).toMatch(/runs as an AI agent tool/);
		expect(text).toMatch(/Allowed Fax Numbers/);
		expect(await posts(SFM_SEND)).toBe(uploadsBefore);
	});

	test('Check through the agent works as usual (a read-only dry run)', async () => {
		const workflow = await agentWorkflow({
			webhookPath: 'e2e-agent-check',
			toolParameters: {
				operation: 'check',
				checkOperation: 'send',
				toNumber: "={{ $fromAI('toNumber', 'the fax number', 'string') }}",
				binaryPropertyName: 'data',
			},
		});
		const created = await stack.client.createWorkflow(workflow);
		await stack.client.activateWorkflow(created.id);
		openAi.script([{ toolCall: { args: { toNumber: '+12125550156' } } }, { text: 'Checked.' }]);
		const requestsBefore = (await stack.sim.control.call('GET', '/requests?path=/sendfaxmail')).requests.length;
		const { status } = await callWebhook(stack, 'e2e-agent-check', { prompt: 'Check a fax to +1 212 555 0156' });
		expect(status).toBe(200);
		const toolMessage = await waitFor('the tool result reaching the model', async () => openAi.toolResults()[0], {
			timeoutMs: 30000,
			intervalMs: 200,
		});
		// The node ran (Check answers with items, not an error) and sent nothing.
		expect(toolMessage).toMatch(/"operation":"check"/);
		expect(toolMessage).toMatch(/AI agent tool/);
		expect((await stack.sim.control.call('GET', '/requests?path=/sendfaxmail')).requests.length).toBe(requestsBefore);
	});
});

