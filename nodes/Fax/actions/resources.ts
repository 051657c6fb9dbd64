import type { INodeProperties } from 'n8n-workflow';

import type { ProviderName } from '../providers/types';
import { accountResource } from './account';
import { contactResource } from './contact';
import { faxResource } from './fax';
import { numberResource } from './number';
import { scheduledFaxResource } from './scheduledFax';
import type { OperationDefinition, ResourceDefinition } from './types';

export const RESOURCES: ResourceDefinition[] = [
	faxResource,
	scheduledFaxResource,
	contactResource,
	numberResource,
	accountResource,
];

const PROVIDER_NAMES: ProviderName[] = ['faxRocks', 'faxDrop', 'sendFaxMail'];

function byName<T extends { name: string }>(a: T, b: T): number {
	return a.name.localeCompare(b.name);
}

function resourcesOf(provider: ProviderName): ResourceDefinition[] {
	return RESOURCES.filter((resource) =>
		resource.operations.some((operation) => operation.providers.includes(provider)),
	);
}

/**
 * One Resource and one Operation dropdown per provider, so each provider shows only what it
 * can do (e.g. FaxDrop has no list endpoint, so no List).
 */
export function resourceAndOperationProperties(): INodeProperties[] {
	const properties: INodeProperties[] = [];
	for (const provider of PROVIDER_NAMES) {
		const resources = resourcesOf(provider);
		properties.push({
			displayName: 'Resource',
			name: 'resource',
			type: 'options',
			noDataExpression: true,
			options: resources
				.map(({ name, value, description }) => ({ name, value, description }))
				.sort(byName),
			default: 'fax',
			displayOptions: { show: { provider: [provider] } },
		});
		for (const resource of resources) {
			const operations = resource.operations.filter((operation) =>
				operation.providers.includes(provider),
			);
			const defaultOperation = operations.some((operation) => operation.value === 'send')
				? 'send'
				: operations[0].value;
			properties.push({
				displayName: 'Operation',
				name: 'operation',
				type: 'options',
				noDataExpression: true,
				options: operations
					.map(({ name, value, action, description }) => ({ name, value, action, description }))
					.sort(byName),
				default: defaultOperation,
				displayOptions: { show: { provider: [provider], resource: [resource.value] } },
			});
		}
	}
	return properties;
}

/** Every operation's fields, each shown only for the providers that have the operation. */
export function operationFieldProperties(): INodeProperties[] {
	const properties: INodeProperties[] = [];
	for (const resource of RESOURCES) {
		for (const operation of resource.operations) {
			for (const field of operation.fields) {
				const show = field.displayOptions?.show ?? {};
				properties.push({
					...field,
					displayOptions: {
						...field.displayOptions,
						show: {
							...show,
							provider: (show.provider as string[] | undefined) ?? [...operation.providers],
						},
					},
				});
			}
		}
	}
	return properties;
}

export function findOperation(
	resource: string,
	operation: string,
): OperationDefinition | undefined {
	return RESOURCES.find((entry) => entry.value === resource)?.operations.find(
		(entry) => entry.value === operation,
	);
}
