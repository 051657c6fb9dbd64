import type { ListNewestPage } from '../Fax/providers/types';
import { locate, pageTotal } from './listRanks';
import { MAX_PENDING } from './pending';
import { BOTTOM, type TriggerState } from './pollState';

/** What the second read of a poll is for. */
export interface ReadPlan {
	purpose: 'catchUp' | 'lookup';
	position: number;
	pageSize: number;
	extend: 'newer' | 'older';
	/** The pending fax looked up. */
	targetId?: string;
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
