import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';

import type { FaxProviderAdapter } from '../../providers/types';
import { contactIdFields } from '../shared/locators';
import { requirePart, rowsToItems } from '../shared/providerResource';
import { readResourceId } from '../shared/resourceIds';

export const description: INodeProperties[] = [
	...contactIdFields({ resource: ['contact'], operation: ['delete'] }),
];

export async function execute(
	this: IExecuteFunctions,
	itemIndex: number,
	adapter: FaxProviderAdapter,
): Promise<INodeExecutionData[]> {
	const contacts = requirePart(adapter, 'contacts', 'contacts');
	const id = readResourceId(this, itemIndex, adapter, 'contact');
	return await rowsToItems(
		this,
		itemIndex,
		adapter,
		async (transport) => await contacts.delete(transport, id),
	);
}
