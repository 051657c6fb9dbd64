import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';

import type { FaxProviderAdapter } from '../../providers/types';
import { limitField, readLimit, returnAllField } from '../fax/list.operation';
import { requirePart, rowsToItems } from '../shared/providerResource';

const showFor = { resource: ['scheduledFax'], operation: ['list'] };

export const description: INodeProperties[] = [
	{ ...returnAllField, displayOptions: { show: showFor } },
	{ ...limitField, displayOptions: { show: { ...showFor, returnAll: [false] } } },
];

export async function execute(
	this: IExecuteFunctions,
	itemIndex: number,
	adapter: FaxProviderAdapter,
): Promise<INodeExecutionData[]> {
	const scheduled = requirePart(adapter, 'scheduledFaxes', 'scheduled faxes');
	const limit = readLimit(this, itemIndex);
	return await rowsToItems(
		this,
		itemIndex,
		adapter,
		async (transport) => await scheduled.list(transport, limit),
	);
}
