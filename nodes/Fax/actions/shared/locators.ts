import type { IDisplayOptions, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import type { ProviderName } from '../../providers/types';
import { faxIdField } from '../common.descriptions';

/**
 * The Fax node version whose ID fields are resource locators. Version 1 keeps its plain text
 * fields, so workflows saved with it look and behave as before.
 */
export const LOCATOR_VERSION = 1.1;

const VERSION_1 = { '@version': [1] };
const LOCATOR_VERSIONS = { '@version': [{ _cnd: { gte: LOCATOR_VERSION } }] };

/** Providers whose faxes the editor can list (FaxDrop has no list endpoint). */
const LISTABLE: readonly ProviderName[] = ['faxRocks', 'sendFaxMail'];

/**
 * faxrocks documents its fax id as "an alphanumeric string (lowercase letters and numbers)".
 * FaxDrop and SendFAXMail show ids only in examples (`fax_abc123`, `fax_id`): no format check.
 */
const FAXROCKS_ID = '\\s*[a-z0-9]+\\s*';

function onlyFor(show: IDisplayOptions['show'], versions: IDisplayOptions['show']) {
	return { show: { ...show, ...versions } };
}

/** Version 1's text field, unchanged. */
function textField(field: INodeProperties, show: IDisplayOptions['show']): INodeProperties {
	return { ...field, displayOptions: onlyFor(show, VERSION_1) };
}

const FAX_DESCRIPTION =
	'The fax: pick one of the newest from the list, or map the ID of a fax item from Send or List';

/** faxrocks and SendFAXMail: From List or By ID. */
function listableFaxLocator(provider: ProviderName): INodeProperties {
	const faxRocks = provider === 'faxRocks';
	return {
		displayName: 'Fax',
		name: 'faxId',
		type: 'resourceLocator',
		required: true,
		default: { mode: 'list', value: '' },
		description: FAX_DESCRIPTION,
		modes: [
			{
				displayName: 'From List',
				name: 'list',
				type: 'list',
				placeholder: 'Select a fax...',
				typeOptions: { searchListMethod: 'searchFaxes', searchable: true },
			},
			{
				displayName: 'By ID',
				name: 'id',
				type: 'string',
				placeholder: faxRocks ? 'e.g. 656081f85ab27167270' : 'e.g. fax_abc123',
				validation: faxRocks
					? [
							{
								type: 'regex',
								properties: {
									regex: FAXROCKS_ID,
									errorMessage: 'A faxrocks fax ID has only lowercase letters and digits',
								},
							},
						]
					: [],
			},
		],
	};
}

/** FaxDrop has no list endpoint: By ID only. */
const faxDropLocator: INodeProperties = {
	displayName: 'Fax',
	name: 'faxId',
	type: 'resourceLocator',
	required: true,
	default: { mode: 'id', value: '' },
	description: 'The fax: map the ID of a fax item from Send',
	hint: 'FaxDrop cannot list faxes: keep the ID from Send',
	modes: [
		{
			displayName: 'By ID',
			name: 'id',
			type: 'string',
			placeholder: 'e.g. fax_abc123',
		},
	],
};

/**
 * The Fax ID field of an operation: version 1's text field, and from version 1.1 a resource
 * locator per provider (From List where the provider lists faxes, By ID everywhere).
 */
export function faxIdFields(
	show: IDisplayOptions['show'],
	providers: readonly ProviderName[] = ['faxRocks', 'faxDrop', 'sendFaxMail'],
): INodeProperties[] {
	return [
		textField(faxIdField, show),
		...providers.map((provider) => ({
			...(LISTABLE.includes(provider) ? listableFaxLocator(provider) : faxDropLocator),
			displayOptions: onlyFor({ ...show, provider: [provider] }, LOCATOR_VERSIONS),
		})),
	];
}

interface IdLocator {
	displayName: string;
	searchListMethod: string;
	placeholder: string;
	description: string;
}

/** Scheduled Fax and Contact (SendFAXMail): text field in version 1, locator from 1.1. */
function sendFaxMailIdFields(
	text: INodeProperties,
	locator: IdLocator,
	show: IDisplayOptions['show'],
): INodeProperties[] {
	return [
		textField(text, show),
		{
			displayName: locator.displayName,
			name: text.name,
			type: 'resourceLocator',
			required: true,
			default: { mode: 'list', value: '' },
			description: locator.description,
			modes: [
				{
					displayName: 'From List',
					name: 'list',
					type: 'list',
					placeholder: `Select a ${locator.displayName.toLowerCase()}...`,
					typeOptions: { searchListMethod: locator.searchListMethod, searchable: true },
				},
				{
					displayName: 'By ID',
					name: 'id',
					type: 'string',
					placeholder: locator.placeholder,
				},
			],
			displayOptions: onlyFor(show, LOCATOR_VERSIONS),
		},
	];
}

export function scheduledFaxIdFields(show: IDisplayOptions['show']): INodeProperties[] {
	return sendFaxMailIdFields(
		{
			displayName: 'Scheduled Fax ID',
			name: 'scheduledFaxId',
			type: 'string',
			required: true,
			default: '',
			placeholder: 'e.g. sched_abc123',
			description: 'ID of the scheduled fax (sched_…), from Schedule or List',
		},
		{
			displayName: 'Scheduled Fax',
			searchListMethod: 'searchScheduledFaxes',
			placeholder: 'e.g. sched_abc123',
			description: 'The scheduled fax: pick it from the list, or map its ID from Schedule or List',
		},
		show,
	);
}

export function contactIdFields(show: IDisplayOptions['show']): INodeProperties[] {
	return sendFaxMailIdFields(
		{
			displayName: 'Contact ID',
			name: 'contactId',
			type: 'string',
			required: true,
			default: '',
			placeholder: 'e.g. contact_abc123',
			description: 'ID of the contact (contact_…), from Create or List',
		},
		{
			displayName: 'Contact',
			searchListMethod: 'searchContacts',
			placeholder: 'e.g. contact_abc123',
			description: 'The contact: pick it from the list, or map its ID from Create or List',
		},
		show,
	);
}

/** The text of a locator value (`{ __rl, mode, value }`) or of a plain value, trimmed. */
export function locatorText(value: unknown): string {
	if (value && typeof value === 'object' && 'value' in value) {
		return locatorText((value as { value: unknown }).value);
	}
	return String(value ?? '').trim();
}

/**
 * An ID field's value, whether the workflow holds a resource locator (version 1.1, or an
 * object mapped by hand) or a plain string / expression (version 1, older workflows, tests).
 */
export function readLocatorValue(ctx: IExecuteFunctions, name: string, itemIndex: number): string {
	return locatorText(ctx.getNodeParameter(name, itemIndex, '', { extractValue: true }));
}
