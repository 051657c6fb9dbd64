import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';

import type { FaxProviderAdapter } from '../../providers/types';
import { binaryPropertyField } from '../common.descriptions';
import { runSend } from '../send/runSend';
import { failureModeField, faxDropSenderFields, sendOptionsCollection } from './send.fields';

/** Send and Send Batch differ only in their recipients field. */
export function sendOperation(
	operation: 'send' | 'sendBatch',
	recipientsField: INodeProperties & { name: 'toNumber' | 'toNumbers' },
) {
	const showFor = { resource: ['fax'], operation: [operation] };
	const description: INodeProperties[] = [
		{ ...recipientsField, displayOptions: { show: showFor } },
		{ ...binaryPropertyField, displayOptions: { show: showFor } },
		...faxDropSenderFields([operation]),
		{ ...failureModeField, displayOptions: { show: showFor } },
		{ ...sendOptionsCollection, displayOptions: { show: showFor } },
	];

	async function execute(
		this: IExecuteFunctions,
		itemIndex: number,
		adapter: FaxProviderAdapter,
	): Promise<INodeExecutionData[]> {
		return await runSend(
			this,
			itemIndex,
			adapter,
			recipientsField.name,
			() => async (transport, request) => await adapter.send(transport, request),
		);
	}

	return { description, execute };
}
