import type { IDataObject } from 'n8n-workflow';

import type { ProviderTransport } from '../transport/types';
import { toIsoOrNull, toNumberOrNull, toStringOrNull, unwrapList } from './normalize';
import type { LocatorList, LocatorPage, LocatorPageRequest, LocatorRow } from './types';

/** SendFAXMail's list endpoints behind the editor's resource locators. */
const PATHS: Record<LocatorList, string> = {
	scheduledFaxes: '/v1/scheduled',
	contacts: '/v1/contacts',
	numbers: '/v1/numbers',
};

/** The documented page size range of `/v1/faxes` (1–100); assumed for the other lists too. */
const MAX_PAGE_SIZE = 100;

/**
 * Response bodies are not documented: fields are read with the names the docs use in requests
 * (`fax_number`, `send_at`) and their obvious variants.
 */
function toRow(list: LocatorList, row: IDataObject): LocatorRow | undefined {
	const id = toStringOrNull(row.id);
	if (!id) return undefined;
	switch (list) {
		case 'scheduledFaxes':
			return {
				id,
				number: toStringOrNull(row.to ?? row.to_number),
				status: toStringOrNull(row.status),
				date: toIsoOrNull(row.send_at ?? row.scheduled_at),
			};
		case 'contacts':
			return {
				id,
				label: toStringOrNull(row.name),
				number: toStringOrNull(row.fax_number ?? row.number),
			};
		case 'numbers':
			return {
				id,
				number: toStringOrNull(row.number ?? row.phone_number ?? row.fax_number),
				status: toStringOrNull(row.status),
			};
	}
}

/**
 * One page of a list. The docs document `limit` and `page` for `/v1/faxes` only; the other
 * lists are assumed to page the same way. A list that answers everything at once (no
 * `has_more`, more rows than asked for) is cut to the page here so paging still ends.
 */
export async function sendFaxMailLocatorPage(
	transport: ProviderTransport,
	{ list, page, pageSize }: LocatorPageRequest,
): Promise<LocatorPage> {
	const limit = Math.max(1, Math.min(MAX_PAGE_SIZE, Math.floor(pageSize)));
	const response = await transport.request({
		method: 'GET',
		path: PATHS[list],
		qs: { limit, page },
		retry: 'safe',
		rateLimitBucket: 'read',
	});
	const all = unwrapList(response.body);
	const ignoredPaging = all.length > limit;
	const rows = ignoredPaging ? all.slice((page - 1) * limit, page * limit) : all;
	const hasMoreField = response.body.has_more;
	const total = toNumberOrNull(response.body.total);
	const hasMore = ignoredPaging
		? page * limit < all.length
		: typeof hasMoreField === 'boolean'
			? hasMoreField
			: total !== null
				? page * limit < total
				: rows.length >= limit;
	return {
		rows: rows.map((row) => toRow(list, row)).filter((row): row is LocatorRow => !!row),
		hasMore,
	};
}
