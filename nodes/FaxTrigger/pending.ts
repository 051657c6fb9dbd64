import type { Ranked } from './listRanks';

/**
 * Faxes the Fax Trigger saw before they were final: kept (bounded in number and age) until
 * they end, then emitted once.
 */

/** A fax still not final this long after it was created (or scheduled for) is given up on. */
export const MAX_PENDING_AGE_MS = 7 * 24 * 3600 * 1000;
export const MAX_PENDING = 500;

export interface PendingFax {
	at: string;
	rank: number;
	/** Given up on when the newest fax of the list is newer than this. */
	until: string;
	/** The last read aimed at it found only newer faxes: search on down the list. */
	down?: boolean;
}

export function untilFor(item: Ranked): string {
	const scheduled = item.entry.fax.scheduledAt ?? '';
	const start = Date.parse(scheduled > item.entry.createdAt ? scheduled : item.entry.createdAt);
	return Number.isFinite(start) ? new Date(start + MAX_PENDING_AGE_MS).toISOString() : '';
}

export function toPending(item: Ranked): PendingFax {
	return { at: item.entry.createdAt, rank: item.rank, until: untilFor(item) };
}

export function trimPending(
	pending: Record<string, PendingFax>,
	newest: string,
	warnings: string[],
): Record<string, PendingFax> {
	const kept = Object.entries(pending).filter(([id, fax]) => {
		if (!fax.until || !newest || newest <= fax.until) return true;
		warnings.push(`fax ${id} is still not final a week after it was due; it will not trigger`);
		return false;
	});
	kept.sort(([, a], [, b]) => b.rank - a.rank);
	for (const [id] of kept.slice(MAX_PENDING)) {
		warnings.push(`more than ${MAX_PENDING} faxes are in flight; fax ${id} will not trigger`);
	}
	return Object.fromEntries(kept.slice(0, MAX_PENDING));
}
