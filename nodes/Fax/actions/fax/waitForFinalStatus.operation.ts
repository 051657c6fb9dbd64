import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import type { FaxProviderAdapter } from '../../providers/types';
import { faxIdFields } from '../shared/locators';
import { transportFor } from '../shared/transport';
import { DEFAULT_WAIT_TIMEOUT_SECONDS, timedOut, waitForFinal } from '../shared/waitForFinal';
import { faxJson, includeRawFor } from '../shared/faxJson';
import { readFaxId } from './getStatus.operation';
import { readOptionsCollection } from './send.fields';

const showFor = { resource: ['fax'], operation: ['waitForFinalStatus'] };

export const description: INodeProperties[] = [
	...faxIdFields(showFor),
	{
		displayName: 'Timeout (Seconds)',
		name: 'timeoutSeconds',
		type: 'number',
		typeOptions: { minValue: 1 },
		default: DEFAULT_WAIT_TIMEOUT_SECONDS,
		description:
			"How long to keep checking. The node polls at the provider's recommended pace (FaxDrop: every 5 s for 2 minutes, then every 30 s).",
		displayOptions: { show: showFor },
	},
	{
		displayName: 'Fail on Timeout',
		name: 'failOnTimeout',
		type: 'boolean',
		default: false,
		description:
			'Whether a fax that is still not final at the timeout fails the item. Off: the item keeps the last known status with error code WAIT_TIMEOUT.',
		displayOptions: { show: showFor },
	},
	readOptionsCollection('waitForFinalStatus'),
];

export async function execute(
	this: IExecuteFunctions,
	itemIndex: number,
	adapter: FaxProviderAdapter,
): Promise<INodeExecutionData[]> {
	const faxId = readFaxId(this, itemIndex, adapter);
	const timeoutSeconds = Number(
		this.getNodeParameter('timeoutSeconds', itemIndex, DEFAULT_WAIT_TIMEOUT_SECONDS),
	);
	const transport = await transportFor(this, adapter, itemIndex);
	const fax = await waitForFinal(this, adapter, transport, faxId, timeoutSeconds);
	if (timedOut(fax) && this.getNodeParameter('failOnTimeout', itemIndex, false)) {
		throw new NodeOperationError(
			this.getNode(),
			`The fax is still "${fax.status}" after ${timeoutSeconds} s`,
			{
				itemIndex,
				description:
					'It may still be delivered. Check it later with Get Status before sending again.',
			},
		);
	}
	return [{ json: faxJson(fax, includeRawFor(this, itemIndex)) }];
}
