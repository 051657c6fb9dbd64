'use strict';
/**
 * A throw-away PostgreSQL cluster for the queue-mode run (Debian's postgresql package: the
 * binaries under /usr/lib/postgresql/<version>/bin). Trust authentication on 127.0.0.1 only;
 * the cluster lives in a temporary folder (reachable by the `postgres` user, which the server
 * runs as when this process is root: PostgreSQL refuses to run as root), deleted on stop.
 */
const { spawnSync } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');

const { ManagedProcess } = require('./processes');
const { freePort, waitFor } = require('./util');

/** The newest installed PostgreSQL's bin folder, or undefined. */
function findPostgresBin() {
	const root = '/usr/lib/postgresql';
	if (!fs.existsSync(root)) return undefined;
	const versions = fs
		.readdirSync(root)
		.filter((entry) => fs.existsSync(path.join(root, entry, 'bin', 'postgres')))
		.sort((a, b) => Number(b) - Number(a));
	return versions.length ? path.join(root, versions[0], 'bin') : undefined;
}

const asRoot = () => typeof process.getuid === 'function' && process.getuid() === 0;

/** [command, args] running `binary` as the postgres user when this process is root. */
function asPostgresUser(binary, args) {
	return asRoot() ? ['runuser', ['-u', 'postgres', '--', binary, ...args]] : [binary, args];
}

function run(binary, args) {
	const [command, fullArgs] = asPostgresUser(binary, args);
	const result = spawnSync(command, fullArgs, { encoding: 'utf8' });
	if (result.status !== 0) throw new Error(`${path.basename(binary)} failed: ${(result.stderr || result.stdout).slice(0, 500)}`);
}

/**
 * @returns {Promise<{ process: ManagedProcess, port: number, database: string, user: string, version: string }>}
 */
async function startPostgres({ logFile }) {
	const bin = findPostgresBin();
	if (!bin) throw new Error('PostgreSQL is not installed (apt-get install postgresql)');
	const tempDir = fs.mkdtempSync(path.join(os.tmpdir(), 'n8n-nodes-fax-pg-'));
	const clusterDir = path.join(tempDir, 'data');
	const socketDir = path.join(tempDir, 'socket');
	fs.mkdirSync(clusterDir);
	fs.mkdirSync(socketDir);
	if (asRoot()) spawnSync('chown', ['-R', 'postgres:postgres', tempDir]);
	run(path.join(bin, 'initdb'), ['-D', clusterDir, '-U', 'postgres', '--auth=trust', '-E', 'UTF8', '--no-instructions']);
	const port = await freePort();
	const [command, args] = asPostgresUser(path.join(bin, 'postgres'), [
		'-D', clusterDir,
		'-p', String(port),
		'-k', socketDir,
		'-c', 'listen_addresses=127.0.0.1',
		'-c', 'max_connections=200',
		'-c', 'fsync=off',
	]);
	let ready = false;
	const server = new ManagedProcess('postgres', command, args, {
		logFile,
		onLine: (line) => (ready ||= /ready to accept connections/.test(line)),
	});
	try {
		await waitFor(`PostgreSQL on 127.0.0.1:${port} (log: ${logFile})`, () => {
			if (server.exited) throw Object.assign(new Error(`postgres exited (${server.exitCode})`), { fatal: true });
			return ready;
		}, { timeoutMs: 60000 });
		run(path.join(bin, 'createdb'), ['-h', '127.0.0.1', '-p', String(port), '-U', 'postgres', 'n8n']);
	} catch (error) {
		await server.stop();
		fs.rmSync(tempDir, { recursive: true, force: true });
		throw error;
	}
	// The stack stops processes through their `stop()`: the cluster folder goes with the server.
	const stop = server.stop.bind(server);
	server.stop = async (...args) => {
		try {
			return await stop(...args);
		} finally {
			fs.rmSync(tempDir, { recursive: true, force: true });
		}
	};
	return { process: server, port, database: 'n8n', user: 'postgres', version: path.basename(path.dirname(bin)) };
}

module.exports = { startPostgres, findPostgresBin };
