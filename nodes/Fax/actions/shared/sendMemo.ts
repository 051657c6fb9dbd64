import { createHash } from 'node:crypto';

import type { IExecuteFunctions } from 'n8n-workflow';

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

/** For tests. */
export function forgetSends(): void {
	processStore.clear(MEMO);
}
