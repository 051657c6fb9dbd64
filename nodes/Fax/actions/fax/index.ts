import type { ResourceDefinition } from '../types';
import * as getStatus from './getStatus.operation';
import * as send from './send.operation';

const ALL = ['faxRocks', 'faxDrop', 'sendFaxMail'] as const;

export const faxResource: ResourceDefinition = {
	value: 'fax',
	name: 'Fax',
	description: 'Send and track faxes',
	operations: [
		{
			value: 'getStatus',
			name: 'Get Status',
			action: 'Get the status of a fax',
			description: 'Get the current status of one fax',
			providers: ALL,
			fields: getStatus.description,
			execute: getStatus.execute,
		},
		{
			value: 'send',
			name: 'Send',
			action: 'Send a fax',
			description: 'Send one document to one fax number',
			providers: ALL,
			fields: send.description,
			execute: send.execute,
		},
	],
};
