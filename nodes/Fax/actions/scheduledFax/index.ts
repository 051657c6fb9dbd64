import { FaxInputError } from '../../helpers/errors';
import { limitField, readLimit, returnAllField } from '../fax/list.operation';
import { readLocatorValue, scheduledFaxIdFields } from '../shared/locators';
import { requirePart, rowsToItems } from '../shared/providerResource';
import type { OperationDefinition, ResourceDefinition } from '../types';

function readId(ctx: Parameters<typeof readLocatorValue>[0], itemIndex: number): string {
	const id = readLocatorValue(ctx, 'scheduledFaxId', itemIndex);
	if (!id)
		throw new FaxInputError(
			'missingField',
			'Scheduled Fax ID is empty',
			'Map the ID of a scheduled fax.',
			'scheduledFaxId',
		);
	return id;
}

/** Cancel and Get: one scheduled fax by its ID. */
function byIdOperation(
	value: 'cancel' | 'get',
	name: string,
	action: string,
	description: string,
): OperationDefinition {
	return {
		value,
		name,
		action,
		description,
		providers: ['sendFaxMail'],
		fields: scheduledFaxIdFields({ resource: ['scheduledFax'], operation: [value] }),
		async execute(itemIndex, adapter) {
			const scheduled = requirePart(adapter, 'scheduledFaxes', 'scheduled faxes');
			const id = readId(this, itemIndex);
			return await rowsToItems(
				this,
				itemIndex,
				adapter,
				async (transport) => await scheduled[value](transport, id),
			);
		},
	};
}

const showList = { resource: ['scheduledFax'], operation: ['list'] };

export const scheduledFaxResource: ResourceDefinition = {
	value: 'scheduledFax',
	name: 'Scheduled Fax',
	description: 'Faxes waiting to be sent later',
	operations: [
		byIdOperation(
			'cancel',
			'Cancel',
			'Cancel a scheduled fax',
			'Cancel a scheduled fax that is still pending (scope scheduled:write)',
		),
		byIdOperation(
			'get',
			'Get',
			'Get a scheduled fax',
			'Get one scheduled fax (scope scheduled:read)',
		),
		{
			value: 'list',
			name: 'List',
			action: 'List scheduled faxes',
			description: 'List scheduled faxes, newest first (scope scheduled:read)',
			providers: ['sendFaxMail'],
			fields: [
				{ ...returnAllField, displayOptions: { show: showList } },
				{ ...limitField, displayOptions: { show: { ...showList, returnAll: [false] } } },
			],
			async execute(itemIndex, adapter) {
				const scheduled = requirePart(adapter, 'scheduledFaxes', 'scheduled faxes');
				const limit = readLimit(this, itemIndex);
				return await rowsToItems(
					this,
					itemIndex,
					adapter,
					async (transport) => await scheduled.list(transport, limit),
				);
			},
		},
	],
};
