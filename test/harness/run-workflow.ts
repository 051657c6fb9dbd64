import { ExecutionLifecycleHooks, WorkflowExecute } from 'n8n-core';
import type {
	ExecutionError,
	IConnections,
	IDataObject,
	INodeExecutionData,
	IPinData,
	IRun,
	ITaskData,
	IWorkflowSettings,
	Workflow,
	WorkflowExecuteMode,
} from 'n8n-workflow';
import { ApplicationError, createRunExecutionData } from 'n8n-workflow';

import { buildAdditionalData } from './additional-data';
import {
	createCredentialsHelper,
	createWorkflow,
	normalizeNodes,
	snapshotStaticData,
	workflowBase,
	type CredentialsData,
	type HarnessContext,
	type HarnessNode,
} from './context';
import type { HarnessCredentialsHelper } from './credentials-helper';

export interface RunWorkflowOptions {
	nodes: HarnessNode[];
	connections: IConnections;
	/** Credential data by credential type; nodes get references to these automatically. */
	credentials?: CredentialsData;
	/** Merged over `{ executionOrder: 'v1', timezone: 'UTC' }`. */
	settings?: IWorkflowSettings;
	/** What `this.getExecutionId()` returns in every node (default: next "1", "2", ...). */
	executionId?: string;
	/** Execution mode (default `manual`, like running from the editor). */
	mode?: WorkflowExecuteMode;
	/** Node the execution starts at (default: the first node without incoming connections). */
	startNode?: string;
	/** Input items of the start node (default: one empty item). */
	startItems?: INodeExecutionData[];
	/** Workflow static data as stored in the database before the run. */
	staticData?: IDataObject;
	pinData?: IPinData;
	workflowId?: string;
}

export interface WorkflowRunResult {
	run: IRun;
	executionId: string;
	workflow: Workflow;
	credentialsHelper: HarnessCredentialsHelper;
	/** Static data after the run (what n8n saves when `__dataChanged` is set). */
	staticData: IDataObject;
	staticDataChanged: boolean;
	/** Items of one output of one run of a node (`[]` when it did not run or emitted nothing). */
	output(nodeName: string, outputIndex?: number, runIndex?: number): INodeExecutionData[];
	/** All main outputs of one run of a node. */
	outputs(nodeName: string, runIndex?: number): INodeExecutionData[][];
	/** The error of a node's run (default: its last run), if it failed. */
	error(nodeName: string, runIndex?: number): ExecutionError | undefined;
	/** Task data of a node's runs (`[]` when it did not run). */
	taskData(nodeName: string): ITaskData[];
}

function findStartNode(nodes: Array<{ name: string }>, connections: IConnections): string {
	const destinations = new Set<string>();
	for (const byType of Object.values(connections)) {
		for (const outputs of Object.values(byType)) {
			for (const output of outputs ?? []) {
				for (const connection of output ?? []) destinations.add(connection.node);
			}
		}
	}
	const start = nodes.find((node) => !destinations.has(node.name));
	if (!start) throw new ApplicationError('Could not determine the start node; pass `startNode`');
	return start.name;
}

/**
 * Runs a workflow with n8n-core's `WorkflowExecute` — real `ExecuteContext`s, lifecycle hooks,
 * retry/continueOnFail/onError handling, paired items, binary data in filesystem mode — the way
 * n8n's own node test harness does: the execution stack starts at the start node with the
 * given items and `processRunExecutionData` runs to completion.
 */
export async function runWorkflow(
	ctx: HarnessContext,
	options: RunWorkflowOptions,
): Promise<WorkflowRunResult> {
	const credentialsHelper = createCredentialsHelper(ctx, options.credentials);
	const nodes = normalizeNodes(ctx, options.nodes, Object.keys(options.credentials ?? {}));
	const workflow = createWorkflow(ctx, {
		id: options.workflowId,
		nodes,
		connections: options.connections,
		settings: options.settings,
		staticData: options.staticData,
	});
	const mode = options.mode ?? 'manual';
	const executionId = options.executionId ?? ctx.nextExecutionId();

	const startNodeName = options.startNode ?? findStartNode(nodes, options.connections);
	const startNode = workflow.getNode(startNodeName);
	if (!startNode)
		throw new ApplicationError(`Start node "${startNodeName}" is not in the workflow`);

	const hooks = new ExecutionLifecycleHooks(
		mode,
		executionId,
		workflowBase(workflow, nodes, options.connections),
	);
	let newStaticData: IDataObject | undefined;
	hooks.addHandler('workflowExecuteAfter', (_run, staticData) => {
		newStaticData = staticData;
	});

	const additionalData = buildAdditionalData({
		env: ctx.env,
		credentialsHelper,
		hooks,
		executionId,
	});

	const runExecutionData = createRunExecutionData({
		executionData: {
			nodeExecutionStack: [
				{
					node: startNode,
					data: { main: [options.startItems ?? [{ json: {} }]] },
					source: null,
				},
			],
		},
		resultData: { runData: {}, pinData: options.pinData },
	});

	const workflowExecute = new WorkflowExecute(additionalData, mode, runExecutionData);
	const issues = workflowExecute.checkReadyForExecution(workflow, { startNode: startNodeName });
	if (issues !== null) {
		throw new ApplicationError(`The workflow has issues: ${JSON.stringify(issues)}`);
	}
	const run = await workflowExecute.processRunExecutionData(workflow);

	const taskData = (nodeName: string): ITaskData[] => run.data.resultData.runData[nodeName] ?? [];
	const outputs = (nodeName: string, runIndex = 0): INodeExecutionData[][] =>
		(taskData(nodeName)[runIndex]?.data?.main ?? []).map((items) => items ?? []);

	return {
		run,
		executionId,
		workflow,
		credentialsHelper,
		staticData: snapshotStaticData(newStaticData ?? workflow.staticData),
		staticDataChanged: newStaticData !== undefined,
		taskData,
		outputs,
		output: (nodeName, outputIndex = 0, runIndex = 0) =>
			outputs(nodeName, runIndex)[outputIndex] ?? [],
		error: (nodeName, runIndex) => {
			const runs = taskData(nodeName);
			return runs[runIndex ?? runs.length - 1]?.error;
		},
	};
}
