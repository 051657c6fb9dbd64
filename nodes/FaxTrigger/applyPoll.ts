import type { FaxStatus, ListNewestPage, UnifiedFax } from '../Fax/providers/types';
import { locate, pageTotal, rankEntries, type Ranked } from './listRanks';
import { MAX_PENDING, toPending, trimPending, untilFor, type PendingFax } from './pending';
import { BOTTOM, STATE_VERSION, type Mark, type TriggerState } from './pollState';
import type { ReadPlan } from './readPlan';

export interface PollOutcome {
	state: TriggerState;
	/** Faxes to emit, oldest first. */
	emit: UnifiedFax[];
	/** Things the user should know (logged, never containing fax numbers). */
	warnings: string[];
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
