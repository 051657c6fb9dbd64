import { createHash } from 'node:crypto';

import type { IExecuteFunctions } from 'n8n-workflow';

import { KEY_USE_PREFIX } from '../../providers/idempotencyKeyUses';
import type { UnifiedFax } from '../../providers/types';
import { processStore } from '../../sharedState/memoryStore';
import type { SharedStore } from '../../sharedState/types';

/**
 * Identifies one item of one run of this node in one execution. n8n's Retry On Fail runs the
 * node again with the same execution, run and items — and it does so not only after a throw but
 * whenever the first output item has a `json.error` field, which every fax item has (`null` on
 * success). A loop runs the node again in the same execution with a new run index.
 */
export function runItemScope(ctx: IExecuteFunctions, itemIndex: number): string {
	const node = ctx.getNode();
	const runIndex = Number(ctx.getWorkflowDataProxy(itemIndex).$thisRunIndex ?? 0);
	return `${ctx.getWorkflow().id ?? ''}|${ctx.getExecutionId()}|${node.id ?? node.name}|${runIndex}|${itemIndex}`;
}

const TTL_MS = 24 * 3600 * 1000;
const MEMO = 'memo:';
/** Cap of the in-process maps below (first attempts, fax owners). */
const MAX_ENTRIES = 10_000;

function memoKey(scope: string): string {
	return MEMO + createHash('sha256').update(scope).digest('hex').slice(0, 40);
}

/**
 * Faxes already sent for an item — or that may have been sent — so a re-run of the same item
 * reports them instead of sending again (faxrocks and FaxDrop can't de-duplicate a repeated
 * request). Kept in the shared store: n8n retries a node in the process that ran it, and with
 * Redis the memo also survives into another process. One writer per key (the item's run).
 */
export async function recallSend(
	store: SharedStore,
	scope: string,
): Promise<UnifiedFax[] | undefined> {
	// This process first (n8n's Retry On Fail runs here), then the shared store.
	const stored =
		(await processStore.get(memoKey(scope))) ??
		(store === processStore ? undefined : await store.get(memoKey(scope)));
	return stored === undefined ? undefined : (JSON.parse(stored) as UnifiedFax[]);
}

export async function rememberSend(
	store: SharedStore,
	scope: string,
	faxes: UnifiedFax[],
): Promise<void> {
	const value = JSON.stringify(faxes);
	await processStore.put(memoKey(scope), value, TTL_MS);
	if (store !== processStore) await store.put(memoKey(scope), value, TTL_MS);
}

const firstAttempts = new Map<string, number>();

/**
 * When this item's send first began in this process (epoch ms): the same for every Retry On
 * Fail of the item, so a fax the provider replays for the item's own Idempotency-Key, created
 * by an earlier attempt, is not taken for another fax's replay.
 */
export function firstAttemptAt(scope: string): number {
	const now = Date.now();
	const known = firstAttempts.get(scope);
	if (known !== undefined && now - known <= TTL_MS) return known;
	firstAttempts.delete(scope);
	firstAttempts.set(scope, now);
	for (const [key, at] of firstAttempts) {
		if (firstAttempts.size <= MAX_ENTRIES && now - at <= TTL_MS) break;
		firstAttempts.delete(key);
	}
	return now;
}

const faxOwners = new Map<string, { scope: string; content: string; at: number }>();

/**
 * Records `scope` as the item that sent these faxes and returns the IDs another item already
 * reported for another document or number: a provider that returns one of those for this item
 * replayed another fax (an Idempotency-Key reused within this process), whatever the clocks
 * say. The same document to the same number again is the key doing its job (a deliberate
 * repeat), not another fax. `document` identifies the content (e.g. its SHA-256).
 */
export function claimFaxes(
	scope: string,
	faxes: UnifiedFax[],
	provider: string,
	document: string,
): Set<string> {
	const now = Date.now();
	const taken = new Set<string>();
	for (const fax of faxes) {
		if (!fax.id) continue;
		const key = `${provider}|${fax.id}`;
		const content = `${document}|${fax.to ?? ''}`;
		const owner = faxOwners.get(key);
		if (owner && now - owner.at <= TTL_MS && owner.scope !== scope) {
			if (owner.content !== content) taken.add(fax.id);
			continue;
		}
		faxOwners.delete(key);
		faxOwners.set(key, { scope, content, at: now });
	}
	for (const [key, owner] of faxOwners) {
		if (faxOwners.size <= MAX_ENTRIES && now - owner.at <= TTL_MS) break;
		faxOwners.delete(key);
	}
	return taken;
}

/** For tests. */
export function forgetSends(): void {
	processStore.clear(MEMO);
	processStore.clear(KEY_USE_PREFIX);
	firstAttempts.clear();
	faxOwners.clear();
}
