import type {
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	INodeProperties,
} from 'n8n-workflow';

import { FaxInputError } from '../../helpers/errors';
import type { FaxProviderAdapter } from '../../providers/types';
import { faxIdFields, readLocatorValue } from '../shared/locators';
import { transportFor } from '../shared/transport';

export const description: INodeProperties[] = [
	...faxIdFields({ resource: ['fax'], operation: ['getStatus'] }),
];

export function readFaxId(ctx: IExecuteFunctions, itemIndex: number): string {
	const faxId = readLocatorValue(ctx, 'faxId', itemIndex);
	if (!faxId) {
		throw new FaxInputError(
			'missingField',
			'Fax ID is empty',
			'Map the "id" of a fax item from Send or List, e.g. {{ $json.id }}.',
			'faxId',
		);
	}
	return faxId;
}

export async function execute(
	this: IExecuteFunctions,
	itemIndex: number,
	adapter: FaxProviderAdapter,
): Promise<INodeExecutionData[]> {
	const faxId = readFaxId(this, itemIndex);
	const transport = await transportFor(this, adapter, itemIndex);
	const fax = await adapter.getStatus(transport, faxId);
	return [{ json: fax as unknown as IDataObject }];
}
