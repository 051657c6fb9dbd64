import type { IDataObject } from 'n8n-workflow';

/**
 * Remembers, per provider account and rate-limit bucket, until when the provider has said
 * no more requests will be accepted, so the next request waits instead of being refused.
 * Module state on purpose: it outlives one execution, like the provider's own windows.
 */
const blockedUntil = new Map<string, number>();

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

export function millisecondsUntilAllowed(bucketKey: string, nowMs: number): number {
	const until = blockedUntil.get(bucketKey);
	if (until === undefined) return 0;
	if (until <= nowMs) {
		blockedUntil.delete(bucketKey);
		return 0;
	}
	return until - nowMs;
}

export function recordRateLimitHeaders(
	bucketKey: string,
	headers: IDataObject,
	nowMs: number,
): void {
	const remaining = toNumber(header(headers, 'x-ratelimit-remaining'));
	const reset = toNumber(header(headers, 'x-ratelimit-reset'));
	if (remaining !== undefined && remaining <= 0 && reset !== undefined) {
		blockUntil(bucketKey, resetToEpochMs(reset, nowMs));
	}
}

export function blockUntil(bucketKey: string, epochMs: number): void {
	const current = blockedUntil.get(bucketKey) ?? 0;
	if (epochMs > current) blockedUntil.set(bucketKey, epochMs);
}

/** For tests and benchmarks that start from a clean provider account. */
export function resetRateLimitState(): void {
	blockedUntil.clear();
}
