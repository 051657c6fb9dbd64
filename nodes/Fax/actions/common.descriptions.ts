import type { INodeProperties } from 'n8n-workflow';

export const providerProperty: INodeProperties = {
	displayName: 'Provider',
	name: 'provider',
	type: 'options',
	noDataExpression: true,
	options: [
		{
			name: 'Faxrocks',
			value: 'faxRocks',
			description:
				'Worldwide faxing; batch up to 10 numbers in one request; schedule; PDF downloads',
		},
		{
			name: 'FaxDrop',
			value: 'faxDrop',
			description: 'US and Canada only; PDF, JPEG or PNG up to 4 MB; native cover page',
		},
		{
			name: 'SendFAXMail',
			value: 'sendFaxMail',
			description: 'Business plan API; idempotent sends; scheduling; contacts; webhooks',
		},
	],
	default: 'faxRocks',
	description: 'The fax service to use. Each one needs its own credential.',
};

export const toNumberField: INodeProperties = {
	displayName: 'Fax Number',
	name: 'toNumber',
	type: 'string',
	required: true,
	default: '',
	placeholder: '+12125550123',
	description:
		'Recipient fax number, ideally in international format (+ country code). Spaces, dashes and brackets are fine.',
	hint: 'Without a leading + or 00, set "Default Country Code" in the options',
};

export const binaryPropertyField: INodeProperties = {
	displayName: 'Input Binary Field(s)',
	name: 'binaryPropertyName',
	type: 'string',
	required: true,
	default: 'data',
	placeholder: 'data',
	description:
		'Name of the binary field holding the document (PDF, PNG or JPEG). Several comma-separated names are merged in that order into one PDF.',
	hint: 'The document to fax, e.g. from Read/Write Files from Disk, HTTP Request or a form upload',
};

export const faxIdField: INodeProperties = {
	displayName: 'Fax ID',
	name: 'faxId',
	type: 'string',
	required: true,
	default: '',
	placeholder: 'e.g. fax_abc123',
	description: 'ID of the fax, as returned by Send or List (the "ID" field of a fax item)',
};

export const toNumbersField: INodeProperties = {
	displayName: 'Fax Numbers',
	name: 'toNumbers',
	type: 'string',
	typeOptions: { rows: 3 },
	required: true,
	default: '',
	placeholder: '+12125550123, +12125550124',
	description:
		'Up to 10 recipient fax numbers, separated by commas or new lines, or an array from an expression. Each recipient gets its own output item.',
};

export const scheduledFaxIdField: INodeProperties = {
	displayName: 'Scheduled Fax ID',
	name: 'scheduledFaxId',
	type: 'string',
	required: true,
	default: '',
	placeholder: 'e.g. sched_abc123',
	description: 'ID of the scheduled fax (sched_…), from Schedule or List',
};
