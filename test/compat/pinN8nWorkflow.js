'use strict';
/**
 * Preload (`node -r ./test/compat/pinN8nWorkflow.js`) that makes every `require('n8n-workflow')`
 * in the process load the copy named by N8N_WORKFLOW_MODULE instead: one of the pinned
 * fixtures in package.json (`n8n-workflow` = the floor, `n8n-workflow-2.41` = the newest), so
 * the BUILT package runs against each supported n8n-workflow the way n8n would give it one.
 */
const Module = require('node:module');
const path = require('node:path');

const pinned = process.env.N8N_WORKFLOW_MODULE;
if (pinned) {
	const root = path.resolve(__dirname, '..', '..');
	const target = require.resolve(pinned, { paths: [root] });
	const resolve = Module._resolveFilename;
	Module._resolveFilename = function resolveFilename(request, ...rest) {
		if (request === 'n8n-workflow') return target;
		return resolve.call(this, request, ...rest);
	};
}
