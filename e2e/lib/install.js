'use strict';
/**
 * Installing the two halves of the stack:
 *  - n8n itself into e2e/n8n/node_modules (once; reused while the lockfile is unchanged);
 *  - this package into an n8n user folder, from its `npm pack` tarball, the way n8n 2.8's
 *    community-package installer does it.
 */
const { spawn } = require('node:child_process');
const crypto = require('node:crypto');
const fs = require('node:fs');
const path = require('node:path');

const paths = require('./paths');
const { formatDuration } = require('./util');

const NPM = process.platform === 'win32' ? 'npm.cmd' : 'npm';

/**
 * Runs a command; its output goes to `logFile` (or is inherited), and while it runs
 * `heartbeat()` is printed every `everyMs` so a long install shows progress.
 */
async function run(command, args, { cwd, logFile, log, heartbeat, everyMs = 15000, env } = {}) {
	const started = Date.now();
	const out = logFile ? fs.openSync(logFile, 'a') : 'inherit';
	const child = spawn(command, args, { cwd, env: env ?? process.env, stdio: ['ignore', out, out] });
	const timer =
		heartbeat && log ? setInterval(() => log(`  … ${formatDuration(Date.now() - started)}${heartbeat()}`), everyMs) : undefined;
	try {
		const code = await new Promise((resolve, reject) => {
			child.on('error', reject);
			child.on('exit', (exitCode, signal) => resolve(signal ? `signal ${signal}` : exitCode));
		});
		if (code !== 0) {
			const where = logFile ? `; see ${logFile}` : '';
			throw new Error(`${command} ${args.join(' ')} failed (${code})${where}`);
		}
	} finally {
		if (timer) clearInterval(timer);
		if (typeof out === 'number') fs.closeSync(out);
	}
	return Date.now() - started;
}

/** Hash of what the installed n8n depends on: the lockfile and the Node ABI (sqlite3 is native). */
function installFingerprint() {
	const hash = crypto.createHash('sha256');
	hash.update(fs.readFileSync(paths.n8nLockfile));
	hash.update(`node-abi:${process.versions.modules}:${process.platform}:${process.arch}`);
	return hash.digest('hex');
}

function n8nInstalled() {
	try {
		return (
			fs.existsSync(paths.n8nEntry) &&
			fs.existsSync(paths.sqliteBinding) &&
			fs.readFileSync(paths.installStamp, 'utf8').trim() === installFingerprint()
		);
	} catch {
		return false;
	}
}

function lockfilePackageCount() {
	try {
		const lock = JSON.parse(fs.readFileSync(paths.n8nLockfile, 'utf8'));
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

/**
 * Installs n8n into e2e/n8n/node_modules unless the same lockfile is already installed there.
 * `npm ci --ignore-scripts` (no install script of n8n's dependencies is needed or wanted: some
 * phone home, some need a newer Node), then sqlite3 is compiled from source with node-gyp, since
 * its prebuilt binary would be downloaded from outside the npm registry.
 */
async function ensureN8n({ log = console.log } = {}) {
	if (n8nInstalled()) return { installed: false, ms: 0 };
	const started = Date.now();
	fs.mkdirSync(paths.dataDir, { recursive: true });
	const logFile = path.join(paths.dataDir, 'n8n-install.log');
	fs.writeFileSync(logFile, '');
	fs.rmSync(paths.installStamp, { force: true });
	log(`Installing n8n into ${path.relative(process.cwd(), paths.n8nModules) || paths.n8nModules}`);
	log('  first run only: about 5-8 minutes and 2.3 GB; later runs reuse it. Log: ' + logFile);
	const total = lockfilePackageCount();
	const fetched = () => `, ${countFetches(logFile)} registry requests (${total} packages to install)`;
	const ciMs = await run(NPM, ['ci', '--no-audit', '--no-fund', '--ignore-scripts', '--loglevel=http'], {
		cwd: paths.n8nDir,
		logFile,
		log,
		heartbeat: fetched,
	});
	log(`  npm ci done in ${formatDuration(ciMs)}; compiling sqlite3 (about 2 minutes)`);
	const rebuildMs = await run(NPM, ['rebuild', 'sqlite3', '--ignore-scripts=false', '--foreground-scripts'], {
		cwd: paths.n8nDir,
		logFile,
		log,
		heartbeat: () => ', compiling sqlite3',
	});
	if (!fs.existsSync(paths.sqliteBinding)) {
		throw new Error(`sqlite3 did not build (no ${paths.sqliteBinding}); see ${logFile}`);
	}
	fs.writeFileSync(paths.installStamp, `${installFingerprint()}\n`);
	const ms = Date.now() - started;
	log(`n8n installed in ${formatDuration(ms)} (npm ci ${formatDuration(ciMs)}, sqlite3 ${formatDuration(rebuildMs)})`);
	return { installed: true, ms };
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
