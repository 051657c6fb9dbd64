import type { IDataObject } from 'n8n-workflow';

import { processStore } from '../sharedState/memoryStore';
import type { SharedStore } from '../sharedState/types';
import { announcedMinuteWindow, describeWindow, exhaustedWindow } from './rateLimitHeaders';

/**
 * Per provider account and rate-limit bucket, the shared store (this process, or Redis for
 * every n8n process) remembers until when the provider said no more requests are accepted,
 * the bucket's per-minute limit, and how many requests each window has had, so the next
 * request waits instead of being refused, also when another worker made the earlier ones.
 * Reading the provider's headers is rateLimitHeaders' job; this file only keeps the result.
 */
const BLOCKED = 'rl:blocked:';
const BLOCK_INFO = 'rl:why:';
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

/** Longest a block is remembered: a provider announcing more is asked again after this. */
export const MAX_REMEMBERED_BLOCK_MS = 3_600_000;

export interface Block {
	untilMs: number;
	/** Why, for the user: e.g. "its day limit (500 requests)". */
	reason?: string;
	/** The provider's own announced end when it was further than the block was kept. */
	announcedUntilMs?: number;
}

/** The block the provider announced for this bucket (any process), if it still holds. */
export async function currentBlock(
	store: SharedStore,
	bucketKey: string,
	nowMs: number,
): Promise<Block | undefined> {
	const untilMs = Number((await store.get(BLOCKED + bucketKey)) ?? 0);
	if (!(untilMs > nowMs)) return undefined;
	const info = await store.get(BLOCK_INFO + bucketKey);
	const details = info ? (JSON.parse(info) as Block) : undefined;
	// The details belong to the latest block only; a longer one set elsewhere has its own.
	if (details?.untilMs !== untilMs) return { untilMs };
	return { untilMs, reason: details.reason, announcedUntilMs: details.announcedUntilMs };
}

/**
 * When the next request in this bucket may go: a block the provider announced, else the
 * shared per-minute window count (this call takes a slot when one is free).
 */
export async function nextAllowed(
	store: SharedStore,
	bucketKey: string,
	nowMs: number,
): Promise<Block | undefined> {
	const block = await currentBlock(store, bucketKey, nowMs);
	if (block) return block;
	return await reserveInWindow(store, bucketKey, nowMs);
}

export async function millisecondsUntilAllowed(
	store: SharedStore,
	bucketKey: string,
	nowMs: number,
): Promise<number> {
	const block = await nextAllowed(store, bucketKey, nowMs);
	return block ? block.untilMs - nowMs : 0;
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
): Promise<Block | undefined> {
	const known = await store.get(LIMIT + bucketKey);
	if (!known) return undefined;
	const [limit, reset] = known.split(':').map(Number);
	// Once the window has passed, the next answer announces the new one.
	if (!(limit > 0) || !Number.isFinite(reset) || reset <= nowMs) return undefined;
	const count = await store.increment(`${WINDOW}${bucketKey}:${reset}`, reset - nowMs + WINDOW_MS);
	if (count <= limit) return undefined;
	return { untilMs: reset, reason: `minute limit (${limit} requests)` };
}

/**
 * Blocks the bucket until `epochMs`, at most {@link MAX_REMEMBERED_BLOCK_MS} ahead: a reset
 * far in the future (a bogus header, a year away) must not stop every request until n8n
 * restarts. The announced end is kept for the error message.
 */
export async function blockUntil(
	store: SharedStore,
	bucketKey: string,
	epochMs: number,
	nowMs: number,
	reason?: string,
): Promise<void> {
	const capped = Math.min(epochMs, nowMs + MAX_REMEMBERED_BLOCK_MS);
	if (!(capped > nowMs)) return;
	const ttlMs = capped - nowMs;
	const current = Number((await store.get(BLOCKED + bucketKey)) ?? 0);
	if (current >= capped) return;
	const details: Block = {
		untilMs: capped,
		reason,
		announcedUntilMs: epochMs > capped ? epochMs : undefined,
	};
	await store.put(BLOCK_INFO + bucketKey, JSON.stringify(details), ttlMs);
	// Atomic: a longer block set meanwhile by another process is never shortened.
	await store.raiseTo(BLOCKED + bucketKey, capped, ttlMs);
}

/**
 * Keeps what an answer's headers say: a used-up window (or a 429's Retry-After, in ms)
 * blocks the bucket; a plausible per-minute window is remembered for shared pacing.
 */
export async function recordRateLimitHeaders(
	store: SharedStore,
	bucketKey: string,
	headers: IDataObject,
	nowMs: number,
	retryAfterMs = 0,
): Promise<void> {
	const window = exhaustedWindow(headers, nowMs);
	const untilMs = Math.max(window?.resetAtMs ?? 0, retryAfterMs ? nowMs + retryAfterMs : 0);
	if (untilMs > nowMs) {
		await blockUntil(store, bucketKey, untilMs, nowMs, window ? describeWindow(window) : undefined);
	}
	const minute = announcedMinuteWindow(headers, nowMs);
	if (!minute) return;
	const windowEnd = minute.resetAtMs;
	const plausible = windowEnd > nowMs && windowEnd - nowMs <= WINDOW_MS + CLOCK_SLACK_MS;
	if (!plausible) return;
	await store.put(LIMIT + bucketKey, `${minute.limit}:${windowEnd}`, LIMIT_MEMORY_MS);
	if (minute.remaining !== undefined) {
		// The provider's count is the truth: requests made elsewhere with this key count too.
		await store.raiseTo(
			`${WINDOW}${bucketKey}:${windowEnd}`,
			minute.limit - minute.remaining,
			windowEnd - nowMs + WINDOW_MS,
		);
	}
}

/** For tests and benchmarks that start from a clean provider account. */
export function resetRateLimitState(): void {
	processStore.clear('rl:');
}
