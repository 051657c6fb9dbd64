import type { IPollFunctions } from 'n8n-workflow';

import { DEFAULT_TIMEOUT_MS } from '../Fax/transport/retryPolicy';

/** The longest a poll waits for a provider's rate limit (n8n without a poll budget). */
const MAX_RATE_LIMIT_WAIT_SECONDS = 30;

/**
 * How much one poll may spend. n8n-workflow 2.38 and later give poll nodes
 * `getPollBudgetMs()`: the time before n8n abandons the poll (with the durable scheduler
 * `min(N8N_SCHEDULER_POLL_TIMEOUT, lease)` less a margin, about 36 s by default; five minutes
 * otherwise). Older n8n has no budget and never abandons a poll.
 */
export interface PollPace {
	/** n8n's budget in ms, or undefined when this n8n has none. */
	budgetMs: number | undefined;
	/** Longest wait for a provider's rate limit within this poll. */
	maxRateLimitWaitSeconds: number;
	/** Timeout of one request within this poll (undefined: the transport's default). */
	requestTimeoutMs: number | undefined;
	/**
	 * Whether the optional second read (catching up after a burst, looking up a fax in flight)
	 * still fits: at most half the budget may be gone. Skipping it loses nothing; the next
	 * poll reads on from the same place.
	 */
	roomForSecondRead(): boolean;
}

/** n8n's poll budget, feature-detected: undefined on n8n versions without `getPollBudgetMs`. */
export function pollBudgetMs(ctx: IPollFunctions): number | undefined {
	const read = (ctx as Partial<{ getPollBudgetMs: () => unknown }>).getPollBudgetMs;
	if (typeof read !== 'function') return undefined;
	const budget = Number(read.call(ctx));
	return Number.isFinite(budget) ? Math.max(0, budget) : undefined;
}

export function pollPace(ctx: IPollFunctions): PollPace {
	const startedAt = Date.now();
	const budgetMs = pollBudgetMs(ctx);
	if (budgetMs === undefined) {
		return {
			budgetMs,
			maxRateLimitWaitSeconds: MAX_RATE_LIMIT_WAIT_SECONDS,
			requestTimeoutMs: undefined,
			roomForSecondRead: () => true,
		};
	}
	// A quarter of the budget each: a rate-limit wait, and a request that gets no answer.
	const quarterMs = Math.floor(budgetMs / 4);
	return {
		budgetMs,
		maxRateLimitWaitSeconds: Math.min(MAX_RATE_LIMIT_WAIT_SECONDS, Math.floor(quarterMs / 1000)),
		requestTimeoutMs: Math.min(DEFAULT_TIMEOUT_MS, Math.max(1000, quarterMs)),
		roomForSecondRead: () => Date.now() - startedAt < budgetMs / 2,
	};
}
