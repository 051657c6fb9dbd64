'use strict';
/**
 * n8n-nodes-fax in a real n8n queue-mode deployment: main, 2 workers and a webhook process on
 * Redis and PostgreSQL, the package from its tarball, the simulator at real clock speed. Each
 * scenario reports its figures (e2e/.data/queue-last-logs/figures.json, docs/queue-mode.md).
 */
const fs = require('node:fs');
const path = require('node:path');

const paths = require('../lib/paths');
const { startQueueStack, DEMO_WEBHOOK_SECRET } = require('../lib/queueStack');
const { waitFor } = require('../lib/util');
const calls = require('./calls');
const { sendWorkflow, sendFaxMailTriggerWorkflow, faxTriggerWorkflow } = require('./workflows');

const dataDir = path.join(paths.dataDir, `queue-${process.pid}`);
const logsDir = path.join(paths.dataDir, 'queue-last-logs');
const PROVIDERS = ['faxRocks', 'faxDrop', 'sendFaxMail'];
/** Fictional numbers the simulator delivers (+1 212 555 0150–0199). */
const number = (index) => `+1212555${String(150 + (index % 50)).padStart(4, '0')}`;

let stack;
const figures = {};
/** Lines of each n8n process that name an execution a worker started. */
const startedBy = new Map();

beforeAll(async () => {
	const log = (line) => process.stdout.write(`[queue] ${line}\n`);
	stack = await startQueueStack({
		dataDir,
		log,
		onN8nLine: (name, line) => {
			const started = /Worker started execution (\d+)/.exec(line);
			if (started) startedBy.set(started[1], name);
		},
	});
	figures.setup = { database: stack.database, workers: stack.workers.length, concurrency: 10 };
}, 900000);

afterAll(async () => {
	await stack?.stop();
	fs.rmSync(logsDir, { recursive: true, force: true });
	fs.mkdirSync(logsDir, { recursive: true });
	if (fs.existsSync(dataDir)) {
		for (const file of fs.readdirSync(dataDir).filter((entry) => entry.endsWith('.log'))) {
			fs.copyFileSync(path.join(dataDir, file), path.join(logsDir, file));
		}
	}
	fs.writeFileSync(path.join(logsDir, 'figures.json'), `${JSON.stringify(figures, null, 2)}\n`);
	process.stdout.write(`[queue] figures: ${JSON.stringify(figures, null, 2)}\n`);
	fs.rmSync(dataDir, { recursive: true, force: true });
}, 120000);

/** Main and the webhook process take turns receiving the production webhook calls. */
const hosts = () => [stack.main.url, stack.webhook.url];

async function createActive(workflow) {
	const created = await stack.client.createWorkflow(workflow);
	await stack.client.activateWorkflow(created.id);
	return created.id;
}

async function sendThrough(webhookPath, bodies) {
	return await Promise.all(
		bodies.map(async (body, index) => await calls.postJson(`${hosts()[index % 2]}/webhook/${webhookPath}`, body)),
	);
}

const itemsOf = (answer) => (Array.isArray(answer.body) ? answer.body : [answer.body]);

describe('n8n queue mode (main + 2 workers + webhook process, Redis)', () => {
	it('40 concurrent sends per provider: one fax each, no id given to two items, no rate-limit error', async () => {
		// FaxDrop's documented 10/min and 30/h, doubled so that 40 sends fit in the hour: pacing
		// still has to spread them over 2–3 minute windows shared by both workers.
		await stack.sim.control.configure({ rateLimitScale: 2 });
		for (const provider of PROVIDERS) await createActive(sendWorkflow(stack, provider, `send-${provider}`));
		const started = Date.now();
		const answers = await Promise.all(
			PROVIDERS.map(async (provider) => {
				const bodies = Array.from({ length: 40 }, (_, index) => ({ to: number(index) }));
				const replies = await sendThrough(`send-${provider}`, bodies);
				return { provider, replies, seconds: Math.round((Date.now() - started) / 1000) };
			}),
		);
		const allIds = [];
		for (const { provider, replies, seconds } of answers) {
			const items = replies.flatMap(itemsOf);
			const failed = items.filter((item) => item.error || !item.id);
			const ids = items.map((item) => item.id).filter(Boolean);
			allIds.push(...ids);
			const { faxes } = await stack.sim.control.faxes({ provider });
			const requests = (await stack.sim.control.call('GET', `/requests?provider=${provider}`)).requests;
			figures[`send40.${provider}`] = {
				answers: replies.map((reply) => reply.status).filter((status) => status === 200).length,
				items: items.length,
				failed: failed.length,
				distinctIds: new Set(ids).size,
				faxesAtProvider: faxes.length,
				provider429s: requests.filter((request) => request.status === 429).length,
				seconds,
			};
			expect(failed.map((item) => item.error)).toEqual([]);
			expect(items).toHaveLength(40);
			expect(new Set(ids).size).toBe(40);
			expect(faxes).toHaveLength(40);
		}
		expect(calls.duplicates(allIds)).toEqual([]);
		expect(figures['send40.faxDrop'].provider429s).toBeLessThanOrEqual(2);
	});
});
