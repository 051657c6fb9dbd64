import type { IExecuteFunctions } from 'n8n-workflow';

import { sharedStateKind, sharedStore } from '../../sharedState';
import type { SharedStore } from '../../sharedState';

/** The Fax node's shared store, as its "Shared State" parameter says. */
export async function sharedStoreOf(
	ctx: IExecuteFunctions,
	itemIndex: number,
): Promise<SharedStore> {
	const kind = sharedStateKind(ctx.getNodeParameter('sharedState', itemIndex, 'none'));
	return await sharedStore(kind, async () => await ctx.getCredentials('redis', itemIndex));
}
