import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';

import { FaxInputError } from '../../helpers/errors';
import type { FaxProviderAdapter } from '../../providers/types';
import { faxIdFields } from '../shared/locators';
import { transportFor } from '../shared/transport';
import { readFaxId } from './getStatus.operation';

const showFor = { resource: ['fax'], operation: ['download'] };

export const description: INodeProperties[] = [
	...faxIdFields(showFor, ['faxRocks']),
	{
		displayName: 'Document',
		name: 'document',
		type: 'options',
		options: [
			{ name: 'Fax', value: 'fax', description: 'The fax as it was sent (PDF)' },
			{ name: 'Receipt', value: 'receipt', description: 'The transmission receipt (PDF)' },
		],
		default: 'fax',
		displayOptions: { show: showFor },
	},
	{
		displayName: 'Put Output File in Field',
		name: 'binaryPropertyName',
		type: 'string',
		required: true,
		default: 'data',
		description: 'Name of the binary field to put the PDF in',
		displayOptions: { show: showFor },
	},
];

export async function execute(
	this: IExecuteFunctions,
	itemIndex: number,
	adapter: FaxProviderAdapter,
): Promise<INodeExecutionData[]> {
	const download = adapter.download?.bind(adapter);
	if (!download) throw new Error(`${adapter.displayName} has no document download`);
	const faxId = readFaxId(this, itemIndex, adapter);
	const document = this.getNodeParameter('document', itemIndex, 'fax');
	// Part of the request path: only the two documented documents.
	if (document !== 'fax' && document !== 'receipt') {
		throw new FaxInputError(
			'invalidField',
			'Document must be "fax" or "receipt"',
			'Choose Fax or Receipt in the Document field.',
			'document',
		);
	}
	const propertyName =
		String(this.getNodeParameter('binaryPropertyName', itemIndex, 'data')).trim() || 'data';
	const transport = await transportFor(this, adapter, itemIndex);
	const file = await download(transport, faxId, document);
	const binary = await this.helpers.prepareBinaryData(file.data, file.fileName, file.mimeType);
	return [
		{
			json: {
				provider: adapter.name,
				id: faxId,
				document,
				fileName: file.fileName,
				mimeType: file.mimeType,
				bytes: file.data.length,
			},
			binary: { [propertyName]: binary },
		},
	];
}
