import type { ResourceDefinition } from '../types';
import { requirePart, rowsToItems } from '../shared/providerResource';

export const accountResource: ResourceDefinition = {
	value: 'account',
	name: 'Account',
	description: 'The account the credential belongs to',
	operations: [
		{
			value: 'get',
			name: 'Get',
			action: 'Get the account',
			description: 'Get the account of the API token (name, email, balance)',
			providers: ['faxRocks'],
			fields: [],
			async execute(itemIndex, adapter) {
				const account = requirePart(adapter, 'account', 'account endpoint');
				return await rowsToItems(
					this,
					itemIndex,
					adapter,
					async (transport) => await account.get(transport),
				);
			},
		},
	],
};
