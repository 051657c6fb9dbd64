'use strict';
/**
 * The example workflows (examples/*.json) as they are imported into the demo / test n8n:
 * credentials bound to the ones created there, and file paths moved from n8n's default
 * file folder (`/home/node/.n8n-files/`, the Docker image's `~/.n8n-files`) to the stack's.
 */
const fs = require('node:fs');
const path = require('node:path');

const paths = require('./paths');

/** The folder the example workflows read from and write to, as written in their JSON. */
const EXAMPLE_FILES_DIR = '/home/node/.n8n-files/';

const EXAMPLES = {
	demo: 'demo-send-with-each-provider.json',
	referral: 'referral-out.json',
	intake: 'intake-in.json',
	batchSchedule: 'batch-schedule.json',
	failedFaxAlert: 'failed-fax-alert.json',
};

/** Credentials the stack creates, pointed at the simulator (fictional keys). */
function simulatorCredentials(sim, { webhookSecret }) {
	return {
		faxRocksApi: {
			name: 'faxrocks (simulator)',
			type: 'faxRocksApi',
			data: { apiToken: sim.keys.faxRocks, baseUrl: sim.baseUrls.faxRocks },
		},
		faxDropApi: {
			name: 'FaxDrop (simulator)',
			type: 'faxDropApi',
			data: {
				apiKey: sim.keys.faxDrop,
				baseUrl: sim.baseUrls.faxDrop,
				senderName: 'Riverside Family Clinic',
				senderEmail: 'frontdesk@clinic.example',
			},
		},
		sendFaxMailApi: {
			name: 'SendFAXMail (simulator)',
			type: 'sendFaxMailApi',
			data: { apiKey: sim.keys.sendFaxMail, baseUrl: sim.baseUrls.sendFaxMail, webhookSecret },
		},
	};
}

function loadExample(key) {
	const file = path.join(paths.examplesDir, EXAMPLES[key] ?? key);
	return JSON.parse(fs.readFileSync(file, 'utf8'));
}

function mapStrings(value, fn) {
	if (typeof value === 'string') return fn(value);
	if (Array.isArray(value)) return value.map((entry) => mapStrings(entry, fn));
	if (value && typeof value === 'object') {
		return Object.fromEntries(Object.entries(value).map(([key, entry]) => [key, mapStrings(entry, fn)]));
	}
	return value;
}

/**
 * @param {object} workflow example JSON
 * @param {{ credentials: Record<string, {id: string, name: string}>, filesDir: string }} binding
 */
function bindWorkflow(workflow, { credentials, filesDir }) {
	const filesPrefix = filesDir.endsWith('/') ? filesDir : `${filesDir}/`;
	const bound = structuredClone(workflow);
	bound.nodes = bound.nodes.map((node) => {
		const next = { ...node, parameters: mapStrings(node.parameters ?? {}, (text) => text.split(EXAMPLE_FILES_DIR).join(filesPrefix)) };
		if (node.credentials) {
			next.credentials = Object.fromEntries(
				Object.entries(node.credentials).map(([type, ref]) => {
					const created = credentials[type];
					return [type, created ? { id: created.id, name: created.name } : ref];
				}),
			);
		}
		return next;
	});
	return bound;
}

/**
 * For tests: the same workflow with its trigger node replaced by a Webhook node (same name and
 * position, so every connection and `$('<trigger>')` reference still holds) that answers with
 * the last node's items once the workflow has finished.
 */
function withWebhookTrigger(workflow, triggerName, webhookPath, { responseMode = 'lastNode' } = {}) {
	const copy = structuredClone(workflow);
	const index = copy.nodes.findIndex((node) => node.name === triggerName);
	if (index < 0) throw new Error(`no node "${triggerName}" in "${workflow.name}"`);
	const trigger = copy.nodes[index];
	copy.nodes[index] = {
		id: trigger.id,
		name: trigger.name,
		type: 'n8n-nodes-base.webhook',
		typeVersion: 2.1,
		position: trigger.position,
		webhookId: webhookPath,
		parameters: {
			httpMethod: 'POST',
			path: webhookPath,
			responseMode,
			...(responseMode === 'lastNode' ? { responseData: 'allEntries' } : {}),
			options: {},
		},
	};
	return copy;
}

/** The production webhook URL of a node that has a `webhookId` and a fixed path (e.g. the SendFAXMail Trigger). */
function nodeWebhookUrl(n8nUrl, workflow, nodeName, nodePath) {
	const node = workflow.nodes.find((entry) => entry.name === nodeName);
	if (!node?.webhookId) throw new Error(`node "${nodeName}" has no webhookId`);
	return `${n8nUrl}/webhook/${node.webhookId}/${nodePath}`;
}

module.exports = {
	EXAMPLES,
	EXAMPLE_FILES_DIR,
	simulatorCredentials,
	loadExample,
	bindWorkflow,
	withWebhookTrigger,
	nodeWebhookUrl,
};
