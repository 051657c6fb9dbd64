import type { ResourceDefinition } from '../types';
import * as cancel from './cancel.operation';
import * as get from './get.operation';
import * as list from './list.operation';

export const scheduledFaxResource: ResourceDefinition = {
	value: 'scheduledFax',
	name: 'Scheduled Fax',
	description: 'Faxes waiting to be sent later',
	operations: [
		{
			value: 'cancel',
			name: 'Cancel',
			action: 'Cancel a scheduled fax',
			description: 'Cancel a scheduled fax that is still pending (scope scheduled:write)',
			providers: ['sendFaxMail'],
			fields: cancel.description,
			execute: cancel.execute,
		},
		{
			value: 'get',
			name: 'Get',
			action: 'Get a scheduled fax',
			description: 'Get one scheduled fax (scope scheduled:read)',
			providers: ['sendFaxMail'],
			fields: get.description,
			execute: get.execute,
		},
		{
			value: 'list',
			name: 'List',
			action: 'List scheduled faxes',
			description: 'List scheduled faxes, newest first (scope scheduled:read)',
			providers: ['sendFaxMail'],
			fields: list.description,
			execute: list.execute,
		},
	],
};
