/**
 * A real redis-server for one test file, on a free port of 127.0.0.1, without persistence;
 * stopped in afterAll. The binary comes from the jest global setup (installed when missing).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import net from 'node:net';

export interface RedisServer {
	port: number;
	/** The n8n `redis` credential data for this server. */
	credential: { host: string; port: number; database: number; ssl: boolean; password: string };
	stop(): Promise<void>;
}

async function freePort(): Promise<number> {
	return await new Promise((resolve, reject) => {
		const server = net.createServer();
		server.once('error', reject);
		server.listen(0, '127.0.0.1', () => {
			const { port } = server.address() as net.AddressInfo;
			server.close(() => resolve(port));
		});
	});
}

async function stopChild(child: ChildProcess): Promise<void> {
	if (child.exitCode !== null || child.signalCode !== null) return;
	const exited = new Promise((resolve) => child.once('exit', resolve));
	child.kill('SIGTERM');
	const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
	await exited;
	clearTimeout(timer);
}

export async function startRedisServer(): Promise<RedisServer> {
	const binary = process.env.FAX_TEST_REDIS_SERVER ?? 'redis-server';
	const port = await freePort();
	// eslint-disable-next-line @n8n/community-nodes/no-dangerous-functions -- test tooling, not node code
	const child = spawn(
		binary,
		['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'],
		{ stdio: ['ignore', 'pipe', 'pipe'] },
	);
	let output = '';
	await new Promise<void>((resolve, reject) => {
		const timer = setTimeout(
			() => reject(new Error(`redis-server did not start: ${output}`)),
			10000,
		);
		const onData = (chunk: Buffer) => {
			output += chunk.toString();
			if (/Ready to accept connections/i.test(output)) {
				clearTimeout(timer);
				resolve();
			}
		};
		child.stdout!.on('data', onData);
		child.stderr!.on('data', onData);
		child.once('exit', (code) => {
			clearTimeout(timer);
			reject(new Error(`redis-server exited (${code}): ${output}`));
		});
	});
	return {
		port,
		credential: { host: '127.0.0.1', port, database: 0, ssl: false, password: '' },
		stop: async () => await stopChild(child),
	};
}

/** A port nothing listens on (for "Redis is down"). */
export async function closedPort(): Promise<number> {
	return await freePort();
}
