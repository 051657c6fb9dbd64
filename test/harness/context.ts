import { randomUUID } from 'node:crypto';

import type {
	ICredentialDataDecryptedObject,
	IConnections,
	IDataObject,
	INode,
	INodeTypeDescription,
	IWorkflowBase,
	IWorkflowSettings,
} from 'n8n-workflow';
import { Workflow, deepCopy } from 'n8n-workflow';

import { HarnessCredentialsHelper, credentialReference } from './credentials-helper';
import type { HarnessEnvironment } from './environment';
import type { HarnessCredentialTypes, HarnessNodeTypes } from './types-registry';

/** Shared state of one harness instance, passed to the run/poll/webhook/tester modules. */
export interface HarnessContext {
	env: HarnessEnvironment;
	nodeTypes: HarnessNodeTypes;
	credentialTypes: HarnessCredentialTypes;
	/** Next execution id, as n8n's database would hand it out ("1", "2", ...). */
	nextExecutionId(): string;
	/** Functions run by `close()` (servers, webhook deregistration, ...). */
	closers: Set<() => Promise<void>>;
}

/** A node as tests write it: only name, type and (usually) parameters are required. */
export type HarnessNode = Omit<INode, 'id' | 'position' | 'typeVersion' | 'parameters'> &
	Partial<Pick<INode, 'id' | 'position' | 'typeVersion' | 'parameters'>>;

export type CredentialsData = Record<string, ICredentialDataDecryptedObject>;

/** The workflow settings every harness workflow gets unless overridden. */
export const DEFAULT_SETTINGS: IWorkflowSettings = {
	executionOrder: 'v1',
	timezone: 'UTC',
};

export function latestVersion(ctx: HarnessContext, type: string): number {
	const nodeType = ctx.nodeTypes.getByName(type);
	if ('nodeVersions' in nodeType) {
		return nodeType.currentVersion;
	}
	const { version } = nodeType.description;
	return Array.isArray(version) ? Math.max(...version) : version;
}

export function nodeDescription(ctx: HarnessContext, node: Pick<INode, 'type' | 'typeVersion'>) {
	return ctx.nodeTypes.getByNameAndVersion(node.type, node.typeVersion)
		.description as INodeTypeDescription;
}

/**
 * Completes test-written nodes into full `INode`s (deep-copied, so n8n's in-place parameter
 * defaulting does not touch the caller's objects). For every credential type the harness has
 * data for and the node's description lists, a `credentials` reference is added if missing.
 */
export function normalizeNodes(
	ctx: HarnessContext,
	nodes: HarnessNode[],
	credentialTypesWithData: string[],
): INode[] {
	return nodes.map((input, index) => {
		const node = deepCopy(input) as INode;
		node.id ??= randomUUID();
		node.position ??= [index * 220, 0];
		node.parameters ??= {};
		node.typeVersion ??= latestVersion(ctx, node.type);
		const description = nodeDescription(ctx, node);
		for (const { name } of description.credentials ?? []) {
			if (!credentialTypesWithData.includes(name)) continue;
			node.credentials ??= {};
			node.credentials[name] ??= credentialReference(name);
		}
		return node;
	});
}

export function createCredentialsHelper(
	ctx: HarnessContext,
	credentials: CredentialsData | undefined,
): HarnessCredentialsHelper {
	return new HarnessCredentialsHelper(ctx.credentialTypes, credentials ?? {});
}

export interface CreateWorkflowOptions {
	id?: string;
	name?: string;
	nodes: INode[];
	connections: IConnections;
	settings?: IWorkflowSettings;
	staticData?: IDataObject;
	active?: boolean;
}

export function resolveSettings(settings: IWorkflowSettings | undefined): IWorkflowSettings {
	return { ...DEFAULT_SETTINGS, ...(settings ?? {}) };
}

export function createWorkflow(ctx: HarnessContext, options: CreateWorkflowOptions): Workflow {
	return new Workflow({
		id: options.id ?? 'harnessWorkflow1',
		name: options.name ?? 'Harness workflow',
		nodes: options.nodes,
		connections: options.connections,
		active: options.active ?? false,
		nodeTypes: ctx.nodeTypes,
		settings: resolveSettings(options.settings),
		// As when n8n loads a workflow from the database: a fresh (JSON) copy of the stored data.
		staticData: options.staticData
			? (JSON.parse(JSON.stringify(options.staticData)) as IDataObject)
			: {},
	});
}

export function workflowBase(
	workflow: Workflow,
	nodes: INode[],
	connections: IConnections,
): IWorkflowBase {
	const now = new Date();
	return {
		id: workflow.id,
		name: workflow.name ?? 'Harness workflow',
		active: workflow.active,
		isArchived: false,
		activeVersionId: null,
		createdAt: now,
		updatedAt: now,
		nodes,
		connections,
		settings: workflow.settings,
		staticData: workflow.staticData,
	};
}

/** JSON copy of static data, as n8n's database would store it (`__dataChanged` is dropped). */
export function snapshotStaticData(staticData: IDataObject): IDataObject {
	return JSON.parse(JSON.stringify(staticData)) as IDataObject;
}
