'use strict';
/** Starting a real n8n server and talking to it through its REST API, as the editor does. */
const fs = require('node:fs');
const path = require('node:path');

const { nodeFor } = require('./nodeRuntime');
const paths = require('./paths');
const { ManagedProcess } = require('./processes');
const { waitFor } = require('./util');

/** Fictional demo values; nothing here protects real data. */
const DEMO_OWNER = {
	email: 'demo@clinic.example',
	password: 'FaxDemo2026!',
	firstName: 'Demo',
	lastName: 'Owner',
};
const DEMO_ENCRYPTION_KEY = 'n8n-nodes-fax-demo-key-not-a-secret';

/**
 * Environment for an n8n 2.8 server on 127.0.0.1 that never phones home (telemetry, version
 * checks, templates, banners, AI features, verified-community-node lookups, license renewal).
 */
function n8nEnvironment({ userFolder, port, brokerPort, filesDir, timezone = 'America/Chicago', logLevel = 'info', extraEnv = {} }) {
	const env = { ...process.env };
	// Nothing from the caller's environment should change how this n8n runs.
	for (const key of Object.keys(env)) {
		if (
			key.startsWith('N8N_') ||
			key.startsWith('DB_') ||
			key.startsWith('EXECUTIONS_') ||
			key.startsWith('QUEUE_') ||
			key.startsWith('JEST_') ||
			['WEBHOOK_URL', 'NODE_ENV', 'NODE_OPTIONS'].includes(key)
		) {
			delete env[key];
		}
	}
	return {
		...env,
		// Under jest NODE_ENV is "test", and n8n then refuses to load nodes ("Not available in tests").
		NODE_ENV: 'production',
		N8N_USER_FOLDER: userFolder,
		N8N_PORT: String(port),
		N8N_HOST: '127.0.0.1',
		N8N_PROTOCOL: 'http',
		N8N_LISTEN_ADDRESS: '127.0.0.1',
		N8N_RUNNERS_BROKER_PORT: String(brokerPort),
		N8N_RUNNERS_BROKER_LISTEN_ADDRESS: '127.0.0.1',
		N8N_ENCRYPTION_KEY: DEMO_ENCRYPTION_KEY,
		N8N_SECURE_COOKIE: 'false',
		GENERIC_TIMEZONE: timezone,
		DB_TYPE: 'sqlite',
		N8N_RESTRICT_FILE_ACCESS_TO: filesDir,
		N8N_LOG_LEVEL: logLevel,
		N8N_LOG_OUTPUT: 'console',
		N8N_GRACEFUL_SHUTDOWN_TIMEOUT: '10',
		N8N_PYTHON_ENABLED: 'false',
		// no outbound calls
		N8N_DIAGNOSTICS_ENABLED: 'false',
		N8N_PERSONALIZATION_ENABLED: 'false',
		N8N_VERSION_NOTIFICATIONS_ENABLED: 'false',
		N8N_VERSION_NOTIFICATIONS_WHATS_NEW_ENABLED: 'false',
		N8N_TEMPLATES_ENABLED: 'false',
		N8N_HIRING_BANNER_ENABLED: 'false',
		N8N_DYNAMIC_BANNERS_ENABLED: 'false',
		N8N_AI_ENABLED: 'false',
		N8N_VERIFIED_PACKAGES_ENABLED: 'false',
		N8N_LICENSE_AUTO_RENEW_ENABLED: 'false',
		N8N_LICENSE_DETACH_FLOATING_ON_SHUTDOWN: 'false',
		N8N_REINSTALL_MISSING_PACKAGES: 'false',
		N8N_ENFORCE_SETTINGS_FILE_PERMISSIONS: 'false',
		// community packages stay enabled: that is how this package is loaded
		N8N_COMMUNITY_PACKAGES_ENABLED: 'true',
		...extraEnv,
	};
}

/**
 * Starts `n8n start` and resolves once the editor is reachable and the REST API answers.
 * @returns {Promise<{ process: ManagedProcess, url: string, port: number, logFile: string }>}
 */
async function startN8n(options) {
	return await startN8nProcess({ ...options, command: 'start', readyPaths: ['/healthz/readiness', '/rest/settings'] });
}

/**
 * Starts one n8n process (`start`, `worker`, `webhook`) and resolves once every path in
 * `readyPaths` answers 200 on `healthPort` (default: `port`).
 */
async function startN8nProcess({
	userFolder,
	port,
	brokerPort,
	filesDir,
	timezone,
	logFile,
	onLine,
	command = 'start',
	args = [],
	name = `n8n ${command}`,
	extraEnv,
	healthPort = port,
	readyPaths = ['/healthz/readiness'],
	timeoutMs = 180000,
	runtime,
}) {
	// The leg's Node and n8n (ensureN8n's answer); by default the leg N8N_E2E selects.
	const nodeBinary = runtime?.node.binary ?? nodeFor(paths.leg).binary;
	const n8nEntry = runtime?.paths.n8nEntry ?? paths.n8nEntry;
	if (!nodeBinary) throw new Error(`Node ${paths.leg.nodeMajor} for n8n ${paths.leg.n8nVersion} is not installed (ensureN8n installs it)`);
	fs.mkdirSync(userFolder, { recursive: true });
	fs.mkdirSync(filesDir, { recursive: true });
	const env = n8nEnvironment({ userFolder, port, brokerPort, filesDir, timezone, extraEnv });
	// Anything n8n starts as `node` (task runners) runs on the same Node as n8n.
	env.PATH = `${path.dirname(nodeBinary)}${path.delimiter}${env.PATH ?? ''}`;
	const n8nProcess = new ManagedProcess(name, nodeBinary, [n8nEntry, command, ...args], {
		cwd: userFolder,
		env,
		logFile,
		onLine,
	});
	const url = `http://127.0.0.1:${port}`;
	const healthUrl = `http://127.0.0.1:${healthPort}`;
	try {
		await waitFor(
			`${name} on ${healthUrl} (log: ${logFile})`,
			async () => {
				if (n8nProcess.exited) {
					throw Object.assign(new Error(`${name} exited (${n8nProcess.exitCode}); see ${logFile}`), { fatal: true });
				}
				for (const readyPath of readyPaths) {
					const answer = await fetch(`${healthUrl}${readyPath}`).catch(() => undefined);
					if (answer?.status !== 200) return false;
				}
				return true;
			},
			{ timeoutMs, intervalMs: 500 },
		);
	} catch (error) {
		await n8nProcess.stop();
		throw error;
	}
	return { process: n8nProcess, url, port, logFile };
}

class N8nClient {
	constructor(baseUrl) {
		this.baseUrl = baseUrl.replace(/\/$/, '');
		this.cookie = '';
	}

	async request(method, urlPath, body, options = {}) {
		try {
			return await this.requestOnce(method, urlPath, body, options);
		} catch (error) {
			// n8n closed the connection under the request ("other side closed": a kept-alive
			// socket it had just timed out, or a large answer cut on a loaded machine). A GET
			// changes nothing, so it is sent once more.
			if (method !== 'GET' || error?.cause?.code !== 'UND_ERR_SOCKET') throw error;
			return await this.requestOnce(method, urlPath, body, options);
		}
	}

	async requestOnce(method, urlPath, body, { expect = [200] } = {}) {
		const response = await fetch(`${this.baseUrl}${urlPath}`, {
			method,
			headers: {
				accept: 'application/json',
				...(body === undefined ? {} : { 'content-type': 'application/json' }),
				...(this.cookie ? { cookie: this.cookie } : {}),
			},
			body: body === undefined ? undefined : JSON.stringify(body),
		});
		for (const header of response.headers.getSetCookie()) {
			if (header.startsWith('n8n-auth=')) this.cookie = header.split(';')[0];
		}
		const text = await response.text();
		let json;
		try {
			json = text ? JSON.parse(text) : undefined;
		} catch {
			json = text;
		}
		if (!expect.includes(response.status)) {
			const message = typeof json === 'object' && json?.message ? json.message : String(text).slice(0, 300);
			throw new Error(`${method} ${urlPath} answered ${response.status}: ${message}`);
		}
		return json && typeof json === 'object' && 'data' in json ? json.data : json;
	}

	/** Sets up the owner on a fresh instance, or logs in on one that already has it. */
	async ensureOwner(owner = DEMO_OWNER) {
		const settings = await this.request('GET', '/rest/settings');
		if (settings.userManagement?.showSetupOnFirstLoad) {
			await this.request('POST', '/rest/owner/setup', owner);
			return { created: true };
		}
		await this.login(owner);
		return { created: false };
	}

	async login({ email, password } = DEMO_OWNER) {
		await this.request('POST', '/rest/login', { emailOrLdapLoginId: email, password });
	}

	async listCredentials() {
		return await this.request('GET', '/rest/credentials');
	}

	/** Creates the credential, or updates the one with the same name and type. */
	async upsertCredential({ name, type, data }) {
		const existing = (await this.listCredentials()).find((entry) => entry.name === name && entry.type === type);
		if (existing) {
			await this.request('PATCH', `/rest/credentials/${existing.id}`, { name, type, data });
			return { id: existing.id, name, type, created: false };
		}
		const created = await this.request('POST', '/rest/credentials', { name, type, data });
		return { id: created.id, name, type, created: true };
	}

	async listWorkflows() {
		return await this.request('GET', '/rest/workflows');
	}

	async getWorkflow(id) {
		return await this.request('GET', `/rest/workflows/${id}`);
	}

	async createWorkflow(workflow) {
		const { id, active, ...rest } = workflow;
		void id;
		void active;
		return await this.request('POST', '/rest/workflows', { ...rest, active: false });
	}

	async deleteWorkflow(id) {
		await this.request('POST', `/rest/workflows/${id}/archive`, {}).catch(() => undefined);
		await this.request('DELETE', `/rest/workflows/${id}`).catch(() => undefined);
	}

	/**
	 * Publishes (activates) the workflow's current version and returns once its triggers and
	 * webhooks are live. n8n 2.8 registers them before the activate call answers; newer n8n
	 * (workflow publication service, on by default in 2.41) queues the publication and answers
	 * at once, so this waits for GET /rest/workflows/:id/publication-status to settle on that
	 * version, and fails with n8n's own reason if a trigger did not activate.
	 */
	async activateWorkflow(id) {
		const workflow = await this.getWorkflow(id);
		const activated = await this.request('POST', `/rest/workflows/${id}/activate`, { versionId: workflow.versionId });
		const statusPath = `/rest/workflows/${id}/publication-status`;
		const first = await this.request('GET', statusPath, undefined, { expect: [200, 404] });
		if (!first || typeof first !== 'object' || !('status' in first)) return activated; // n8n without the service
		const settled = await waitFor(
			`n8n to publish workflow ${id}`,
			async () => {
				const status = await this.request('GET', statusPath);
				return status.status !== 'in_progress' && status.status !== 'not_published' ? status : undefined;
			},
			{ timeoutMs: 120000 },
		);
		if (settled.status !== 'published') {
			const reasons = (settled.triggers ?? []).map((trigger) => trigger.errorMessage).filter(Boolean);
			throw new Error(`n8n could not publish workflow ${id} (${settled.status}): ${reasons.join('; ') || 'no reason given'}`);
		}
		return activated;
	}

	async deactivateWorkflow(id) {
		return await this.request('POST', `/rest/workflows/${id}/deactivate`, {});
	}

	/** Executions of a workflow, newest first (summaries, without their data). */
	async listExecutions(workflowId) {
		const filter = encodeURIComponent(JSON.stringify({ workflowId }));
		const page = await this.request('GET', `/rest/executions?filter=${filter}&limit=100`);
		return page.results ?? [];
	}

	/** One execution with its run data parsed (n8n stores it with `flatted`). */
	async getExecution(id) {
		const execution = await this.request('GET', `/rest/executions/${id}`);
		if (typeof execution.data === 'string') {
			const { parse } = require(path.join(paths.n8nModules, 'flatted'));
			execution.data = parse(execution.data);
		}
		return execution;
	}
}

/** Output items (json only) of `nodeName` in an execution, per output index. */
function nodeOutputs(execution, nodeName) {
	const runs = execution.data?.resultData?.runData?.[nodeName];
	if (!runs?.length) return undefined;
	return (runs[runs.length - 1].data?.main ?? []).map((items) => (items ?? []).map((item) => item.json));
}

function nodeError(execution, nodeName) {
	const runs = execution.data?.resultData?.runData?.[nodeName];
	return runs?.[runs.length - 1]?.error;
}

module.exports = { DEMO_OWNER, DEMO_ENCRYPTION_KEY, n8nEnvironment, startN8n, startN8nProcess, N8nClient, nodeOutputs, nodeError };
