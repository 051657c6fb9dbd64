import type { IExecuteFunctions } from 'n8n-workflow';

import { checkedId, ID_FIELDS, type IdKind } from '../../providers/ids';
import type { FaxProviderAdapter } from '../../providers/types';

/** A resource locator's value, or the plain parameter. */
function parameterValue(value: unknown): unknown {
	if (value && typeof value === 'object' && 'value' in value)
		return (value as { value: unknown }).value;
	return value;
}

/**
 * The item's Fax, Scheduled Fax or Contact ID, checked against the provider's ID format before
 * any request, so `.`, `..`, `a/b` or a note mapped into the field never reaches another route.
 */
export function readResourceId(
	ctx: IExecuteFunctions,
	itemIndex: number,
	adapter: FaxProviderAdapter,
	kind: IdKind,
): string {
	const raw = parameterValue(ctx.getNodeParameter(ID_FIELDS[kind].field, itemIndex, ''));
	return checkedId(raw, kind, adapter.displayName, adapter.idFormats?.[kind]);
}
