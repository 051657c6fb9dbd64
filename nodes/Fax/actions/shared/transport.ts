import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import type { FaxProviderAdapter } from '../../providers/types';
import { createTransport } from '../../transport/request';
import type { ProviderTransport } from '../../transport/types';
import { sharedStoreOf } from './sharedStore';

export const DEFAULT_MAX_RATE_LIMIT_WAIT_SECONDS = 120;
export const DEFAULT_REQUEST_TIMEOUT_SECONDS = 120;

function positiveOr(value: unknown, fallback: number, min: number): number {
	const number = Number(value ?? fallback);
	return Number.isFinite(number) && number >= min ? number : fallback;
}

/** The provider transport for one item, with the user's rate-limit patience. */
export async function transportFor(
	ctx: IExecuteFunctions,
	adapter: FaxProviderAdapter,
	itemIndex: number,
	options: IDataObject = {},
): Promise<ProviderTransport> {
	return await createTransport(ctx, adapter, {
		itemIndex,
		maxRateLimitWaitSeconds: positiveOr(
			options.maxRateLimitWaitSeconds,
			DEFAULT_MAX_RATE_LIMIT_WAIT_SECONDS,
			0,
		),
		requestTimeoutMs:
			positiveOr(options.requestTimeoutSeconds, DEFAULT_REQUEST_TIMEOUT_SECONDS, 1) * 1000,
		sharedStore: await sharedStoreOf(ctx, itemIndex),
		onWait: (seconds, reason) => {
			ctx.sendMessageToUI(`Fax: waiting ${seconds} s (${reason})`);
		},
	});
}
