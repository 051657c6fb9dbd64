import { createHash } from 'node:crypto';

import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import { buildFaxDocument } from '../../document';
import { FaxInputError } from '../../helpers/errors';
import {
	isUsOrCanada,
	maskNumber,
	normalizeCountryCode,
	normalizeFaxNumber,
	parseRecipientList,
	withPosition,
} from '../../helpers/phoneNumber';
import type { FaxDocument, FaxProviderAdapter, SendOptions } from '../../providers/types';
import { cachedDocument, type DocumentKeyParts } from './1-documentCache';
import { runItemScope } from './5-memo';

/**
 * The recipient entries: the Fax Numbers list is split on commas/new lines; the single Fax
 * Number field is not, so a field holding two numbers fails instead of faxing both.
 */
export function recipientEntries(value: unknown, field: string): string[] {
	if (field !== 'toNumber') return parseRecipientList(value, { field });
	const entries =
		typeof value === 'string' || typeof value === 'number'
			? [String(value)]
			: parseRecipientList(value, { field });
	if (entries.length > 1) {
		throw new FaxInputError(
			'tooManyRecipients',
			`The fax number field holds ${entries.length} numbers; it takes one`,
			'To fax several recipients use the Send Batch operation and its recipients list.',
			field,
		);
	}
	return entries.filter((entry) => entry.trim() !== '');
}

/** The error for an item without any recipient, as Send and Check word it. */
export function noRecipientError(field: string): FaxInputError {
	return new FaxInputError(
		'missingField',
		'No fax number given',
		'Enter at least one recipient fax number.',
		field,
	);
}

/** More recipients than the provider sends one document to, or undefined. */
export function tooManyRecipients(
	adapter: FaxProviderAdapter,
	count: number,
	field: string,
): FaxInputError | undefined {
	const { maxRecipients } = adapter.capabilities;
	if (count <= maxRecipients) return undefined;
	return new FaxInputError(
		'tooManyRecipients',
		`${count} fax numbers given; ${adapter.displayName} sends one document to at most ${maxRecipients} numbers at a time`,
		`Split the recipients over several items (at most ${maxRecipients} each). Nothing was sent.`,
		field,
	);
}

/** The Default Country Code option, read leniently ("+1", "1 (US)"); undefined when empty. */
function defaultCountryOf(options: IDataObject): string | undefined {
	// Sloppy spellings keep working; a value without digits ("US") is named as the problem
	// instead of reporting every national number as lacking a country code.
	const countryText = String(options.defaultCountryCode ?? '').trim();
	return countryText
		? normalizeCountryCode(countryText.replace(/\D/g, '') || countryText)
		: undefined;
}

/**
 * One recipient entry as Send reads it, and Check with it: normalised to E.164 and checked
 * against the provider's reach. With several entries (`total` > 1) errors name the entry
 * ("Recipient 3 of 5: …").
 */
export function readRecipientEntry(
	adapter: FaxProviderAdapter,
	entry: string,
	options: IDataObject,
	field: string,
	index = 0,
	total = 1,
): string {
	const defaultCountryCode = defaultCountryOf(options);
	let e164: string;
	try {
		e164 = normalizeFaxNumber(entry, { defaultCountryCode, field });
	} catch (error) {
		throw total > 1 ? withPosition(error, index, total) : error;
	}
	const allowed = adapter.capabilities.allowedCountryCodes;
	// FaxDrop: "the 50 US states and Canada", so not every +1 number (Caribbean, US territories).
	if (allowed && !(allowed.includes('1') && isUsOrCanada(e164))) {
		const position = total > 1 ? `Recipient ${index + 1} of ${total}: ` : '';
		throw new FaxInputError(
			'countryNotSupported',
			`${position}${adapter.displayName} only sends to the US and Canada; ${maskNumber(e164)} is outside that range`,
			'Use faxrocks for international numbers.',
			field,
		);
	}
	return e164;
}

/** The recipients of one item: normalised to E.164, checked against the provider's reach. */
export function readRecipients(
	adapter: FaxProviderAdapter,
	value: unknown,
	options: IDataObject,
	field: string,
): string[] {
	const entries = recipientEntries(value, field);
	if (!entries.length) throw noRecipientError(field);
	const tooMany = tooManyRecipients(adapter, entries.length, field);
	if (tooMany) throw tooMany;
	return entries.map((entry, index) =>
		readRecipientEntry(adapter, entry, options, field, index, entries.length),
	);
}

/** Document bytes of the item's binary field(s), validated, converted and merged for the provider. */
export async function readDocument(
	ctx: IExecuteFunctions,
	itemIndex: number,
	adapter: FaxProviderAdapter,
	options: IDataObject,
	coverPage?: { to: string; sendOptions: SendOptions },
): Promise<FaxDocument> {
	const names = String(ctx.getNodeParameter('binaryPropertyName', itemIndex, 'data'))
		.split(',')
		.map((name) => name.trim())
		.filter(Boolean);
	if (!names.length) {
		throw new FaxInputError(
			'missingField',
			'No binary field named',
			'Enter the name of the binary field with the document, e.g. data.',
			'binaryPropertyName',
		);
	}
	// A note mapped into the field would be quoted by n8n's "no binary field '…'" error.
	if (names.some((name) => /\s/.test(name) || name.length > 100)) {
		throw new FaxInputError(
			'invalidField',
			'Input Binary Field(s) holds text that is not a binary field name (it has spaces or is over 100 characters)',
			'Enter the name of the binary field with the document, e.g. data, or several names separated by commas.',
			'binaryPropertyName',
		);
	}
	const read = async () => {
		const inputs: Array<{ data: Buffer; propertyName: string }> = [];
		for (const propertyName of names) {
			ctx.helpers.assertBinaryData(itemIndex, propertyName);
			inputs.push({
				data: await ctx.helpers.getBinaryDataBuffer(itemIndex, propertyName),
				propertyName,
			});
		}
		return inputs;
	};

	const { capabilities } = adapter;
	const onlyPdf = capabilities.acceptedMimeTypes.length === 1;
	const generateCover = Boolean(options.includeCover) && !capabilities.nativeCoverPage && coverPage;
	const parts: DocumentKeyParts = {
		target: onlyPdf ? 'pdf' : 'asIs',
		removeHiddenContent: options.removeHiddenContent !== false,
		pageSize: options.pageSize === 'A4' ? 'A4' : 'Letter',
		maxBytes: capabilities.maxFileBytes,
		providerName: adapter.displayName,
	};
	const build = async (inputs: Array<{ data: Buffer; propertyName: string }>) =>
		await buildFaxDocument(inputs, {
			...parts,
			pageSize: parts.pageSize as 'A4' | 'Letter',
			itemIndex,
			coverPage: generateCover
				? {
						to: coverPage.to,
						toName: coverPage.sendOptions.recipientName,
						from: coverPage.sendOptions.senderName,
						fromCompany: coverPage.sendOptions.senderCompany,
						fromPhone: coverPage.sendOptions.senderPhone,
						subject: coverPage.sendOptions.subject,
						note: coverPage.sendOptions.coverNote,
						date: new Date(),
						timeZone: ctx.getTimezone(),
						confidentialityNotice: confidentialityNotice(options),
					}
				: undefined,
		});
	// A generated cover page names the recipient and the time: built for each item.
	if (generateCover) return await build(await read());
	return await cachedDocument(ctx, itemIndex, names, parts, read, build);
}

/** The notice when the option was added (its default is the standard text); empty = none. */
function confidentialityNotice(options: IDataObject): string | undefined {
	const notice =
		typeof options.confidentialityNotice === 'string' ? options.confidentialityNotice : '';
	return notice.trim() || undefined;
}

const SEND_OPTION_KEYS: Array<keyof SendOptions> = [
	'recipientName',
	'subject',
	'coverNote',
	'includeCover',
	'senderName',
	'senderEmail',
	'senderCompany',
	'senderPhone',
	'sendEmail',
];

export function readSendOptions(
	ctx: IExecuteFunctions,
	itemIndex: number,
	adapter: FaxProviderAdapter,
): SendOptions {
	const options = ctx.getNodeParameter('options', itemIndex, {}) as IDataObject;
	const result: SendOptions = {};
	for (const key of SEND_OPTION_KEYS) {
		if (options[key] !== undefined && options[key] !== '')
			(result as IDataObject)[key] = options[key];
	}
	if (adapter.name === 'faxDrop') {
		// FaxDrop's sender fields are top-level parameters; empty means "credential default".
		result.senderName =
			String(ctx.getNodeParameter('senderName', itemIndex, '') || '') || undefined;
		result.senderEmail =
			String(ctx.getNodeParameter('senderEmail', itemIndex, '') || '') || undefined;
	}
	// A provider printing its own cover page gets the notice as part of the cover note.
	const notice = confidentialityNotice(options);
	if (adapter.capabilities.nativeCoverPage && result.includeCover && notice) {
		result.coverNote = result.coverNote ? `${result.coverNote}\n\n${notice}` : notice;
	}
	return result;
}

/**
 * The Idempotency-Key of an item: the user's own, or one derived from the n8n instance,
 * execution, node, run and item and from what is sent (`sentFor`: the input document's hash and
 * the recipients), so n8n's Retry On Fail of the same item repeats the same key while a loop's
 * next run of the node (same execution, new run index) sends its own faxes, and so does an item
 * that reuses an earlier execution's ids for another fax (a restored database).
 */
export function idempotencyKeyFor(
	ctx: IExecuteFunctions,
	itemIndex: number,
	options: IDataObject,
	sentFor: string,
): string {
	const own = String(options.idempotencyKey ?? '').trim();
	if (own) return own;
	const derived = createHash('sha256').update(`${runItemScope(ctx, itemIndex)}|${sentFor}`);
	return `n8n-${derived.digest('hex').slice(0, 40)}`;
}
