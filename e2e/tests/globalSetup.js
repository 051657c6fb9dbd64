'use strict';
const fs = require('node:fs');
const path = require('node:path');

const paths = require('../lib/paths');
const { ensureN8n } = require('../lib/install');

module.exports = async function globalSetup() {
	if (!fs.existsSync(path.join(paths.repoDir, 'dist', 'nodes', 'Fax', 'Fax.node.js'))) {
		throw new Error('dist/ is missing: run npm run build before the e2e tests');
	}
	// Jest prints nothing of a global setup until it ends; write straight to the terminal.
	const log = (line) => process.stdout.write(`[e2e] ${line}\n`);
	await ensureN8n({ log });
};
