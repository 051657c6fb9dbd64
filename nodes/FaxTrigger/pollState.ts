import type {
	FaxStatus,
	ListNewestEntry,
	ListNewestPage,
	ListOrder,
	UnifiedFax,
} from '../Fax/providers/types';

/**
 * What the Fax Trigger remembers between polls (workflow static data), and the pure logic that
 * turns one poll's list reads into the faxes to emit.
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

/** A fax still not final this long after it was created (or scheduled for) is given up on. */
export const MAX_PENDING_AGE_MS = 7 * 24 * 3600 * 1000;
export const MAX_PENDING = 500;

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

export interface PendingFax {
	at: string;
	rank: number;
	/** Given up on when the newest fax of the list is newer than this. */
	until: string;
	/** The last read aimed at it found only newer faxes: search on down the list. */
	down?: boolean;
}

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

/** What the second read of a poll is for. */
export interface ReadPlan {
	purpose: 'catchUp' | 'lookup';
	position: number;
	pageSize: number;
	extend: 'newer' | 'older';
	/** The pending fax looked up. */
	targetId?: string;
}

export interface PollOutcome {
	state: TriggerState;
	/** Faxes to emit, oldest first. */
	emit: UnifiedFax[];
	/** Things the user should know (logged, never containing fax numbers). */
	warnings: string[];
}

type Location =
	| { kind: 'found'; index: number }
	/** The page covers where the fax would be, but it isn't there: it was deleted. */
	| { kind: 'spanned' }
	/** The fax is further down the list than this page. */
	| { kind: 'below' }
	/** The fax is further up the list than this page. */
	| { kind: 'above' };

interface Ranked {
	entry: ListNewestEntry;
	id: string;
	rank: number;
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

/** Whether a second read is needed after the newest page, and which. */
export function planSecondRead(
	state: TriggerState,
	first: ListNewestPage,
	largePageSize: number,
): ReadPlan | undefined {
	const total = pageTotal(first, state, undefined);
	const below = first.offset + first.entries.length;
	const lastPosition =
		first.total !== undefined ? Math.max(0, first.total - 1) : Number.POSITIVE_INFINITY;
	const aim = (rank: number) => Math.min(lastPosition, Math.max(below, total - rank));

	const cursor = state.cursor ?? BOTTOM;
	const room = Object.keys(state.pending ?? {}).length < MAX_PENDING;
	// With no room for more faxes in flight, looking up the ones in flight comes first.
	if (room && locate(first, cursor).kind === 'below') {
		return {
			purpose: 'catchUp',
			position: aim(cursor.rank),
			pageSize: largePageSize,
			extend: cursor.down ? 'older' : 'newer',
		};
	}

	if (!first.hasMore) return undefined;
	const listed = new Set(first.entries.map((entry) => entry.fax.id));
	const missing = Object.entries(state.pending ?? {})
		.filter(([id]) => !listed.has(id))
		.sort(([, a], [, b]) => a.rank - b.rank);
	if (!missing.length) return undefined;
	// The page holds the target and as many newer faxes as it can, so going up from the oldest
	// pending fax covers the others in as few reads as possible.
	const next = missing.find(([, fax]) => fax.rank > (state.lookupAbove ?? 0)) ?? missing[0];
	return {
		purpose: 'lookup',
		position: aim(next[1].rank),
		pageSize: largePageSize,
		extend: next[1].down ? 'older' : 'newer',
		targetId: next[0],
	};
}

/**
 * Applies a poll's reads to the state: `first` is the newest page, `second` the planned read.
 * Returns the next state (the input is not changed) and the faxes to emit.
 */
export function applyPoll(
	state: TriggerState,
	first: ListNewestPage,
	second: { plan: ReadPlan; page: ListNewestPage } | undefined,
	statuses: FaxStatus[],
): PollOutcome {
	const warnings: string[] = [];
	const emit: Ranked[] = [];
	const pending: Record<string, PendingFax> = { ...(state.pending ?? {}) };
	let cursor: Mark = { ...(state.cursor ?? BOTTOM) };
	const handled = new Set<string>();

	const firstTotal = pageTotal(first, state, undefined);
	const reads = [{ page: first, total: firstTotal }];
	if (second) reads.push({ page: second.page, total: pageTotal(second.page, state, firstTotal) });
	const ranked = reads.map((read) => rankEntries(read.page, read.total));

	// The latest sighting of every fax (the second read is the more recent one).
	const latest = new Map<string, Ranked>();
	for (const items of ranked) for (const item of items) latest.set(item.id, item);

	const wanted = (item: Ranked) =>
		item.entry.fax.isFinal && statuses.includes(item.entry.fax.status);

	// Faxes already known as not final.
	for (const [id, fax] of Object.entries(pending)) {
		const seen = latest.get(id);
		if (!seen) continue;
		handled.add(id);
		if (seen.entry.fax.isFinal) {
			if (wanted(seen)) emit.push(seen);
			delete pending[id];
		} else {
			pending[id] = { at: fax.at, rank: seen.rank, until: untilFor(seen) };
		}
	}

	// New faxes: above the cursor, in an unbroken run from it (deeper read first), oldest first.
	// With MAX_PENDING faxes in flight the cursor stops: newer faxes wait, none is dropped.
	const order = reads
		.map((_, index) => index)
		.sort((a, b) => reads[b].page.offset - reads[a].page.offset);
	let full = false;
	for (const index of order) {
		if (full) break;
		const page = reads[index].page;
		const items = ranked[index];
		const location = locate(page, cursor);
		let fresh: Ranked[];
		if (location.kind === 'found') {
			fresh = items.slice(0, location.index);
			cursor = { id: cursor.id, at: cursor.at, rank: items[location.index].rank };
		} else if (location.kind === 'spanned') {
			const from = cursor.at;
			fresh = items.filter((item) => item.entry.createdAt > from);
		} else {
			continue;
		}
		for (const item of [...fresh].reverse()) {
			if (!item.entry.inbound && !pending[item.id] && !handled.has(item.id)) {
				if (!item.entry.fax.isFinal && Object.keys(pending).length >= MAX_PENDING) {
					full = true;
					break;
				}
				handled.add(item.id);
				if (item.entry.fax.isFinal) {
					if (wanted(item)) emit.push(item);
				} else {
					pending[item.id] = toPending(item);
				}
			}
			cursor = { id: item.id, at: item.entry.createdAt, rank: item.rank };
		}
	}
	if (full)
		warnings.push(
			`${MAX_PENDING} faxes are in flight; newer faxes are handled once some of them end`,
		);

	// A planned read that missed its fax tells where to look next time.
	if (second) {
		const { plan, page } = second;
		const total = reads[1].total;
		const steer = (mark: Mark): { rank: number; down?: boolean } | 'deleted' | undefined => {
			const location = locate(page, mark);
			if (location.kind === 'below')
				return { rank: total - (page.offset + page.entries.length), down: true };
			if (location.kind === 'above') return { rank: total - Math.max(0, page.offset - 1) };
			if (location.kind === 'spanned') return 'deleted';
			return undefined;
		};
		if (plan.purpose === 'catchUp' && cursor.id === (state.cursor ?? BOTTOM).id) {
			const aim = steer(cursor);
			if (aim && aim !== 'deleted') cursor = { id: cursor.id, at: cursor.at, ...aim };
		}
		if (
			plan.purpose === 'lookup' &&
			plan.targetId &&
			pending[plan.targetId] &&
			!latest.has(plan.targetId)
		) {
			const target = pending[plan.targetId];
			const aim = steer({ id: plan.targetId, ...target });
			if (aim === 'deleted') {
				delete pending[plan.targetId];
				warnings.push(
					`fax ${plan.targetId} is no longer listed by the provider (deleted?); it will not trigger`,
				);
			} else if (aim !== undefined) {
				pending[plan.targetId] = { at: target.at, until: target.until, ...aim };
			}
		}
	}

	// The newest page held the whole list: pending faxes not in it were deleted.
	if (!first.hasMore && first.offset === 0) {
		for (const id of Object.keys(pending)) {
			if (!latest.has(id)) {
				delete pending[id];
				warnings.push(
					`fax ${id} is no longer listed by the provider (deleted?); it will not trigger`,
				);
			}
		}
	}

	const newest = first.entries[0]?.createdAt ?? '';
	const next: TriggerState = {
		version: STATE_VERSION,
		provider: state.provider,
		...(state.credential ? { credential: state.credential } : {}),
		order: first.order,
		...(first.total !== undefined ? { total: first.total } : {}),
		top: firstTotal,
		...(first.offset === 0 && first.entries[0]?.fax.id
			? { head: first.entries[0].fax.id }
			: state.head
				? { head: state.head }
				: {}),
		cursor,
		pending: trimPending(pending, newest, warnings),
		...(second?.plan.purpose === 'lookup'
			? {
					lookupAbove: Math.max(
						ranked[1][0]?.rank ?? 0,
						state.pending?.[second.plan.targetId ?? '']?.rank ?? 0,
					),
				}
			: state.lookupAbove !== undefined
				? { lookupAbove: state.lookupAbove }
				: {}),
	};
	return {
		state: next,
		emit: emit
			.sort((a, b) => a.entry.createdAt.localeCompare(b.entry.createdAt) || a.rank - b.rank)
			.map((item) => item.entry.fax),
		warnings,
	};
}

/** Where `mark` is relative to `page` (faxes are listed by creation time). */
function locate(page: ListNewestPage, mark: Mark): Location {
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
function pageTotal(
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

function rankEntries(page: ListNewestPage, total: number): Ranked[] {
	return page.entries
		.filter((entry) => entry.fax.id)
		.map((entry) => ({
			entry,
			id: entry.fax.id as string,
			rank: total - (page.offset + page.entries.indexOf(entry)),
		}));
}

function untilFor(item: Ranked): string {
	const scheduled = item.entry.fax.scheduledAt ?? '';
	const start = Date.parse(scheduled > item.entry.createdAt ? scheduled : item.entry.createdAt);
	return Number.isFinite(start) ? new Date(start + MAX_PENDING_AGE_MS).toISOString() : '';
}

function toPending(item: Ranked): PendingFax {
	return { at: item.entry.createdAt, rank: item.rank, until: untilFor(item) };
}

function trimPending(
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
