import type { createClient as CreateClient } from '@redis/client';

import { SharedStateError } from './errors';

export type CreateRedisClient = typeof CreateClient;

/**
 * The Redis client is not bundled with this package: n8n Cloud's rules refuse a client that
 * opens sockets itself, and Cloud users never point a node at a Redis (n8n manages its own).
 * Shared State = Redis is for self-hosted n8n in queue mode, where n8n's own installation
 * already ships `redis` (node-redis 4, a dependency of n8n-nodes-base for its Redis node):
 * that copy is loaded on first use, never at import, so the nodes load without it.
 *
 * Where it is found: n8n sets NODE_PATH to its own node_modules folders before it loads
 * community packages, so a hoisted `redis` resolves by name; a nested install keeps it under
 * n8n-nodes-base, resolved from there. `@redis/client` (the same client, which `redis` wraps)
 * is the last resort, e.g. this repository's tests.
 */
const CANDIDATES: Array<() => string> = [
	() => 'redis',
	() =>
		require.resolve('redis', {
			paths: [require.resolve('n8n-nodes-base/package.json').replace(/[\\/]package\.json$/, '')],
		}),
	() => '@redis/client',
];

let loaded: CreateRedisClient | undefined;

function load(specifier: string): CreateRedisClient | undefined {
	// A module name chosen at run time, so the build's vendor step leaves it to n8n.
	// eslint-disable-next-line @typescript-eslint/no-require-imports
	const candidate = require(specifier) as { createClient?: unknown };
	return typeof candidate.createClient === 'function'
		? (candidate.createClient as CreateRedisClient)
		: undefined;
}

/** node-redis' `createClient` from n8n's installation; a clear error if n8n has none. */
export function redisCreateClient(label: string): CreateRedisClient {
	if (loaded) return loaded;
	for (const candidate of CANDIDATES) {
		try {
			loaded = load(candidate());
		} catch {
			loaded = undefined;
		}
		if (loaded) return loaded;
	}
	throw new SharedStateError(
		label,
		"n8n's Redis client (the `redis` package n8n ships for its Redis node) could not be loaded; Shared State = Redis needs self-hosted n8n 1.x or 2.x with its standard installation",
	);
}
