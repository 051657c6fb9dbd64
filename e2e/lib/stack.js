'use strict';
/**
 * The whole stack, as `npm start`, the e2e tests and the screenshot script use it:
 * fax simulator + real n8n with this package installed from its tarball, an owner account,
 * the three credentials pointed at the simulator, and the example workflows.
 */
const fs = require('node:fs');
const path = require('node:path');

const paths = require('./paths');
const { ensureN8n, packPackage, installPackageIntoUserFolder } = require('./install');
const { startN8n, N8nClient, DEMO_OWNER } = require('./n8n');
const { newStack } = require('./processes');
const { startSimulator } = require('./simulator');
const { makeDemoPdf } = require('./samplePdf');
const { portOrFree, freePort } = require('./util');
const { loadExample, bindWorkflow, simulatorCredentials, nodeWebhookUrl } = require('./workflows');

/** Fictional signing secret shared by the SendFAXMail credential and the simulator's webhook endpoint. */
const DEMO_WEBHOOK_SECRET = 'whsec_fictional_demo_secret_0123456789';

/**
 * @param {object} options
 * @param {string} options.dataDir          folder for the user folder, logs and the tarball
 * @param {number} [options.n8nPort]        preferred n8n port (another free one if taken)
 * @param {number} [options.simPort]        preferred simulator port (another free one if taken)
 * @param {number} [options.speed]          simulator clock speed
 * @param {boolean} [options.rateLimits]    simulator rate limits
 * @param {string[]} [options.examples]     example keys to import (workflows.js EXAMPLES)
 * @param {string[]} [options.activate]     of those, the ones to publish (activate)
 * @param {(line: string) => void} [options.log]
 * @param {(line: string) => void} [options.onN8nLine]
 * @param {string[]} [options.packageDirs]  package folders to pack and install (default: the
 *                                          repository, i.e. n8n-nodes-fax); stack.tarball and
 *                                          stack.installedPackage are the first one's
 */
async function startStack(options) {
	const {
		dataDir,
		speed = 10,
		rateLimits = true,
		examples = [],
		activate = [],
		log = () => {},
		onN8nLine,
		timezone = 'America/Chicago',
	} = options;
	const stack = newStack(dataDir, { workflows: {}, log });
	const { userFolder, filesDir } = stack;
	try {
		const runtime = await ensureN8n({ log });
		stack.runtime = runtime;

		const packageDirs = options.packageDirs ?? [paths.repoDir];
		stack.tarballs = [];
		for (const [index, packageDir] of packageDirs.entries()) {
			log(`Packing ${path.relative(paths.repoDir, packageDir) || 'n8n-nodes-fax'} (npm pack)`);
			stack.tarballs.push(await packPackage(path.join(dataDir, index === 0 ? 'pack' : `pack-${index}`), packageDir));
		}
		const [tarball] = stack.tarballs;
		stack.tarball = tarball;

		const simPort = await portOrFree(options.simPort);
		log(`Starting the fax simulator on 127.0.0.1:${simPort} (clock speed ${speed})`);
		const sim = await startSimulator({ port: simPort, speed, rateLimits, logFile: path.join(dataDir, 'simulator.log') });
		stack.processes.push(sim.process);
		stack.sim = sim;

		stack.installedPackages = [];
		for (const packed of stack.tarballs) {
			log(`Installing ${path.basename(packed)} into ${path.relative(process.cwd(), userFolder) || userFolder}/.n8n/nodes`);
			stack.installedPackages.push(await installPackageIntoUserFolder(userFolder, packed));
		}
		stack.installedPackage = stack.installedPackages[0];

		fs.mkdirSync(path.join(filesDir, 'fax-inbox'), { recursive: true });
		for (const asset of fs.readdirSync(paths.assetsDir)) {
			fs.copyFileSync(path.join(paths.assetsDir, asset), path.join(filesDir, asset));
		}
		fs.writeFileSync(path.join(filesDir, 'fax-demo.pdf'), await makeDemoPdf());

		const n8nPort = await portOrFree(options.n8nPort);
		let brokerPort = await freePort();
		while (brokerPort === n8nPort || brokerPort === simPort) brokerPort = await freePort();
		log(`Starting n8n ${runtime.leg.n8nVersion} on Node ${runtime.node.version}, http://127.0.0.1:${n8nPort} (log: ${path.relative(process.cwd(), path.join(dataDir, 'n8n.log'))})`);
		const started = Date.now();
		const n8n = await startN8n({
			userFolder,
			port: n8nPort,
			brokerPort,
			filesDir,
			timezone,
			logFile: path.join(dataDir, 'n8n.log'),
			onLine: onN8nLine,
			runtime,
		});
		stack.processes.push(n8n.process);
		stack.n8n = n8n;
		log(`n8n is up after ${Math.round((Date.now() - started) / 1000)} s`);

		const client = new N8nClient(n8n.url);
		const owner = await client.ensureOwner(DEMO_OWNER);
		stack.client = client;
		stack.owner = { ...DEMO_OWNER, created: owner.created };

		const credentials = {};
		for (const [type, spec] of Object.entries(simulatorCredentials(sim, { webhookSecret: DEMO_WEBHOOK_SECRET }))) {
			credentials[type] = await client.upsertCredential(spec);
		}
		stack.credentials = credentials;

		const existing = await client.listWorkflows();
		for (const key of examples) {
			const workflow = bindWorkflow(loadExample(key), { credentials, filesDir });
			const found = existing.find((entry) => entry.name === workflow.name && !entry.isArchived);
			const saved = found ?? (await client.createWorkflow(workflow));
			let active = Boolean(found?.active);
			if (activate.includes(key) && !active) {
				await client.activateWorkflow(saved.id);
				active = true;
			}
			stack.workflows[key] = { id: saved.id, name: workflow.name, workflow, active, imported: !found };
		}

		if (stack.workflows.intake) {
			const intakeUrl = nodeWebhookUrl(n8n.url, stack.workflows.intake.workflow, 'Fax received', 'sendfaxmail');
			await sim.control.clearWebhooks();
			await sim.control.addWebhook({ url: intakeUrl, secret: DEMO_WEBHOOK_SECRET });
			stack.intakeWebhookUrl = intakeUrl;
		}
		return stack;
	} catch (error) {
		await stack.stop();
		throw error;
	}
}

/** POSTs JSON to a production webhook of the stack's n8n; resolves to {status, body}. */
async function callWebhook(stack, webhookPath, body = {}) {
	const response = await fetch(`${stack.n8n.url}/webhook/${webhookPath}`, {
		method: 'POST',
		headers: { 'content-type': 'application/json' },
		body: JSON.stringify(body),
	});
	const text = await response.text();
	let json;
	try {
		json = JSON.parse(text);
	} catch {
		json = text;
	}
	return { status: response.status, body: json };
}

module.exports = { startStack, callWebhook, DEMO_WEBHOOK_SECRET };
