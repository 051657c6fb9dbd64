import type { ListNewestPage, ListOrder } from '../Fax/providers/types';
import { pageTotal, rankEntries } from './listRanks';
import { toPending, trimPending, type PendingFax } from './pending';

/**
 * What the Fax Trigger remembers between polls (workflow static data), and that memory at the
 * first poll. The pure logic of a later poll: readPlan.ts (what to read after the newest page)
 * and applyPoll.ts (the reads → the next state and the faxes to emit).
 *
 * Faxes are addressed by their place in the provider's list. `rank` counts from the oldest fax
 * (rank 1) up, so it stays the same as new faxes arrive on top: a fax at position `p` (0 = the
 * newest) of a list of `total` faxes has rank `total - p`. Ranks only aim the reads; a fax is
 * always recognised by its id (or, if it was deleted, by its creation time), so a rank that went
 * stale (deleted faxes, a provider without totals) costs a poll or two of searching, never an
 * event.
 *
 * The state is small and bounded: a cursor (the newest fax handled: it and everything below it
 * were emitted, skipped or history) and the faxes seen before they were final.
 */
export const STATE_VERSION = 2;

export interface Mark {
	id: string;
	/** Creation time, ISO 8601 UTC (the list's sort key). */
	at: string;
	rank: number;
	/** The last read aimed at it found only newer faxes: search on down the list. */
	down?: boolean;
}

/** Stands below the oldest fax: every fax is newer. */
export const BOTTOM: Mark = { id: '', at: '', rank: 0 };

export interface TriggerState {
	version?: number;
	provider?: string;
	/** Id of the credential the state belongs to (another account starts over). */
	credential?: string;
	order?: ListOrder;
	/** The list's total at the last poll, as the provider said (aims the next read of an oldest-first list). */
	total?: number;
	/** The rank of the newest fax at the last poll: the total, or an estimate without one. */
	top?: number;
	/** The newest fax at the last poll: counts the faxes added since when the provider gives no total. */
	head?: string;
	/** The newest fax handled ({@link BOTTOM} when the list was empty at activation). */
	cursor?: Mark;
	/** Faxes seen before they were final, by id. */
	pending?: Record<string, PendingFax>;
	/** Pending faxes outside the newest page are looked up in turn, oldest first: above this rank next. */
	lookupAbove?: number;
}

export function isCurrent(
	state: TriggerState,
	provider: string,
	credential: string | undefined,
): boolean {
	return (
		state.version === STATE_VERSION &&
		state.provider === provider &&
		(state.credential ?? '') === (credential ?? '') &&
		state.cursor !== undefined
	);
}

/** First poll: everything listed now is history, except faxes not final yet. */
export function baseline(
	provider: string,
	credential: string | undefined,
	page: ListNewestPage,
): TriggerState {
	const total = pageTotal(page, undefined, undefined);
	const ranked = rankEntries(page, total);
	const pending: Record<string, PendingFax> = {};
	for (const item of ranked) {
		if (!item.entry.inbound && !item.entry.fax.isFinal) pending[item.id] = toPending(item);
	}
	const top = ranked[0];
	return {
		version: STATE_VERSION,
		provider,
		...(credential ? { credential } : {}),
		order: page.order,
		...(page.total !== undefined ? { total: page.total } : {}),
		top: total,
		...(page.offset === 0 && top ? { head: top.id } : {}),
		cursor: top ? { id: top.id, at: top.entry.createdAt, rank: top.rank } : { ...BOTTOM },
		pending: trimPending(pending, top?.entry.createdAt ?? '', []),
	};
}
