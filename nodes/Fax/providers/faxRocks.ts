import type { IDataObject } from 'n8n-workflow';

import { FaxInputError } from '../helpers/errors';
import type { ProviderErrorInfo } from '../transport/types';
import {
	FAXROCKS_DISPLAY_NAME as DISPLAY_NAME,
	MAX_PER_PAGE,
	createdAt,
	listPage,
	readNewestPage,
} from './faxRocksList';
import { sendOrSchedule } from './faxRocksSend';
import { faxRocksToUnified as toUnified } from './faxRocksStatus';
import { messageIn } from './errorText';
import { checkedId, idSegment } from './ids';
import { newestFirst, unwrapResource } from './normalize';
import type {
	DownloadedFile,
	FaxProviderAdapter,
	ListNewestPage,
	ListRequest,
	ScheduleRequest,
	UnifiedFax,
} from './types';

/** "The id field is an alphanumeric string (lowercase letters and numbers)"; either case is accepted. */
const ID_FORMATS = {
	fax: { pattern: /^[A-Za-z0-9]+$/, looksLike: 'letters and digits only' },
};

function parseError(statusCode: number, body: unknown): ProviderErrorInfo {
	const object = (body && typeof body === 'object' ? body : {}) as IDataObject;
	// Documented (Laravel): `{ message, errors? }` with strings; other shapes are read safely.
	const message = messageIn(object) ?? `HTTP ${statusCode}`;
	const fieldErrors = object.errors;
	const details =
		fieldErrors && typeof fieldErrors === 'object'
			? Object.values(fieldErrors)
					.flatMap((value: unknown) => (Array.isArray(value) ? value : [value]))
					.slice(0, 10)
					.flatMap((value: unknown) => messageIn(value) ?? [])
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

	async listNewest(transport, request): Promise<ListNewestPage> {
		return await readNewestPage(transport, request);
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
