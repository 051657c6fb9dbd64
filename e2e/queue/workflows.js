'use strict';
/** The workflows the queue-mode run creates in n8n: sends behind a webhook, and both triggers. */
const crypto = require('node:crypto');

const FAX = 'n8n-nodes-fax.fax';
const CREDENTIAL_TYPES = { faxRocks: 'faxRocksApi', faxDrop: 'faxDropApi', sendFaxMail: 'sendFaxMailApi' };

function credentialRefs(stack, ...types) {
	return Object.fromEntries(types.map((type) => [type, { id: stack.credentials[type].id, name: stack.credentials[type].name }]));
}

function connect(...names) {
	const connections = {};
	for (let index = 0; index + 1 < names.length; index += 1) {
		connections[names[index]] = { main: [[{ node: names[index + 1], type: 'main', index: 0 }]] };
	}
	return connections;
}

const place = (index) => [index * 220, 0];

/**
 * POST {to, referralId?} to /webhook/<path> → Read File (fax-demo.pdf) → Fax: Send with
 * Shared State Redis; the webhook answers with the Fax node's items once the execution ends.
 * A failed item stays an item (`onError: continueRegularOutput`) so the caller sees it.
 */
function sendWorkflow(stack, provider, webhookPath, { idempotencyKeyFromBody = false } = {}) {
	const options = { maxRateLimitWaitSeconds: 300 };
	if (idempotencyKeyFromBody) options.idempotencyKey = "={{ $('Send request').item.json.body.referralId }}";
	return {
		name: `queue: send (${provider}) ${webhookPath}`,
		nodes: [
			{
				id: crypto.randomUUID(),
				name: 'Send request',
				type: 'n8n-nodes-base.webhook',
				typeVersion: 2.1,
				position: place(0),
				webhookId: crypto.randomUUID(),
				parameters: { httpMethod: 'POST', path: webhookPath, responseMode: 'lastNode', responseData: 'allEntries', options: {} },
			},
			{
				id: crypto.randomUUID(),
				name: 'Read document',
				type: 'n8n-nodes-base.readWriteFile',
				typeVersion: 1.1,
				position: place(1),
				parameters: { operation: 'read', fileSelector: `${stack.filesDir}/fax-demo.pdf`, options: {} },
			},
			{
				id: crypto.randomUUID(),
				name: 'Fax',
				type: FAX,
				typeVersion: 1.1,
				position: place(2),
				onError: 'continueRegularOutput',
				parameters: {
					provider,
					resource: 'fax',
					operation: 'send',
					toNumber: "={{ $('Send request').item.json.body.to }}",
					binaryPropertyName: 'data',
					sharedState: 'redis',
					options,
				},
				credentials: credentialRefs(stack, CREDENTIAL_TYPES[provider], 'redis'),
			},
		],
		connections: connect('Send request', 'Read document', 'Fax'),
		settings: { executionOrder: 'v1' },
	};
}

function endNode() {
	return { id: crypto.randomUUID(), name: 'Done', type: 'n8n-nodes-base.noOp', typeVersion: 1, position: place(1), parameters: {} };
}

/** SendFAXMail Trigger (fax.delivered, Shared State Redis) → No Op. */
function sendFaxMailTriggerWorkflow(stack) {
	return {
		name: 'queue: SendFAXMail Trigger',
		nodes: [
			{
				id: crypto.randomUUID(),
				name: 'Fax event',
				type: 'n8n-nodes-fax.sendFaxMailTrigger',
				typeVersion: 1,
				position: place(0),
				webhookId: crypto.randomUUID(),
				parameters: { events: ['fax.delivered'], sharedState: 'redis', options: {} },
				credentials: credentialRefs(stack, 'sendFaxMailApi', 'redis'),
			},
			endNode(),
		],
		connections: connect('Fax event', 'Done'),
		settings: { executionOrder: 'v1' },
	};
}

/** Fax Trigger (every minute, every final status, Shared State Redis) → No Op. */
function faxTriggerWorkflow(stack, provider) {
	return {
		name: `queue: Fax Trigger (${provider})`,
		nodes: [
			{
				id: crypto.randomUUID(),
				name: 'Fax final',
				type: 'n8n-nodes-fax.faxTrigger',
				typeVersion: 1,
				position: place(0),
				parameters: {
					pollTimes: { item: [{ mode: 'everyMinute' }] },
					provider,
					statuses: ['cancelled', 'delivered', 'failed', 'partial'],
					sharedState: 'redis',
				},
				credentials: credentialRefs(stack, CREDENTIAL_TYPES[provider], 'redis'),
			},
			endNode(),
		],
		connections: connect('Fax final', 'Done'),
		settings: { executionOrder: 'v1' },
	};
}

module.exports = { sendWorkflow, sendFaxMailTriggerWorkflow, faxTriggerWorkflow };
