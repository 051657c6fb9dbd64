import type { ResourceDefinition } from '../types';
import * as create from './create.operation';
import * as del from './delete.operation';
import * as list from './list.operation';

export const contactResource: ResourceDefinition = {
	value: 'contact',
	name: 'Contact',
	description: 'Address-book contacts',
	operations: [
		{
			value: 'create',
			name: 'Create',
			action: 'Create a contact',
			description:
				'Add an address-book contact; fax numbers are unique per account (scope contacts:write)',
			providers: ['sendFaxMail'],
			fields: create.description,
			execute: create.execute,
		},
		{
			value: 'delete',
			name: 'Delete',
			action: 'Delete a contact',
			description: 'Delete one address-book contact (scope contacts:write)',
			providers: ['sendFaxMail'],
			fields: del.description,
			execute: del.execute,
		},
		{
			value: 'list',
			name: 'List',
			action: 'List contacts',
			description: 'List address-book contacts, newest first (scope contacts:read)',
			providers: ['sendFaxMail'],
			fields: list.description,
			execute: list.execute,
		},
	],
};
