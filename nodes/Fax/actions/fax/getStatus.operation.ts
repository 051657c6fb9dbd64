import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';

import type { FaxProviderAdapter } from '../../providers/types';
import { faxIdFields } from '../shared/locators';
import { readResourceId } from '../shared/resourceIds';
import { faxJson, includeRawFor } from '../shared/faxJson';
import { transportFor } from '../shared/transport';
import { readOptionsCollection } from './send.fields';

export const description: INodeProperties[] = [
	...faxIdFields({ resource: ['fax'], operation: ['getStatus'] }),
	readOptionsCollection('getStatus'),
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
	return [{ json: faxJson(fax, includeRawFor(this, itemIndex)) }];
}
