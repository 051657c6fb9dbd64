import { randomUUID } from 'node:crypto';

import type { IWebhookFunctions } from 'n8n-workflow';

import { settle } from '../Fax/helpers/settle';
import { sharedStateKind, sharedStore } from '../Fax/sharedState';
import { processStore } from '../Fax/sharedState/memoryStore';
import { stateKeysFrom } from '../Fax/sharedState/stateKeys';
import type { SharedStore } from '../Fax/sharedState/types';

/** How long a delivered event is remembered, so a re-send of it is not emitted again. */
export const EVENT_MEMORY_MS = 24 * 3600_000;
/**
 * How long a delivery may take from its claim to handing the event to n8n (the document
 * download included, with its retries): a claim not made permanent by then was left by a
 * process that died, and the next delivery of the event takes it over.
 */
export const EVENT_LEASE_MS = 10 * 60_000;
let leaseMs = EVENT_LEASE_MS;

/** For tests: a short lease, so a claim left by a "crashed" delivery expires within a test. */
export function setEventLeaseMs(ms: number = EVENT_LEASE_MS): void {
	leaseMs = ms;
}

const DONE = 'done';

export type EventClaim =
	/** This delivery handles the event; `complete` before handing it to n8n. */
	| { state: 'first'; complete: () => Promise<boolean> }
	/** Already handed to n8n by an earlier delivery. */
	| { state: 'seen' }
	/** Another delivery is handling it right now (or died doing so less than a lease ago). */
	| { state: 'busy' }
	| { state: 'unavailable'; reason: string };

/**
 * Whether this delivery is the first of its event for this trigger node, decided before the
 * workflow starts, in two phases so a crash between them loses nothing:
 * 1. an atomic set-if-absent takes a lease (expiring after {@link EVENT_LEASE_MS}): of two
 *    processes receiving the event at once exactly one handles it, the other answers "busy"
 *    (not 2xx, so the provider delivers again later);
 * 2. `complete`, just before the event is handed to n8n, makes the claim permanent (a day)
 *    only if this delivery still holds the lease, or the lease expired and nobody else claimed
 *    the event since. If the process died in between, the lease
 *    expires and a later delivery of the event takes it over; a delivery that outlived its
 *    lease (another took over) hands nothing to n8n.
 * No read-modify-write of workflow static data (n8n reloads and writes it back per call, so
 * concurrent deliveries overwrite each other's entries). The key is a keyed hash (secret: the
 * credential's webhook signing secret, never in the store) of workflow, node and event.
 */
export async function claimEvent(
	ctx: IWebhookFunctions,
	eventKey: string,
	signingSecret: string,
): Promise<EventClaim> {
	const node = ctx.getNode();
	const keys = stateKeysFrom(`sendfaxmail-webhook|${signingSecret}`);
	const key = `sfm-event:${keys.hash('event', String(ctx.getWorkflow().id ?? ''), node.id ?? node.name, eventKey)}`;
	// This process handed it to n8n already (fast path, also without Redis).
	if ((await processStore.get(key)) === DONE) return { state: 'seen' };
	const lease = `lease:${randomUUID()}`;
	let store: SharedStore | undefined;
	const claimed = await settle(async () => {
		store = await sharedStore(
			sharedStateKind(ctx.getNodeParameter('sharedState', 'none')),
			async () => await ctx.getCredentials('redis'),
		);
		if (await store.claim(key, leaseMs, lease)) return 'first' as const;
		return (await store.get(key)) === DONE ? ('seen' as const) : ('busy' as const);
	});
	if (!claimed.ok) return { state: 'unavailable', reason: (claimed.error as Error).message };
	if (claimed.value !== 'first') return { state: claimed.value };
	const held = store as SharedStore;
	return {
		state: 'first',
		complete: async () => {
			// The lease expired without another delivery taking the event over (a slow download):
			// still this delivery's to hand over, if no other claims it first.
			const kept =
				(await held.replaceIf(key, lease, DONE, EVENT_MEMORY_MS)) ||
				(await held.claim(key, EVENT_MEMORY_MS, DONE));
			if (kept) await processStore.put(key, DONE, EVENT_MEMORY_MS);
			return kept;
		},
	};
}
