import { randomUUID } from 'node:crypto';

import { LoadOptionsContext } from 'n8n-core';
import type { INode, INodeListSearchResult, INodeParameters, INodeType } from 'n8n-workflow';
import { ApplicationError, Workflow } from 'n8n-workflow';

import { buildAdditionalData } from './additional-data';
import {
	createCredentialsHelper,
	latestVersion,
	resolveSettings,
	type CredentialsData,
	type HarnessContext,
} from './context';
import { credentialReference } from './credentials-helper';

export interface ListSearchOptions {
	/** Full node type name, e.g. `n8n-nodes-fax.fax`. */
	type: string;
	typeVersion?: number;
	/** `methods.listSearch` method name (a mode's `searchListMethod`). */
	method: string;
	/** The node's current parameters, as the editor sends them. */
	parameters?: INodeParameters;
	credentials?: CredentialsData;
	filter?: string;
	paginationToken?: string;
	/** Workflow time zone (the editor's `getTimezone()`); default UTC. */
	timezone?: string;
}

/**
 * A resource locator's "From List" request as the cli's `DynamicNodeParametersService` runs
 * it: a one-node temporary workflow, a real `LoadOptionsContext`, the method called with the
 * search filter and pagination token.
 */
export async function runListSearch(
	ctx: HarnessContext,
	options: ListSearchOptions,
): Promise<INodeListSearchResult> {
	const nodeType = ctx.nodeTypes.getByNameAndVersion(
		options.type,
		options.typeVersion ?? latestVersion(ctx, options.type),
	) as INodeType;
	const method = nodeType.methods?.listSearch?.[options.method];
	if (!method) {
		throw new ApplicationError(`${options.type} has no listSearch method "${options.method}"`);
	}
	const credentials = options.credentials ?? {};
	const node: INode = {
		id: randomUUID(),
		name: 'Temp-Node',
		type: options.type,
		typeVersion: options.typeVersion ?? latestVersion(ctx, options.type),
		position: [0, 0],
		parameters: options.parameters ?? {},
		credentials: Object.fromEntries(
			Object.keys(credentials).map((name) => [name, credentialReference(name)]),
		),
	};
	const workflow = new Workflow({
		nodes: [node],
		connections: {},
		active: false,
		nodeTypes: ctx.nodeTypes,
		settings: resolveSettings(options.timezone ? { timezone: options.timezone } : undefined),
	});
	const additionalData = buildAdditionalData({
		env: ctx.env,
		credentialsHelper: createCredentialsHelper(ctx, credentials),
	});
	const context = new LoadOptionsContext(workflow, workflow.nodes[node.name], additionalData, '');
	return await method.call(context, options.filter, options.paginationToken);
}
