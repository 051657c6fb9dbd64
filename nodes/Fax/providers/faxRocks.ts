import type { IDataObject } from 'n8n-workflow';
import { sleep } from 'n8n-workflow';

import { settle } from '../helpers/settle';
import { UncertainOutcomeError } from '../transport/errors';
import { jsonWithBase64Document } from '../transport/jsonBody';
import type { ProviderErrorInfo, ProviderTransport } from '../transport/types';
import {
	newestFirst,
	toIsoOrNull,
	toNumberOrNull,
	toStringOrNull,
	unifiedFax,
	unwrapList,
	unwrapResource,
} from './normalize';
import type {
	DownloadedFile,
	FaxProviderAdapter,
	ListNewestPage,
	ListOrder,
	ListRequest,
	ScheduleRequest,
	SendRequest,
	UnifiedFax,
} from './types';
import { FaxInputError } from '../helpers/errors';
import { isListAnswer, notAFax, UnexpectedAnswerError } from './answers';
import { faxRocksToUnified, observeProviderClock } from './faxRocksStatus';
import { checkedId, idSegment } from './ids';
import { choosePage } from './paging';
import { maskNumber } from '../helpers/phoneNumber';
import { AMBIGUOUS, claimNewFaxes, whileSendingTo } from './faxRocksClaims';
import type { Match } from './faxRocksClaims';

/** Error code of a sent faxrocks fax whose id the list can't tell (see faxRocksClaims). */
export const FAX_ID_AMBIGUOUS = 'FAX_ID_AMBIGUOUS';

const DISPLAY_NAME = 'faxrocks';
const MAX_PER_PAGE = 1000;
/** How many of the newest faxes to compare before and after a send to find the new ones. */
const RECENT_WINDOW = 50;
const FIND_ATTEMPTS = 4;
/** Faxes an oldest-first list may gain between two polls and still be read in one request. */
const LIST_GROWTH_ROOM = 30;

/** "The id field is an alphanumeric string (lowercase letters and numbers)"; either case is accepted. */
const ID_FORMATS = {
	fax: { pattern: /^[A-Za-z0-9]+$/, looksLike: 'letters and digits only' },
};

const toUnified = faxRocksToUnified;

interface LaravelPage {
	data?: IDataObject[];
	meta?: { current_page?: number; last_page?: number; total?: number };
	links?: { next?: string | null };
}

function parseError(statusCode: number, body: unknown): ProviderErrorInfo {
	const object = (body && typeof body === 'object' ? body : {}) as IDataObject;
	const message =
		toStringOrNull(object.message) ?? toStringOrNull(object.error) ?? `HTTP ${statusCode}`;
	const fieldErrors = object.errors as Record<string, unknown> | undefined;
	const details = fieldErrors
		? Object.values(fieldErrors)
				.flatMap((value) => (Array.isArray(value) ? value : [value]))
				.map(String)
				.filter((text) => text !== message)
		: [];
	const hints: Record<number, string> = {
		401: 'Check the API token in the faxrocks credential (faxrocks → Settings → API).',
		403: 'The token has no access to this resource.',
		404: 'No such fax on this faxrocks account.',
	};
	return {
		message: details.length ? `${message} ${details.join(' ')}` : message,
		hint: hints[statusCode],
		code: String(statusCode),
	};
}

/**
 * One page of `/faxes`. `nowMs` is the provider's clock from the `Date` header (our own when
 * absent). A 2xx answer without a list of faxes is an error, never an empty list.
 */
async function listPage(
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
			`${DISPLAY_NAME} answered, but not with a list of faxes; nothing was read`,
		);
	}
	return {
		...response.body,
		data: unwrapList(response.body),
		nowMs: observeProviderClock(response.headers?.date),
	};
}

function createdAt(row: IDataObject): string {
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
async function newestRows(transport: ProviderTransport, count: number): Promise<IDataObject[]> {
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
 * faxrocks' send answers without an id: the new faxes are the rows that weren't there before,
 * each claimed in the shared store so no fax goes to two items (see faxRocksClaims).
 */
async function findNewFaxes(
	transport: ProviderTransport,
	knownIds: Set<string>,
	recipients: string[],
): Promise<Match[]> {
	const found: Match[] = recipients.map(() => undefined);
	for (let attempt = 0; attempt < FIND_ATTEMPTS; attempt++) {
		if (attempt > 0) await sleep(500 * attempt);
		const fresh = (await newestRows(transport, RECENT_WINDOW + recipients.length)).filter(
			(row) => !knownIds.has(String(row.id)),
		);
		const missing = recipients.flatMap((_, index) => (found[index] ? [] : [index]));
		const matches = await claimNewFaxes(
			transport,
			[...fresh].reverse(),
			missing.map((index) => recipients[index]),
		);
		missing.forEach((index, n) => (found[index] = matches[n]));
		if (found.every(Boolean)) break;
	}
	return found;
}

/** The documented send answer: `{ message, number, … }` or `{ message, faxes: [...] }`. */
function isSendConfirmation(body: unknown): boolean {
	if (!body || typeof body !== 'object' || Array.isArray(body)) return false;
	const object = body as IDataObject;
	return (
		typeof object.message === 'string' &&
		(typeof object.number === 'string' || Array.isArray(object.faxes))
	);
}

async function sendOrSchedule(
	transport: ProviderTransport,
	request: SendRequest,
	schedule?: { scheduledAt: string; timezone: string },
): Promise<UnifiedFax[]> {
	return await whileSendingTo(
		transport,
		request.to,
		async () => await sendAndFind(transport, request, schedule),
	);
}

async function sendAndFind(
	transport: ProviderTransport,
	request: SendRequest,
	schedule?: { scheduledAt: string; timezone: string },
): Promise<UnifiedFax[]> {
	const knownIds = new Set(
		(await newestRows(transport, RECENT_WINDOW)).map((row) => String(row.id)),
	);
	const body = jsonWithBase64Document(request.document.data, (data) => ({
		data,
		...(request.to.length === 1 ? { number: request.to[0] } : { numbers: request.to }),
		...(schedule ? { scheduled_at: schedule.scheduledAt, timezone: schedule.timezone } : {}),
	}));

	const outcome = await settle(
		async () =>
			await transport.request({
				method: 'POST',
				path: '/send',
				body,
				retry: 'once',
				rateLimitBucket: 'send',
			}),
	);
	if (!outcome.ok && !(outcome.error instanceof UncertainOutcomeError)) throw outcome.error;
	// When the answer was lost, or is not the documented confirmation, the list tells whether
	// the faxes exist.
	const uncertain = outcome.ok
		? isSendConfirmation(outcome.value.body)
			? undefined
			: notAFax(DISPLAY_NAME)
		: (outcome.error as UncertainOutcomeError);
	const accepted: IDataObject = outcome.ok && !uncertain ? outcome.value.body : {};

	// The faxes may exist now: a failed lookup must not fail the item (a retry would send them
	// again). Accepted faxes are then reported without an id, an unanswered send as uncertain.
	const lookup = await settle(async () => await findNewFaxes(transport, knownIds, request.to));
	const rows = lookup.ok ? lookup.value : request.to.map(() => undefined);
	if (uncertain && rows.some((row) => !row || row === AMBIGUOUS)) throw uncertain;

	const perRecipient = Array.isArray(accepted.faxes)
		? (accepted.faxes as IDataObject[])
		: [accepted];
	return request.to.map((number, index) => {
		const row = rows[index];
		const estimate = perRecipient.find((fax) => fax.number === number) ?? perRecipient[index] ?? {};
		if (row === AMBIGUOUS) {
			return acceptedWithoutId(number, estimate, Boolean(schedule), {
				error: { code: FAX_ID_AMBIGUOUS, message: ambiguityMessage(number) },
				raw: { ...estimate },
			});
		}
		if (row) {
			const fax = toUnified(row);
			if (schedule && fax.status === 'queued') fax.status = 'scheduled';
			return fax;
		}
		// Accepted, but the fax isn't in the list yet: report what the send answered.
		return acceptedWithoutId(number, estimate, Boolean(schedule), {
			raw: {
				...estimate,
				message: accepted.message ?? null,
				note: 'faxrocks accepted the fax but it is not listed yet; find it later with List.',
			},
		});
	});
}

/** A fax faxrocks accepted that has no Fax ID: what the send answered, plus `extra`. */
function acceptedWithoutId(
	number: string,
	estimate: IDataObject,
	scheduled: boolean,
	extra: Pick<Partial<UnifiedFax>, 'error' | 'raw'>,
): UnifiedFax {
	return unifiedFax('faxRocks', {
		id: null,
		to: number,
		status: scheduled ? 'scheduled' : 'queued',
		pages: toNumberOrNull(estimate.pages),
		cost: toNumberOrNull(estimate.estimated_costs),
		...extra,
	});
}

/** Sent, but other new faxes to the same number make it impossible to say which one is this. */
function ambiguityMessage(number: string): string {
	return `faxrocks accepted the fax, but other new faxes to ${maskNumber(number)} appeared at the same time (sent outside this workflow?) and the fax list can't tell which one is this item's, so no Fax ID is given. It was not sent again: check the fax list (List operation) before sending again.`;
}

export const faxRocksAdapter: FaxProviderAdapter = {
	name: 'faxRocks',
	displayName: DISPLAY_NAME,
	credentialType: 'faxRocksApi',
	idFormats: ID_FORMATS,
	parseError,
	capabilities: {
		// Not documented; base64 inside JSON makes very large uploads impractical anyway.
		maxFileBytes: 50 * 1024 * 1024,
		acceptedMimeTypes: ['application/pdf'],
		maxRecipients: 10,
		nativeBatch: true,
		// Not documented: any future time; a year ahead is assumed to be the useful limit.
		scheduleWindowSeconds: { min: 60, max: 365 * 24 * 3600 },
		supportsIdempotencyKey: false,
		canList: true,
		canDownload: true,
		nativeCoverPage: false,
	},

	async send(transport, request) {
		return await sendOrSchedule(transport, request);
	},

	async schedule(transport, request: ScheduleRequest) {
		return await sendOrSchedule(transport, request, {
			scheduledAt: request.wallClock,
			timezone: request.timezone,
		});
	},

	async getStatus(transport, faxId) {
		const id = checkedId(faxId, 'fax', DISPLAY_NAME, ID_FORMATS.fax);
		// There is no single-fax endpoint: walk the list, newest pages first.
		let page = 1;
		for (;;) {
			const result = await listPage(transport, 200, page);
			const match = (result.data ?? []).find((row) => String(row.id) === id);
			if (match) return toUnified(match, result.nowMs);
			const lastPage = result.meta?.last_page ?? page;
			if (page >= lastPage || !(result.data ?? []).length) break;
			page++;
		}
		throw new FaxInputError(
			'faxNotFound',
			'No faxrocks fax with this Fax ID on this account',
			'Check the Fax ID: it comes from a Send or List item of the same faxrocks account.',
			'faxId',
		);
	},

	async list(transport, request: ListRequest) {
		const wanted = request.limit ?? Number.POSITIVE_INFINITY;
		const perPage = Math.min(
			MAX_PER_PAGE,
			Number.isFinite(wanted) ? Math.max(1, wanted) : MAX_PER_PAGE,
		);
		const faxes: UnifiedFax[] = [];
		for (let page = 1; faxes.length < wanted; page++) {
			const result = await listPage(transport, perPage, page);
			const rows = result.data ?? [];
			faxes.push(...rows.map((row) => toUnified(row, result.nowMs)));
			if (!rows.length || page >= (result.meta?.last_page ?? page)) break;
		}
		return newestFirst(faxes, (fax) => createdAt(fax.raw)).slice(
			0,
			Number.isFinite(wanted) ? wanted : undefined,
		);
	},

	listNewestMaxPageSize: MAX_PER_PAGE,

	async listNewest(
		transport,
		{ position, pageSize, orderHint, totalHint, extend },
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
				fax: toUnified(row, result.nowMs),
				createdAt: createdAt(row),
			})),
			offset,
			total: count,
			hasMore,
			order,
		};
	},

	// Each status check reads the fax list; every 10 s keeps that light.
	pollIntervalSeconds: (elapsedSeconds) => (elapsedSeconds < 120 ? 10 : 30),

	account: {
		async get(transport) {
			const response = await transport.request({
				method: 'GET',
				path: '/user',
				retry: 'safe',
				rateLimitBucket: 'read',
			});
			return unwrapResource(response.body);
		},
	},

	async download(transport, faxId, document): Promise<DownloadedFile> {
		const response = await transport.request<Buffer>({
			method: 'GET',
			path: `/faxes/${idSegment(faxId, 'fax', DISPLAY_NAME, ID_FORMATS.fax)}/${document}`,
			responseType: 'buffer',
			headers: { Accept: 'application/pdf' },
			retry: 'safe',
			rateLimitBucket: 'read',
		});
		return {
			data: Buffer.from(response.body),
			fileName: `faxrocks-${faxId}-${document}.pdf`,
			mimeType: 'application/pdf',
		};
	},
};
