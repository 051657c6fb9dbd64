import type { IDataObject } from 'n8n-workflow';

import { processStore } from '../sharedState/memoryStore';
import type { SharedStore } from '../sharedState/types';

/**
 * Per provider account and rate-limit bucket, the shared store (this process, or Redis for
 * every n8n process) remembers until when the provider said no more requests are accepted,
 * the bucket's limit per window, and how many requests each window has had, so the next
 * request waits instead of being refused — also when another worker made the earlier ones.
 */
const BLOCKED = 'rl:blocked:';
const LIMIT = 'rl:limit:';
const WINDOW = 'rl:window:';
/**
 * Longest window paced on (FaxDrop's per-minute bucket), with some clock skew. A reset
 * announced further ahead (an hour or day bucket, or a provider clock far from ours) is left
 * to the provider's headers and 429s instead of a long local wait.
 */
const WINDOW_MS = 60_000;
const CLOCK_SLACK_MS = 5_000;
const LIMIT_MEMORY_MS = 24 * 3600_000;

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
function resetToEpochMs(reset: number, nowMs: number): number {
	if (reset > 1e12) return reset;
	if (reset > 1e9) return reset * 1000;
	return nowMs + reset * 1000;
}

/** Seconds from a `Retry-After` header (delay or HTTP date) or a body's `retry_after`. */
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

/** How long a request in this bucket must wait: a block the provider announced, else the shared window count. */
export async function millisecondsUntilAllowed(
	store: SharedStore,
	bucketKey: string,
	nowMs: number,
): Promise<number> {
	const until = Number((await store.get(BLOCKED + bucketKey)) ?? 0);
	if (until > nowMs) return until - nowMs;
	return await reserveInWindow(store, bucketKey, nowMs);
}

/**
 * Shared pacing: counts this request in the provider's current fixed window (learned from
 * X-RateLimit-Limit and -Reset) with one atomic increment; over the limit, it waits for the
 * next window. Unknown limit: no pacing, the provider's headers and 429s still rule.
 */
async function reserveInWindow(
	store: SharedStore,
	bucketKey: string,
	nowMs: number,
): Promise<number> {
	const known = await store.get(LIMIT + bucketKey);
	if (!known) return 0;
	const [limit, reset] = known.split(':').map(Number);
	// Once the window has passed, the next answer announces the new one.
	if (!(limit > 0) || !Number.isFinite(reset) || reset <= nowMs) return 0;
	const count = await store.increment(`${WINDOW}${bucketKey}:${reset}`, reset - nowMs + WINDOW_MS);
	return count > limit ? reset - nowMs : 0;
}

export async function recordRateLimitHeaders(
	store: SharedStore,
	bucketKey: string,
	headers: IDataObject,
	nowMs: number,
): Promise<void> {
	const remaining = toNumber(header(headers, 'x-ratelimit-remaining'));
	const reset = toNumber(header(headers, 'x-ratelimit-reset'));
	if (reset === undefined) return;
	const resetMs = resetToEpochMs(reset, nowMs);
	if (remaining !== undefined && remaining <= 0) {
		await blockUntil(store, bucketKey, resetMs);
	}
	const limit = toNumber(header(headers, 'x-ratelimit-limit'));
	// Whole seconds, so every process names the same window the same way.
	const windowEnd = Math.ceil(resetMs / 1000) * 1000;
	const plausible = windowEnd > nowMs && windowEnd - nowMs <= WINDOW_MS + CLOCK_SLACK_MS;
	if (limit !== undefined && limit > 0 && plausible) {
		await store.put(LIMIT + bucketKey, `${limit}:${windowEnd}`, LIMIT_MEMORY_MS);
		if (remaining !== undefined) {
			// The provider's count is the truth: requests made elsewhere with this key count too.
			await store.raiseTo(
				`${WINDOW}${bucketKey}:${windowEnd}`,
				limit - remaining,
				windowEnd - nowMs + WINDOW_MS,
			);
		}
	}
}

export async function blockUntil(
	store: SharedStore,
	bucketKey: string,
	epochMs: number,
): Promise<void> {
	await store.raiseTo(BLOCKED + bucketKey, epochMs, Math.max(1, epochMs - Date.now()));
}

/** For tests and benchmarks that start from a clean provider account. */
export function resetRateLimitState(): void {
	processStore.clear('rl:');
}
