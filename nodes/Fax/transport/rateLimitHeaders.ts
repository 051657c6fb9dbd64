import type { IDataObject } from 'n8n-workflow';

/**
 * Pure reading of a provider's rate-limit announcements: no state, no clock of its own.
 * Where the answer is kept (process memory, a shared store) is rateLimiter's business.
 */

export type RateLimitWindow = 'minute' | 'hour' | 'day';

const WINDOW_MS: Record<RateLimitWindow, number> = {
	minute: 60_000,
	hour: 3_600_000,
	day: 86_400_000,
};

/** Header suffix of each window: FaxDrop documents `X-RateLimit-*` plus `-Hour` and `-Day` sets. */
const SUFFIX: Record<RateLimitWindow, string> = { minute: '', hour: '-hour', day: '-day' };

export interface ExhaustedWindow {
	window: RateLimitWindow;
	/** The window's request limit, when announced. */
	limit?: number;
	/** Epoch ms from which the provider accepts requests again (as announced, not capped). */
	resetAtMs: number;
}

function header(headers: IDataObject, name: string): string | undefined {
	const value = headers[name.toLowerCase()];
	if (value === undefined || value === null) return undefined;
	return Array.isArray(value) ? String(value[0]) : String(value);
}

function toNumber(value: string | undefined): number | undefined {
	if (value === undefined || value.trim() === '') return undefined;
	const parsed = Number(value);
	return Number.isFinite(parsed) ? parsed : undefined;
}

/** `X-RateLimit-Reset` may be an epoch (seconds or ms) or a delay in seconds. */
export function resetToEpochMs(reset: number, nowMs: number): number {
	if (reset > 1e12) return reset;
	if (reset > 1e9) return reset * 1000;
	return nowMs + Math.max(0, reset) * 1000;
}

/**
 * Seconds from a `Retry-After` header (delay or HTTP date) or a body's `retry_after`;
 * never negative. The caller applies its own floor (a `0` must not mean "hammer now").
 */
export function parseRetryAfter(
	value: string | number | undefined,
	nowMs: number,
): number | undefined {
	if (value === undefined) return undefined;
	const asNumber = typeof value === 'number' ? value : toNumber(value);
	if (asNumber !== undefined) return Math.max(0, asNumber);
	const asDate = Date.parse(String(value));
	if (Number.isNaN(asDate)) return undefined;
	return Math.max(0, (asDate - nowMs) / 1000);
}

/**
 * The used-up window that frees up last, from `X-RateLimit-Remaining[-Hour|-Day]: 0` and
 * its reset. The docs show a reset header only for the minute set; an hour or day window
 * without `X-RateLimit-Reset-Hour|-Day` is assumed to be a fixed window ending at the next
 * full UTC hour / UTC midnight (the earliest plausible reading: if the provider still
 * refuses then, its 429 and Retry-After say for how long).
 */
export function exhaustedWindow(headers: IDataObject, nowMs: number): ExhaustedWindow | undefined {
	let latest: ExhaustedWindow | undefined;
	for (const window of Object.keys(WINDOW_MS) as RateLimitWindow[]) {
		const suffix = SUFFIX[window];
		const remaining = toNumber(header(headers, `x-ratelimit-remaining${suffix}`));
		if (remaining === undefined || remaining > 0) continue;
		const reset = toNumber(header(headers, `x-ratelimit-reset${suffix}`));
		const length = WINDOW_MS[window];
		let resetAtMs: number;
		if (reset !== undefined) resetAtMs = resetToEpochMs(reset, nowMs);
		else if (window === 'minute') continue;
		else resetAtMs = (Math.floor(nowMs / length) + 1) * length;
		if (!latest || resetAtMs > latest.resetAtMs) {
			latest = {
				window,
				limit: toNumber(header(headers, `x-ratelimit-limit${suffix}`)),
				resetAtMs,
			};
		}
	}
	return latest;
}

/** "hour limit (30 requests)" for messages. */
export function describeWindow(window: ExhaustedWindow): string {
	const limit = window.limit !== undefined ? ` (${window.limit} requests)` : '';
	return `${window.window} limit${limit}`;
}

export interface AnnouncedMinuteWindow {
	limit: number;
	/** Requests left in the window, when announced. */
	remaining?: number;
	/** Epoch ms at which the window ends, rounded up to a whole second. */
	resetAtMs: number;
}

/**
 * The per-minute window (`X-RateLimit-Limit`, `-Remaining`, `-Reset`) as announced, for
 * pacing across processes. Whole seconds, so every process names the same window the same way.
 */
export function announcedMinuteWindow(
	headers: IDataObject,
	nowMs: number,
): AnnouncedMinuteWindow | undefined {
	const limit = toNumber(header(headers, 'x-ratelimit-limit'));
	const reset = toNumber(header(headers, 'x-ratelimit-reset'));
	if (limit === undefined || !(limit > 0) || reset === undefined) return undefined;
	return {
		limit,
		remaining: toNumber(header(headers, 'x-ratelimit-remaining')),
		resetAtMs: Math.ceil(resetToEpochMs(reset, nowMs) / 1000) * 1000,
	};
}
