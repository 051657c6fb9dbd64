import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';

import type { FaxProviderAdapter } from '../../providers/types';
import { requirePart, rowsToItems } from '../shared/providerResource';
import { readResourceId } from '../shared/resourceIds';

export const description: INodeProperties[] = [
	{
		displayName: 'Contact ID',
		name: 'contactId',
		type: 'string',
		required: true,
		default: '',
		placeholder: 'e.g. contact_abc123',
		description: 'ID of the contact (contact_…), from Create or List',
		displayOptions: { show: { resource: ['contact'], operation: ['delete'] } },
	},
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
