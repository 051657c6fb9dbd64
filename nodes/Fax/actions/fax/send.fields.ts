import type { INodeProperties } from 'n8n-workflow';

import { DEFAULT_CONFIDENTIALITY_NOTICE } from '../../document/coverPage';

/** FaxDrop requires a sender on every fax; empty fields fall back to the credential's defaults. */
export function faxDropSenderFields(operations: string[]): INodeProperties[] {
	const displayOptions = {
		show: { provider: ['faxDrop'], resource: ['fax'], operation: operations },
	};
	return [
		{
			displayName: 'Sender Name',
			name: 'senderName',
			type: 'string',
			default: '',
			placeholder: 'e.g. Riverside Clinic',
			description:
				'Shown on the FaxDrop cover page. Leave empty to use the default from the FaxDrop credential.',
			displayOptions,
		},
		{
			displayName: 'Sender Email',
			name: 'senderEmail',
			type: 'string',
			default: '',
			placeholder: 'e.g. name@email.com',
			description:
				'FaxDrop emails the delivery confirmation here. Leave empty to use the default from the FaxDrop credential.',
			displayOptions,
		},
	];
}

/** Option Include Provider Response, also on the operations that read faxes. */
export const includeRawOption: INodeProperties = {
	displayName: 'Include Provider Response',
	name: 'includeRaw',
	type: 'boolean',
	default: false,
	description:
		"Whether to add the provider's own answer as `raw`. It holds full fax numbers and provider fields, so it is off unless a workflow needs it.",
};

/**
 * Options of the operations that return faxes without sending (and of the Fax Trigger, which
 * has no resource: no `operation`): Include Provider Response.
 */
export function readOptionsCollection(operation?: string): INodeProperties {
	return {
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		options: [includeRawOption],
		...(operation
			? { displayOptions: { show: { resource: ['fax'], operation: [operation] } } }
			: {}),
	};
}

/** Top-level "Failed Sends": n8n's error handling (default) or items carrying `outcome`. */
export const failureModeField: INodeProperties = {
	displayName: 'Failed Sends',
	name: 'failureMode',
	type: 'options',
	noDataExpression: true,
	options: [
		{
			name: 'Fail the Item (Default)',
			value: 'error',
			description:
				"A failed send stops the workflow, or goes to the error output if the node's Settings → On Error says so. n8n then keeps only the error message.",
		},
		{
			name: 'Output as Item With Outcome',
			value: 'outputItems',
			description:
				'A failed send comes out as a normal item with outcome (not_sent or uncertain) and error, so an IF or Switch node can fall back to another provider',
		},
	],
	default: 'error',
	description:
		'What a send that fails becomes. Every item carries outcome: not_sent (nothing was created, safe to send elsewhere), uncertain (may have been sent: never resend automatically) or sent.',
};

const notFaxDrop = { show: { '/provider': ['faxRocks', 'sendFaxMail'] } };
const onlyFaxDrop = { show: { '/provider': ['faxDrop'] } };

export const sendOptionsCollection: INodeProperties = {
	displayName: 'Options',
	name: 'options',
	type: 'collection',
	placeholder: 'Add Option',
	default: {},
	options: [
		{
			displayName: 'Allowed Fax Numbers',
			name: 'allowedRecipients',
			type: 'string',
			typeOptions: { rows: 3 },
			default: '',
			placeholder: '+12125550123\n+1212555*',
			description:
				"Numbers this node may fax, one per line; a prefix ends in *. Narrows the credential's Allowed Fax Numbers (a number must be in both), never widens it. Any other number is refused before upload.",
		},
		{
			displayName: 'Confidentiality Notice',
			name: 'confidentialityNotice',
			type: 'string',
			typeOptions: { rows: 4 },
			default: DEFAULT_CONFIDENTIALITY_NOTICE,
			description:
				'Small print at the bottom of the cover page (needs Include Cover Page). Starts with a standard healthcare fax disclaimer; edit it to your own wording, or remove this option to print none. FaxDrop: added to the cover note (together at most 500 characters).',
		},
		{
			displayName: 'Cover Note',
			name: 'coverNote',
			type: 'string',
			typeOptions: { rows: 3 },
			default: '',
			description: 'Message printed on the cover page (FaxDrop: at most 500 characters)',
		},
		{
			displayName: 'Default Country Code',
			name: 'defaultCountryCode',
			type: 'string',
			default: '',
			placeholder: 'e.g. 1',
			description:
				"Country calling code for numbers written without + or 00, e.g. 1 for the US and Canada, 49 for Germany. The number is then read as that country's national format, trunk prefix included (8 495… in Russia, 06 1… in Hungary).",
		},
		{
			displayName: 'Fail on Timeout',
			name: 'failOnTimeout',
			type: 'boolean',
			default: false,
			description:
				'Whether a fax that is not final when the wait times out fails the item. Off: the item keeps the last known status and error code WAIT_TIMEOUT.',
			displayOptions: { show: { waitForCompletion: [true] } },
		},
		{
			displayName: 'Idempotency Key',
			name: 'idempotencyKey',
			type: 'string',
			default: '',
			description:
				"SendFAXMail returns the original fax instead of sending again when a send repeats this key, for 24 hours. Leave empty: the node derives one per execution, item and document that stays the same across Retry On Fail. If you set one, make it unique per fax, e.g. an expression with the referral's ID.",
			displayOptions: { show: { '/provider': ['sendFaxMail'] } },
		},
		{
			displayName: 'Include Cover Page',
			name: 'includeCover',
			type: 'boolean',
			default: false,
			description:
				'Whether to add a cover page (to, from, subject, note, page count). FaxDrop prints its own; for the other providers the node adds one as the first page.',
		},
		includeRawOption,
		{
			displayName: 'Max Rate-Limit Wait (Seconds)',
			name: 'maxRateLimitWaitSeconds',
			type: 'number',
			typeOptions: { minValue: 0 },
			default: 120,
			description:
				"Longest the node waits for the provider's rate limit before failing the item instead. FaxDrop allows 10 sends per minute.",
		},
		{
			displayName: 'Page Size',
			name: 'pageSize',
			type: 'options',
			options: [
				{ name: 'A4', value: 'A4' },
				{ name: 'US Letter', value: 'Letter' },
			],
			default: 'Letter',
			description: 'Page size for images converted to PDF and for the generated cover page',
		},
		{
			displayName: 'Recipient Name',
			name: 'recipientName',
			type: 'string',
			default: '',
			placeholder: 'e.g. Dr. Jane Smith',
			description: 'Printed on the cover page',
		},
		{
			displayName: 'Remove Hidden Content',
			name: 'removeHiddenContent',
			type: 'boolean',
			default: true,
			description:
				'Whether to also leave out the metadata of the images and drawings on the pages (XMP, editing-app data). Every PDF is rebuilt from what its pages show either way: attachments, JavaScript, links, earlier revisions and document metadata are never uploaded; filled forms and printable annotations are drawn into the page.',
		},
		{
			displayName: 'Request Timeout (Seconds)',
			name: 'requestTimeoutSeconds',
			type: 'number',
			typeOptions: { minValue: 1 },
			default: 120,
			description:
				'How long to wait for the provider to answer one request. A send that gets no answer in time is reported with status unknown (it may have gone out) and is not sent again automatically.',
		},
		{
			displayName: 'Send Confirmation Email',
			name: 'sendEmail',
			type: 'boolean',
			default: true,
			description:
				'Whether FaxDrop emails the sender when the fax is delivered. Failed-fax emails are always sent.',
			displayOptions: onlyFaxDrop,
		},
		{
			displayName: 'Sender Company',
			name: 'senderCompany',
			type: 'string',
			default: '',
			description:
				'Printed on the cover page next to the sender name (FaxDrop: at most 100 characters)',
		},
		{
			displayName: 'Sender Name',
			name: 'senderName',
			type: 'string',
			default: '',
			description: 'Printed as "From" on the generated cover page',
			displayOptions: notFaxDrop,
		},
		{
			displayName: 'Sender Phone',
			name: 'senderPhone',
			type: 'string',
			default: '',
			placeholder: '+13155550123',
			description: 'Printed on the cover page for call-backs',
		},
		{
			displayName: 'Subject',
			name: 'subject',
			type: 'string',
			default: '',
			placeholder: 'e.g. Referral',
			description: 'The "Re:" line of the cover page (FaxDrop: at most 200 characters)',
		},
		{
			displayName: 'Timeout (Seconds)',
			name: 'timeoutSeconds',
			type: 'number',
			typeOptions: { minValue: 1 },
			default: 300,
			description: 'How long to wait for the fax to be delivered or fail',
			displayOptions: { show: { waitForCompletion: [true] } },
		},
		{
			displayName: 'Wait for Completion',
			name: 'waitForCompletion',
			type: 'boolean',
			default: false,
			description:
				"Whether to keep checking the fax until it is delivered or failed before the node finishes, at the provider's recommended polling pace",
		},
	],
};
