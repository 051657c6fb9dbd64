import type { IWebhookFunctions } from 'n8n-workflow';

import { settle } from '../Fax/helpers/settle';
import { sharedStateKind, sharedStore } from '../Fax/sharedState';
import { processStore } from '../Fax/sharedState/memoryStore';

/** How long a delivered event is remembered, so a re-send of it is not emitted again. */
export const EVENT_MEMORY_MS = 24 * 3600_000;

export type EventClaim = 'first' | 'seen' | { unavailable: string };

/**
 * Whether this delivery is the first of its event for this trigger node, decided before the
 * workflow starts: this process's memory first (fast path), then one atomic set-if-absent in
 * the shared store, so of two processes receiving the event at once exactly one starts it.
 * No read-modify-write of workflow static data (n8n reloads and writes it back per call, so
 * concurrent deliveries overwrite each other's entries).
 */
export async function claimEvent(ctx: IWebhookFunctions, eventKey: string): Promise<EventClaim> {
	const node = ctx.getNode();
	const key = `sfm-event:${ctx.getWorkflow().id ?? ''}:${node.id ?? node.name}:${eventKey}`;
	if ((await processStore.get(key)) !== undefined) return 'seen';
	const claimed = await settle(async () => {
		const store = await sharedStore(
			sharedStateKind(ctx.getNodeParameter('sharedState', 'none')),
			async () => await ctx.getCredentials('redis'),
		);
		return await store.claim(key, EVENT_MEMORY_MS);
	});
	if (!claimed.ok) return { unavailable: (claimed.error as Error).message };
	await processStore.put(key, '1', EVENT_MEMORY_MS);
	return claimed.value ? 'first' : 'seen';
}
