import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';

import type { FaxProviderAdapter } from '../../providers/types';
import { faxJson, includeRawFor } from '../shared/faxJson';
import { transportFor } from '../shared/transport';
import { readOptionsCollection } from './send.fields';

const showFor = { resource: ['fax'], operation: ['list'] };

export const returnAllField: INodeProperties = {
	displayName: 'Return All',
	name: 'returnAll',
	type: 'boolean',
	default: false,
	description: 'Whether to return all results or only up to a given limit',
};

export const limitField: INodeProperties = {
	displayName: 'Limit',
	name: 'limit',
	type: 'number',
	typeOptions: { minValue: 1 },
	default: 50,
	description: 'Max number of results to return',
	displayOptions: { show: { returnAll: [false] } },
};

export const description: INodeProperties[] = [
	{ ...returnAllField, displayOptions: { show: showFor } },
	{ ...limitField, displayOptions: { show: { ...showFor, returnAll: [false] } } },
	readOptionsCollection('list'),
];

export function readLimit(ctx: IExecuteFunctions, itemIndex: number): number | undefined {
	if (ctx.getNodeParameter('returnAll', itemIndex, false)) return undefined;
	return Math.max(1, Math.floor(Number(ctx.getNodeParameter('limit', itemIndex, 50))));
}

export async function execute(
	this: IExecuteFunctions,
	itemIndex: number,
	adapter: FaxProviderAdapter,
): Promise<INodeExecutionData[]> {
	const list = adapter.list?.bind(adapter);
	if (!list) throw new Error(`${adapter.displayName} has no fax list`);
	const transport = await transportFor(this, adapter, itemIndex);
	const faxes = await list(transport, { limit: readLimit(this, itemIndex) });
	const includeRaw = includeRawFor(this, itemIndex);
	return faxes.map((fax) => ({ json: faxJson(fax, includeRaw) }));
}
