/**
 * The built package's shared-state and send-memo modules as the node uses them: jest gives
 * each test file its own module registry, and the harness loads the package into it, so
 * requiring them from a file the test imports reaches the same instances.
 */
import path from 'node:path';

import { startRedisServer, type RedisServer } from './redisServer';

const PACKAGE_DIR = path.resolve(__dirname, '../..');

/* eslint-disable @typescript-eslint/no-require-imports */
export const nodeSharedState = require(path.join(PACKAGE_DIR, 'dist/nodes/Fax/sharedState')) as {
	/** Forget this process's memory, as if another n8n process ran next. */
	forgetProcessState: () => void;
	closeSharedStores: () => Promise<void>;
};

export const nodeSendMemo = require(
	path.join(PACKAGE_DIR, 'dist/nodes/Fax/actions/send/5-memo'),
) as {
	/** Forget the send memos, key uses and first attempts of this process. */
	forgetSends: () => void;
};
/* eslint-enable @typescript-eslint/no-require-imports */

/**
 * A redis-server for the Fax node tests of one file: started before them; after them the
 * node's Redis connections are closed, then the server stopped.
 */
export function useRedisServer(): Pick<RedisServer, 'port' | 'credential'> {
	let server: RedisServer | undefined;
	beforeAll(async () => {
		server = await startRedisServer();
	});
	afterAll(async () => {
		await nodeSharedState.closeSharedStores();
		await server?.stop();
	});
	const started = (): RedisServer => {
		if (!server) throw new Error('redis-server is started in beforeAll');
		return server;
	};
	return {
		get port() {
			return started().port;
		},
		get credential() {
			return started().credential;
		},
	};
}

/* eslint-disable @typescript-eslint/no-require-imports */
export const nodeEventOnce = require(
	path.join(PACKAGE_DIR, 'dist/nodes/SendFaxMailTrigger/eventOnce'),
) as {
	/** The SendFAXMail Trigger's claim lease (default without an argument). */
	setEventLeaseMs: (ms?: number) => void;
};
/* eslint-enable @typescript-eslint/no-require-imports */
