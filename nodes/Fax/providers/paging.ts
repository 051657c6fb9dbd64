import type { ListOrder } from './types';

/** Older faxes a page should hold below the wanted position, so a few new faxes can't push it off. */
const SLACK = 10;

export interface PageChoice {
	/** 1-based page number in the provider's own order. */
	page: number;
	perPage: number;
}

export interface PageRequest {
	/** 0 = the newest fax. */
	position: number;
	maxSize: number;
	order: ListOrder;
	/** Faxes in the list; needed for an oldest-first list, whose newest faxes are on the last pages. */
	total?: number;
	/** Faxes that may have been added since `total` was read (oldest-first only). */
	growth?: number;
	/** Cover newer faxes (default) or older ones around `position`. */
	extend?: 'newer' | 'older';
}

/**
 * Page-number pagination without an offset parameter: the page size (≤ `maxSize`) and number
 * whose page holds `position` with as many newer (or, with `extend: 'older'`, older) faxes as
 * possible, then as many on the other side, keeping a few on the other side as slack when the
 * list has them.
 */
export function choosePage({
	position,
	maxSize,
	order,
	total,
	growth = 0,
	extend = 'newer',
}: PageRequest): PageChoice {
	const size = Math.max(1, Math.floor(maxSize));
	const p = Math.max(0, Math.floor(position));
	if (order === 'oldestFirst' && total === undefined) return { page: 1, perPage: size };

	let best: { choice: PageChoice; score: number[] } | undefined;
	for (let perPage = 1; perPage <= size; perPage++) {
		let page: number;
		let newer: number;
		let older: number;
		let holds = true;
		let olderSlack = SLACK;
		if (order === 'oldestFirst') {
			const count = Math.max(total ?? 0, p + 1);
			// The wanted fax is at this index now, or up to `growth` higher if faxes were added.
			const low = count - 1 - p;
			const high = low + Math.max(0, Math.floor(growth));
			page = Math.floor(low / perPage) + 1;
			const first = (page - 1) * perPage;
			const end = page * perPage - 1;
			holds = high <= end;
			newer = Math.min(end, count + growth - 1) - high;
			older = low - first;
			olderSlack = Math.min(SLACK, low);
		} else {
			page = Math.floor(p / perPage) + 1;
			newer = p - (page - 1) * perPage;
			older = page * perPage - 1 - p;
		}
		const score =
			extend === 'older'
				? [holds ? 1 : 0, newer >= Math.min(SLACK, p) ? 1 : 0, older, newer]
				: [holds ? 1 : 0, older >= olderSlack ? 1 : 0, newer, older];
		if (!best || compare(score, best.score) > 0) best = { choice: { page, perPage }, score };
	}
	return best!.choice;
}

function compare(a: number[], b: number[]): number {
	for (let index = 0; index < a.length; index++) {
		if (a[index] !== b[index]) return a[index] - b[index];
	}
	return 0;
}
