import { randomUUID } from 'node:crypto';

import type {
	IBinaryKeyData,
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	INodeType,
	INodeTypeDescription,
} from 'n8n-workflow';
import { NodeConnectionTypes, NodeOperationError } from 'n8n-workflow';

/** Type name under which every harness registers the source node. */
export const HARNESS_SOURCE_TYPE = 'n8n-nodes-harness.harnessSource';
export const HARNESS_SOURCE_NAME = 'Harness Source';

/** A binary property of an input item, before it is stored. */
export interface BinaryInput {
	data: Buffer;
	fileName?: string;
	mimeType?: string;
}

export interface HarnessInputItem {
	json?: IDataObject;
	binary?: Record<string, BinaryInput>;
}

// Buffers cannot travel through node parameters (they are deep-copied and defaulted), so the
// items wait here under an id that the node's only parameter carries.
const payloads = new Map<string, HarnessInputItem[]>();

export function registerPayload(items: HarnessInputItem[]): string {
	const id = randomUUID();
	payloads.set(id, items);
	return id;
}

export function releasePayload(id: string): void {
	payloads.delete(id);
}

/**
 * Emits the items a test gave `runNode`. Binary properties are stored with the real
 * `this.helpers.prepareBinaryData`, so they land in the filesystem binary data store of the
 * execution and the items carry only `{ id: 'filesystem-v2:...', ... }` references.
 */
export class HarnessSource implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Harness Source',
		name: 'harnessSource',
		icon: 'fa:flask',
		group: ['input'],
		version: 1,
		description: 'Emits the input items of a harness run',
		defaults: { name: HARNESS_SOURCE_NAME },
		usableAsTool: true,
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		properties: [
			{
				displayName: 'Payload ID',
				name: 'payloadId',
				type: 'string',
				default: '',
			},
		],
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		const payloadId = this.getNodeParameter('payloadId', 0) as string;
		const items = payloads.get(payloadId);
		if (!items) {
			throw new NodeOperationError(this.getNode(), `No harness payload with id ${payloadId}`);
		}
		const returnData: INodeExecutionData[] = [];
		for (const item of items) {
			const binary: IBinaryKeyData = {};
			for (const [key, input] of Object.entries(item.binary ?? {})) {
				binary[key] = await this.helpers.prepareBinaryData(
					input.data,
					input.fileName,
					input.mimeType,
				);
			}
			returnData.push({
				json: item.json ?? {},
				...(Object.keys(binary).length > 0 ? { binary } : {}),
				pairedItem: { item: 0 },
			});
		}
		return [returnData];
	}
}
