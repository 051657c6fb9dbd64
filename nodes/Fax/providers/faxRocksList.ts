import type { IDataObject } from 'n8n-workflow';

import type { ProviderTransport } from '../transport/types';
import { isListAnswer, UnexpectedAnswerError } from './answers';
import { faxRocksToUnified, observeProviderClock } from './faxRocksStatus';
import { newestFirst, toIsoOrNull, unwrapList } from './normalize';
import { choosePage } from './paging';
import type { ListNewestPage, ListNewestRequest, ListOrder } from './types';

/**
 * Reading faxrocks' fax list, `GET /faxes`: Laravel pagination whose order the docs don't
 * state (newest first is expected, oldest first is handled), the only way to find a fax.
 */

export const FAXROCKS_DISPLAY_NAME = 'faxrocks';
export const MAX_PER_PAGE = 1000;
/** Faxes an oldest-first list may gain between two polls and still be read in one request. */
const LIST_GROWTH_ROOM = 30;

interface LaravelPage {
	data?: IDataObject[];
	meta?: { current_page?: number; last_page?: number; total?: number };
	links?: { next?: string | null };
}

/**
 * One page of `/faxes`. `nowMs` is the provider's clock from the `Date` header (our own when
 * absent). A 2xx answer without a list of faxes is an error, never an empty list.
 */
export async function listPage(
	transport: ProviderTransport,
	perPage: number,
	page: number,
): Promise<LaravelPage & { nowMs: number }> {
	const response = await transport.request<LaravelPage>({
		method: 'GET',
		path: '/faxes',
		qs: { perPage, page },
		retry: 'safe',
		rateLimitBucket: 'read',
	});
	if (!isListAnswer(response.body)) {
		throw new UnexpectedAnswerError(
			`${FAXROCKS_DISPLAY_NAME} answered, but not with a list of faxes; nothing was read`,
		);
	}
	return {
		...response.body,
		data: unwrapList(response.body),
		nowMs: observeProviderClock(response.headers?.date),
	};
}

export function createdAt(row: IDataObject): string {
	return toIsoOrNull(row.created_at) ?? '';
}

/** The order rows are listed in, when their creation times tell. */
function observedOrder(rows: IDataObject[]): ListOrder | undefined {
	if (rows.length < 2) return undefined;
	const first = createdAt(rows[0]);
	const last = createdAt(rows[rows.length - 1]);
	if (first === last) return undefined;
	return first < last ? 'oldestFirst' : 'newestFirst';
}

/**
 * The newest `count` faxes. The docs don't say in which order `/faxes` lists; if a page
 * comes back oldest first, the newest are on the last page.
 */
export async function newestRows(
	transport: ProviderTransport,
	count: number,
): Promise<IDataObject[]> {
	const first = await listPage(transport, count, 1);
	let rows = first.data ?? [];
	const lastPage = first.meta?.last_page ?? 1;
	if (observedOrder(rows) === 'oldestFirst' && lastPage > 1) {
		const last = await listPage(transport, count, lastPage);
		rows = [...rows, ...(last.data ?? [])];
	}
	return newestFirst(rows, createdAt);
}

/**
 * The page of the newest faxes that holds list position `position` (0 = the newest), for the
 * Fax Trigger: one request when the order and size are known from the last poll.
 */
export async function readNewestPage(
	transport: ProviderTransport,
	{ position, pageSize, orderHint, totalHint, extend }: ListNewestRequest,
): Promise<ListNewestPage> {
	const maxSize = Math.min(MAX_PER_PAGE, pageSize);
	// With the order and size known from the last poll, one request: room is left for faxes
	// added since, and if more were added the page says which positions it holds.
	const hinted = orderHint === 'oldestFirst' && totalHint !== undefined;
	const read = async (order: ListOrder, total?: number, growth = 0) => {
		const choice = choosePage({ position, maxSize, order, total, growth, extend });
		return { choice, result: await listPage(transport, choice.perPage, choice.page) };
	};
	let { choice, result } = await read(
		orderHint ?? 'newestFirst',
		totalHint,
		hinted ? LIST_GROWTH_ROOM : 0,
	);
	let order = observedOrder(result.data ?? []) ?? orderHint ?? 'newestFirst';
	const total = () => result.meta?.total ?? undefined;
	if (order === 'oldestFirst' && total() !== undefined) {
		// Listed oldest first: the newest faxes are on the last pages.
		const count = total()!;
		const first = (choice.page - 1) * choice.perPage;
		const last = Math.min(choice.page * choice.perPage, count) - 1;
		const index = count - 1 - position;
		if (!hinted && (index < first || index > last))
			({ choice, result } = await read('oldestFirst', count));
	}
	const rows = result.data ?? [];
	const count = total();
	const firstIndex = (choice.page - 1) * choice.perPage;
	let offset: number;
	let hasMore: boolean;
	if (order === 'oldestFirst' && count !== undefined) {
		offset = Math.max(0, count - (firstIndex + rows.length));
		hasMore = firstIndex > 0;
	} else {
		order = 'newestFirst';
		offset = firstIndex;
		hasMore =
			count !== undefined
				? firstIndex + rows.length < count
				: choice.page < (result.meta?.last_page ?? choice.page);
	}
	return {
		entries: newestFirst(rows, createdAt).map((row) => ({
			fax: faxRocksToUnified(row, result.nowMs),
			createdAt: createdAt(row),
		})),
		offset,
		total: count,
		hasMore,
		order,
	};
}
