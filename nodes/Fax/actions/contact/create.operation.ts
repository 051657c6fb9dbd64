import type {
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	INodeProperties,
} from 'n8n-workflow';

import { FaxInputError } from '../../helpers/errors';
import { normalizeFaxNumber } from '../../helpers/phoneNumber';
import type { FaxProviderAdapter } from '../../providers/types';
import { requirePart, requiredString, rowsToItems } from '../shared/providerResource';

const showFor = { show: { resource: ['contact'], operation: ['create'] } };

export const description: INodeProperties[] = [
	{
		displayName: 'Name',
		name: 'contactName',
		type: 'string',
		required: true,
		default: '',
		placeholder: 'e.g. Dr. Jane Smith',
		description: 'Name of the person or practice, as it appears in the SendFAXMail address book',
		displayOptions: showFor,
	},
	{
		displayName: 'Fax Number',
		name: 'contactFaxNumber',
		type: 'string',
		required: true,
		default: '',
		placeholder: '+12125550123',
		description: "The contact's fax number in international format",
		displayOptions: showFor,
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
		displayOptions: showFor,
	},
];

export async function execute(
	this: IExecuteFunctions,
	itemIndex: number,
	adapter: FaxProviderAdapter,
): Promise<INodeExecutionData[]> {
	const contacts = requirePart(adapter, 'contacts', 'contacts');
	const name = requiredString(this, 'contactName', itemIndex);
	if (!name)
		throw new FaxInputError(
			'missingField',
			'Contact name is empty',
			"Enter the contact's name.",
			'contactName',
		);
	// Named as the user sees it on this operation (the send operations' field is `toNumber`).
	const faxNumber = normalizeFaxNumber(requiredString(this, 'contactFaxNumber', itemIndex), {
		field: 'contactFaxNumber',
	});
	const extra = this.getNodeParameter('additionalFields', itemIndex, {}) as IDataObject;
	const company = String(extra.company ?? '').trim() || undefined;
	return await rowsToItems(
		this,
		itemIndex,
		adapter,
		async (transport) => await contacts.create(transport, { name, faxNumber, company }),
	);
}
