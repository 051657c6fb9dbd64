import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';

import type { FaxProviderAdapter } from '../../providers/types';
import { binaryPropertyField, toNumbersField } from '../common.descriptions';
import { runSend } from '../shared/runSend';
import { faxDropSenderFields, sendOptionsCollection } from './send.fields';

const showFor = { resource: ['fax'], operation: ['sendBatch'] };

export const description: INodeProperties[] = [
	{ ...toNumbersField, displayOptions: { show: showFor } },
	{ ...binaryPropertyField, displayOptions: { show: showFor } },
	...faxDropSenderFields(['sendBatch']),
	{ ...sendOptionsCollection, displayOptions: { show: showFor } },
];

export async function execute(
	this: IExecuteFunctions,
	itemIndex: number,
	adapter: FaxProviderAdapter,
): Promise<INodeExecutionData[]> {
	return await runSend(this, itemIndex, adapter, 'toNumbers', async (transport, request) => await adapter.send(transport, request));
}
