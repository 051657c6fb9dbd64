import type { ListNewestEntry, ListNewestPage } from '../Fax/providers/types';
import type { Mark, TriggerState } from './pollState';

/**
 * Where faxes stand in the provider's list: ranks counted from the oldest fax (see
 * pollState.ts), where a remembered fax lies relative to a page, and a page's total when the
 * provider gives none.
 */

type Location =
	| { kind: 'found'; index: number }
	/** The page covers where the fax would be, but it isn't there: it was deleted. */
	| { kind: 'spanned' }
	/** The fax is further down the list than this page. */
	| { kind: 'below' }
	/** The fax is further up the list than this page. */
	| { kind: 'above' };

export interface Ranked {
	entry: ListNewestEntry;
	id: string;
	rank: number;
}

/** Where `mark` is relative to `page` (faxes are listed by creation time). */
export function locate(page: ListNewestPage, mark: Mark): Location {
	const index = mark.id ? page.entries.findIndex((entry) => entry.fax.id === mark.id) : -1;
	if (index >= 0) return { kind: 'found', index };
	if (!page.entries.length) return page.offset === 0 ? { kind: 'spanned' } : { kind: 'above' };
	const hasOlder = page.entries.some((entry) => entry.createdAt < mark.at);
	const hasNewer = page.entries.some((entry) => entry.createdAt >= mark.at);
	if (hasOlder) return hasNewer || page.offset === 0 ? { kind: 'spanned' } : { kind: 'above' };
	return page.hasMore ? { kind: 'below' } : { kind: 'spanned' };
}

/**
 * The rank of position 0 for a page: the provider's total, else anchored on a fax the state
 * knows, else `fallback` (another read of the same poll), else the last poll's plus a full
 * page. Without totals an estimate can only be too low, which sends searches deeper: the
 * direction faxes drift in as new ones arrive.
 */
export function pageTotal(
	page: ListNewestPage,
	state: TriggerState | undefined,
	fallback: number | undefined,
): number {
	if (page.total !== undefined) return page.total;
	const marks: Array<[string, number]> = [];
	if (state?.head && state.top !== undefined) marks.push([state.head, state.top]);
	if (state?.cursor?.id) marks.push([state.cursor.id, state.cursor.rank]);
	for (const [id, fax] of Object.entries(state?.pending ?? {})) marks.push([id, fax.rank]);
	for (const [id, rank] of marks) {
		const index = page.entries.findIndex((entry) => entry.fax.id === id);
		if (index >= 0) return rank + page.offset + index;
	}
	if (fallback !== undefined) return fallback;
	return (state?.top ?? state?.cursor?.rank ?? 0) + page.offset + page.entries.length;
}

export function rankEntries(page: ListNewestPage, total: number): Ranked[] {
	return page.entries
		.filter((entry) => entry.fax.id)
		.map((entry) => ({
			entry,
			id: entry.fax.id as string,
			rank: total - (page.offset + page.entries.indexOf(entry)),
		}));
}
