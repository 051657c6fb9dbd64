import type { INodeProperties } from 'n8n-workflow';

import { FaxInputError } from '../../helpers/errors';
import { limitField, readLimit, returnAllField } from '../fax/list.operation';
import { requirePart, requiredString, rowsToItems } from '../shared/providerResource';
import type { OperationDefinition, ResourceDefinition } from '../types';

const idField = (operation: string): INodeProperties => ({
	displayName: 'Scheduled Fax ID',
	name: 'scheduledFaxId',
	type: 'string',
	required: true,
	default: '',
	placeholder: 'e.g. sched_abc123',
	description: 'ID of the scheduled fax (sched_…), from Schedule or List',
	displayOptions: { show: { resource: ['scheduledFax'], operation: [operation] } },
});

function readId(ctx: Parameters<typeof requiredString>[0], itemIndex: number): string {
	const id = requiredString(ctx, 'scheduledFaxId', itemIndex);
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
		fields: [idField(value)],
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
