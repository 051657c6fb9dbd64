'use strict';
/** Calls the queue-mode run makes: webhooks on main or the webhook process, signed events, executions. */
const http = require('node:http');
const path = require('node:path');

const paths = require('../lib/paths');
const { waitFor } = require('../lib/util');

// The simulator's signing function, as the real provider's docs describe it (HMAC of "t.body").
const { signWebhook } = require(path.join(paths.repoDir, 'dist', 'simulator'));

/**
 * POSTs JSON with node:http (no client-side timeout: a send paced behind FaxDrop's limit can
 * take minutes, longer than fetch's 5-minute header timeout allows for). Resolves to
 * {status, body}; `signal` aborts it.
 */
function postJson(url, body, { headers = {}, signal } = {}) {
	const payload = typeof body === 'string' ? body : JSON.stringify(body);
	return new Promise((resolve, reject) => {
		const request = http.request(url, {
			method: 'POST',
			headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(payload), ...headers },
			signal,
		});
		request.on('response', (response) => {
			const chunks = [];
			response.on('data', (chunk) => chunks.push(chunk));
			response.on('end', () => {
				const text = Buffer.concat(chunks).toString('utf8');
				let json;
				try {
					json = JSON.parse(text);
				} catch {
					json = text;
				}
				resolve({ status: response.statusCode, body: json });
			});
			response.on('error', reject);
		});
		request.on('error', reject);
		request.end(payload);
	});
}

/** A SendFAXMail `fax.delivered` event body (fictional ids and number). */
function deliveredEvent(eventId) {
	return JSON.stringify({
		id: eventId,
		type: 'fax.delivered',
		created_at: new Date().toISOString(),
		data: { id: `fax_${eventId}`, object: 'fax', direction: 'outbound', to: '+12125550150', status: 'delivered', pages: 1 },
	});
}

/** Delivers `body` as SendFAXMail does: signed with the webhook secret and the current time. */
async function deliverSigned(url, body, secret) {
	const signature = signWebhook(secret, Math.floor(Date.now() / 1000), body);
	return await postJson(url, body, { headers: { 'x-sfm-signature': signature } });
}

/** Execution summaries of a workflow, once at least `atLeast` exist and none is still running. */
async function finishedExecutions(client, workflowId, { atLeast, timeoutMs = 120000 }) {
	return await waitFor(
		`${atLeast} finished execution(s) of workflow ${workflowId}`,
		async () => {
			const all = await listAllExecutions(client, workflowId);
			if (all.length < atLeast) return undefined;
			return all.every((entry) => !['new', 'running', 'waiting'].includes(entry.status)) ? all : undefined;
		},
		{ timeoutMs, intervalMs: 1000 },
	);
}

/**
 * Every execution summary of a workflow, each once. The REST list pages at 100, and n8n reads
 * running and finished executions in two queries: one that finishes in between is in both.
 */
async function listAllExecutions(client, workflowId) {
	const byId = new Map();
	let lastId;
	for (;;) {
		const filter = encodeURIComponent(JSON.stringify({ workflowId }));
		const cursor = lastId ? `&lastId=${lastId}` : '';
		const page = await client.request('GET', `/rest/executions?filter=${filter}&limit=100${cursor}`);
		const results = page.results ?? [];
		for (const entry of results) byId.set(String(entry.id), entry);
		if (results.length < 100) return [...byId.values()];
		lastId = results.at(-1).id;
	}
}

/** The json of every item a node output in an execution. */
async function nodeItems(client, executionId, nodeName) {
	const execution = await client.getExecution(executionId);
	const runs = execution.data?.resultData?.runData?.[nodeName] ?? [];
	return runs.flatMap((run) => (run.data?.main ?? []).flat().map((item) => item?.json));
}

/** Values that occur more than once. */
function duplicates(values) {
	const seen = new Set();
	const twice = new Set();
	for (const value of values) (seen.has(value) ? twice : seen).add(value);
	return [...twice];
}

module.exports = { postJson, deliveredEvent, deliverSigned, finishedExecutions, listAllExecutions, nodeItems, duplicates };
