import type { IDataObject, INodeProperties } from 'n8n-workflow';

import { settle } from '../helpers/settle';
import { SharedStateError } from './errors';
import { processStore } from './memoryStore';
import type { SharedStateKind, SharedStore } from './types';

export { SharedStateError } from './errors';
export type { SharedStateKind, SharedStore } from './types';

/** The top-level "Shared State" parameter of the Fax node and both triggers. */
export const sharedStateProperty: INodeProperties = {
	displayName: 'Shared State',
	name: 'sharedState',
	type: 'options',
	noDataExpression: true,
	options: [
		// The labels the public contract gives (n8n is spelled in lower case, not "N8n").
		{
			// eslint-disable-next-line n8n-nodes-base/node-param-display-name-miscased
			name: 'This n8n process only',
			value: 'none',
			description: 'For a single n8n process (the usual setup)',
		},
		{
			// eslint-disable-next-line n8n-nodes-base/node-param-display-name-miscased
			name: 'Redis (n8n queue mode)',
			value: 'redis',
			description:
				'For n8n queue mode (main, workers, webhook processes): point it at the Redis n8n already uses',
		},
	],
	default: 'none',
	description:
		'Where the node keeps what several n8n processes must agree on: events already run, fax IDs already taken, rate-limit windows. In queue mode choose Redis, or two processes may run one event twice.',
};

export function sharedStateKind(value: unknown): SharedStateKind {
	return value === 'redis' ? 'redis' : 'none';
}

/**
 * The store for a node run: the process-wide memory, or the Redis of the node's `redis`
 * credential (one client per credential per process). Fails with {@link SharedStateError}
 * when Redis can't be reached: never a silent fallback to per-process memory.
 */
export async function sharedStore(
	kind: SharedStateKind,
	readCredential: () => Promise<IDataObject>,
): Promise<SharedStore> {
	if (kind === 'none') return processStore;
	const credential = await settle(readCredential);
	if (!credential.ok) throw new SharedStateError('Redis', 'no Redis credential selected');
	const data = credential.value;
	// Loaded on first use only, so a workflow without Redis never loads the client.
	const { readRedisCredential, redisStore } = await import('./redisStore');
	return await redisStore(readRedisCredential(data));
}

/** For tests: forget this process's memory, as if another n8n process ran next. */
export function forgetProcessState(): void {
	processStore.clear();
}

export async function closeSharedStores(): Promise<void> {
	const { closeRedisStores } = await import('./redisStore');
	await closeRedisStores();
}
