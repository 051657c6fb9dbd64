import type {
	IExecuteFunctions,
	INodeExecutionData,
	INodeType,
	INodeTypeDescription,
} from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

import { providerProperty } from './actions/common.descriptions';
import { operationFieldProperties, resourceAndOperationProperties } from './actions/resources';
import { router } from './actions/router';
import { LOCATOR_VERSION } from './actions/shared/locators';
import { listSearch } from './methods';
import { sharedStateProperty } from './sharedState';

export class Fax implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Fax',
		name: 'fax',
		icon: { light: 'file:fax.svg', dark: 'file:fax.dark.svg' },
		group: ['output'],
		// 1.1: the ID fields (Fax, Scheduled Fax, Contact) became resource locators.
		version: [1, LOCATOR_VERSION],
		defaultVersion: LOCATOR_VERSION,
		subtitle: '={{ $parameter["operation"] + ": " + $parameter["resource"] }}',
		description: 'Send, schedule and track faxes with faxrocks, FaxDrop or SendFAXMail',
		defaults: { name: 'Fax' },
		usableAsTool: true,
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		credentials: [
			{ name: 'faxRocksApi', required: true, displayOptions: { show: { provider: ['faxRocks'] } } },
			{ name: 'faxDropApi', required: true, displayOptions: { show: { provider: ['faxDrop'] } } },
			{
				name: 'sendFaxMailApi',
				required: true,
				displayOptions: { show: { provider: ['sendFaxMail'] } },
			},
			// n8n's own built-in Redis credential (Shared State "Redis"), so users point the nodes at
			// the Redis their queue mode already uses instead of typing it again. The community lint
			// only knows this package's credentials; n8n itself resolves any installed type.
			// eslint-disable-next-line n8n-nodes-base/node-class-description-credentials-name-unsuffixed, @n8n/community-nodes/no-credential-reuse, @n8n/community-nodes/valid-credential-references
			{ name: 'redis', required: true, displayOptions: { show: { sharedState: ['redis'] } } },
		],
		properties: [
			providerProperty,
			...resourceAndOperationProperties(),
			...operationFieldProperties(),
			sharedStateProperty,
		],
	};

	methods = { listSearch };

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return await router.call(this);
	}
}
