import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';

import type { FaxProviderAdapter } from '../../providers/types';
import { binaryPropertyField, toNumberField } from '../common.descriptions';
import { runSend } from '../shared/runSend';
import { faxDropSenderFields, sendOptionsCollection } from './send.fields';

const showFor = { resource: ['fax'], operation: ['send'] };

export const description: INodeProperties[] = [
	{ ...toNumberField, displayOptions: { show: showFor } },
	{ ...binaryPropertyField, displayOptions: { show: showFor } },
	...faxDropSenderFields(['send']),
	{ ...sendOptionsCollection, displayOptions: { show: showFor } },
];

export async function execute(
	this: IExecuteFunctions,
	itemIndex: number,
	adapter: FaxProviderAdapter,
): Promise<INodeExecutionData[]> {
	return await runSend(this, itemIndex, adapter, 'toNumber', async (transport, request) => await adapter.send(transport, request));
}
