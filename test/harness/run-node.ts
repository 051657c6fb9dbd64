import type {
	ExecutionError,
	IDataObject,
	INode,
	INodeExecutionData,
	INodeParameters,
	IWorkflowSettings,
	WorkflowExecuteMode,
} from 'n8n-workflow';

import {
	latestVersion,
	nodeDescription,
	type CredentialsData,
	type HarnessContext,
	type HarnessNode,
} from './context';
import { runWorkflow, type WorkflowRunResult } from './run-workflow';
import {
	HARNESS_SOURCE_NAME,
	HARNESS_SOURCE_TYPE,
	registerPayload,
	releasePayload,
	type BinaryInput,
	type HarnessInputItem,
} from './source-node';

/** Node settings n8n stores next to the parameters (the "Settings" tab of a node). */
export type NodeOptions = Partial<
	Pick<
		INode,
		| 'name'
		| 'typeVersion'
		| 'retryOnFail'
		| 'maxTries'
		| 'waitBetweenTries'
		| 'continueOnFail'
		| 'onError'
		| 'alwaysOutputData'
		| 'executeOnce'
		| 'disabled'
		| 'webhookId'
	>
>;

export interface RunNodeOptions {
	/** Full node type name, e.g. `n8n-nodes-fax.fax`. */
	type: string;
	parameters?: INodeParameters;
	credentials?: CredentialsData;
	/** Input items (default: one empty item). */
	items?: HarnessInputItem[];
	/** Binary properties per input item, merged into `items` by index. */
	binaries?: Array<Record<string, BinaryInput>>;
	nodeOptions?: NodeOptions;
	settings?: IWorkflowSettings;
	executionId?: string;
	mode?: WorkflowExecuteMode;
	staticData?: IDataObject;
	workflowId?: string;
}

export interface NodeRunResult extends WorkflowRunResult {
	/** Name of the node under test in the workflow. */
	nodeName: string;
	/** Output 0 of the node under test (`[]` if it failed without continueOnFail). */
	items: INodeExecutionData[];
	/** All main outputs of the node under test. */
	allOutputs: INodeExecutionData[][];
	/** The node's error when it failed (the run's `resultData.error` is set too). */
	nodeError?: ExecutionError;
	/** The items the source node emitted (binary stored, as the node under test received them). */
	inputItems: INodeExecutionData[];
}

function mergeItems(options: RunNodeOptions): HarnessInputItem[] {
	const items = [...(options.items ?? [])];
	const binaries = options.binaries ?? [];
	const count = Math.max(items.length, binaries.length, 1);
	const merged: HarnessInputItem[] = [];
	for (let index = 0; index < count; index++) {
		const item = items[index] ?? { json: {} };
		const binary = binaries[index];
		merged.push(binary ? { ...item, binary: { ...(item.binary ?? {}), ...binary } } : item);
	}
	return merged;
}

/**
 * The node under test as the harness puts it in a workflow: `nodeOptions` (the Settings tab),
 * the latest type version and the description's default name unless `nodeOptions` says otherwise.
 */
export function nodeUnderTest(
	ctx: HarnessContext,
	options: { type: string; parameters?: INodeParameters; nodeOptions?: NodeOptions },
): HarnessNode & { name: string; typeVersion: number } {
	const typeVersion = options.nodeOptions?.typeVersion ?? latestVersion(ctx, options.type);
	const description = nodeDescription(ctx, { type: options.type, typeVersion });
	const name = options.nodeOptions?.name ?? description.defaults?.name ?? description.displayName;
	return {
		...options.nodeOptions,
		name,
		type: options.type,
		typeVersion,
		parameters: options.parameters ?? {},
	};
}

/**
 * Runs one node inside a real two-node workflow: `Harness Source` (emits the given items,
 * storing their binaries through `prepareBinaryData`) → the node under test.
 */
export async function runNode(
	ctx: HarnessContext,
	options: RunNodeOptions,
): Promise<NodeRunResult> {
	const node = nodeUnderTest(ctx, options);
	const nodeName = node.name;

	const payloadId = registerPayload(mergeItems(options));
	try {
		const result = await runWorkflow(ctx, {
			nodes: [
				{
					name: HARNESS_SOURCE_NAME,
					type: HARNESS_SOURCE_TYPE,
					typeVersion: 1,
					parameters: { payloadId },
				},
				node,
			],
			connections: {
				[HARNESS_SOURCE_NAME]: { main: [[{ node: nodeName, type: 'main', index: 0 }]] },
			},
			credentials: options.credentials,
			settings: options.settings,
			executionId: options.executionId,
			mode: options.mode,
			staticData: options.staticData,
			workflowId: options.workflowId,
			startNode: HARNESS_SOURCE_NAME,
		});
		const allOutputs = result.outputs(nodeName);
		return {
			...result,
			nodeName,
			items: allOutputs[0] ?? [],
			allOutputs,
			nodeError: result.error(nodeName),
			inputItems: result.output(HARNESS_SOURCE_NAME),
		};
	} finally {
		releasePayload(payloadId);
	}
}
