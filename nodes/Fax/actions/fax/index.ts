import type { ResourceDefinition } from '../types';
import * as check from './check.operation';
import * as download from './download.operation';
import * as getStatus from './getStatus.operation';
import * as list from './list.operation';
import * as schedule from './schedule.operation';
import * as send from './send.operation';
import * as sendBatch from './sendBatch.operation';
import * as waitForFinalStatus from './waitForFinalStatus.operation';

const ALL = ['faxRocks', 'faxDrop', 'sendFaxMail'] as const;

export const faxResource: ResourceDefinition = {
	value: 'fax',
	name: 'Fax',
	description: 'Send and track faxes',
	operations: [
		{
			value: 'check',
			name: 'Check',
			action: 'Check a fax without sending it',
			description:
				'Dry run of Send, Send Batch or Schedule: every check and the final document, nothing sent',
			providers: ALL,
			fields: check.description,
			execute: check.execute,
		},
		{
			value: 'download',
			name: 'Download',
			action: 'Download a fax or its receipt',
			description: 'Download the sent fax or its transmission receipt as a PDF',
			providers: ['faxRocks'],
			unsupportedHint: 'Only faxrocks offers fax and receipt PDF downloads.',
			fields: download.description,
			execute: download.execute,
		},
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
			value: 'list',
			name: 'List',
			action: 'List faxes',
			description: 'List sent faxes, newest first',
			providers: ['faxRocks', 'sendFaxMail'],
			unsupportedHint:
				'FaxDrop has no list endpoint. Keep the ID from Send and use Get Status or Wait for Final Status.',
			fields: list.description,
			execute: list.execute,
		},
		{
			value: 'schedule',
			name: 'Schedule',
			action: 'Schedule a fax',
			description: 'Send a document later, at a wall-clock time in a time zone',
			providers: ['faxRocks', 'sendFaxMail'],
			unsupportedHint:
				'FaxDrop cannot schedule faxes. Use faxrocks or SendFAXMail, or put a Wait node before Send.',
			fields: schedule.description,
			execute: schedule.execute,
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
		{
			value: 'sendBatch',
			name: 'Send Batch',
			action: 'Send a fax to several numbers',
			description: 'Send one document to up to 10 fax numbers, one output item per recipient',
			providers: ALL,
			fields: sendBatch.description,
			execute: sendBatch.execute,
		},
		{
			value: 'waitForFinalStatus',
			name: 'Wait for Final Status',
			action: 'Wait for a fax to finish',
			description:
				'Check a fax until it is delivered, failed, partial or cancelled, or until a timeout',
			providers: ALL,
			fields: waitForFinalStatus.description,
			execute: waitForFinalStatus.execute,
		},
	],
};
