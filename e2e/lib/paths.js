'use strict';
const path = require('node:path');

const { selectedLeg } = require('./versions');

const repoDir = path.resolve(__dirname, '..', '..');
const e2eDir = path.join(repoDir, 'e2e');

/** Where one leg's n8n is installed (see versions.js). */
function legPaths(leg) {
	const n8nModules = path.join(leg.n8nDir, 'node_modules');
	return {
		leg,
		n8nDir: leg.n8nDir,
		n8nModules,
		/** The n8n CLI entry (a Node script), started with the leg's Node binary. */
		n8nEntry: path.join(n8nModules, 'n8n', 'bin', 'n8n'),
		n8nLockfile: path.join(leg.n8nDir, 'package-lock.json'),
		installStamp: path.join(n8nModules, '.n8n-nodes-fax-e2e-install'),
		sqliteBinding: path.join(n8nModules, 'sqlite3', 'build', 'Release', 'node_sqlite3.node'),
	};
}

module.exports = {
	repoDir,
	e2eDir,
	legPaths,
	// The leg this run uses (N8N_E2E; default newest): n8nDir, n8nModules, n8nEntry, …
	...legPaths(selectedLeg()),
	simulatorCli: path.join(repoDir, 'dist', 'simulator', 'cli.js'),
	examplesDir: path.join(repoDir, 'examples'),
	assetsDir: path.join(repoDir, 'examples', 'assets'),
	docsDir: path.join(repoDir, 'docs'),
	/** Runtime data (git-ignored): user folders, logs, the packed tarball. */
	dataDir: path.join(e2eDir, '.data'),
};
