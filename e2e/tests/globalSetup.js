'use strict';
const fs = require('node:fs');
const path = require('node:path');

const paths = require('../lib/paths');
const { ensureN8n } = require('../lib/install');
const { SWITCH } = require('../lib/versions');

module.exports = async function globalSetup() {
	if (!fs.existsSync(path.join(paths.repoDir, 'dist', 'nodes', 'Fax', 'Fax.node.js'))) {
		throw new Error('dist/ is missing: run npm run build before the e2e tests');
	}
	// Jest prints nothing of a global setup until it ends; write straight to the terminal.
	const log = (line) => process.stdout.write(`[e2e] ${line}\n`);
	log(`${SWITCH}=${paths.leg.key}: n8n ${paths.leg.n8nVersion} on Node ${paths.leg.nodeMajor} (${SWITCH}=floor or =newest picks the other leg)`);
	const runtime = await ensureN8n({ log });
	log(`n8n ${runtime.leg.n8nVersion} runs on Node ${runtime.node.version} (${runtime.node.binary})`);
};
