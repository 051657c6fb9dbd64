'use strict';
/**
 * n8n in queue mode, as users who outgrow one process run it: Redis and PostgreSQL (SQLite when
 * PostgreSQL is not installed), `n8n start` (main: editor, triggers, polling, webhooks),
 * two `n8n worker`s that run the executions and one `n8n webhook` process, all with one
 * encryption key and one user folder holding this package (installed from its tarball), and
 * the fax simulator at real clock speed. `stop()` ends every process it started.
 */
const fs = require('node:fs');
const path = require('node:path');

const { ensureN8n, packPackage, installPackageIntoUserFolder } = require('./install');
const { startN8nProcess, N8nClient, DEMO_OWNER } = require('./n8n');
const { startPostgres, findPostgresBin } = require('./postgres');
const { newStack } = require('./processes');
const { startRedis } = require('./redisServer');
const { startSimulator } = require('./simulator');
const { makeDemoPdf } = require('./samplePdf');
const { freePort } = require('./util');
const { simulatorCredentials } = require('./workflows');
const { DEMO_WEBHOOK_SECRET } = require('./stack');

/** Ports that were free a moment ago, all different. */
async function distinctFreePorts(count) {
	const ports = new Set();
	while (ports.size < count) ports.add(await freePort());
	return [...ports];
}

function databaseEnv(db) {
	if (!db) return { DB_TYPE: 'sqlite', DB_SQLITE_POOL_SIZE: '4' };
	return {
		DB_TYPE: 'postgresdb',
		DB_POSTGRESDB_HOST: '127.0.0.1',
		DB_POSTGRESDB_PORT: String(db.port),
		DB_POSTGRESDB_DATABASE: db.database,
		DB_POSTGRESDB_USER: db.user,
		DB_POSTGRESDB_PASSWORD: '',
	};
}

/**
 * @param {object} options
 * @param {string} options.dataDir
 * @param {number} [options.workers]        number of `n8n worker` processes (default 2)
 * @param {number} [options.concurrency]    executions per worker (n8n's default 10)
 * @param {(line: string) => void} [options.log]
 * @param {(name: string, line: string) => void} [options.onN8nLine]  every line of every n8n process
 */
async function startQueueStack({ dataDir, workers = 2, concurrency = 10, log = () => {}, onN8nLine = () => {} }) {
	const stack = newStack(dataDir, { workers: [], log });
	const { userFolder, filesDir } = stack;
	try {
		fs.mkdirSync(filesDir, { recursive: true });
		fs.writeFileSync(path.join(filesDir, 'fax-demo.pdf'), await makeDemoPdf());

		const runtime = await ensureN8n({ log });
		stack.runtime = runtime;
		log('Packing n8n-nodes-fax (npm pack)');
		stack.tarball = await packPackage(path.join(dataDir, 'pack'));
		stack.installedPackage = await installPackageIntoUserFolder(userFolder, stack.tarball);

		const [simPort, mainPort, webhookPort, ...rest] = await distinctFreePorts(3 + 2 * (workers + 2));
		log(`Starting the fax simulator on 127.0.0.1:${simPort} (real clock speed)`);
		stack.sim = await startSimulator({ port: simPort, speed: 1, logFile: path.join(dataDir, 'simulator.log') });
		stack.processes.push(stack.sim.process);

		stack.redis = await startRedis({ logFile: path.join(dataDir, 'redis.log'), log });
		stack.processes.push(stack.redis.process);
		log(`Redis on 127.0.0.1:${stack.redis.port}`);

		if (findPostgresBin()) {
			stack.db = await startPostgres({ logFile: path.join(dataDir, 'postgres.log') });
			stack.processes.push(stack.db.process);
			log(`PostgreSQL ${stack.db.version} on 127.0.0.1:${stack.db.port}`);
		} else {
			log('PostgreSQL is not installed: the n8n processes share one SQLite file (n8n warns about it)');
		}
		stack.database = stack.db ? `PostgreSQL ${stack.db.version}` : 'SQLite';

		const queueEnv = {
			EXECUTIONS_MODE: 'queue',
			QUEUE_BULL_REDIS_HOST: '127.0.0.1',
			QUEUE_BULL_REDIS_PORT: String(stack.redis.port),
			QUEUE_HEALTH_CHECK_ACTIVE: 'true',
			...databaseEnv(stack.db),
		};
		const common = { userFolder, filesDir, timezone: 'UTC', runtime };
		const brokerPorts = rest.splice(0, workers + 2);
		const lineTo = (name) => (line) => onN8nLine(name, line);

		log(`Starting n8n ${runtime.leg.n8nVersion} (Node ${runtime.node.version}) main on http://127.0.0.1:${mainPort} (queue mode, ${stack.database})`);
		stack.main = await startN8nProcess({
			...common,
			name: 'main',
			command: 'start',
			port: mainPort,
			brokerPort: brokerPorts[0],
			extraEnv: queueEnv,
			readyPaths: ['/healthz/readiness', '/rest/settings'],
			logFile: path.join(dataDir, 'n8n-main.log'),
			onLine: lineTo('main'),
		});
		stack.processes.push(stack.main.process);

		// After main: it has run the database migrations the others expect.
		for (let index = 0; index < workers; index += 1) {
			const name = `worker-${index + 1}`;
			const port = rest[index];
			log(`Starting n8n ${name} (concurrency ${concurrency}, health on ${port})`);
			const worker = await startN8nProcess({
				...common,
				name,
				command: 'worker',
				args: [`--concurrency=${concurrency}`],
				port,
				brokerPort: brokerPorts[1 + index],
				extraEnv: { ...queueEnv, QUEUE_HEALTH_CHECK_PORT: String(port), N8N_WORKER_SERVER_ADDRESS: '127.0.0.1' },
				logFile: path.join(dataDir, `n8n-${name}.log`),
				onLine: lineTo(name),
			});
			stack.processes.push(worker.process);
			stack.workers.push({ name, ...worker });
		}

		log(`Starting n8n webhook process on http://127.0.0.1:${webhookPort}`);
		stack.webhook = await startN8nProcess({
			...common,
			name: 'webhook',
			command: 'webhook',
			port: webhookPort,
			brokerPort: brokerPorts[workers + 1],
			extraEnv: queueEnv,
			readyPaths: ['/healthz'],
			logFile: path.join(dataDir, 'n8n-webhook.log'),
			onLine: lineTo('webhook'),
		});
		stack.processes.push(stack.webhook.process);

		const client = new N8nClient(stack.main.url);
		await client.ensureOwner(DEMO_OWNER);
		stack.client = client;
		stack.credentials = {};
		const specs = {
			...simulatorCredentials(stack.sim, { webhookSecret: DEMO_WEBHOOK_SECRET }),
			redis: { name: 'Redis (queue mode)', type: 'redis', data: stack.redis.credential },
		};
		for (const [type, spec] of Object.entries(specs)) stack.credentials[type] = await client.upsertCredential(spec);
		return stack;
	} catch (error) {
		await stack.stop();
		throw error;
	}
}

module.exports = { startQueueStack, DEMO_WEBHOOK_SECRET };
