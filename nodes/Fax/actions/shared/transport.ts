import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import type { FaxProviderAdapter } from '../../providers/types';
import { createTransport } from '../../transport/request';
import type { ProviderTransport } from '../../transport/types';
import { sharedStoreOf } from './sharedStore';

export const DEFAULT_MAX_RATE_LIMIT_WAIT_SECONDS = 120;

/** The provider transport for one item, with the user's rate-limit patience. */
export async function transportFor(
	ctx: IExecuteFunctions,
	adapter: FaxProviderAdapter,
	itemIndex: number,
	options: IDataObject = {},
): Promise<ProviderTransport> {
	const maxWait = Number(options.maxRateLimitWaitSeconds ?? DEFAULT_MAX_RATE_LIMIT_WAIT_SECONDS);
	return await createTransport(ctx, adapter, {
		itemIndex,
		maxRateLimitWaitSeconds:
			Number.isFinite(maxWait) && maxWait >= 0 ? maxWait : DEFAULT_MAX_RATE_LIMIT_WAIT_SECONDS,
		sharedStore: await sharedStoreOf(ctx, itemIndex),
		onWait: (seconds, reason) => {
			ctx.sendMessageToUI(`Fax: waiting ${seconds} s (${reason})`);
		},
	});
}
