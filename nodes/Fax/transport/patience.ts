import { sleep } from 'n8n-workflow';

import { NothingSentError } from './errors';
import type { TransportContext } from './httpCall';
import type { SharedStore } from '../sharedState/types';
import { MAX_REMEMBERED_BLOCK_MS, nextAllowed } from './rateLimiter';

export interface PatienceOptions {
	itemIndex: number;
	/** Longest the node may wait for a provider's rate limit before giving up, in seconds. */
	maxRateLimitWaitSeconds: number;
	/** Told about every wait so the user sees progress, e.g. in the log. */
	onWait?: (seconds: number, reason: string) => void;
	/** What the user can do when a rate limit needs a longer wait than allowed (default: advice for the Fax node). */
	rateLimitAdvice?: string;
}

/** "45 s" (up to 5 min), "12 min", "3 h 5 min", "365 days". */
export function formatWait(ms: number): string {
	const seconds = Math.ceil(ms / 1000);
	if (seconds <= 300) return `${seconds} s`;
	const minutes = Math.round(seconds / 60);
	if (minutes < 120) return `${minutes} min`;
	const hours = Math.floor(minutes / 60);
	if (hours < 48) return `${hours} h${minutes % 60 ? ` ${minutes % 60} min` : ''}`;
	return `${Math.round(hours / 24)} days`;
}

/**
 * Waiting out a provider's rate-limit window for one request, within the user's patience
 * ("Max Rate-Limit Wait"): a longer wait fails the item at once, naming the wait and, where
 * the provider said, which limit is used up.
 */
export function createPatience(
	ctx: TransportContext,
	providerName: string,
	options: PatienceOptions,
	store: SharedStore,
) {
	const maxWaitMs = options.maxRateLimitWaitSeconds * 1000;
	return {
		/** Waits until the bucket's window allows a request; returns the total waited so far. */
		async untilAllowed(bucketKey: string, waitedMs: number): Promise<number> {
			const nowMs = Date.now();
			// Fails (Redis down) before the request is made: nothing is sent.
			const block = await nextAllowed(store, bucketKey, nowMs);
			if (!block) return waitedMs;
			const ms = block.untilMs - nowMs;
			if (waitedMs + ms > maxWaitMs) {
				const announcedMs = (block.announcedUntilMs ?? block.untilMs) - nowMs;
				const which = block.reason ? ` ${providerName}'s ${block.reason} is used up.` : '';
				const capped = block.announcedUntilMs
					? ` The node does not hold on to that: it asks ${providerName} again after at most ${formatWait(MAX_REMEMBERED_BLOCK_MS)}.`
					: '';
				// The request was not made: nothing was sent by it.
				throw new NothingSentError(
					ctx.getNode(),
					`${providerName} rate limit: the next request is allowed in ${formatWait(announcedMs)}, longer than the maximum wait of ${options.maxRateLimitWaitSeconds} s.${which}${capped}`,
					{
						itemIndex: options.itemIndex,
						description:
							options.rateLimitAdvice ??
							'Raise "Max Rate-Limit Wait" in the node options, send fewer faxes per run, or try again later. Nothing was sent by this request.',
					},
				);
			}
			const reason = `${providerName} rate limit${block.reason ? ` (${block.reason})` : ''}`;
			options.onWait?.(Math.ceil(ms / 1000), reason);
			ctx.logger.info(`Fax node waiting ${Math.ceil(ms / 1000)} s: ${reason}`);
			await sleep(ms);
			return waitedMs + ms;
		},
	};
}
