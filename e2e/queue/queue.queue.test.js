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

/** Accepted requests per minute of the simulator's clock, in order: FaxDrop's pacing at work. */
function perMinute(requests) {
	const counts = new Map();
	for (const request of requests) counts.set(request.at.slice(0, 16), (counts.get(request.at.slice(0, 16)) ?? 0) + 1);
	return [...counts.values()];
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
				sendsPerMinute: perMinute(requests.filter((request) => request.method === 'POST' && request.status < 300)),
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

	it('ten concurrent faxrocks sends to one number: ten faxes, ten different ids', async () => {
		const to = '+12125550190';
		const before = (await stack.sim.control.faxes({ provider: 'faxRocks', to })).faxes.length;
		const replies = await sendThrough('send-faxRocks', Array.from({ length: 10 }, () => ({ to })));
		const items = replies.flatMap(itemsOf);
		const ids = items.map((item) => item.id);
		const atProvider = (await stack.sim.control.faxes({ provider: 'faxRocks', to })).faxes.slice(before).map((fax) => fax.id);
		figures.faxRocksOneNumber = {
			items: items.length,
			distinctIds: new Set(ids.filter(Boolean)).size,
			errors: items.filter((item) => item.error).length,
			faxesAtProvider: atProvider.length,
		};
		expect(items.map((item) => item.error ?? null)).toEqual(Array(10).fill(null));
		expect([...ids].map(String).sort()).toEqual(atProvider.map(String).sort());
		expect(new Set(ids).size).toBe(10);
	});

	describe('SendFAXMail Trigger on main and the webhook process', () => {
		let workflowId;
		let urls;
		beforeAll(async () => {
			const workflow = sendFaxMailTriggerWorkflow(stack);
			workflowId = await createActive(workflow);
			const webhookId = workflow.nodes[0].webhookId;
			urls = hosts().map((host) => `${host}/webhook/${webhookId}/sendfaxmail`);
		});
		const deliver = async (url, body) => await calls.deliverSigned(url, body, DEMO_WEBHOOK_SECRET);
		/** The event ids of the workflow's executions beyond the first `skip` ones, once all have ended. */
		const startedEvents = async (skip, atLeast) => {
			const executions = await calls.finishedExecutions(stack.client, workflowId, { atLeast: skip + atLeast });
			const fresh = executions.sort((a, b) => Number(a.id) - Number(b.id)).slice(skip);
			const events = [];
			for (const execution of fresh) events.push(...(await calls.nodeItems(stack.client, execution.id, 'Fax event')).map((item) => item.eventId));
			return events.sort();
		};

		it('the same signed event to both processes at the same moment (×10) starts the workflow once each time', async () => {
			const statuses = [];
			const eventIds = Array.from({ length: 10 }, (_, n) => `evt_queue_same_${n}`);
			for (const eventId of eventIds) {
				const body = calls.deliveredEvent(eventId);
				const answers = await Promise.all(urls.map(async (url) => await deliver(url, body)));
				statuses.push(answers.map((answer) => answer.status));
			}
			const started = await startedEvents(0, 10);
			figures.sameEventTwoProcesses = {
				deliveries: statuses.flat().length,
				answered200: statuses.flat().filter((status) => status === 200).length,
				// The event is being handled by the other process: "deliver again later".
				answered503: statuses.flat().filter((status) => status === 503).length,
				workflowStarts: started.length,
				eventsStartedTwice: calls.duplicates(started).length,
			};
			// Each time one process handles the event; the other says 200 (already handed to n8n) or
			// 503 (still being handled: SendFAXMail may deliver again, the event is never lost).
			for (const pair of statuses) {
				expect(pair).toContain(200);
				expect(pair.every((status) => status === 200 || status === 503)).toBe(true);
			}
			expect(started).toEqual([...eventIds].sort());
		});

		it('20 events at once to main, then each re-delivered to the webhook process: none runs twice', async () => {
			const before = (await calls.listAllExecutions(stack.client, workflowId)).length;
			const eventIds = Array.from({ length: 20 }, (_, n) => `evt_queue_burst_${n}`);
			const bodies = eventIds.map((eventId) => calls.deliveredEvent(eventId));
			const first = await Promise.all(bodies.map(async (body) => await deliver(urls[0], body)));
			const again = await Promise.all(bodies.map(async (body) => await deliver(urls[1], body)));
			const started = await startedEvents(before, 20);
			figures.burstThenRedelivered = {
				events: 20,
				redeliveries: 20,
				workflowStarts: started.length,
				eventsStartedTwice: calls.duplicates(started).length,
			};
			expect([...first, ...again].map((answer) => answer.status)).toEqual(Array(40).fill(200));
			expect(started).toEqual([...eventIds].sort());
		});
	});

	it('Fax Trigger (polled by main) through 50 faxes per provider: each emitted exactly once', async () => {
		const watched = ['faxRocks', 'sendFaxMail'];
		// Faxes of the earlier scenarios must be final first: they are not part of this count.
		await waitFor('every earlier fax to be final', async () => {
			const { faxes } = await stack.sim.control.faxes();
			return faxes.every((fax) => !['queued', 'sending', 'pending', 'processing'].includes(fax.status));
		}, { timeoutMs: 180000, intervalMs: 2000 });
		const triggers = {};
		for (const provider of watched) triggers[provider] = await createActive(faxTriggerWorkflow(stack, provider));
		const started = Date.now();
		const sent = {};
		await Promise.all(
			watched.map(async (provider) => {
				const replies = await sendThrough(`send-${provider}`, Array.from({ length: 50 }, (_, index) => ({ to: number(index) })));
				sent[provider] = replies.flatMap(itemsOf).map((item) => item.id);
			}),
		);
		for (const provider of watched) {
			expect(new Set(sent[provider].filter(Boolean)).size).toBe(50);
			const emitted = await waitFor(
				`the Fax Trigger (${provider}) to emit 50 faxes`,
				async () => {
					const executions = await calls.listAllExecutions(stack.client, triggers[provider]);
					if (executions.some((entry) => ['new', 'running'].includes(entry.status))) return undefined;
					const ids = [];
					for (const execution of executions) ids.push(...(await calls.nodeItems(stack.client, execution.id, 'Fax final')).map((item) => item.id));
					return sent[provider].every((id) => ids.includes(id)) ? { ids, executions: executions.length } : undefined;
				},
				{ timeoutMs: 300000, intervalMs: 5000 },
			);
			figures[`faxTrigger.${provider}`] = {
				sent: 50,
				emitted: emitted.ids.length,
				duplicates: calls.duplicates(emitted.ids).length,
				notSentHere: emitted.ids.filter((id) => !sent[provider].includes(id)).length,
				executions: emitted.executions,
				seconds: Math.round((Date.now() - started) / 1000),
			};
			expect(calls.duplicates(emitted.ids)).toEqual([]);
			expect(emitted.ids.filter((id) => !sent[provider].includes(id))).toEqual([]);
		}
		for (const provider of watched) await stack.client.deactivateWorkflow(triggers[provider]);
	});

	it('a worker killed with SIGKILL mid-send: the fax exists once; re-run with the same key, no second fax', async () => {
		const workflowId = await createActive(sendWorkflow(stack, 'sendFaxMail', 'send-keyed', { idempotencyKeyFromBody: true }));
		const to = '+12125550177';
		const request = { to, referralId: 'referral-queue-kill-1' };
		const count = async () => (await stack.sim.control.faxes({ provider: 'sendFaxMail', to })).faxes;
		const before = (await count()).length;
		// SendFAXMail takes the fax and never answers: the worker is killed while it waits.
		await stack.sim.control.call('POST', '/faults', { method: 'POST', path: '/sendfaxmail/v1/faxes', kind: 'hang', count: 1 });
		const aborted = new AbortController();
		const pending = calls.postJson(`${stack.webhook.url}/webhook/send-keyed`, request, { signal: aborted.signal }).catch((error) => error);
		const execution = await waitFor('the send to reach SendFAXMail', async () => {
			if ((await count()).length === before) return undefined;
			const running = (await calls.listAllExecutions(stack.client, workflowId)).find((entry) => entry.status === 'running');
			return running && startedBy.has(String(running.id)) ? running : undefined;
		}, { timeoutMs: 60000, intervalMs: 250 });
		const victim = stack.workers.find((worker) => worker.name === startedBy.get(String(execution.id)));
		process.kill(-victim.process.pid, 'SIGKILL');
		await victim.process.exitPromise;
		// n8n (maxStalledCount 0) does not run the job again; what it shows for the execution:
		const after = await waitFor('n8n to give up the killed execution', async () => {
			const entry = (await calls.listAllExecutions(stack.client, workflowId)).find((item) => item.id === execution.id);
			return entry && entry.status !== 'running' ? entry : undefined;
		}, { timeoutMs: 120000, intervalMs: 2000 }).catch(() => ({ status: 'still running after 120 s' }));
		aborted.abort();
		await pending;

		const rerun = await calls.postJson(`${stack.main.url}/webhook/send-keyed`, request);
		const [item] = itemsOf(rerun);
		const faxes = await count();
		figures.workerKilledMidSend = {
			killed: victim.name,
			executionStatusAfterKill: after.status,
			faxesAfterKill: faxes.length - before,
			rerunItem: { id: item?.id ?? null, status: item?.status ?? null, error: item?.error ?? null },
		};
		expect(faxes.length - before).toBe(1);
		expect(item).toMatchObject({ id: faxes.at(-1).id });
		expect(item.error ?? null).toBeNull();
	});
});
