import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { selectedProvider } from '../edition';
import { tableOrder } from '../helpers/tableOrder';
import { getProvider } from '../providers';
import { findOperation } from './resources';
import type { OperationDefinition } from './types';
import { toNodeError } from './shared/nodeErrors';

/** "FaxDrop can't list faxes": the operation's action in words, and what to use instead. */
function unsupportedOperation(
	ctx: IExecuteFunctions,
	providerName: string,
	resource: string,
	operation: string,
	definition: OperationDefinition | undefined,
	itemIndex: number,
): NodeOperationError {
	const action = definition?.action;
	const what = action
		? `can't ${action.charAt(0).toLowerCase()}${action.slice(1)}`
		: `has no operation "${operation}" for "${resource}"`;
	return new NodeOperationError(ctx.getNode(), `${providerName} ${what}`, {
		itemIndex,
		description:
			definition?.unsupportedHint ?? 'Choose an operation from the list for this provider.',
	});
}

export async function router(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	const items = this.getInputData();
	const adapter = getProvider(selectedProvider(() => this.getNodeParameter('provider', 0)));
	const resource = this.getNodeParameter('resource', 0) as string;
	const operation = this.getNodeParameter('operation', 0) as string;
	const definition = findOperation(resource, operation);
	const supported = definition !== undefined && definition.providers.includes(adapter.name);

	const output: INodeExecutionData[] = [];
	for (let itemIndex = 0; itemIndex < items.length; itemIndex++) {
		try {
			// Checked per item, so with "Continue On Fail" every item gets its error item instead
			// of n8n passing the input items on as if the operation had worked.
			if (!supported) {
				throw unsupportedOperation(
					this,
					adapter.displayName,
					resource,
					operation,
					definition,
					itemIndex,
				);
			}
			const results = await definition.execute.call(this, itemIndex, adapter);
			output.push(
				...results.map((result) => ({
					...result,
					json: tableOrder(result.json),
					pairedItem: { item: itemIndex },
				})),
			);
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
