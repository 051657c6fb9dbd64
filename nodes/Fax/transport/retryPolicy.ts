import { classifyNetworkCode, neverLeft } from './networkErrors';
import type { RetryPolicy } from './types';

/**
 * When a failed request is repeated. Every limit here bounds how long one request can keep
 * an item (and an n8n worker) busy: at most MAX_ATTEMPTS sends after errors, a timed-out read
 * at most MAX_TIMEOUT_ATTEMPTS (a timed-out send never: it may have gone out), and 429s are
 * waited out at most MAX_RATE_LIMITED_TRIES times, each wait at least MIN_RATE_LIMIT_WAIT_MS
 * (a `Retry-After: 0` once meant 300 requests in a second).
 */
export const MAX_ATTEMPTS = 3;
export const MAX_TIMEOUT_ATTEMPTS = 2;
export const BACKOFF_MS = [1000, 3000];
export const MIN_RATE_LIMIT_WAIT_MS = 1000;
export const MAX_RATE_LIMITED_TRIES = 5;
export const DEFAULT_TIMEOUT_MS = 120_000;
/** Same-origin redirects followed for reads (a provider moving a path). */
export const MAX_SAME_ORIGIN_REDIRECTS = 3;

export function isTimeout(code: string): boolean {
	return classifyNetworkCode(code) === 'timeout';
}

/** Whether the request may have created a fax. */
export function mayCreateFax(policy: RetryPolicy): boolean {
	return policy !== 'safe';
}

export type Failure = { kind: 'network'; code: string } | { kind: 'serverError' };

/**
 * - `retry`: send it again after `BACKOFF_MS[attempt - 1]`;
 * - `uncertain`: the provider may have acted on it and repeating could send a fax twice;
 * - `fail`: an error for the item (nothing was sent, or it is a read).
 */
export type Decision = 'retry' | 'uncertain' | 'fail';

export function afterFailure(policy: RetryPolicy, failure: Failure, attempt: number): Decision {
	const attemptsLeft = attempt < MAX_ATTEMPTS;
	if (failure.kind === 'network') {
		const kind = classifyNetworkCode(failure.code);
		// A certificate does not change within seconds: asking again only delays the error.
		if (kind === 'tls') return 'fail';
		if (neverLeft(kind)) return attemptsLeft ? 'retry' : 'fail';
	}
	// A send that hung may have gone out. A read is tried once more: a single lost answer is
	// common, but a provider that hangs twice will likely hang again.
	if (failure.kind === 'network' && isTimeout(failure.code)) {
		if (mayCreateFax(policy)) return 'uncertain';
		return attempt < MAX_TIMEOUT_ATTEMPTS ? 'retry' : 'fail';
	}
	if (policy === 'once') return 'uncertain';
	if (attemptsLeft) return 'retry';
	return policy === 'idempotent' ? 'uncertain' : 'fail';
}

/** Wait before repeating a request refused with 429: the provider's, but at least the floor. */
export function rateLimitWaitMs(announcedSeconds: number | undefined): number {
	return Math.max(MIN_RATE_LIMIT_WAIT_MS, Math.ceil((announcedSeconds ?? 1) * 1000));
}
