'use strict';
/**
 * Finds redis-server, installing it when missing (Debian/Ubuntu: apt-get, as root or with
 * password-less sudo), the way `npm start` installs n8n on first use. Used by the jest global
 * setup (the shared-state tests run against a real Redis) and by `npm run test:queue`.
 */
const { execFileSync, spawnSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');

const CANDIDATES = ['/usr/bin', '/usr/sbin', '/usr/local/bin', '/opt/homebrew/bin'];

function findRedisServer() {
	const dirs = [...(process.env.PATH ?? '').split(path.delimiter), ...CANDIDATES];
	for (const dir of dirs) {
		const file = path.join(dir, 'redis-server');
		if (dir && fs.existsSync(file)) return file;
	}
	return undefined;
}

function aptGet(args) {
	const asRoot = typeof process.getuid === 'function' && process.getuid() === 0;
	const [command, prefix] = asRoot ? ['apt-get', []] : ['sudo', ['-n', 'apt-get']];
	const result = spawnSync(command, [...prefix, ...args], {
		stdio: ['ignore', 'pipe', 'pipe'],
		env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
		timeout: 10 * 60_000,
	});
	return result.status === 0;
}

function ensureRedisServer(log = (line) => process.stderr.write(`${line}\n`)) {
	const found = findRedisServer();
	if (found) return found;
	if (process.platform !== 'linux' || !fs.existsSync('/usr/bin/apt-get')) {
		throw new Error('redis-server is not installed; install Redis (e.g. `apt-get install redis-server` or `brew install redis`) and run again');
	}
	log('redis-server not found: installing it with apt-get (once) …');
	if (!aptGet(['install', '-y', '--no-install-recommends', 'redis-server'])) {
		aptGet(['update']);
		if (!aptGet(['install', '-y', '--no-install-recommends', 'redis-server'])) {
			throw new Error('Could not install redis-server with apt-get (needs root or password-less sudo); install it and run again');
		}
	}
	// Debian starts a system service on install; the tests start their own servers instead.
	spawnSync('service', ['redis-server', 'stop'], { stdio: 'ignore' });
	const installed = findRedisServer();
	if (!installed) throw new Error('redis-server was installed but is not on the PATH');
	try {
		log(`installed ${execFileSync(installed, ['--version']).toString().trim()}`);
	} catch {
		// the version line is only informative
	}
	return installed;
}

module.exports = { ensureRedisServer, findRedisServer };

if (require.main === module) process.stdout.write(`${ensureRedisServer()}\n`);
