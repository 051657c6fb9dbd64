import type {
	ILoadOptionsFunctions,
	INodeListSearchItems,
	INodeListSearchResult,
} from 'n8n-workflow';

import { selectedProvider } from '../edition';
import { getProvider } from '../providers';
import type { FaxProviderAdapter, ListNewestEntry, LocatorList } from '../providers/types';
import { createTransport } from '../transport/request';
import type { ProviderTransport } from '../transport/types';
import { contactName, faxName, matchesFilter, scheduledFaxName } from './listNames';

/** Faxes per list page in the editor; one provider request each. */
const PAGE_SIZE = 50;
/**
 * Neither faxrocks nor SendFAXMail can search their lists, so a search filters pages here:
 * at most this many requests per call, then the editor asks for more with the token.
 */
const MAX_REQUESTS_PER_SEARCH = 5;

async function editorTransport(
	ctx: ILoadOptionsFunctions,
	adapter: FaxProviderAdapter,
): Promise<ProviderTransport> {
	return await createTransport(ctx, adapter, {
		itemIndex: 0,
		// The editor is waiting: give up on a rate limit quickly instead of hanging the dropdown.
		maxRateLimitWaitSeconds: 5,
		requestTimeoutMs: 30_000,
		rateLimitAdvice: 'Wait a minute, then open the list again, or enter the ID By ID.',
	});
}

function adapterOf(ctx: ILoadOptionsFunctions): FaxProviderAdapter {
	return getProvider(selectedProvider(() => ctx.getNodeParameter('provider', 'faxRocks')));
}

/** A token is the position (faxes) or page number (other lists) to continue from. */
function tokenNumber(paginationToken: string | undefined, fallback: number): number {
	const parsed = Number(paginationToken);
	return Number.isInteger(parsed) && parsed >= 0 ? parsed : fallback;
}

/** Fax ID → From List: the newest faxes first, number masked, with date and status. */
export async function searchFaxes(
	this: ILoadOptionsFunctions,
	filter?: string,
	paginationToken?: string,
): Promise<INodeListSearchResult> {
	const adapter = adapterOf(this);
	const listNewest = adapter.listNewest?.bind(adapter);
	// FaxDrop has no list endpoint; its Fax field offers By ID only.
	if (!listNewest) return { results: [] };
	const transport = await editorTransport(this, adapter);
	const timezone = this.getTimezone();

	let position = tokenNumber(paginationToken, 0);
	const results: INodeListSearchItems[] = [];
	for (let request = 0; request < MAX_REQUESTS_PER_SEARCH; request++) {
		const page = await listNewest(transport, { position, pageSize: PAGE_SIZE, extend: 'older' });
		// The page may start before `position` (faxes already shown): skip those.
		const fresh: ListNewestEntry[] = page.entries.slice(Math.max(0, position - page.offset));
		results.push(
			...fresh
				.filter((entry) => matchesFilter(filter, entry.fax.id, entry.fax.to, entry.fax.status))
				.map((entry) => ({ name: faxName(entry, timezone), value: entry.fax.id ?? '' }))
				.filter((item) => item.value !== ''),
		);
		position = page.offset + page.entries.length;
		if (!page.hasMore || fresh.length === 0) return { results };
		if (!filter || results.length >= PAGE_SIZE) break;
	}
	return { results, paginationToken: String(position) };
}

async function searchLocatorList(
	ctx: ILoadOptionsFunctions,
	list: LocatorList,
	filter: string | undefined,
	paginationToken: string | undefined,
	name: (row: Parameters<typeof contactName>[0], timezone: string) => string,
): Promise<INodeListSearchResult> {
	const adapter = adapterOf(ctx);
	const locatorPage = adapter.locatorPage?.bind(adapter);
	if (!locatorPage) return { results: [] };
	const transport = await editorTransport(ctx, adapter);
	const timezone = ctx.getTimezone();

	let page = Math.max(1, tokenNumber(paginationToken, 1));
	const results: INodeListSearchItems[] = [];
	for (let request = 0; request < MAX_REQUESTS_PER_SEARCH; request++) {
		const answer = await locatorPage(transport, { list, page, pageSize: PAGE_SIZE });
		results.push(
			...answer.rows
				.filter((row) => matchesFilter(filter, row.id, row.number, row.status, row.label))
				.map((row) => ({ name: name(row, timezone), value: row.id })),
		);
		page++;
		if (!answer.hasMore || answer.rows.length === 0) return { results };
		if (!filter || results.length >= PAGE_SIZE) break;
	}
	return { results, paginationToken: String(page) };
}

/** Scheduled Fax → From List (SendFAXMail): recipient masked, send time and status. */
export async function searchScheduledFaxes(
	this: ILoadOptionsFunctions,
	filter?: string,
	paginationToken?: string,
): Promise<INodeListSearchResult> {
	return await searchLocatorList(this, 'scheduledFaxes', filter, paginationToken, scheduledFaxName);
}

/** Contact → From List (SendFAXMail): name and masked fax number. */
export async function searchContacts(
	this: ILoadOptionsFunctions,
	filter?: string,
	paginationToken?: string,
): Promise<INodeListSearchResult> {
	return await searchLocatorList(this, 'contacts', filter, paginationToken, contactName);
}
