/**
 * Remembers, per provider account and rate-limit bucket, until when the provider has said
 * no more requests will be accepted, so the next request waits instead of being refused.
 * Module state on purpose: it outlives one execution, like the provider's own windows.
 * Reading the provider's headers is rateLimitHeaders' job; this file only keeps the result.
 */

/** Longest a block is remembered: a provider announcing more is asked again after this. */
export const MAX_REMEMBERED_BLOCK_MS = 3_600_000;

export interface Block {
	untilMs: number;
	/** Why, for the user: e.g. "its day limit (500 requests)". */
	reason?: string;
	/** The provider's own announced end when it was further than the block was kept. */
	announcedUntilMs?: number;
}

const blocks = new Map<string, Block>();

export function currentBlock(bucketKey: string, nowMs: number): Block | undefined {
	const block = blocks.get(bucketKey);
	if (block === undefined) return undefined;
	if (block.untilMs <= nowMs) {
		blocks.delete(bucketKey);
		return undefined;
	}
	return block;
}

export function millisecondsUntilAllowed(bucketKey: string, nowMs: number): number {
	const block = currentBlock(bucketKey, nowMs);
	return block ? block.untilMs - nowMs : 0;
}

/**
 * Blocks the bucket until `epochMs`, at most {@link MAX_REMEMBERED_BLOCK_MS} ahead: a reset
 * far in the future (a bogus header, a year away) must not stop every request until n8n
 * restarts. The announced end is kept for the error message.
 */
export function blockUntil(
	bucketKey: string,
	epochMs: number,
	nowMs: number,
	reason?: string,
): void {
	const capped = Math.min(epochMs, nowMs + MAX_REMEMBERED_BLOCK_MS);
	const current = blocks.get(bucketKey);
	if (current && current.untilMs >= capped) return;
	blocks.set(bucketKey, {
		untilMs: capped,
		reason,
		announcedUntilMs: epochMs > capped ? epochMs : undefined,
	});
}

/** For tests and benchmarks that start from a clean provider account. */
export function resetRateLimitState(): void {
	blocks.clear();
}
