import { PhoneNumberError } from '../errors';
import { normalizeFaxNumber } from './faxNumber';
import { fail } from './typedText';

/** Recipient lists: splitting what users type or map, then one `normalizeFaxNumber` per entry. */

export interface ParseRecipientListOptions {
	/** Drop entries that are exactly equal (after trimming) to an earlier one. Default false. */
	dedupe?: boolean;
	/** Node parameter the list came from, put on the error (default `toNumbers`). */
	field?: string;
}

export interface NormalizeRecipientListOptions {
	defaultCountryCode?: string;
	/** Drop numbers equal to an earlier one after normalisation. Default true. */
	dedupe?: boolean;
	/** Maximum recipients after de-duplication, e.g. 10. */
	maxRecipients?: number;
	/** Provider name for the "too many recipients" message. */
	providerName?: string;
	field?: string;
}

function splitEntries(text: string): string[] {
	return text
		.split(/[,;\r\n]+/)
		.map((entry) => entry.trim())
		.filter((entry) => entry !== '');
}

function describeKind(value: unknown): string {
	if (value === null) return 'null';
	if (Array.isArray(value)) return 'a list';
	return typeof value === 'object' ? 'an object' : `a ${typeof value}`;
}

/**
 * Splits recipients into trimmed, non-empty entries. Takes a comma/semicolon/newline-separated
 * string, a JSON array written as text (`'["+1…","+1…"]'`), a number, or an array from an
 * expression (entries may themselves be separated strings). Entries are not validated here.
 */
export function parseRecipientList(
	value: string | string[] | unknown,
	opts: ParseRecipientListOptions = {},
): string[] {
	const field = opts.field ?? 'toNumbers';
	let entries: string[];

	const fromArray = (list: unknown[]): string[] =>
		list.flatMap((entry, index) => {
			if (entry === null || entry === undefined) return [];
			if (typeof entry === 'string') return splitEntries(entry);
			if (typeof entry === 'number' && Number.isFinite(entry)) return [String(entry)];
			throw fail(
				'invalidList',
				`Recipient ${index + 1} in the list is ${describeKind(entry)}, not a fax number`,
				'Pass fax numbers as text, e.g. {{ $json.recipients.map(r => r.fax) }}, or a comma-separated list.',
				field,
			);
		});

	if (value === null || value === undefined) {
		entries = [];
	} else if (typeof value === 'string') {
		const text = value.trim();
		let parsed: unknown;
		if (text.startsWith('[') && text.endsWith(']')) {
			try {
				parsed = JSON.parse(text);
			} catch {
				parsed = undefined;
			}
		}
		entries = Array.isArray(parsed)
			? fromArray(parsed)
			: splitEntries(text.replace(/^\[|\]$/g, ''));
	} else if (typeof value === 'number' && Number.isFinite(value)) {
		entries = [String(value)];
	} else if (Array.isArray(value)) {
		entries = fromArray(value);
	} else {
		throw fail(
			'invalidList',
			`The recipients are ${describeKind(value)}, not a list of fax numbers`,
			'Pass a comma- or newline-separated list of fax numbers, or an array of numbers from an expression.',
			field,
		);
	}

	if (!opts.dedupe) return entries;
	return [...new Set(entries)];
}

/** Prefixes a `PhoneNumberError` with the entry's position in the list; other errors unchanged. */
export function withPosition(error: unknown, index: number, total: number): unknown {
	if (!(error instanceof PhoneNumberError)) return error;
	return fail(
		error.code,
		`Recipient ${index + 1} of ${total}: ${error.message}`,
		error.hint,
		error.field ?? 'toNumbers',
	);
}

/**
 * `parseRecipientList` + `normalizeFaxNumber` for every entry, de-duplicated by E.164 (unless
 * `dedupe: false`) and checked against `maxRecipients`. Errors name the entry's position.
 */
export function normalizeRecipientList(
	value: unknown,
	opts: NormalizeRecipientListOptions = {},
): string[] {
	const field = opts.field ?? 'toNumbers';
	const entries = parseRecipientList(value, { field });
	if (entries.length === 0) {
		throw fail(
			'empty',
			'No fax numbers were given',
			'Enter at least one fax number, e.g. +1 415 555 0100; separate several with commas or new lines.',
			field,
		);
	}
	const numbers = entries.map((entry, index) => {
		try {
			return normalizeFaxNumber(entry, { defaultCountryCode: opts.defaultCountryCode, field });
		} catch (error) {
			throw withPosition(error, index, entries.length);
		}
	});
	const result = opts.dedupe === false ? numbers : [...new Set(numbers)];
	const max = opts.maxRecipients;
	if (max !== undefined && result.length > max) {
		const who = opts.providerName ? `${opts.providerName} sends` : 'A batch goes';
		throw fail(
			'tooManyRecipients',
			`${result.length} recipients were given; ${who} to at most ${max} numbers at once`,
			`Split the list into groups of ${max} (e.g. with the Loop Over Items node) or remove duplicates.`,
			field,
		);
	}
	return result;
}
