import type {
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	INodeProperties,
} from 'n8n-workflow';

import type { FaxProviderAdapter } from '../../providers/types';
import { faxIdField } from '../common.descriptions';
import { readResourceId } from '../shared/resourceIds';
import { transportFor } from '../shared/transport';

export const description: INodeProperties[] = [
	{ ...faxIdField, displayOptions: { show: { resource: ['fax'], operation: ['getStatus'] } } },
];

export function readFaxId(
	ctx: IExecuteFunctions,
	itemIndex: number,
	adapter: FaxProviderAdapter,
): string {
	return readResourceId(ctx, itemIndex, adapter, 'fax');
}

export async function execute(
	this: IExecuteFunctions,
	itemIndex: number,
	adapter: FaxProviderAdapter,
): Promise<INodeExecutionData[]> {
	const faxId = readFaxId(this, itemIndex, adapter);
	const transport = await transportFor(this, adapter, itemIndex);
	const fax = await adapter.getStatus(transport, faxId);
	return [{ json: fax as unknown as IDataObject }];
}
