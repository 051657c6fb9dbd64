import type { UnifiedFax } from '../../providers/types';

/**
 * Faxes this n8n process already sent (or may have sent) per attempt key. n8n's Retry On Fail
 * re-runs the node for every item, so without this a later item's failure would send the
 * earlier items' faxes again on providers that have no Idempotency-Key.
 * Holds only the fax items (no document), for a few hours, a bounded number of entries.
 */
const TTL_MS = 6 * 3600 * 1000;
const MAX_ENTRIES = 5000;
const memory = new Map<string, { at: number; faxes: UnifiedFax[] }>();

export function recall(key: string, nowMs = Date.now()): UnifiedFax[] | undefined {
	const entry = memory.get(key);
	if (!entry) return undefined;
	if (nowMs - entry.at > TTL_MS) {
		memory.delete(key);
		return undefined;
	}
	return entry.faxes;
}

export function remember(key: string, faxes: UnifiedFax[], nowMs = Date.now()): void {
	memory.delete(key);
	memory.set(key, { at: nowMs, faxes });
	while (memory.size > MAX_ENTRIES) {
		const oldest = memory.keys().next().value;
		if (oldest === undefined) break;
		memory.delete(oldest);
	}
}
