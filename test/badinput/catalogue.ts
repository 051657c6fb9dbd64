/**
 * The bad-input catalogue: one entry per way a no-code user (or a provider) can make a fax
 * operation fail. `catalogue.test.ts` runs each entry through the Fax node in real n8n-core
 * against the simulator, once failing the node and once with continueOnFail.
 */
import type { ICredentialDataDecryptedObject, INodeParameters } from 'n8n-workflow';

import type { HarnessInputItem } from '../harness';
import type { Simulator } from '../../simulator';
import { FAXDROP_KEYS, FAXROCKS_TOKENS, SENDFAXMAIL_KEYS } from '../../simulator';
import * as doc from './fixtures';
import { MARKER } from './fixtures';
import { makeHugePngHeader } from '../unit/fixtures';

export type Provider = 'faxRocks' | 'faxDrop' | 'sendFaxMail';

/** What the good items 0 and 2 of the continueOnFail run produce. */
export type GoodOutcome =
	/** One fax each in the simulator. */
	| 'faxes'
	/** One SendFAXMail scheduled fax each (they become faxes only at their time). */
	| 'scheduled'
	/** The status of one existing (seeded) fax each. */
	| 'lookup'
	/** The PDF of one existing (seeded) fax each. */
	| 'download';

export interface CatalogueEntry {
	id: string;
	category:
		| 'file'
		| 'binary'
		| 'size'
		| 'number'
		| 'count'
		| 'date'
		| 'timezone'
		| 'field'
		| 'key'
		| 'provider'
		| 'operation';
	provider: Provider;
	parameters: INodeParameters;
	/** Replaces the provider's default credential. */
	credentials?: ICredentialDataDecryptedObject;
	/** Runs before the items are built (flags, seeding, clock). */
	setup?: (sim: Simulator) => void | Promise<void>;
	/** The bad item. */
	bad: (sim: Simulator) => HarnessInputItem | Promise<HarnessInputItem>;
	/** Good items 0 and 2 (default: a PDF to a fictional number). */
	good?: (sim: Simulator, index: 0 | 2) => HarnessInputItem | Promise<HarnessInputItem>;
	goodOutcome?: GoodOutcome;
	error: 'NodeOperationError' | 'NodeApiError';
	httpCode?: string;
	/** Every pattern must match the error message. */
	message: RegExp[];
	/** Must match the error description (the hint n8n shows under the message). */
	description?: RegExp;
	/** The input is at fault: the provider must not have received any POST. */
	beforeUpload?: boolean;
	/** Caught before any request to the provider at all. */
	noRequest?: boolean;
	/** The message names the item: "item 0" alone, "item 1" in the 3-item run. */
	namesItem?: boolean;
	/** Fax numbers that may appear only masked (last 4 digits). */
	numbers?: string[];
	/** Free text of the bad item (it may be PHI): never quoted in errors or logs. */
	secrets?: string[];
	/**
	 * `item`: only the bad item fails, items 0 and 2 go through. `node`: the credential, the
	 * account or the operation is at fault, so every item of the run fails on its own.
	 */
	scope?: 'item' | 'node';
}

export const GOOD_NUMBERS = { 0: '+12125550150', 2: '+12125550152' } as const;

export const SENDER = {
	senderName: 'Riverside Clinic (fictional)',
	senderEmail: 'frontdesk@clinic.example',
};

export function defaultCredentials(
	sim: Simulator,
	provider: Provider,
): ICredentialDataDecryptedObject {
	switch (provider) {
		case 'faxRocks':
			return { apiToken: FAXROCKS_TOKENS.primary, baseUrl: sim.baseUrls.faxRocks };
		case 'faxDrop':
			return { apiKey: FAXDROP_KEYS.primary, baseUrl: sim.baseUrls.faxDrop, ...SENDER };
		case 'sendFaxMail':
			return { apiKey: SENDFAXMAIL_KEYS.business, baseUrl: sim.baseUrls.sendFaxMail };
	}
}

export const CREDENTIAL_TYPE: Record<Provider, string> = {
	faxRocks: 'faxRocksApi',
	faxDrop: 'faxDropApi',
	sendFaxMail: 'sendFaxMailApi',
};

// ------------------------------------------------------------------ parameters

/** Every per-item input comes from the item's JSON, as in a real mapped workflow. */
function sendParams(provider: Provider, extra: INodeParameters = {}): INodeParameters {
	return {
		provider,
		resource: 'fax',
		operation: 'send',
		toNumber: '={{ $json.to }}',
		binaryPropertyName: '={{ $json.prop || "data" }}',
		...(provider === 'faxDrop'
			? {
					senderName: '={{ $json.senderName || "" }}',
					senderEmail: '={{ $json.senderEmail || "" }}',
				}
			: {}),
		...extra,
	};
}

function batchParams(provider: Provider): INodeParameters {
	return {
		...sendParams(provider),
		operation: 'sendBatch',
		toNumber: undefined,
		toNumbers: '={{ $json.to }}',
	} as INodeParameters;
}

function scheduleParams(provider: Provider): INodeParameters {
	return {
		provider,
		resource: 'fax',
		operation: 'schedule',
		toNumbers: '={{ $json.to }}',
		binaryPropertyName: 'data',
		scheduledAt: '={{ $json.sendAt }}',
		timezone: '={{ $json.tz || "" }}',
	};
}

export function faxIdParams(
	provider: Provider,
	operation: 'getStatus' | 'download' | 'waitForFinalStatus',
): INodeParameters {
	return { provider, resource: 'fax', operation, faxId: '={{ $json.faxId }}' };
}

function withCoverOptions(provider: Provider): INodeParameters {
	return sendParams(provider, {
		options: { subject: '={{ $json.subject || "" }}', coverNote: '={{ $json.coverNote || "" }}' },
	});
}

// ------------------------------------------------------------------ items

async function pdfItem(json: Record<string, unknown>): Promise<HarnessInputItem> {
	return {
		json: json as HarnessInputItem['json'],
		binary: {
			data: { data: await doc.goodPdf(), fileName: 'referral.pdf', mimeType: 'application/pdf' },
		},
	};
}

/** A file under the name and MIME type of a PDF: the node must look at the bytes. */
function fileItem(
	data: Buffer,
	json: Record<string, unknown> = { to: '+12125550151' },
): HarnessInputItem {
	return {
		json: json as HarnessInputItem['json'],
		binary: { data: { data, fileName: 'referral.pdf', mimeType: 'application/pdf' } },
	};
}

const sendTo =
	(to: unknown, more: Record<string, unknown> = {}) =>
	async () =>
		await pdfItem({ to, ...more });

function iso(offsetSeconds: number): string {
	return new Date(Date.now() + offsetSeconds * 1000).toISOString();
}

/** `sendAt` as a function is computed when the item is built (a time seconds from now). */
const scheduleAt =
	(sendAt: string | (() => string), tz = '') =>
	async () =>
		await pdfItem({
			to: '+12125550151',
			sendAt: typeof sendAt === 'function' ? sendAt() : sendAt,
			tz,
		});

const goodSchedule = async (_sim: Simulator, index: 0 | 2) =>
	await pdfItem({ to: GOOD_NUMBERS[index], sendAt: iso(3 * 3600), tz: 'America/New_York' });

export const seededId = (provider: Provider) => (sim: Simulator, index: 0 | 2) => ({
	json: { faxId: sim.faxes({ provider })[index === 0 ? 0 : 1].id },
});

export const seedTwo = (provider: Provider) => (sim: Simulator) => {
	sim.seed({ provider, count: 2 });
};

/** The next spring-forward day in New York (second Sunday of March), 02:30 wall clock. */
export function nonexistentNewYorkTime(now = new Date()): string {
	for (let year = now.getUTCFullYear(); ; year++) {
		const firstOfMarch = new Date(Date.UTC(year, 2, 1)).getUTCDay();
		const day = 1 + ((7 - firstOfMarch) % 7) + 7;
		const text = `${year}-03-${String(day).padStart(2, '0')}T02:30:00`;
		if (Date.parse(`${text}Z`) > now.getTime() + 86_400_000) return text;
	}
}

const GAP_DAY = nonexistentNewYorkTime().slice(0, 10);

const FILE_ERROR_FIELD = /binary property 'data'/i;

// ------------------------------------------------------------------ the catalogue

export const CATALOGUE: CatalogueEntry[] = [
	// ---------------------------------------------------------------- file types
	{
		id: 'TIFF image',
		category: 'file',
		provider: 'faxRocks',
		parameters: sendParams('faxRocks'),
		bad: () => fileItem(doc.tiff()),
		error: 'NodeOperationError',
		message: [FILE_ERROR_FIELD, /is a TIFF image/, /PDF, PNG or JPEG/],
		description: /Convert the TIFF to PDF/,
		beforeUpload: true,
		namesItem: true,
	},
	{
		id: 'GIF image',
		category: 'file',
		provider: 'sendFaxMail',
		parameters: sendParams('sendFaxMail'),
		bad: () => fileItem(doc.gif()),
		error: 'NodeOperationError',
		message: [FILE_ERROR_FIELD, /is a GIF image/],
		description: /PNG or PDF/,
		beforeUpload: true,
		noRequest: true,
		namesItem: true,
	},
	{
		id: 'Word document (DOCX)',
		category: 'file',
		provider: 'faxDrop',
		parameters: sendParams('faxDrop'),
		bad: () => fileItem(doc.docx()),
		error: 'NodeOperationError',
		message: [FILE_ERROR_FIELD, /Word document \(DOCX\)/],
		description: /Save As → PDF/,
		beforeUpload: true,
		noRequest: true,
		namesItem: true,
	},
	{
		id: 'ZIP archive',
		category: 'file',
		provider: 'faxRocks',
		parameters: sendParams('faxRocks'),
		bad: () => fileItem(doc.zip()),
		error: 'NodeOperationError',
		message: [FILE_ERROR_FIELD, /ZIP archive/],
		description: /Unpack the archive/,
		beforeUpload: true,
		noRequest: true,
		namesItem: true,
	},
	{
		id: 'plain text',
		category: 'file',
		provider: 'sendFaxMail',
		parameters: sendParams('sendFaxMail'),
		bad: () => fileItem(doc.plainText()),
		error: 'NodeOperationError',
		message: [FILE_ERROR_FIELD, /is plain text/],
		description: /text rather than a document/,
		beforeUpload: true,
		noRequest: true,
		namesItem: true,
	},
	{
		id: 'HTML page',
		category: 'file',
		provider: 'faxDrop',
		parameters: sendParams('faxDrop'),
		bad: () => fileItem(doc.html()),
		error: 'NodeOperationError',
		message: [FILE_ERROR_FIELD, /HTML web page/],
		description: /login or error page/,
		beforeUpload: true,
		noRequest: true,
		namesItem: true,
	},
	{
		id: 'empty file',
		category: 'file',
		provider: 'faxRocks',
		parameters: sendParams('faxRocks'),
		bad: () => fileItem(doc.empty()),
		error: 'NodeOperationError',
		message: [FILE_ERROR_FIELD, /is empty \(0 bytes\)/],
		beforeUpload: true,
		noRequest: true,
		namesItem: true,
	},
	{
		id: 'truncated PDF',
		category: 'file',
		provider: 'sendFaxMail',
		parameters: sendParams('sendFaxMail'),
		bad: async () => fileItem(await doc.truncatedPdf()),
		error: 'NodeOperationError',
		message: [FILE_ERROR_FIELD, /damaged PDF/],
		description: /save or print it as a new PDF/,
		beforeUpload: true,
		noRequest: true,
		namesItem: true,
	},
	{
		id: 'PDF decompression bomb (1 MB inflating to 1 GB)',
		category: 'file',
		provider: 'sendFaxMail',
		parameters: sendParams('sendFaxMail'),
		bad: () => fileItem(doc.pdfBomb()),
		error: 'NodeOperationError',
		message: [FILE_ERROR_FIELD, /compressed structure expands to more than 16 MB/],
		description: /print it to a new PDF/,
		beforeUpload: true,
		noRequest: true,
		namesItem: true,
	},
	{
		id: 'PDF with more than 1024 bytes before %PDF-',
		category: 'file',
		provider: 'faxDrop',
		parameters: sendParams('faxDrop'),
		bad: async () => fileItem(await doc.pdfAfterJunk(2048)),
		error: 'NodeOperationError',
		message: [FILE_ERROR_FIELD, /2048 bytes of other data before the PDF starts/],
		description: /Get the original PDF again/,
		beforeUpload: true,
		noRequest: true,
		namesItem: true,
	},
	{
		id: 'encrypted (password-protected) PDF',
		category: 'file',
		provider: 'faxDrop',
		parameters: sendParams('faxDrop'),
		bad: async () => fileItem(await doc.encryptedPdf()),
		error: 'NodeOperationError',
		message: [FILE_ERROR_FIELD, /encrypted PDF/, /remove the password/],
		beforeUpload: true,
		noRequest: true,
		namesItem: true,
	},
	{
		id: 'PDF with zero pages',
		category: 'file',
		provider: 'faxRocks',
		parameters: sendParams('faxRocks'),
		bad: async () => fileItem(await doc.zeroPagePdf()),
		error: 'NodeOperationError',
		message: [FILE_ERROR_FIELD, /PDF with no pages/],
		beforeUpload: true,
		noRequest: true,
		namesItem: true,
	},

	{
		id: 'PNG too large to convert (100 megapixels)',
		category: 'file',
		provider: 'faxRocks',
		parameters: sendParams('faxRocks'),
		bad: () =>
			fileItem(Buffer.concat([makeHugePngHeader(10_000, 10_000), Buffer.from(MARKER, 'latin1')])),
		error: 'NodeOperationError',
		message: [FILE_ERROR_FIELD, /10000 × 10000|100(\.0)? megapixels/],
		beforeUpload: true,
		noRequest: true,
		namesItem: true,
	},

	// ---------------------------------------------------------------- binary property
	{
		id: 'missing binary property',
		category: 'binary',
		provider: 'sendFaxMail',
		parameters: sendParams('sendFaxMail'),
		bad: () => ({ json: { to: '+12125550151' } }),
		error: 'NodeOperationError',
		message: [/binary file 'data'/, /none was found/],
		beforeUpload: true,
		noRequest: true,
		namesItem: true,
	},
	{
		id: 'wrong binary property name',
		category: 'binary',
		provider: 'faxRocks',
		parameters: sendParams('faxRocks'),
		bad: async () => await pdfItem({ to: '+12125550151', prop: 'attachment' }),
		error: 'NodeOperationError',
		message: [/has no binary field 'attachment'/],
		beforeUpload: true,
		noRequest: true,
		namesItem: true,
	},

	{
		id: 'binary field name left empty',
		category: 'binary',
		provider: 'sendFaxMail',
		parameters: sendParams('sendFaxMail'),
		bad: async () => await pdfItem({ to: '+12125550151', prop: ' , ' }),
		error: 'NodeOperationError',
		message: [/No binary field named/, /field "binaryPropertyName"/],
		description: /e\.g\. data/,
		beforeUpload: true,
		noRequest: true,
		namesItem: true,
	},

	// ---------------------------------------------------------------- size
	{
		id: 'FaxDrop: PDF over 4 MB',
		category: 'size',
		provider: 'faxDrop',
		parameters: sendParams('faxDrop'),
		bad: async () => fileItem(await doc.pdfOverFourMb()),
		error: 'NodeOperationError',
		message: [/^The document is 4\.00\d* MB; FaxDrop accepts at most 4 MB/, /field "data"/],
		description: /split the document/,
		beforeUpload: true,
		noRequest: true,
		namesItem: true,
	},

	// ---------------------------------------------------------------- numbers
	{
		id: 'vanity number with letters',
		category: 'number',
		provider: 'faxRocks',
		parameters: sendParams('faxRocks'),
		bad: sendTo('+1-212-555-FAXX'),
		error: 'NodeOperationError',
		message: [/contains letters/, /field "toNumber"/],
		description: /Vanity numbers/,
		beforeUpload: true,
		noRequest: true,
		namesItem: true,
	},
	{
		id: 'number too short',
		category: 'number',
		provider: 'sendFaxMail',
		parameters: sendParams('sendFaxMail'),
		bad: sendTo('+4420794'),
		error: 'NodeOperationError',
		message: [/'\+\*\*\*0794' is too short/, /field "toNumber"/],
		beforeUpload: true,
		noRequest: true,
		namesItem: true,
	},
	{
		id: 'number too long',
		category: 'number',
		provider: 'faxRocks',
		parameters: sendParams('faxRocks'),
		bad: sendTo('+44 20 7946 0123 4567 8'),
		error: 'NodeOperationError',
		message: [/'\+\*+5678' is too long/, /at most 15/],
		beforeUpload: true,
		noRequest: true,
		namesItem: true,
		numbers: ['+442079460123'],
	},
	{
		id: 'number with an extension',
		category: 'number',
		provider: 'faxDrop',
		parameters: sendParams('faxDrop'),
		bad: sendTo('+1 212 555 0151 ext. 12'),
		error: 'NodeOperationError',
		message: [/contains an extension/, /field "toNumber"/],
		description: /cannot dial extensions/,
		beforeUpload: true,
		noRequest: true,
		namesItem: true,
		numbers: ['+12125550151'],
	},
	{
		id: 'national number without country code',
		category: 'number',
		provider: 'sendFaxMail',
		parameters: sendParams('sendFaxMail'),
		bad: sendTo('(212) 555-0151'),
		error: 'NodeOperationError',
		message: [/'\*\*\*\*\*\*0151' has no country code/],
		description: /Default Country Code/,
		beforeUpload: true,
		noRequest: true,
		namesItem: true,
		numbers: ['2125550151'],
	},
	{
		id: 'FaxDrop: international number',
		category: 'number',
		provider: 'faxDrop',
		parameters: sendParams('faxDrop'),
		bad: sendTo('+44 20 7946 0151'),
		error: 'NodeOperationError',
		message: [/FaxDrop only sends to the US and Canada/, /\+\*{8}0151/],
		description: /faxrocks/,
		beforeUpload: true,
		noRequest: true,
		namesItem: true,
		numbers: ['+442079460151'],
	},
	{
		id: 'FaxDrop: +1 number outside the US and Canada (Jamaica)',
		category: 'number',
		provider: 'faxDrop',
		parameters: sendParams('faxDrop'),
		bad: sendTo('+1 876 555 0151'),
		error: 'NodeOperationError',
		message: [/FaxDrop only sends to the US and Canada; \+\*{7}0151 is outside that range/],
		beforeUpload: true,
		noRequest: true,
		namesItem: true,
		numbers: ['+18765550151'],
	},
	{
		id: 'batch with one invalid number among valid ones',
		category: 'number',
		provider: 'sendFaxMail',
		parameters: batchParams('sendFaxMail'),
		bad: sendTo('+1 212 555 0151\n+1 212 555 0153\n+1 212 555 01'),
		error: 'NodeOperationError',
		message: [/^Recipient 3 of 3: The fax number '\+\*{5}5501' is not valid/, /field "toNumbers"/],
		beforeUpload: true,
		noRequest: true,
		namesItem: true,
		numbers: ['+12125550151', '+12125550153'],
	},
	{
		id: "number that is only a '+'",
		category: 'number',
		provider: 'faxRocks',
		parameters: sendParams('faxRocks'),
		bad: sendTo('+'),
		error: 'NodeOperationError',
		message: [/fax number has no digits/, /field "toNumber"/],
		beforeUpload: true,
		noRequest: true,
		namesItem: true,
	},

	{
		id: 'two numbers in the single Fax Number field',
		category: 'number',
		provider: 'sendFaxMail',
		parameters: sendParams('sendFaxMail'),
		bad: sendTo('+1 212 555 0151, +1 212 555 0153'),
		error: 'NodeOperationError',
		message: [/field holds 2 numbers; it takes one/, /field "toNumber"/],
		description: /Send Batch/,
		beforeUpload: true,
		noRequest: true,
		namesItem: true,
		numbers: ['+12125550151', '+12125550153'],
	},
	{
		id: 'Default Country Code that is not a number',
		category: 'number',
		provider: 'faxRocks',
		parameters: sendParams('faxRocks', {
			options: { defaultCountryCode: '={{ $json.country || "1" }}' },
		}),
		bad: sendTo('212 555 0151', { country: 'US' }),
		error: 'NodeOperationError',
		message: [/Default Country Code option must be 1 to 3 digits/, /field "defaultCountryCode"/],
		beforeUpload: true,
		noRequest: true,
		namesItem: true,
		numbers: ['2125550151'],
	},

	// ---------------------------------------------------------------- recipient counts
	{
		id: '11 recipients',
		category: 'count',
		provider: 'faxRocks',
		parameters: batchParams('faxRocks'),
		bad: sendTo(Array.from({ length: 11 }, (_, index) => `+1212555016${index % 10}`)),
		error: 'NodeOperationError',
		message: [/11 fax numbers given/, /at most 10/, /field "toNumbers"/],
		description: /Nothing was sent/,
		beforeUpload: true,
		noRequest: true,
		namesItem: true,
		numbers: ['+12125550160', '+12125550169'],
	},
	{
		id: 'empty recipient list',
		category: 'count',
		provider: 'sendFaxMail',
		parameters: batchParams('sendFaxMail'),
		bad: sendTo([]),
		error: 'NodeOperationError',
		message: [/No fax number given/, /field "toNumbers"/],
		beforeUpload: true,
		noRequest: true,
		namesItem: true,
	},

	{
		id: 'recipients given as an object',
		category: 'count',
		provider: 'faxDrop',
		parameters: batchParams('faxDrop'),
		bad: sendTo({ fax: '+12125550151', name: 'Dr. Example' }),
		error: 'NodeOperationError',
		message: [/recipients are an object, not a list of fax numbers/, /field "toNumbers"/],
		beforeUpload: true,
		noRequest: true,
		namesItem: true,
		numbers: ['+12125550151'],
	},

	// ---------------------------------------------------------------- dates and time zones
	{
		id: 'schedule in the past',
		category: 'date',
		provider: 'faxRocks',
		parameters: scheduleParams('faxRocks'),
		bad: scheduleAt(iso(-86_400)),
		good: goodSchedule,
		error: 'NodeOperationError',
		message: [
			/^The scheduled time \d{4}-\d{2}-\d{2}T[\d:]+Z is in the past \(1 day ago\); faxrocks schedules between 1 minute and 365 days ahead/,
			/field "scheduledAt"/,
		],
		beforeUpload: true,
		noRequest: true,
		namesItem: true,
	},
	{
		id: 'SendFAXMail: schedule less than 60 s ahead',
		category: 'date',
		provider: 'sendFaxMail',
		parameters: scheduleParams('sendFaxMail'),
		bad: scheduleAt(() => iso(20)),
		good: goodSchedule,
		goodOutcome: 'scheduled',
		error: 'NodeOperationError',
		message: [
			/is only \d+ seconds from now/,
			/SendFAXMail schedules between 1 minute and 180 days ahead/,
		],
		beforeUpload: true,
		noRequest: true,
		namesItem: true,
	},
	{
		id: 'SendFAXMail: schedule more than 180 days ahead',
		category: 'date',
		provider: 'sendFaxMail',
		parameters: scheduleParams('sendFaxMail'),
		bad: scheduleAt(iso(200 * 86_400)),
		good: goodSchedule,
		goodOutcome: 'scheduled',
		error: 'NodeOperationError',
		message: [
			/The scheduled time \d{4}-\d{2}-\d{2}T[\d:]+Z is 199 days 23 hours from now/,
			/between 1 minute and 180 days ahead/,
		],
		beforeUpload: true,
		noRequest: true,
		namesItem: true,
	},
	{
		id: 'nonexistent wall time (spring-forward gap)',
		category: 'date',
		provider: 'faxRocks',
		parameters: scheduleParams('faxRocks'),
		bad: scheduleAt(nonexistentNewYorkTime(), 'America/New_York'),
		good: goodSchedule,
		error: 'NodeOperationError',
		message: [
			new RegExp(
				`^${GAP_DAY}T02:30:00 does not exist in America/New_York: the clocks jump from 02:00 to 03:00`,
			),
			new RegExp(`use ${GAP_DAY}T03:30:00 instead`),
		],
		beforeUpload: true,
		noRequest: true,
		namesItem: true,
	},
	{
		id: 'malformed date string',
		category: 'date',
		provider: 'sendFaxMail',
		parameters: scheduleParams('sendFaxMail'),
		bad: scheduleAt('next Tuesday at 9'),
		good: goodSchedule,
		goodOutcome: 'scheduled',
		error: 'NodeOperationError',
		message: [/not in a supported format/, /field "scheduledAt"/],
		description: /YYYY-MM-DDTHH:mm:ss/,
		beforeUpload: true,
		noRequest: true,
		namesItem: true,
	},
	{
		id: 'invalid time zone',
		category: 'timezone',
		provider: 'faxRocks',
		parameters: scheduleParams('faxRocks'),
		bad: scheduleAt('2027-01-15T09:00:00', 'Mars/Olympus_Mons'),
		good: goodSchedule,
		error: 'NodeOperationError',
		// Named by its field, never quoted: the field could hold a mis-mapped note.
		message: [/^The time zone is not a valid IANA time zone name/, /field "timezone"/],
		secrets: ['Olympus'],
		description: /IANA/,
		beforeUpload: true,
		noRequest: true,
		namesItem: true,
	},

	// ---------------------------------------------------------------- fields
	{
		id: 'FaxDrop: no sender name in node or credential',
		category: 'field',
		provider: 'faxDrop',
		parameters: sendParams('faxDrop'),
		credentials: { senderName: '', senderEmail: '' },
		bad: sendTo('+12125550151', { senderEmail: SENDER.senderEmail }),
		good: async (_sim, index) => await pdfItem({ to: GOOD_NUMBERS[index], ...SENDER }),
		error: 'NodeOperationError',
		message: [/FaxDrop needs a Sender Name on every fax/, /field "senderName"/],
		description: /default in the FaxDrop credential/,
		beforeUpload: true,
		noRequest: true,
		namesItem: true,
	},
	{
		id: 'FaxDrop: invalid sender email',
		category: 'field',
		provider: 'faxDrop',
		parameters: sendParams('faxDrop'),
		bad: sendTo('+12125550151', { senderEmail: 'front desk at clinic' }),
		error: 'NodeOperationError',
		message: [/Sender Email is not an email address/, /field "senderEmail"/],
		secrets: ['front desk at clinic'],
		beforeUpload: true,
		noRequest: true,
		namesItem: true,
	},
	{
		id: 'FaxDrop: cover note over 500 characters',
		category: 'field',
		provider: 'faxDrop',
		parameters: withCoverOptions('faxDrop'),
		bad: sendTo('+12125550151', { coverNote: 'Please see attached. '.repeat(25) + 'x' }),
		error: 'NodeOperationError',
		message: [/Cover Note is 526 characters; FaxDrop allows at most 500/, /field "coverNote"/],
		beforeUpload: true,
		noRequest: true,
		namesItem: true,
	},
	{
		id: 'FaxDrop: subject over 200 characters',
		category: 'field',
		provider: 'faxDrop',
		parameters: withCoverOptions('faxDrop'),
		bad: sendTo('+12125550151', { subject: 'Referral '.repeat(23) }),
		error: 'NodeOperationError',
		message: [/Subject is 207 characters; FaxDrop allows at most 200/, /field "subject"/],
		beforeUpload: true,
		noRequest: true,
		namesItem: true,
	},
	{
		id: 'empty Fax ID',
		category: 'field',
		provider: 'sendFaxMail',
		parameters: faxIdParams('sendFaxMail', 'getStatus'),
		setup: seedTwo('sendFaxMail'),
		bad: () => ({ json: { faxId: '   ' } }),
		good: seededId('sendFaxMail'),
		goodOutcome: 'lookup',
		error: 'NodeOperationError',
		message: [/Fax ID is empty/, /field "faxId"/],
		description: /\$json\.id/,
		noRequest: true,
		namesItem: true,
	},

	// ---------------------------------------------------------------- keys and accounts
	{
		id: 'faxrocks: wrong API token',
		category: 'key',
		provider: 'faxRocks',
		parameters: sendParams('faxRocks'),
		credentials: { apiToken: 'sim_faxrocks_wrong' },
		bad: sendTo('+12125550151'),
		scope: 'node',
		error: 'NodeApiError',
		httpCode: '401',
		message: [/^faxrocks: Unauthenticated\.$/],
		description: /API token in the faxrocks credential/,
		beforeUpload: true,
	},
	{
		id: 'FaxDrop: wrong (revoked) API key',
		category: 'key',
		provider: 'faxDrop',
		parameters: sendParams('faxDrop'),
		credentials: { apiKey: FAXDROP_KEYS.revoked },
		bad: sendTo('+12125550151'),
		scope: 'node',
		error: 'NodeApiError',
		httpCode: '401',
		message: [/^FaxDrop: API key not found or revoked\.$/],
	},
	{
		id: 'SendFAXMail: wrong API key',
		category: 'key',
		provider: 'sendFaxMail',
		parameters: sendParams('sendFaxMail'),
		credentials: { apiKey: 'sfm_live_sim_wrong' },
		bad: sendTo('+12125550151'),
		scope: 'node',
		error: 'NodeApiError',
		httpCode: '401',
		message: [/^SendFAXMail: Invalid or revoked API key\.$/],
		description: /API key in the SendFAXMail credential/,
	},
	...(['faxRocks', 'faxDrop', 'sendFaxMail'] as const).map(
		(provider): CatalogueEntry => ({
			id: `${provider}: Base URL with plain http:// to a host that is not this machine`,
			category: 'key',
			provider,
			parameters: sendParams(provider),
			credentials: { baseUrl: 'http://fax-provider.example.com/api' },
			bad: sendTo('+12125550151'),
			scope: 'node',
			error: 'NodeOperationError',
			message: [
				/Base URL starts with http:\/\/, which would send the API key and the documents unencrypted/,
			],
			description: /https:\/\/.*127\.0\.0\.1, ::1 and localhost/,
			beforeUpload: true,
			noRequest: true,
		}),
	),
	{
		id: 'FaxDrop: malformed API key',
		category: 'key',
		provider: 'faxDrop',
		parameters: sendParams('faxDrop'),
		credentials: { apiKey: 'fd_test_0123' },
		bad: sendTo('+12125550151'),
		scope: 'node',
		error: 'NodeOperationError',
		message: [
			/FaxDrop credential: FaxDrop API keys start with fd_live_ followed by 32 hex characters/,
		],
		description: /Nothing was sent/,
		beforeUpload: true,
		noRequest: true,
	},
	{
		id: 'SendFAXMail: key without the scope (send-only key lists)',
		category: 'key',
		provider: 'sendFaxMail',
		parameters: {
			provider: 'sendFaxMail',
			resource: 'fax',
			operation: 'list',
			returnAll: false,
			limit: 5,
		},
		credentials: { apiKey: SENDFAXMAIL_KEYS.sendOnly },
		bad: () => ({ json: {} }),
		scope: 'node',
		error: 'NodeApiError',
		httpCode: '403',
		message: [/^SendFAXMail: This API key lacks the required scope: faxes:read\.$/],
		description: /lacks the scope this operation needs/,
	},
	{
		id: 'SendFAXMail: plan without API access (Starter key)',
		category: 'key',
		provider: 'sendFaxMail',
		parameters: sendParams('sendFaxMail'),
		credentials: { apiKey: SENDFAXMAIL_KEYS.starter },
		bad: sendTo('+12125550151'),
		scope: 'node',
		error: 'NodeApiError',
		httpCode: '403',
		message: [/^SendFAXMail: The REST API is available on the Business and Enterprise plans/],
		description: /Business or Enterprise plan/,
	},

	// ---------------------------------------------------------------- provider refusals
	{
		id: 'faxrocks: unknown fax ID (Get Status)',
		category: 'provider',
		provider: 'faxRocks',
		parameters: faxIdParams('faxRocks', 'getStatus'),
		setup: seedTwo('faxRocks'),
		bad: () => ({ json: { faxId: 'deadbeef00000000000' } }),
		good: seededId('faxRocks'),
		goodOutcome: 'lookup',
		error: 'NodeOperationError',
		message: [/No faxrocks fax with this Fax ID on this account/, /field "faxId"/],
		secrets: ['deadbeef00000000000'],
		namesItem: true,
	},
	{
		id: 'faxrocks: unknown fax ID (Download) → 404',
		category: 'provider',
		provider: 'faxRocks',
		parameters: { ...faxIdParams('faxRocks', 'download'), document: 'fax' },
		setup: seedTwo('faxRocks'),
		bad: () => ({ json: { faxId: '0000000000000000000' } }),
		good: seededId('faxRocks'),
		goodOutcome: 'download',
		error: 'NodeApiError',
		httpCode: '404',
		message: [/^faxrocks: Fax not found\.$/],
		description: /No such fax on this faxrocks account/,
	},
	{
		id: 'FaxDrop: unknown fax ID → 404',
		category: 'provider',
		provider: 'faxDrop',
		parameters: faxIdParams('faxDrop', 'getStatus'),
		setup: seedTwo('faxDrop'),
		bad: () => ({ json: { faxId: 'fax_0000000000000000' } }),
		good: seededId('faxDrop'),
		goodOutcome: 'lookup',
		error: 'NodeApiError',
		httpCode: '404',
		message: [/^FaxDrop: Fax not found\.$/],
	},
	{
		id: 'SendFAXMail: unknown fax ID → 404',
		category: 'provider',
		provider: 'sendFaxMail',
		parameters: faxIdParams('sendFaxMail', 'getStatus'),
		setup: seedTwo('sendFaxMail'),
		bad: () => ({ json: { faxId: 'fax_000000000000000000000000' } }),
		good: seededId('sendFaxMail'),
		goodOutcome: 'lookup',
		error: 'NodeApiError',
		httpCode: '404',
		message: [/^SendFAXMail: No fax with id fax_0{24} on your account\.$/],
	},
	{
		id: 'faxrocks: 422 validation (schedule time already past on the provider clock)',
		category: 'provider',
		provider: 'faxRocks',
		parameters: scheduleParams('faxRocks'),
		// The provider's clock is an hour ahead: 10 minutes from now is already past for it.
		setup: async (sim) => {
			await sim.advanceClock(3600);
		},
		bad: scheduleAt(iso(600)),
		good: goodSchedule,
		error: 'NodeApiError',
		httpCode: '422',
		message: [/^faxrocks: The scheduled at field must be a date after now\.$/],
	},
	{
		id: 'SendFAXMail: 422 send_failed (quota reached)',
		category: 'provider',
		provider: 'sendFaxMail',
		parameters: sendParams('sendFaxMail'),
		setup: (sim) => {
			sim.setAccountFlags('sendFaxMail', SENDFAXMAIL_KEYS.business, { sendGate: 'quota' });
		},
		bad: sendTo('+12125550151'),
		scope: 'node',
		error: 'NodeApiError',
		httpCode: '422',
		message: [/^SendFAXMail: Monthly fax quota reached/],
		description: /quota reached/,
	},
	{
		id: 'FaxDrop: 402 out of credits',
		category: 'provider',
		provider: 'faxDrop',
		parameters: sendParams('faxDrop'),
		setup: (sim) => {
			sim.setAccountFlags('faxDrop', FAXDROP_KEYS.primary, { outOfCredits: true });
		},
		bad: sendTo('+12125550151'),
		scope: 'node',
		error: 'NodeApiError',
		httpCode: '402',
		message: [/^FaxDrop: Insufficient credits\. Please top up your account\.$/],
		description: /faxdrop\.com\/pricing/,
	},

	// ---------------------------------------------------------------- operations the provider lacks
	{
		id: 'FaxDrop: List (no list endpoint)',
		category: 'operation',
		provider: 'faxDrop',
		parameters: { provider: 'faxDrop', resource: 'fax', operation: 'list', returnAll: true },
		bad: () => ({ json: {} }),
		scope: 'node',
		error: 'NodeOperationError',
		message: [/^FaxDrop can't list faxes/],
		description: /Get Status or Wait for Final Status/,
		noRequest: true,
	},
	{
		id: 'FaxDrop: Schedule',
		category: 'operation',
		provider: 'faxDrop',
		parameters: { ...scheduleParams('faxDrop') },
		bad: scheduleAt(iso(3600)),
		scope: 'node',
		error: 'NodeOperationError',
		message: [/^FaxDrop can't schedule a fax/],
		description: /Use faxrocks or SendFAXMail, or put a Wait node before Send/,
		noRequest: true,
	},
	{
		id: 'FaxDrop: Download',
		category: 'operation',
		provider: 'faxDrop',
		parameters: { ...faxIdParams('faxDrop', 'download'), document: 'fax' },
		bad: () => ({ json: { faxId: 'fax_0000000000000000' } }),
		scope: 'node',
		error: 'NodeOperationError',
		message: [/^FaxDrop can't download a fax or its receipt/],
		description: /Only faxrocks offers fax and receipt PDF downloads/,
		noRequest: true,
	},
];
