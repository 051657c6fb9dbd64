import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

import type { FaxProviderAdapter } from '../../providers/types';
import type { ProviderTransport } from '../../transport/types';
import { transportFor } from './transport';

/** The adapter's part for a resource, or a clear error when the provider lacks it. */
export function requirePart<K extends 'account' | 'scheduledFaxes' | 'contacts' | 'numbers'>(
	adapter: FaxProviderAdapter,
	part: K,
	label: string,
): NonNullable<FaxProviderAdapter[K]> {
	const value = adapter[part];
	if (!value) throw new Error(`${adapter.displayName} has no ${label}`);
	return value as NonNullable<FaxProviderAdapter[K]>;
}

/** Runs one call against the provider and turns its rows into output items. */
export async function rowsToItems(
	ctx: IExecuteFunctions,
	itemIndex: number,
	adapter: FaxProviderAdapter,
	call: (transport: ProviderTransport) => Promise<IDataObject | IDataObject[]>,
): Promise<INodeExecutionData[]> {
	const transport = await transportFor(ctx, adapter, itemIndex);
	const result = await call(transport);
	return (Array.isArray(result) ? result : [result]).map((json) => ({ json }));
}

export function requiredString(ctx: IExecuteFunctions, name: string, itemIndex: number): string {
	return String(ctx.getNodeParameter(name, itemIndex, '') ?? '').trim();
}
