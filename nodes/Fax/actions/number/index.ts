import type { ResourceDefinition } from '../types';
import { requirePart, rowsToItems } from '../shared/providerResource';

export const numberResource: ResourceDefinition = {
	value: 'number',
	name: 'Number',
	description: "The account's own fax numbers",
	operations: [
		{
			value: 'list',
			name: 'List',
			action: 'List fax numbers',
			description: 'List the active dedicated fax numbers of the account (scope numbers:read)',
			providers: ['sendFaxMail'],
			fields: [],
			async execute(itemIndex, adapter) {
				const numbers = requirePart(adapter, 'numbers', 'fax numbers');
				return await rowsToItems(
					this,
					itemIndex,
					adapter,
					async (transport) => await numbers.list(transport),
				);
			},
		},
	],
};
