import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { getProvider } from '../providers';
import { findOperation } from './resources';
import { toNodeError } from './shared/nodeErrors';

export async function router(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	const items = this.getInputData();
	const adapter = getProvider(this.getNodeParameter('provider', 0) as string);
	const resource = this.getNodeParameter('resource', 0) as string;
	const operation = this.getNodeParameter('operation', 0) as string;
	const definition = findOperation(resource, operation);
	if (!definition || !definition.providers.includes(adapter.name)) {
		throw new NodeOperationError(
			this.getNode(),
			`${adapter.displayName} can't do "${operation}" on "${resource}"`,
			{ description: definition?.unsupportedHint ?? 'Choose an operation from the list for this provider.' },
		);
	}

	const output: INodeExecutionData[] = [];
	for (let itemIndex = 0; itemIndex < items.length; itemIndex++) {
		try {
			const results = await definition.execute.call(this, itemIndex, adapter);
			output.push(...results.map((result) => ({ ...result, pairedItem: { item: itemIndex } })));
		} catch (error) {
			const nodeError = toNodeError(this, error, itemIndex);
			if (this.continueOnFail()) {
				output.push({
					json: { error: nodeError.message, description: nodeError.description ?? null },
					error: nodeError,
					pairedItem: { item: itemIndex },
				});
				continue;
			}
			throw nodeError;
		}
	}
	return [output];
}
