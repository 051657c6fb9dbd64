import type { IDataObject } from 'n8n-workflow';

import { UncertainOutcomeError } from '../transport/errors';
import { jsonWithBase64Document } from '../transport/jsonBody';
import type { ProviderTransport } from '../transport/types';
import {
	newestFirst,
	toIsoOrNull,
	toNumberOrNull,
	toStringOrNull,
	unifiedFax,
	unwrapList,
	unwrapResource,
} from './normalize';
import { createdResource, isListAnswer, requestedResource, UnexpectedAnswerError } from './answers';
import { idSegment } from './ids';
import { choosePage } from './paging';
import { noteKeyUse } from './idempotencyKeyUses';
import { replayError, replayVerdict } from './replay';
import { faxError, parseError } from './sendFaxMailErrors';
import { sendFaxMailLocatorPage } from './sendFaxMailLocators';
import type {
	FaxProviderAdapter,
	FaxStatus,
	ListRequest,
	ScheduleRequest,
	SendRequest,
	UnifiedFax,
} from './types';

const DISPLAY_NAME = 'SendFAXMail';
const MAX_LIST_LIMIT = 100;

/**
 * SendFAXMail documents the fax statuses `queued` → `sending` → `delivered`/`failed` and the
 * scheduled ones `pending` → `sent`/`failed`/`canceled`, but not the response bodies. The
 * rest of this map accepts the obvious variants.
 */
const STATUS_MAP: Record<string, FaxStatus> = {
	queued: 'queued',
	pending: 'scheduled',
	scheduled: 'scheduled',
	sending: 'sending',
	processing: 'sending',
	in_progress: 'sending',
	delivered: 'delivered',
	completed: 'delivered',
	sent: 'delivered',
	success: 'delivered',
	failed: 'failed',
	partial: 'partial',
	canceled: 'cancelled',
	cancelled: 'cancelled',
};

function toUnified(resource: unknown): UnifiedFax {
	const body = unwrapResource(resource);
	let status = STATUS_MAP[String(body.status).toLowerCase()] ?? 'unknown';
	const errorCode = String((body.error as IDataObject | null)?.code ?? '');
	// Assumed: an interrupted transmission is reported as failed with a partial error code.
	if (status === 'failed' && /partial/i.test(errorCode)) status = 'partial';
	return unifiedFax('sendFaxMail', {
		id: toStringOrNull(body.id),
		to: toStringOrNull(body.to ?? body.to_number ?? body.recipient),
		status,
		pages: toNumberOrNull(body.pages ?? body.page_count),
		pagesSent: status === 'delivered' ? toNumberOrNull(body.pages ?? body.page_count) : null,
		scheduledAt: toIsoOrNull(body.send_at ?? body.scheduled_at),
		sentAt: toIsoOrNull(body.sent_at),
		completedAt: toIsoOrNull(body.completed_at),
		cost: toNumberOrNull(body.cost ?? body.price),
		error: faxError(body, status),
		raw: body,
	});
}

function sendBody(request: SendRequest, to: string, extra: IDataObject): Buffer {
	return jsonWithBase64Document(request.document.data, (content) => ({
		to,
		document: { content, content_type: request.document.mimeType },
		...extra,
	}));
}

/** One key per recipient: derived from the item's key so each recipient is its own fax. */
function recipientKey(request: SendRequest, to: string): string | undefined {
	if (!request.idempotencyKey) return undefined;
	return request.to.length > 1 ? `${request.idempotencyKey}:${to}` : request.idempotencyKey;
}

async function post(
	transport: ProviderTransport,
	path: string,
	request: SendRequest,
	extra: IDataObject = {},
): Promise<UnifiedFax[]> {
	const results: UnifiedFax[] = [];
	for (const to of request.to) {
		const startedAt = Date.now();
		const key = recipientKey(request, to);
		const keyUse = key ? await noteKeyUse(transport, key, request.document.data, to) : undefined;
		const response = await transport.request({
			method: 'POST',
			path,
			body: sendBody(request, to, extra),
			headers: key ? { 'Idempotency-Key': key } : {},
			// With an Idempotency-Key a repeat returns the original fax instead of a second one.
			retry: key ? 'idempotent' : 'once',
			rateLimitBucket: 'send',
		});
		const fax = createdResource(response.body, DISPLAY_NAME);
		if (request.idempotencyKey) {
			const verdict = replayVerdict({
				fax,
				requestedTo: to,
				sendStartedAt: request.sendStartedAt ?? startedAt,
				answeredAt: Date.now(),
				headers: response.headers,
				sameFaxAsBefore: keyUse?.sameFaxAsBefore,
			});
			if (verdict.kind === 'replay') throw replayError(DISPLAY_NAME, fax, verdict.reason);
			if (verdict.kind === 'ambiguous') {
				throw new UncertainOutcomeError(
					DISPLAY_NAME,
					`it answered with a fax (ID ${toStringOrNull(fax.id) ?? 'unknown'}) that may be an earlier fax replayed for a reused Idempotency-Key: ${verdict.reason}`,
					key,
				);
			}
		}
		// This send's fax: its number as sent, in E.164, however the answer spells it.
		results.push({ ...toUnified(fax), to });
	}
	return results;
}

/** One resource by ID: a list, an answer without ID or another resource's answer is an error. */
async function getOne(
	transport: ProviderTransport,
	path: string,
	what: string,
	id: string,
): Promise<IDataObject> {
	const response = await transport.request({
		method: 'GET',
		path,
		retry: 'safe',
		rateLimitBucket: 'read',
	});
	return requestedResource(response.body, DISPLAY_NAME, what, id);
}

/** A DELETE's answer: often empty; never a list (the ID did not reach the resource). */
function deleted(body: unknown, what: string): IDataObject {
	if (isListAnswer(body)) {
		throw new UnexpectedAnswerError(
			`${DISPLAY_NAME} answered with a list where one ${what} was deleted; check it with List`,
		);
	}
	return unwrapResource(body);
}

/** A list answer's rows; a 2xx answer that is not a list is an error, never an empty list. */
function listOf(body: unknown): IDataObject[] {
	if (!isListAnswer(body)) {
		throw new UnexpectedAnswerError(
			`${DISPLAY_NAME} answered, but not with a list; nothing was read`,
		);
	}
	return unwrapList(body);
}

/**
 * Rows of a paged list, newest first as the API lists them. `limit`/`page` are documented
 * for faxes; the other lists are assumed to page the same way or to answer everything at once.
 */
async function listRows(
	transport: ProviderTransport,
	path: string,
	wanted = Number.POSITIVE_INFINITY,
): Promise<IDataObject[]> {
	const rows: IDataObject[] = [];
	for (let page = 1; rows.length < wanted; page++) {
		const response = await transport.request({
			method: 'GET',
			path,
			// A fixed page size keeps page numbers consistent from one page to the next.
			qs: { limit: MAX_LIST_LIMIT, page },
			retry: 'safe',
			rateLimitBucket: 'read',
		});
		const pageRows = listOf(response.body);
		rows.push(...pageRows);
		if (pageRows.length < MAX_LIST_LIMIT || response.body.has_more === false) break;
	}
	return Number.isFinite(wanted) ? rows.slice(0, wanted) : rows;
}

export const sendFaxMailAdapter: FaxProviderAdapter = {
	name: 'sendFaxMail',
	displayName: DISPLAY_NAME,
	credentialType: 'sendFaxMailApi',
	parseError,
	capabilities: {
		// Not documented; assumed generous since documents travel as base64 JSON.
		maxFileBytes: 20 * 1024 * 1024,
		acceptedMimeTypes: ['application/pdf', 'image/png', 'image/jpeg'],
		maxRecipients: 10,
		nativeBatch: false,
		scheduleWindowSeconds: { min: 60, max: 180 * 24 * 3600 },
		supportsIdempotencyKey: true,
		canList: true,
		canDownload: false,
		nativeCoverPage: false,
	},

	async send(transport, request) {
		return await post(transport, '/v1/faxes', request);
	},

	async schedule(transport, request: ScheduleRequest) {
		return await post(transport, '/v1/scheduled', request, {
			send_at: request.sendAtUtc.toISOString(),
		});
	},

	async getStatus(transport, faxId) {
		const path = `/v1/faxes/${idSegment(faxId, 'fax', DISPLAY_NAME)}`;
		return toUnified(await getOne(transport, path, 'fax', faxId));
	},

	async list(transport, request: ListRequest) {
		return (await listRows(transport, '/v1/faxes', request.limit)).map(toUnified);
	},

	listNewestMaxPageSize: MAX_LIST_LIMIT,

	async listNewest(transport, { position, pageSize, extend }) {
		// Documented as newest first.
		const { page, perPage } = choosePage({
			position,
			maxSize: Math.min(MAX_LIST_LIMIT, pageSize),
			order: 'newestFirst',
			extend,
		});
		const response = await transport.request({
			method: 'GET',
			path: '/v1/faxes',
			qs: { limit: perPage, page },
			retry: 'safe',
			rateLimitBucket: 'read',
		});
		const rows = listOf(response.body);
		const created = (row: IDataObject) => toIsoOrNull(row.created_at) ?? '';
		const offset = (page - 1) * perPage;
		const total = toNumberOrNull(response.body.total) ?? undefined;
		return {
			// Sorted anyway, so a change of order can't confuse the trigger.
			entries: newestFirst(rows, created).map((row) => ({
				fax: toUnified(row),
				createdAt: created(row),
				inbound: row.direction === 'inbound',
			})),
			offset,
			total,
			hasMore:
				response.body.has_more === true ||
				(response.body.has_more === undefined &&
					(total !== undefined ? offset + rows.length < total : rows.length >= perPage)),
			order: 'newestFirst',
		};
	},

	// Status reads have no published limit; sends share 60/min. Every 5 s, then 15 s.
	pollIntervalSeconds: (elapsedSeconds) => (elapsedSeconds < 120 ? 5 : 15),

	scheduledFaxes: {
		list: async (transport, limit) => await listRows(transport, '/v1/scheduled', limit),
		get: async (transport, id) =>
			await getOne(
				transport,
				`/v1/scheduled/${idSegment(id, 'scheduledFax', DISPLAY_NAME)}`,
				'scheduled fax',
				id,
			),
		async cancel(transport, id) {
			const response = await transport.request({
				method: 'DELETE',
				path: `/v1/scheduled/${idSegment(id, 'scheduledFax', DISPLAY_NAME)}`,
				// Cancelling twice is harmless: the second answers that it is no longer pending.
				retry: 'safe',
				rateLimitBucket: 'write',
			});
			return { id, ...deleted(response.body, 'scheduled fax') };
		},
	},

	contacts: {
		list: async (transport, limit) => await listRows(transport, '/v1/contacts', limit),
		async create(transport, contact) {
			const response = await transport.request({
				method: 'POST',
				path: '/v1/contacts',
				body: {
					name: contact.name,
					fax_number: contact.faxNumber,
					...(contact.company ? { company: contact.company } : {}),
				},
				// Fax numbers are unique per account, so a repeat can't create a second contact.
				retry: 'safe',
				rateLimitBucket: 'write',
			});
			return unwrapResource(response.body);
		},
		async delete(transport, id) {
			const response = await transport.request({
				method: 'DELETE',
				path: `/v1/contacts/${idSegment(id, 'contact', DISPLAY_NAME)}`,
				retry: 'safe',
				rateLimitBucket: 'write',
			});
			return { id, deleted: true, ...deleted(response.body, 'contact') };
		},
	},

	numbers: {
		list: async (transport) => await listRows(transport, '/v1/numbers'),
	},

	locatorPage: sendFaxMailLocatorPage,
};

export { toUnified as sendFaxMailToUnified, parseError as parseSendFaxMailError };
