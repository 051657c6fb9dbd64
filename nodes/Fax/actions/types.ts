import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';

import type { FaxProviderAdapter, ProviderName } from '../providers/types';

export type OperationExecute = (
	this: IExecuteFunctions,
	itemIndex: number,
	adapter: FaxProviderAdapter,
) => Promise<INodeExecutionData[]>;

/** One operation of a resource: its UI entry, fields, and the providers that can do it. */
export interface OperationDefinition {
	value: string;
	name: string;
	action: string;
	description: string;
	providers: readonly ProviderName[];
	/** Said when a workflow asks a provider for an operation it lacks: what to use instead. */
	unsupportedHint?: string;
	fields: INodeProperties[];
	execute: OperationExecute;
}

export interface ResourceDefinition {
	value: string;
	name: string;
	description: string;
	operations: OperationDefinition[];
}
