import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';

import type { FaxProviderAdapter } from '../../providers/types';
import { scheduledFaxIdFields } from '../shared/locators';
import { requirePart, rowsToItems } from '../shared/providerResource';
import { readResourceId } from '../shared/resourceIds';

export const description: INodeProperties[] = [
	...scheduledFaxIdFields({ resource: ['scheduledFax'], operation: ['get'] }),
];

export async function execute(
	this: IExecuteFunctions,
	itemIndex: number,
	adapter: FaxProviderAdapter,
): Promise<INodeExecutionData[]> {
	const scheduled = requirePart(adapter, 'scheduledFaxes', 'scheduled faxes');
	const id = readResourceId(this, itemIndex, adapter, 'scheduledFax');
	return await rowsToItems(
		this,
		itemIndex,
		adapter,
		async (transport) => await scheduled.get(transport, id),
	);
}
