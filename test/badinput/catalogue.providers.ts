/**
 * Catalogue entries about IDs and free text in the wrong field: an ID that would reach another
 * route (`.`, `..`, a slash), a note mapped into an ID field. All are refused before any request,
 * and no error quotes what was typed.
 */
import type { CatalogueEntry } from './catalogue';
import { faxIdParams, seededId, seedTwo } from './catalogue';
import { goodPdf } from './fixtures';

const NOTE = 'Pt Jane Roe called re insulin refill';

function badFaxId(
	id: string,
	provider: CatalogueEntry['provider'],
	operation: 'getStatus' | 'download' | 'waitForFinalStatus',
	faxId: string,
	message: RegExp,
	secrets: string[] = [],
): CatalogueEntry {
	return {
		id,
		category: 'field',
		provider,
		parameters: {
			...faxIdParams(provider, operation),
			...(operation === 'download' ? { document: 'fax' } : {}),
			...(operation === 'waitForFinalStatus' ? { timeoutSeconds: 5 } : {}),
		},
		setup: seedTwo(provider),
		bad: () => ({ json: { faxId } }),
		good: seededId(provider),
		goodOutcome: operation === 'download' ? 'download' : 'lookup',
		error: 'NodeOperationError',
		message: [message, /field "faxId"/],
		description: /\$json\.id/,
		noRequest: true,
		namesItem: true,
		secrets,
	};
}

export const PROVIDER_ENTRIES: CatalogueEntry[] = [
	// On SendFAXMail `GET /v1/faxes/.` is `GET /v1/faxes/`: the fax list.
	badFaxId('Fax ID "." (SendFAXMail)', 'sendFaxMail', 'getStatus', '.', /Fax ID is only dots/),
	badFaxId('Fax ID ".." (FaxDrop)', 'faxDrop', 'getStatus', '..', /Fax ID is only dots/),
	badFaxId(
		'Fax ID with a path in it (SendFAXMail)',
		'sendFaxMail',
		'getStatus',
		'x/../../numbers',
		/Fax ID contains characters an ID never has/,
		['numbers'],
	),
	badFaxId(
		'a note mapped into Fax ID (Wait for Final Status)',
		'faxDrop',
		'waitForFinalStatus',
		NOTE,
		/Fax ID contains spaces or line breaks/,
		['Jane', 'insulin'],
	),
	badFaxId(
		'an over-long Fax ID (SendFAXMail)',
		'sendFaxMail',
		'getStatus',
		'a'.repeat(300),
		/Fax ID is 300 characters long; an ID has at most 128/,
		['a'.repeat(40)],
	),
	badFaxId(
		'faxrocks: Fax ID not letters and digits (Download)',
		'faxRocks',
		'download',
		'fax_Jane-Roe',
		/Fax ID is not a faxrocks ID: those are letters and digits only/,
		['Jane'],
	),
	{
		id: 'a note mapped into Input Binary Field(s)',
		category: 'binary',
		provider: 'sendFaxMail',
		parameters: {
			provider: 'sendFaxMail',
			resource: 'fax',
			operation: 'send',
			toNumber: '={{ $json.to }}',
			binaryPropertyName: '={{ $json.prop || "data" }}',
		},
		bad: async () => ({
			json: { to: '+12125550151', prop: NOTE },
			binary: {
				data: { data: await goodPdf(), fileName: 'referral.pdf', mimeType: 'application/pdf' },
			},
		}),
		error: 'NodeOperationError',
		message: [
			/Input Binary Field\(s\) holds text that is not a binary field name/,
			/field "binaryPropertyName"/,
		],
		beforeUpload: true,
		noRequest: true,
		namesItem: true,
		secrets: ['Jane', 'insulin'],
	},
];
