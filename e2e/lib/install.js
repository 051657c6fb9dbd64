'use strict';
/**
 * Installing the two halves of the stack:
 *  - n8n itself (and for the newest leg its Node 24) into the leg's folder, e2e/n8n-2.41 or
 *    e2e/n8n-2.8 (once; reused while the lockfile is unchanged; see versions.js);
 *  - this package (or any n8n community package tarball) into an n8n user folder, the way
 *    n8n's community-package installer does it.
 */
const { spawn } = require('node:child_process');
const crypto = require('node:crypto');
const fs = require('node:fs');
const path = require('node:path');

const { buildEnv, ensureNode, nodeFor } = require('./nodeRuntime');
const paths = require('./paths');
const { legPaths } = paths;
const { run } = require('./run');
const { formatDuration } = require('./util');
const { selectedLeg } = require('./versions');

const NPM = process.platform === 'win32' ? 'npm.cmd' : 'npm';

/** Hash of what an installed n8n depends on: its lockfile and the Node ABI it was built for (sqlite3 is native). */
function installFingerprint(lp, node) {
	const hash = crypto.createHash('sha256');
	hash.update(fs.readFileSync(lp.n8nLockfile));
	hash.update(`node-abi:${node.modules}:${process.platform}:${process.arch}`);
	return hash.digest('hex');
}

function lockfilePackageCount(lp) {
	try {
		const lock = JSON.parse(fs.readFileSync(lp.n8nLockfile, 'utf8'));
		return Object.keys(lock.packages ?? {}).filter((key) => key.startsWith('node_modules/')).length;
	} catch {
		return '?';
	}
}

/** Requests npm has made so far (its `npm http fetch GET 200 …` log lines: manifests and tarballs). */
function countFetches(logFile) {
	try {
		return fs
			.readFileSync(logFile, 'utf8')
			.split('\n')
			.filter((line) => line.includes('http fetch GET')).length;
	} catch {
		return 0;
	}
}

/** Whether the leg's n8n is installed for its Node (no install, no download). */
function n8nInstalled(leg = selectedLeg()) {
	const lp = legPaths(leg);
	const node = nodeFor(leg);
	if (!node.binary) return false;
	try {
		return (
			fs.existsSync(lp.n8nEntry) &&
			fs.existsSync(lp.sqliteBinding) &&
			fs.readFileSync(lp.installStamp, 'utf8').trim() === installFingerprint(lp, node)
		);
	} catch {
		return false;
	}
}

/**
 * Makes sure the leg's Node and n8n are installed; returns what runs n8n:
 * `{ leg, node: { binary, version, … }, paths, installed, ms }`.
 *
 * n8n goes into <leg folder>/node_modules unless the same lockfile is already installed there
 * for the same Node ABI. `npm ci --ignore-scripts` (no install script of n8n's dependencies is
 * needed or wanted: some download from outside the npm registry, some phone home), run on the
 * leg's Node; then sqlite3 alone is compiled from source with node-gyp against that Node's
 * headers, since its prebuilt binary would be downloaded from outside the npm registry.
 */
async function ensureN8n({ leg = selectedLeg(), log = console.log } = {}) {
	const lp = legPaths(leg);
	const node = await ensureNode(leg, { log });
	const runtime = { leg, node, paths: lp };
	if (n8nInstalled(leg)) return { ...runtime, installed: false, ms: 0 };
	const started = Date.now();
	fs.mkdirSync(paths.dataDir, { recursive: true });
	const logFile = path.join(paths.dataDir, `n8n-${leg.n8nVersion}-install.log`);
	fs.writeFileSync(logFile, '');
	fs.rmSync(lp.installStamp, { force: true });
	log(`Installing n8n ${leg.n8nVersion} (Node ${node.version}) into ${path.relative(process.cwd(), lp.n8nModules) || lp.n8nModules}`);
	log('  first run only: about 5-10 minutes and 2-3 GB; later runs reuse it. Log: ' + logFile);
	const total = lockfilePackageCount(lp);
	const fetched = () => `, ${countFetches(logFile)} registry requests (${total} packages to install)`;
	const env = buildEnv(node);
	const ciMs = await run(NPM, ['ci', '--no-audit', '--no-fund', '--ignore-scripts', '--loglevel=http'], {
		cwd: lp.n8nDir,
		logFile,
		log,
		heartbeat: fetched,
		env,
	});
	log(`  npm ci done in ${formatDuration(ciMs)}; compiling sqlite3 for Node ${node.version} (about 2 minutes)`);
	const rebuildMs = await run(NPM, ['rebuild', 'sqlite3', '--ignore-scripts=false', '--foreground-scripts'], {
		cwd: lp.n8nDir,
		logFile,
		log,
		heartbeat: () => ', compiling sqlite3',
		env,
	});
	if (!fs.existsSync(lp.sqliteBinding)) {
		throw new Error(`sqlite3 did not build (no ${lp.sqliteBinding}); see ${logFile}`);
	}
	fs.writeFileSync(lp.installStamp, `${installFingerprint(lp, node)}\n`);
	const ms = Date.now() - started;
	log(`n8n ${leg.n8nVersion} installed in ${formatDuration(ms)} (npm ci ${formatDuration(ciMs)}, sqlite3 ${formatDuration(rebuildMs)})`);
	return { ...runtime, installed: true, ms };
}

/**
 * `npm pack` of the repository (dist/ must be built) into `outDir`; returns the tarball path.
 * `packageDir`: another package folder of the repository instead, e.g. an edition under editions/.
 */
async function packPackage(outDir, packageDir = paths.repoDir) {
	fs.mkdirSync(outDir, { recursive: true });
	for (const old of fs.readdirSync(outDir)) if (old.endsWith('.tgz')) fs.rmSync(path.join(outDir, old));
	if (!fs.existsSync(path.join(packageDir, 'dist', 'nodes', 'Fax', 'Fax.node.js'))) {
		throw new Error(`${path.join(packageDir, 'dist')} is missing: build the package first (npm run build)`);
	}
	const logFile = path.join(outDir, 'pack.log');
	await run(NPM, ['pack', '--json', '--pack-destination', outDir], { cwd: packageDir, logFile });
	const tarball = fs.readdirSync(outDir).find((name) => name.endsWith('.tgz'));
	if (!tarball) throw new Error(`npm pack wrote no tarball; see ${logFile}`);
	return path.join(outDir, tarball);
}

/**
 * Installs the tarball into `<userFolder>/.n8n/nodes` as n8n 2.8's CommunityPackagesService does
 * for a package from the registry: unpack into nodes/node_modules/<name>, drop devDependencies,
 * peerDependencies and optionalDependencies from its package.json (so n8n-workflow is never
 * installed beside it: n8n's own copy is used), `npm install` its runtime dependencies inside it
 * with n8n's flags, and record it in nodes/package.json.
 */
async function installPackageIntoUserFolder(userFolder, tarball) {
	const nodesDir = path.join(userFolder, '.n8n', 'nodes');
	const manifest = JSON.parse(
		await readTarballManifest(tarball),
	);
	const packageDir = path.join(nodesDir, 'node_modules', manifest.name);
	fs.rmSync(packageDir, { recursive: true, force: true });
	fs.mkdirSync(packageDir, { recursive: true });
	await run('tar', ['-xzf', tarball, '-C', packageDir, '--strip-components=1']);
	const { devDependencies, peerDependencies, optionalDependencies, ...runtimeManifest } = JSON.parse(
		fs.readFileSync(path.join(packageDir, 'package.json'), 'utf8'),
	);
	void devDependencies;
	void peerDependencies;
	void optionalDependencies;
	fs.writeFileSync(path.join(packageDir, 'package.json'), JSON.stringify(runtimeManifest, null, 2));
	const logFile = path.join(userFolder, 'package-install.log');
	await run(
		NPM,
		[
			'install',
			'--audit=false',
			'--fund=false',
			'--bin-links=false',
			'--install-strategy=shallow',
			'--ignore-scripts=true',
			'--package-lock=false',
			'--loglevel=error',
		],
		{ cwd: packageDir, logFile },
	);
	const nodesManifestPath = path.join(nodesDir, 'package.json');
	const nodesManifest = fs.existsSync(nodesManifestPath)
		? JSON.parse(fs.readFileSync(nodesManifestPath, 'utf8'))
		: { name: 'installed-nodes', private: true, dependencies: {} };
	nodesManifest.dependencies = { ...nodesManifest.dependencies, [manifest.name]: manifest.version };
	fs.writeFileSync(nodesManifestPath, JSON.stringify(nodesManifest, null, 2));
	return { name: manifest.name, version: manifest.version, dir: packageDir };
}

async function readTarballManifest(tarball) {
	return await new Promise((resolve, reject) => {
		const child = spawn('tar', ['-xzOf', tarball, 'package/package.json'], { stdio: ['ignore', 'pipe', 'pipe'] });
		const chunks = [];
		child.stdout.on('data', (chunk) => chunks.push(chunk));
		child.on('error', reject);
		child.on('exit', (code) =>
			code === 0 ? resolve(Buffer.concat(chunks).toString('utf8')) : reject(new Error(`cannot read ${tarball}`)),
		);
	});
}

module.exports = { ensureN8n, n8nInstalled, packPackage, installPackageIntoUserFolder, readTarballManifest, run };
