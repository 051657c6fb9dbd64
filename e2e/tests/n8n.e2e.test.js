'use strict';
/**
 * n8n-nodes-fax inside a real n8n 2.8 server: the package installed from its npm tarball,
 * credentials pointed at the fax simulator, the example workflows imported through the REST
 * API and executed by n8n itself (production webhooks, an active polling trigger, the
 * SendFAXMail webhook trigger). No fixed sleeps: every wait polls with a deadline.
 */
const fs = require('node:fs');
const path = require('node:path');

const paths = require('../lib/paths');
const { nodeOutputs } = require('../lib/n8n');
const { readTarballManifest } = require('../lib/install');
const { startStack, callWebhook, DEMO_WEBHOOK_SECRET } = require('../lib/stack');
const { makeDemoPdf, makeLetterPdf } = require('../lib/samplePdf');
const { waitFor } = require('../lib/util');
const { bindWorkflow, loadExample, simulatorCredentials, withWebhookTrigger } = require('../lib/workflows');

const dataDir = path.join(paths.dataDir, `e2e-${process.pid}`);
const logsDir = path.join(paths.dataDir, 'e2e-last-logs');
let stack;

/** Executions of a workflow that were not in `before`, once none of them is still running. */
async function newFinishedExecutions(workflowId, before, { atLeast = 1, timeoutMs = 30000 } = {}) {
	return await waitFor(
		`${atLeast} new execution(s) of workflow ${workflowId}`,
		async () => {
			const fresh = (await stack.client.listExecutions(workflowId)).filter((entry) => !before.has(entry.id));
			if (fresh.length < atLeast) return undefined;
			return fresh.every((entry) => !['new', 'running', 'waiting'].includes(entry.status)) ? fresh : undefined;
		},
		{ timeoutMs, intervalMs: 250 },
	);
}

async function executionIds(workflowId) {
	return new Set((await stack.client.listExecutions(workflowId)).map((entry) => entry.id));
}

/** Creates (and publishes) a test variant of an example workflow. */
async function importVariant(workflow, { name, activate = true } = {}) {
	const created = await stack.client.createWorkflow({ ...workflow, name });
	if (activate) await stack.client.activateWorkflow(created.id);
	return created.id;
}

/** The UTC instant of 08:00 on the next weekday (Mon-Fri) after `now`, on the wall clock in `timeZone`. */
function nextWeekdayAt8(now, timeZone) {
	const partsOf = (date) =>
		Object.fromEntries(
			new Intl.DateTimeFormat('en-US', {
				timeZone,
				year: 'numeric',
				month: 'numeric',
				day: 'numeric',
				weekday: 'short',
				hour: 'numeric',
				minute: 'numeric',
				hourCycle: 'h23',
			})
				.formatToParts(date)
				.map((part) => [part.type, part.value]),
		);
	const today = partsOf(now);
	const weekday = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'].indexOf(today.weekday) + 1;
	const addDays = weekday >= 5 ? 8 - weekday : 1;
	const day = new Date(Date.UTC(Number(today.year), Number(today.month) - 1, Number(today.day) + addDays));
	// Find the UTC instant whose wall clock in timeZone reads that day at 08:00.
	let guess = Date.UTC(day.getUTCFullYear(), day.getUTCMonth(), day.getUTCDate(), 8, 0, 0);
	for (let i = 0; i < 3; i++) {
		const wall = partsOf(new Date(guess));
		const wallAsUtc = Date.UTC(Number(wall.year), Number(wall.month) - 1, Number(wall.day), Number(wall.hour), Number(wall.minute));
		const target = Date.UTC(day.getUTCFullYear(), day.getUTCMonth(), day.getUTCDate(), 8, 0);
		guess += target - wallAsUtc;
	}
	return new Date(guess).toISOString();
}

beforeAll(async () => {
	fs.rmSync(dataDir, { recursive: true, force: true });
	stack = await startStack({
		dataDir,
		speed: 10,
		examples: ['demo', 'referral', 'intake', 'batchSchedule', 'failedFaxAlert'],
		activate: ['demo', 'referral', 'intake'],
		log: (line) => process.stdout.write(`[e2e] ${line}\n`),
	});
}, 15 * 60 * 1000);

afterAll(async () => {
	if (stack) await stack.stop();
	// Keep the logs of the last run for debugging; drop the instance itself.
	fs.rmSync(logsDir, { recursive: true, force: true });
	fs.mkdirSync(logsDir, { recursive: true });
	for (const log of ['n8n.log', 'simulator.log']) {
		const file = path.join(dataDir, log);
		if (fs.existsSync(file)) fs.copyFileSync(file, path.join(logsDir, log));
	}
	fs.rmSync(dataDir, { recursive: true, force: true });
}, 60000);

describe('the package in n8n', () => {
	test('n8n loads the three nodes and three credentials from the installed tarball', async () => {
		const nodes = await stack.client.request('GET', '/types/nodes.json');
		const nodeNames = nodes.map((node) => node.name);
		expect(nodeNames).toEqual(
			expect.arrayContaining(['n8n-nodes-fax.fax', 'n8n-nodes-fax.faxTrigger', 'n8n-nodes-fax.sendFaxMailTrigger']),
		);
		const credentials = await stack.client.request('GET', '/types/credentials.json');
		const credentialNames = credentials.map((credential) => credential.name);
		expect(credentialNames).toEqual(expect.arrayContaining(['faxRocksApi', 'faxDropApi', 'sendFaxMailApi']));
		// Installed as n8n installs community packages, and nothing came with it: no runtime
		// dependencies (n8n Cloud's rule; pdf-lib is bundled in dist/vendor), no private copy of
		// n8n-workflow (n8n's own is used).
		const installedBeside = path.join(stack.installedPackage.dir, 'node_modules');
		const packages = fs.existsSync(installedBeside) ? fs.readdirSync(installedBeside).filter((name) => !name.startsWith('.')) : [];
		expect(packages).toEqual([]);
		expect(fs.existsSync(path.join(stack.installedPackage.dir, 'dist', 'vendor', 'pdf-lib.js'))).toBe(true);
		const log = fs.readFileSync(stack.n8n.logFile, 'utf8');
		expect(log).not.toMatch(/n8n-nodes-fax[^\n]*(error|failed)/i);
	});

	test('the tarball declares no dependencies (n8n Cloud installs no npm packages for a community node)', async () => {
		const manifest = JSON.parse(await readTarballManifest(stack.tarball));
		expect(manifest.dependencies ?? {}).toEqual({});
		expect(Object.keys(manifest.peerDependencies ?? {})).toEqual(['n8n-workflow']);
		const { size } = fs.statSync(stack.tarball);
		process.stdout.write(`[e2e] ${path.basename(stack.tarball)}: ${(size / 1024).toFixed(0)} KiB packed\n`);
		// Everything the nodes need is inside; a tarball that size has not lost dist/vendor.
		expect(size).toBeGreaterThan(100 * 1024);
	});

	test.each([
		['faxRocksApi', { apiToken: 'sim_faxrocks_wrong' }, /faxrocks did not accept this API token/],
		['faxDropApi', { apiKey: 'fd_live_ffffffffffffffffffffffffffffffff' }, /FaxDrop rejected this API key/],
		['sendFaxMailApi', { apiKey: 'sfm_live_sim_starter' }, /needs the Business or Enterprise plan/],
	])("%s: n8n's credential test accepts the simulator key and rejects a bad one", async (type, badData, expectedMessage) => {
		const credential = stack.credentials[type];
		// As the editor does: the whole credential as edited, checked by the credential's own test request.
		const { data } = simulatorCredentials(stack.sim, { webhookSecret: DEMO_WEBHOOK_SECRET })[type];
		const good = await stack.client.request('POST', '/rest/credentials/test', {
			credentials: { id: credential.id, name: credential.name, type, data },
		});
		expect(good).toEqual({ status: 'OK', message: 'Connection successful!' });
		const bad = await stack.client.request('POST', '/rest/credentials/test', {
			credentials: { id: credential.id, name: credential.name, type, data: { ...data, ...badData } },
		});
		expect(bad.status).toBe('Error');
		expect(String(bad.message)).toMatch(expectedMessage);
	});
});

describe('sending', () => {
	test('demo workflow: send + Wait for Completion through faxrocks, FaxDrop and SendFAXMail', async () => {
		const { status, body } = await callWebhook(stack, 'fax-demo');
		expect(status).toBe(200);
		expect(body).toHaveLength(3);
		const byProvider = Object.fromEntries(body.map((fax) => [fax.provider, fax]));
		expect(Object.keys(byProvider).sort()).toEqual(['faxDrop', 'faxRocks', 'sendFaxMail']);
		const expectedTo = { faxRocks: '+12125550150', faxDrop: '+12125550151', sendFaxMail: '+12125550152' };
		for (const [provider, fax] of Object.entries(byProvider)) {
			expect(fax).toMatchObject({ provider, to: expectedTo[provider], status: 'delivered', isFinal: true, pages: 1, error: null });
			expect(typeof fax.id).toBe('string');
			expect(fax.id.length).toBeGreaterThan(5);
			expect(Date.parse(fax.completedAt)).not.toBeNaN();
			expect(JSON.stringify(fax.raw ?? {})).not.toMatch(/JVBERi0/); // no base64 PDF in the output
		}
		const simFaxes = (await stack.sim.control.faxes()).faxes;
		for (const fax of body) {
			const simFax = simFaxes.find((entry) => entry.id === fax.id);
			expect(simFax).toMatchObject({ status: 'delivered', to: fax.to, pages: 1 });
		}
	});

	test('referral-out example: 200 when delivered, 502 with the reason when the fax fails', async () => {
		const delivered = await callWebhook(stack, 'fax-referral', { faxNumber: '+1 212 555 0160', recipientName: 'Dr. Jane Example' });
		expect(delivered.status).toBe(200);
		expect(delivered.body).toMatchObject({ ok: true, status: 'delivered' });
		expect(delivered.body.faxId).toMatch(/^fax_/);
		// Cover page + the two-page referral letter.
		expect(delivered.body.pages).toBe(3);

		const failed = await callWebhook(stack, 'fax-referral', { faxNumber: '+12125550111', recipientName: 'Dr. No Answer' });
		expect(failed.status).toBe(502);
		expect(failed.body).toMatchObject({ ok: false, status: 'failed', error: { code: 'no_answer' } });
	});

	test("referral-out example: a fax number that is not one is refused before upload, through the Fax node's error output", async () => {
		const before = await executionIds(stack.workflows.referral.id);
		const uploadsBefore = (await stack.sim.control.call('GET', '/requests?method=POST&path=/sendfaxmail/v1/faxes')).requests.length;
		const response = await callWebhook(stack, 'fax-referral', { faxNumber: 'call the clinic' });
		expect(response.status).toBe(400);
		expect(response.body).toMatchObject({ ok: false, status: 'not sent' });
		expect(String(response.body.error)).toMatch(/fax number .*letters/i);
		const [execution] = await newFinishedExecutions(stack.workflows.referral.id, before);
		expect(execution.status).toBe('success');
		const details = await stack.client.getExecution(execution.id);
		const [delivered, failed] = nodeOutputs(details, 'Fax the referral');
		expect(delivered).toHaveLength(0);
		expect(failed).toHaveLength(1);
		const uploadsAfter = (await stack.sim.control.call('GET', '/requests?method=POST&path=/sendfaxmail/v1/faxes')).requests.length;
		expect(uploadsAfter).toBe(uploadsBefore);
	});

	test('send batch: one document to three numbers through faxrocks, one item per recipient', async () => {
		const demo = bindWorkflow(loadExample('demo'), { credentials: stack.credentials, filesDir: stack.filesDir });
		const faxrocksNode = demo.nodes.find((node) => node.name === 'Send with faxrocks');
		const workflow = {
			name: 'e2e: send batch',
			nodes: [
				...demo.nodes.filter((node) => ['Start demo', 'Read demo PDF'].includes(node.name)).map((node) =>
					node.name === 'Start demo'
						? { ...node, webhookId: 'e2e-send-batch', parameters: { ...node.parameters, path: 'e2e-send-batch' } }
						: node,
				),
				{
					...faxrocksNode,
					name: 'Send batch',
					parameters: {
						provider: 'faxRocks',
						resource: 'fax',
						operation: 'sendBatch',
						toNumbers: '+12125550150, +12125550111\n+12125550122',
						binaryPropertyName: 'data',
						options: { waitForCompletion: true, timeoutSeconds: 120 },
					},
				},
			],
			connections: {
				'Start demo': { main: [[{ node: 'Read demo PDF', type: 'main', index: 0 }]] },
				'Read demo PDF': { main: [[{ node: 'Send batch', type: 'main', index: 0 }]] },
			},
			settings: { executionOrder: 'v1' },
		};
		await importVariant(workflow, { name: workflow.name });
		const { status, body } = await callWebhook(stack, 'e2e-send-batch');
		expect(status).toBe(200);
		expect(body.map((fax) => fax.to)).toEqual(['+12125550150', '+12125550111', '+12125550122']);
		expect(body.map((fax) => fax.status)).toEqual(['delivered', 'failed', 'failed']);
		for (const fax of body) {
			expect(fax.provider).toBe('faxRocks');
			expect(fax.id).toMatch(/^[0-9a-f]{19}$/);
		}
		expect(new Set(body.map((fax) => fax.id)).size).toBe(3);
		expect(body[1].error).toMatchObject({ message: expect.stringMatching(/no answer/i) });
	});

	test('a 200-page PDF (one object per page part, no object streams: what scanners write) is checked and sent', async () => {
		// pdf-lib yields to the event loop every 100 objects while parsing; this document has
		// about 1 000, so the bundled libraries' timers run many times inside n8n's own process.
		const pdf = await makeLetterPdf({ title: 'Long referral packet', pages: 200, lines: ['Sample page (fictional).'] });
		fs.writeFileSync(path.join(stack.filesDir, 'long-packet.pdf'), pdf);
		const demo = bindWorkflow(loadExample('demo'), { credentials: stack.credentials, filesDir: stack.filesDir });
		const sfmNode = demo.nodes.find((node) => node.name === 'Send with SendFAXMail');
		const workflow = {
			name: 'e2e: 200-page PDF',
			nodes: [
				...demo.nodes
					.filter((node) => ['Start demo', 'Read demo PDF'].includes(node.name))
					.map((node) =>
						node.name === 'Start demo'
							? { ...node, id: 'e2e-long-1', webhookId: 'e2e-long-pdf', parameters: { ...node.parameters, path: 'e2e-long-pdf' } }
							: { ...node, id: 'e2e-long-2', parameters: { ...node.parameters, fileSelector: path.join(stack.filesDir, 'long-packet.pdf') } },
					),
				{ ...sfmNode, id: 'e2e-long-3', name: 'Send long PDF', parameters: { ...sfmNode.parameters, toNumber: '+12125550157', options: {} } },
			],
			connections: {
				'Start demo': { main: [[{ node: 'Read demo PDF', type: 'main', index: 0 }]] },
				'Read demo PDF': { main: [[{ node: 'Send long PDF', type: 'main', index: 0 }]] },
			},
			settings: { executionOrder: 'v1' },
		};
		await importVariant(workflow, { name: workflow.name });
		const { status, body } = await callWebhook(stack, 'e2e-long-pdf');
		expect({ status, error: body?.message }).toEqual({ status: 200, error: undefined });
		const [fax] = Array.isArray(body) ? body : [body];
		expect(fax).toMatchObject({ provider: 'sendFaxMail', to: '+12125550157', error: null });
		const simFax = (await stack.sim.control.faxes({ provider: 'sendFaxMail' })).faxes.find((entry) => entry.id === fax.id);
		expect(simFax).toMatchObject({ to: '+12125550157', pages: 200 });
	});

	test('batch-schedule example: 10 recipients scheduled for 08:00 next weekday, America/Chicago', async () => {
		const example = stack.workflows.batchSchedule.workflow;
		const variant = withWebhookTrigger(example, 'Every Friday at 15:00', 'e2e-batch-schedule');
		await importVariant(variant, { name: 'e2e: batch schedule' });
		const expectedBefore = nextWeekdayAt8(new Date(), 'America/Chicago');
		const { status, body } = await callWebhook(stack, 'e2e-batch-schedule');
		const expectedAfter = nextWeekdayAt8(new Date(), 'America/Chicago');
		expect(status).toBe(200);
		expect(body).toHaveLength(10);
		const expectedNumbers = Array.from({ length: 10 }, (_, index) => `+131255501${50 + index}`);
		expect(body.map((fax) => fax.to).sort()).toEqual(expectedNumbers);
		for (const fax of body) {
			expect(fax).toMatchObject({ provider: 'faxRocks', status: 'scheduled', isFinal: false });
			expect([expectedBefore, expectedAfter]).toContain(new Date(fax.scheduledAt).toISOString());
			expect(fax.id).toMatch(/^[0-9a-f]{19}$/);
		}
		// 08:00 in Chicago is 13:00 or 14:00 UTC (CDT / CST).
		expect(['13', '14']).toContain(new Date(body[0].scheduledAt).toISOString().slice(11, 13));
		const simFaxes = (await stack.sim.control.faxes({ provider: 'faxRocks' })).faxes;
		for (const fax of body) {
			const simFax = simFaxes.find((entry) => entry.id === fax.id);
			expect(simFax.status).toBe('scheduled');
			expect(new Date(simFax.scheduledAt).toISOString()).toBe(new Date(fax.scheduledAt).toISOString());
		}
	});
});

describe('triggers', () => {
	test('intake example: a signed inbound fax starts the workflow, is downloaded and routed by sender', async () => {
		const intake = stack.workflows.intake;
		const before = await executionIds(intake.id);
		const { fax, deliveries } = await stack.sim.control.inbound({ from: '+13125550170', pages: 2 });
		expect(deliveries).toHaveLength(1);
		expect(deliveries[0].statusCode).toBe(200);
		const [execution] = await newFinishedExecutions(intake.id, before);
		expect(execution.status).toBe('success');
		const details = await stack.client.getExecution(execution.id);
		const [received] = nodeOutputs(details, 'Fax received');
		expect(received).toHaveLength(1);
		expect(received[0]).toMatchObject({
			event: 'fax.received',
			id: fax.id,
			from: '+13125550170',
			direction: 'inbound',
			status: 'delivered',
			pages: 2,
		});
		expect(received[0].documentWarning).toBeUndefined();
		const routes = nodeOutputs(details, 'Route by sender');
		expect(routes.map((items) => items.length)).toEqual([0, 1, 0]); // Cardiology, Lab results, Front desk
		const saved = path.join(stack.filesDir, 'fax-inbox', `lab-${fax.id}.pdf`);
		expect(fs.readFileSync(saved).subarray(0, 5).toString('latin1')).toBe('%PDF-');
	});

	test('intake example: an unknown sender goes to the front desk', async () => {
		const intake = stack.workflows.intake;
		const before = await executionIds(intake.id);
		const { fax } = await stack.sim.control.inbound({ from: '+12125550199' });
		const [execution] = await newFinishedExecutions(intake.id, before);
		const details = await stack.client.getExecution(execution.id);
		expect(nodeOutputs(details, 'Route by sender').map((items) => items.length)).toEqual([0, 0, 1]);
		expect(fs.existsSync(path.join(stack.filesDir, 'fax-inbox', `front-desk-${fax.id}.pdf`))).toBe(true);
	});

	test.each(['bad-signature', 'stale-timestamp', 'missing-signature'])(
		'SendFAXMail Trigger refuses a %s delivery with 401 and starts nothing',
		async (variant) => {
			const intake = stack.workflows.intake;
			const before = await executionIds(intake.id);
			const { deliveries } = await stack.sim.control.inbound({ from: '+13125550160', variant });
			expect(deliveries).toHaveLength(1);
			expect(deliveries[0]).toMatchObject({ variant, statusCode: 401 });
			// The 401 is sent before any execution could be created: nothing new, now or later.
			const after = await executionIds(intake.id);
			expect([...after].filter((id) => !before.has(id))).toEqual([]);
		},
	);

	test('SendFAXMail Trigger: a replayed (verbatim) delivery does not start the workflow twice', async () => {
		const intake = stack.workflows.intake;
		const before = await executionIds(intake.id);
		const { deliveries } = await stack.sim.control.inbound({ from: '+13125550160' });
		await newFinishedExecutions(intake.id, before);
		const replay = await stack.sim.control.call('POST', '/sendfaxmail/webhooks/replay', {
			deliveryId: deliveries[0].id,
			variant: 'verbatim',
		});
		expect(replay.statusCode).toBe(200);
		const after = await executionIds(intake.id);
		expect([...after].filter((id) => !before.has(id))).toHaveLength(1);
	});

	test('failed-fax alert example: the Fax Trigger, active in n8n, fires once for a failed fax and not for a delivered one', async () => {
		// The example as shipped: it polls every minute (n8n refuses shorter intervals; 2.41 also
		// refuses any 6-field cron with seconds). n8n polls once at every activation (and saves
		// the trigger's state right after), so the test drives polls by re-publishing the
		// workflow instead of waiting for the minute: activation 1 takes the baseline (faxes
		// already final are history), each later one is one more poll.
		const example = stack.workflows.failedFaxAlert.workflow;
		const workflowId = await importVariant(structuredClone(example), { name: 'e2e: failed fax alert' });
		const before = await executionIds(workflowId);
		const listRequests = async () =>
			(await stack.sim.control.call('GET', '/requests?provider=faxRocks&method=GET&path=/faxrocks/api/faxes')).requests.length;
		const poll = async () => {
			const polled = await listRequests();
			await stack.client.deactivateWorkflow(workflowId);
			await stack.client.activateWorkflow(workflowId);
			// The activation answered after its poll; the list was read at least once more.
			expect(await listRequests()).toBeGreaterThan(polled);
		};

		// Send two faxes straight to the (simulated) faxrocks API, as another system would.
		const pdf = (await makeDemoPdf()).toString('base64');
		for (const number of ['+12125550150', '+12125550111']) {
			const response = await fetch(`${stack.sim.baseUrls.faxRocks}/send`, {
				method: 'POST',
				headers: { authorization: `Bearer ${stack.sim.keys.faxRocks}`, 'content-type': 'application/json', accept: 'application/json' },
				body: JSON.stringify({ number, data: pdf }),
			});
			expect(response.status).toBe(201);
		}
		await waitFor('both faxes to be final in the simulator', async () => {
			const faxes = (await stack.sim.control.faxes({ provider: 'faxRocks' })).faxes.slice(-2);
			return faxes.every((fax) => ['delivered', 'failed'].includes(fax.status));
		}, { timeoutMs: 30000 });

		await poll();
		const [execution] = await newFinishedExecutions(workflowId, before, { timeoutMs: 60000 });
		expect(execution.mode).toBe('trigger');
		expect(execution.status).toBe('success');
		const details = await stack.client.getExecution(execution.id);
		const [alerts] = nodeOutputs(details, 'Alert text');
		expect(alerts).toHaveLength(1);
		expect(alerts[0]).toMatchObject({ status: 'failed' });
		expect(alerts[0].alert).toMatch(/to \+12125550111 ended failed .*No answer/);

		// Two more polls later, still that one execution: each fax triggers once, and the
		// delivered one never does.
		await poll();
		await poll();
		const fresh = [...(await executionIds(workflowId))].filter((id) => !before.has(id));
		expect(fresh).toHaveLength(1);
		await stack.client.deactivateWorkflow(workflowId);
	});
});
