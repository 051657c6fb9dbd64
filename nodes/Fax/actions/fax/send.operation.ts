import type { IDataObject, IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';

import type { FaxProviderAdapter } from '../../providers/types';
import { binaryPropertyField, toNumberField } from '../common.descriptions';
import { sendToRecipients } from '../shared/dispatch';
import { idempotencyKeyFor, readDocument, readRecipients, readSendOptions } from '../shared/prepareSend';
import { transportFor } from '../shared/transport';
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
	const options = this.getNodeParameter('options', itemIndex, {}) as IDataObject;
	const to = readRecipients(adapter, this.getNodeParameter('toNumber', itemIndex), options, 'toNumber');
	const sendOptions = readSendOptions(this, itemIndex, adapter);
	const document = await readDocument(this, itemIndex, adapter, options, { to: to[0], sendOptions });
	const transport = await transportFor(this, adapter, itemIndex, options);
	const request = {
		to,
		document,
		options: sendOptions,
		idempotencyKey: adapter.capabilities.supportsIdempotencyKey
			? idempotencyKeyFor(this, itemIndex, options)
			: undefined,
	};
	const faxes = await sendToRecipients(this, adapter, request, async (req) => await adapter.send(transport, req));
	return faxes.map((fax) => ({ json: fax as unknown as IDataObject }));
}
