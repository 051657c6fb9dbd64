import { PollContext } from 'n8n-core';
import type {
	IDataObject,
	INode,
	INodeExecutionData,
	INodeParameters,
	IWorkflowSettings,
	Workflow,
} from 'n8n-workflow';
import { ApplicationError } from 'n8n-workflow';

import { buildAdditionalData } from './additional-data';
import {
	createCredentialsHelper,
	createWorkflow,
	normalizeNodes,
	snapshotStaticData,
	type CredentialsData,
	type HarnessContext,
} from './context';
import type { HarnessCredentialsHelper } from './credentials-helper';
import { nodeUnderTest, type NodeOptions } from './run-node';

export type PollMode = 'trigger' | 'manual';

export interface PollerOptions {
	/** Full node type name of the polling trigger. */
	type: string;
	parameters?: INodeParameters;
	credentials?: CredentialsData;
	/**
	 * Workflow static data as stored in the database (`{ 'node:<Node name>': {...}, global: {...} }`).
	 * When `runPoll` gets an object here, it is updated in place with the data n8n would have
	 * saved, so passing the same object again simulates the next activation.
	 */
	staticData?: IDataObject;
	/**
	 * `trigger` (default): an active workflow's scheduled poll (mode `trigger`, activation
	 * `activate`, no execution id). `manual`: "Fetch Test Event" in the editor (mode and
	 * activation `manual`, with an execution id).
	 */
	mode?: PollMode;
	nodeOptions?: NodeOptions;
	settings?: IWorkflowSettings;
	workflowId?: string;
	/**
	 * What `getPollBudgetMs()` answers, as n8n-workflow 2.38+ poll contexts offer it (the
	 * harness's n8n-core 2.8.1 `PollContext` has no such method; set, it is added to the real
	 * context the way n8n 2.41's PollContext defines it). Unset: the context of n8n 2.8.
	 */
	pollBudgetMs?: number;
}

export interface PollResult {
	/** What `poll()` returned (`null` = nothing new; n8n then starts no execution). */
	items: INodeExecutionData[][] | null;
	/** Whether n8n would start an execution (`poll()` returned non-null → `__emit`). */
	emitted: boolean;
	/**
	 * Static data as n8n's database holds it after this poll. n8n saves static data only when a
	 * poll emits (trigger mode) — never for manual runs — so changes made by a poll that returned
	 * `null` live only in memory until the next emit. Pass this to simulate a restart.
	 */
	staticData: IDataObject;
	/** Static data of the running workflow after the poll (what the next poll of the same activation sees). */
	inMemoryStaticData: IDataObject;
	/** Whether the poll changed static data (`workflow.staticData.__dataChanged`). */
	staticDataChanged: boolean;
	/** The node's own slice, `getWorkflowStaticData('node')`, after the poll. */
	nodeStaticData: IDataObject;
	credentialsHelper: HarnessCredentialsHelper;
}

export interface Poller {
	readonly node: INode;
	/** Runs `poll()` once on the current activation (same `Workflow` instance as before). */
	poll(): Promise<PollResult>;
	/** Simulates an n8n restart: a new `Workflow` from the persisted static data. */
	restart(): void;
	/** Static data as persisted so far. */
	persistedStaticData(): IDataObject;
}

/**
 * Creates an activation of a polling trigger: a `Workflow` holding only the trigger node and a
 * real n8n-core `PollContext`, like `ActiveWorkflows` creates it. Every `poll()` calls
 * `nodeType.poll` on that context as `TriggersAndPollers.runPoll` does.
 */
export function createPoller(ctx: HarnessContext, options: PollerOptions): Poller {
	const mode = options.mode ?? 'trigger';
	const credentialsHelper = createCredentialsHelper(ctx, options.credentials);
	const spec = nodeUnderTest(ctx, options);
	const nodeName = spec.name;
	const [node] = normalizeNodes(ctx, [spec], Object.keys(options.credentials ?? {}));

	let persisted = snapshotStaticData(options.staticData ?? {});
	let workflow: Workflow;
	const restart = () => {
		workflow = createWorkflow(ctx, {
			id: options.workflowId,
			nodes: [{ ...node, parameters: { ...node.parameters } }],
			connections: {},
			settings: options.settings,
			staticData: persisted,
			active: mode === 'trigger',
		});
	};
	restart();

	const poll = async (): Promise<PollResult> => {
		const workflowNode = workflow.getNode(nodeName);
		if (!workflowNode) throw new ApplicationError(`Node ${nodeName} missing from workflow`);
		const nodeType = workflow.nodeTypes.getByNameAndVersion(
			workflowNode.type,
			workflowNode.typeVersion,
		);
		if (!nodeType.poll) {
			throw new ApplicationError(`Node type ${workflowNode.type} does not have a poll function`);
		}
		const additionalData = buildAdditionalData({
			env: ctx.env,
			credentialsHelper,
			executionId: mode === 'manual' ? ctx.nextExecutionId() : undefined,
		});

		let emitted = false;
		const context = new PollContext(
			workflow,
			workflowNode,
			additionalData,
			mode,
			mode === 'manual' ? 'manual' : 'activate',
			() => {
				emitted = true;
			},
			(error) => {
				throw error;
			},
		);

		if (options.pollBudgetMs !== undefined) {
			const budget = options.pollBudgetMs;
			Object.assign(context, { getPollBudgetMs: () => budget });
		}

		const items = await nodeType.poll.call(context);
		// ActiveWorkflows' poll function: a non-null response is emitted (starts an execution).
		if (items !== null) context.__emit(items);

		const staticDataChanged = workflow.staticData.__dataChanged === true;
		const inMemoryStaticData = snapshotStaticData(workflow.staticData);
		if (mode === 'trigger' && emitted && staticDataChanged) {
			// WorkflowStaticDataService.saveStaticData(): save, then reset the flag.
			persisted = inMemoryStaticData;
			workflow.staticData.__dataChanged = false;
		}
		return {
			items,
			emitted,
			staticData: snapshotStaticData(persisted),
			inMemoryStaticData,
			staticDataChanged,
			nodeStaticData: snapshotStaticData(workflow.getStaticData('node', workflowNode)),
			credentialsHelper,
		};
	};

	return {
		node,
		poll,
		restart,
		persistedStaticData: () => snapshotStaticData(persisted),
	};
}

/**
 * One poll on a fresh activation (a new `Workflow` built from `staticData`). When `staticData`
 * is an object, it is updated in place with what n8n persisted, so calling `runPoll` again
 * with the same object continues from there, like a workflow after a restart.
 */
export async function runPoll(ctx: HarnessContext, options: PollerOptions): Promise<PollResult> {
	const result = await createPoller(ctx, options).poll();
	if (options.staticData) {
		for (const key of Object.keys(options.staticData)) delete options.staticData[key];
		Object.assign(options.staticData, result.staticData);
	}
	return result;
}
