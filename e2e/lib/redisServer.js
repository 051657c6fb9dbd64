'use strict';
/** A redis-server child process (installed with apt-get when missing), without persistence. */
const { ensureRedisServer } = require('../../scripts/redis/ensure-redis-server');
const { ManagedProcess } = require('./processes');
const { freePort, waitFor } = require('./util');

/**
 * @returns {Promise<{ process: ManagedProcess, port: number,
 *   credential: { host: string, port: number, database: number, ssl: boolean, password: string } }>}
 */
async function startRedis({ logFile, log = () => {} }) {
	const binary = ensureRedisServer(log);
	const port = await freePort();
	let ready = false;
	const redis = new ManagedProcess(
		'redis',
		binary,
		['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'],
		{ logFile, onLine: (line) => (ready ||= /ready to accept connections/i.test(line)) },
	);
	try {
		await waitFor(`redis-server on 127.0.0.1:${port} (log: ${logFile})`, () => {
			if (redis.exited) throw Object.assign(new Error(`redis-server exited (${redis.exitCode})`), { fatal: true });
			return ready;
		});
	} catch (error) {
		await redis.stop();
		throw error;
	}
	return { process: redis, port, credential: { host: '127.0.0.1', port, database: 0, ssl: false, password: '' } };
}

module.exports = { startRedis };
