import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';

import type { FaxProviderAdapter } from '../../providers/types';
import { limitField, readLimit, returnAllField } from '../fax/list.operation';
import { scheduledFaxIdFields } from './locators';
import { requirePart, rowsToItems } from './providerResource';
import { readResourceId } from './resourceIds';

type Execute = (
	this: IExecuteFunctions,
	itemIndex: number,
	adapter: FaxProviderAdapter,
) => Promise<INodeExecutionData[]>;

interface Operation {
	description: INodeProperties[];
	execute: Execute;
}

/** List (Return All / Limit) of a provider resource that has a list call. */
export function resourceListOperation(
	resource: string,
	part: 'scheduledFaxes' | 'contacts',
	label: string,
): Operation {
	const showFor = { resource: [resource], operation: ['list'] };
	return {
		description: [
			{ ...returnAllField, displayOptions: { show: showFor } },
			{ ...limitField, displayOptions: { show: { ...showFor, returnAll: [false] } } },
		],
		async execute(itemIndex, adapter) {
			const rows = requirePart(adapter, part, label);
			const limit = readLimit(this, itemIndex);
			return await rowsToItems(
				this,
				itemIndex,
				adapter,
				async (transport) => await rows.list(transport, limit),
			);
		},
	};
}

/** Get or Cancel: one scheduled fax by its ID. */
export function scheduledFaxByIdOperation(operation: 'get' | 'cancel'): Operation {
	return {
		description: scheduledFaxIdFields({ resource: ['scheduledFax'], operation: [operation] }),
		async execute(itemIndex, adapter) {
			const scheduled = requirePart(adapter, 'scheduledFaxes', 'scheduled faxes');
			const id = readResourceId(this, itemIndex, adapter, 'scheduledFax');
			return await rowsToItems(
				this,
				itemIndex,
				adapter,
				async (transport) => await scheduled[operation](transport, id),
			);
		},
	};
}
