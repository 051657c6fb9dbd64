import type { IDataObject } from 'n8n-workflow';

import { FaxInputError } from '../../helpers/errors';
import { normalizeFaxNumber } from '../../helpers/phoneNumber';
import { limitField, readLimit, returnAllField } from '../fax/list.operation';
import { contactIdFields, readLocatorValue } from '../shared/locators';
import { requirePart, requiredString, rowsToItems } from '../shared/providerResource';
import type { ResourceDefinition } from '../types';

const show = (operation: string) => ({ show: { resource: ['contact'], operation: [operation] } });

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
			fields: [
				{
					displayName: 'Name',
					name: 'contactName',
					type: 'string',
					required: true,
					default: '',
					placeholder: 'e.g. Dr. Jane Smith',
					description:
						'Name of the person or practice, as it appears in the SendFAXMail address book',
					displayOptions: show('create'),
				},
				{
					displayName: 'Fax Number',
					name: 'contactFaxNumber',
					type: 'string',
					required: true,
					default: '',
					placeholder: '+12125550123',
					description: "The contact's fax number in international format",
					displayOptions: show('create'),
				},
				{
					displayName: 'Additional Fields',
					name: 'additionalFields',
					type: 'collection',
					placeholder: 'Add Field',
					default: {},
					options: [
						{
							displayName: 'Company',
							name: 'company',
							type: 'string',
							default: '',
							placeholder: 'e.g. Riverside Clinic',
							description: 'Company or practice the contact belongs to',
						},
					],
					displayOptions: show('create'),
				},
			],
			async execute(itemIndex, adapter) {
				const contacts = requirePart(adapter, 'contacts', 'contacts');
				const name = requiredString(this, 'contactName', itemIndex);
				if (!name)
					throw new FaxInputError(
						'missingField',
						'Contact name is empty',
						"Enter the contact's name.",
						'contactName',
					);
				const faxNumber = normalizeFaxNumber(
					requiredString(this, 'contactFaxNumber', itemIndex),
					{},
				);
				const extra = this.getNodeParameter('additionalFields', itemIndex, {}) as IDataObject;
				const company = String(extra.company ?? '').trim() || undefined;
				return await rowsToItems(
					this,
					itemIndex,
					adapter,
					async (transport) => await contacts.create(transport, { name, faxNumber, company }),
				);
			},
		},
		{
			value: 'delete',
			name: 'Delete',
			action: 'Delete a contact',
			description: 'Delete one address-book contact (scope contacts:write)',
			providers: ['sendFaxMail'],
			fields: contactIdFields(show('delete').show),
			async execute(itemIndex, adapter) {
				const contacts = requirePart(adapter, 'contacts', 'contacts');
				const id = readLocatorValue(this, 'contactId', itemIndex);
				if (!id)
					throw new FaxInputError(
						'missingField',
						'Contact ID is empty',
						'Map the ID of a contact from List.',
						'contactId',
					);
				return await rowsToItems(
					this,
					itemIndex,
					adapter,
					async (transport) => await contacts.delete(transport, id),
				);
			},
		},
		{
			value: 'list',
			name: 'List',
			action: 'List contacts',
			description: 'List address-book contacts, newest first (scope contacts:read)',
			providers: ['sendFaxMail'],
			fields: [
				{ ...returnAllField, displayOptions: show('list') },
				{
					...limitField,
					displayOptions: {
						show: { resource: ['contact'], operation: ['list'], returnAll: [false] },
					},
				},
			],
			async execute(itemIndex, adapter) {
				const contacts = requirePart(adapter, 'contacts', 'contacts');
				const limit = readLimit(this, itemIndex);
				return await rowsToItems(
					this,
					itemIndex,
					adapter,
					async (transport) => await contacts.list(transport, limit),
				);
			},
		},
	],
};
