import type { IDataObject } from 'n8n-workflow';

import { messageIn } from './errorText';
import { toIsoOrNull, toNumberOrNull, toStringOrNull, unifiedFax } from './normalize';
import type { FaxStatus, UnifiedFax } from './types';
import { isFinalStatus } from './types';

/**
 * A fax still in progress that has not changed for this long is reported `failed`: faxrocks
 * never confirmed it. Faxes normally finish within minutes (busy lines retry for a few more);
 * 2 hours leaves room for long documents and queues while still ending a wait or alert.
 */
export const NO_CONFIRMATION_LIMIT_MS = 2 * 3600 * 1000;
export const NO_CONFIRMATION = 'NO_CONFIRMATION';

/**
 * faxrocks' `status` and `sent_at` are undocumented beyond the sample (`status: true`,
 * `error: null`, `sent_at` a unix time). `sent_at` is read as when the fax is (to be) sent, so
 * a later time than the row's creation marks a scheduled fax.
 */
function scheduledFor(row: IDataObject): string | null {
	const sentAt = toIsoOrNull(row.sent_at);
	const created = toIsoOrNull(row.created_at);
	if (!sentAt || !created) return toIsoOrNull(row.scheduled_at);
	return Date.parse(sentAt) - Date.parse(created) > 60_000 ? sentAt : null;
}

/**
 * Both readings of `status` are accepted (the docs show only `true` with `error: null`):
 * - `true` is delivered.
 * - `null`/absent is in progress, and so is `false` with no error text while not every page
 *   was sent: `status` may be a boolean column that starts false.
 * - `false` with error text is failed, partial when some but not all pages went out; `false`
 *   with no error text once every page was sent is failed (faxrocks did not confirm it).
 * - String statuses are accepted too, in case the API changes to them.
 */
function mapStatus(row: IDataObject, nowMs: number): FaxStatus {
	const status = row.status;
	const pages = toNumberOrNull(row.pages);
	const pagesSent = toNumberOrNull(row.pages_sent) ?? 0;
	const errorText = messageIn(row.error);
	const someSent = pages !== null && pagesSent > 0 && pagesSent < pages;
	if (status === true || status === 1 || status === 'delivered' || status === 'success')
		return 'delivered';
	if (status === 'failed' || status === 'error') return someSent ? 'partial' : 'failed';
	if (status === false || status === 0) {
		if (errorText) return someSent ? 'partial' : 'failed';
		const allSent = pages !== null && pagesSent >= pages;
		if (allSent) return 'failed';
	} else if (
		typeof status === 'string' &&
		['queued', 'scheduled', 'sending', 'partial', 'cancelled'].includes(status)
	) {
		return status as FaxStatus;
	}
	const scheduledAt = scheduledFor(row);
	if (scheduledAt && Date.parse(scheduledAt) > nowMs) return 'scheduled';
	return pagesSent > 0 ? 'sending' : 'queued';
}

/** When an in-progress fax last changed: its update, creation or planned send time. */
function lastChange(row: IDataObject): number | undefined {
	const times = [row.updated_at, row.created_at, scheduledFor(row)]
		.map((value) => toIsoOrNull(value))
		.filter((value): value is string => value !== null)
		.map((value) => Date.parse(value));
	return times.length ? Math.max(...times) : undefined;
}

/** faxrocks' clock minus ours, from the last answer's `Date` header. */
let providerClockOffsetMs = 0;

/** Records the provider's clock from an answer's `Date` header; returns its now (ms). */
export function observeProviderClock(dateHeader: string | undefined): number {
	const dated = Date.parse(dateHeader ?? '');
	if (!Number.isNaN(dated)) providerClockOffsetMs = dated - Date.now();
	return Date.now() + providerClockOffsetMs;
}

/**
 * A faxrocks list row as a unified fax. `nowMs` is the provider's clock (its `Date` header)
 * where known, so the no-confirmation limit and the scheduled check don't depend on our
 * clock's skew: row times are compared with the clock that wrote them.
 */
export function faxRocksToUnified(
	row: IDataObject,
	nowMs = Date.now() + providerClockOffsetMs,
): UnifiedFax {
	let status = mapStatus(row, nowMs);
	const errorText = messageIn(row.error) ?? null;
	let error: UnifiedFax['error'] =
		errorText || status === 'failed' || status === 'partial'
			? { code: null, message: errorText ?? `Fax ${status}` }
			: null;
	const changed = lastChange(row);
	if (
		(status === 'queued' || status === 'sending') &&
		changed !== undefined &&
		nowMs - changed > NO_CONFIRMATION_LIMIT_MS
	) {
		status = 'failed';
		error = {
			code: NO_CONFIRMATION,
			message:
				'No delivery confirmation came from faxrocks: the fax has shown no progress for over 2 hours, so it is reported as failed. Check it in faxrocks before sending it again.',
		};
	}
	const final = isFinalStatus(status);
	return unifiedFax('faxRocks', {
		id: toStringOrNull(row.id),
		to: toStringOrNull(row.number),
		status,
		pages: toNumberOrNull(row.pages),
		pagesSent: toNumberOrNull(row.pages_sent),
		scheduledAt: scheduledFor(row),
		sentAt: toIsoOrNull(row.sent_at),
		completedAt:
			final && error?.code !== NO_CONFIRMATION
				? toIsoOrNull(row.completed_at ?? row.updated_at)
				: null,
		cost: toNumberOrNull(row.price),
		error,
		raw: row,
	});
}
