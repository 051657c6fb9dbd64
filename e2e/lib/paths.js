'use strict';
const path = require('node:path');

const repoDir = path.resolve(__dirname, '..', '..');
const e2eDir = path.join(repoDir, 'e2e');
const n8nDir = path.join(e2eDir, 'n8n');

module.exports = {
	repoDir,
	e2eDir,
	n8nDir,
	n8nModules: path.join(n8nDir, 'node_modules'),
	/** The n8n CLI entry (a Node script), started with this Node binary. */
	n8nEntry: path.join(n8nDir, 'node_modules', 'n8n', 'bin', 'n8n'),
	n8nLockfile: path.join(n8nDir, 'package-lock.json'),
	installStamp: path.join(n8nDir, 'node_modules', '.n8n-nodes-fax-e2e-install'),
	sqliteBinding: path.join(n8nDir, 'node_modules', 'sqlite3', 'build', 'Release', 'node_sqlite3.node'),
	simulatorCli: path.join(repoDir, 'dist', 'simulator', 'cli.js'),
	examplesDir: path.join(repoDir, 'examples'),
	assetsDir: path.join(repoDir, 'examples', 'assets'),
	docsDir: path.join(repoDir, 'docs'),
	/** Runtime data (git-ignored): user folders, logs, the packed tarball. */
	dataDir: path.join(e2eDir, '.data'),
};
