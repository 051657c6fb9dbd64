import { PhoneNumberError } from './errors';

/**
 * Fax numbers: normalisation to E.164, masking for error messages, NANP checks and recipient
 * lists. Pure functions, no I/O.
 *
 * Every message that mentions a number shows it through `maskNumber`: only the last 4 digits
 * stay readable, and letters or other text are never echoed (a mis-mapped field could hold a
 * patient's name).
 */

export interface NormalizeFaxNumberOptions {
	/** Country calling code for numbers written without `+`/`00`, e.g. `'1'`, `'49'` (a leading `+` is accepted). */
	defaultCountryCode?: string;
	/** Node parameter the number came from, put on the error (default `toNumber`). */
	field?: string;
}

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

const E164_MIN_DIGITS = 8;
const E164_MAX_DIGITS = 15;
/** Longer inputs are certainly not a single fax number; don't run the parser on them. */
const MAX_INPUT_LENGTH = 64;

/**
 * Countries whose national numbers keep their leading 0 after the country code (Italy, San
 * Marino, Vatican): +39 06 …, not +39 6 ….
 */
const KEEP_LEADING_ZERO = new Set(['39', '378', '379']);

/** Separators people type or paste inside numbers (incl. Unicode dashes). */
const SEPARATORS = /[\s\-.()/\u2010-\u2015\u2212]/g;

const COUNTRY_CODE_HINT =
	'Write the number in international format with the country code, e.g. +1 415 555 0100 or +44 20 7946 0123, or set the Default Country Code option.';

/**
 * Masks a phone number for messages and logs: every digit except the last 4 becomes `*`, a
 * leading `+` is kept, everything else (spaces, brackets, letters, any other text) is dropped.
 * `+12125550123` → `+*******0123`. Returns `''` when the value holds no digits.
 */
export function maskNumber(value: string): string {
	const text = (typeof value === 'string' ? value : String(value ?? ''))
		.normalize('NFKC')
		.trim()
		.replace(/^tel:\s*/i, '');
	const digits = text.replace(/\D/g, '');
	if (digits.length === 0) return '';
	const visible = digits.slice(-4);
	const prefix = /^\(?\s*\+/.test(text) ? '+' : '';
	return `${prefix}${'*'.repeat(digits.length - visible.length)}${visible}`;
}

function quoted(raw: string): string {
	const masked = maskNumber(raw);
	return masked ? `'${masked}'` : '(no digits)';
}

function fail(
	code: PhoneNumberError['code'],
	message: string,
	hint: string,
	field: string,
): PhoneNumberError {
	return new PhoneNumberError(code, message, hint, field);
}

/**
 * Validates and normalises the Default Country Code option: `'1'`, `'+49'`, `'0049'` → `'1'`,
 * `'49'`. Empty → undefined.
 */
export function normalizeCountryCode(
	value: string | number | undefined | null,
): string | undefined {
	if (value === undefined || value === null) return undefined;
	const text = String(value).trim();
	if (text === '') return undefined;
	const digits = text.replace(/^\+/, '').replace(/^00/, '').replace(/[\s-]/g, '');
	if (!/^[1-9]\d{0,2}$/.test(digits)) {
		throw fail(
			'invalidCountryCode',
			'The Default Country Code option must be 1 to 3 digits, e.g. 1 (US/Canada) or 49 (Germany)',
			'Enter only the country calling code, without the number itself.',
			'defaultCountryCode',
		);
	}
	return digits;
}

/**
 * Normalises a fax number to E.164 (`+` and 8–15 digits, first digit not 0).
 *
 * Accepts spaces, dashes, dots, brackets, slashes, a `tel:` prefix, a leading `+`, a leading
 * `00` (and `011` when the default country is 1) as international prefix, and the European
 * `+49 (0)30 …` trunk notation. A number without `+`/`00` gets `defaultCountryCode`: for
 * country 1, a 10-digit number or an 11-digit number starting with 1; otherwise one leading
 * trunk `0` is dropped (`030 1234567` + 49 → `+49301234567`; Italy keeps it).
 *
 * Rejects letters (vanity numbers), extensions, several numbers in one field, and numbers that
 * are too short or too long, with a `PhoneNumberError` whose message shows the number masked.
 */
export function normalizeFaxNumber(input: string, opts: NormalizeFaxNumberOptions = {}): string {
	const field = opts.field ?? 'toNumber';
	const raw = typeof input === 'string' ? input : typeof input === 'number' ? String(input) : '';
	let text = raw.normalize('NFKC').trim();

	if (text === '') {
		throw fail('empty', 'The fax number is empty', COUNTRY_CODE_HINT, field);
	}
	if (text.length > MAX_INPUT_LENGTH) {
		throw fail(
			'invalidCharacters',
			`The fax number ${quoted(raw)} is too long to be a phone number (${text.length} characters)`,
			'Check that the field holds a single fax number, e.g. +1 415 555 0100.',
			field,
		);
	}

	text = text.replace(/^tel:\s*/i, '');

	// Several numbers in one field ("+1 212 555 0123, +1 212 555 0199").
	const parts = text.split(/[,;\n]/).filter((part) => part.replace(/\D/g, '').length >= 7);
	if (parts.length > 1) {
		throw fail(
			'invalidCharacters',
			`The fax number field holds ${parts.length} numbers; it takes one`,
			'To fax several recipients use the Send Batch operation and its recipients list.',
			field,
		);
	}

	if (
		/;\s*(ext|isub|postd)=/i.test(text) ||
		/(^|[^a-z])(ext|extn|extension|durchwahl|dw)\b\.?/i.test(text) ||
		/[\d)]\s*x\.?\s*\d/i.test(text) ||
		/[#*,;]/.test(text)
	) {
		throw fail(
			'extension',
			`The fax number ${quoted(raw)} contains an extension or dialling pause`,
			'Fax services dial the number directly and cannot dial extensions. Remove the extension and send to the fax line’s own number.',
			field,
		);
	}

	if (/\p{L}/u.test(text)) {
		throw fail(
			'letters',
			maskNumber(raw)
				? `The fax number ${quoted(raw)} contains letters (only its digits are shown)`
				: 'The fax number contains letters and no digits',
			'Use digits only. Vanity numbers such as 1-800-FAX-DOCS must be written as digits (1-800-329-3627); also check that the field is mapped to the fax number and not to a name.',
			field,
		);
	}

	// Allowed: digits, separators, one leading '+' (possibly inside a leading bracket).
	if (/[^\d+\s\-.()/\u2010-\u2015\u2212]/.test(text)) {
		throw fail(
			'invalidCharacters',
			`The fax number ${quoted(raw)} contains characters that are not part of a phone number`,
			'Use digits, spaces, dashes, dots or brackets only, e.g. +1 (212) 555-0123.',
			field,
		);
	}
	const plusCount = (text.match(/\+/g) ?? []).length;
	const startsWithPlus = /^\(?\s*\+/.test(text);
	if (plusCount > 1 || (plusCount === 1 && !startsWithPlus)) {
		throw fail(
			'invalidCharacters',
			`The fax number ${quoted(raw)} has a '+' that is not at the start`,
			'Only the country code may be preceded by +, e.g. +44 20 7946 0123.',
			field,
		);
	}

	// "+49 (0)30 1234567": the (0) is the national trunk prefix, not dialled internationally.
	text = text.replace(/\(\s*0\s*\)/, ' ');
	let digits = text.replace(SEPARATORS, '').replace('+', '');
	if (digits.length === 0) {
		throw fail('empty', 'The fax number has no digits', COUNTRY_CODE_HINT, field);
	}

	const countryCode = normalizeCountryCode(opts.defaultCountryCode);
	let international = startsWithPlus;
	if (!international && digits.startsWith('00')) {
		international = true;
		digits = digits.slice(2);
	} else if (!international && countryCode === '1' && digits.startsWith('011')) {
		international = true;
		digits = digits.slice(3);
	}

	let e164Digits: string;
	if (international) {
		e164Digits = digits;
	} else if (countryCode === undefined) {
		throw fail(
			'missingCountryCode',
			`The fax number ${quoted(raw)} has no country code`,
			'Add the country code, e.g. +1… for the US/Canada (+1 415 555 0100) or +44… for the UK (+44 20 7946 0123), or set the Default Country Code option.',
			field,
		);
	} else if (countryCode === '1') {
		if (digits.length === 10) {
			e164Digits = `1${digits}`;
		} else if (digits.length === 11 && digits.startsWith('1')) {
			e164Digits = digits;
		} else {
			throw fail(
				'invalidNanp',
				`The fax number ${quoted(raw)} has ${digits.length} digits; US/Canada numbers have 10 (area code + number)`,
				digits.length === 7
					? 'Add the 3-digit area code, e.g. 212-555-0123.'
					: 'Check the number, or write it in international format with its country code (e.g. +44…) if it is not in the US/Canada.',
				field,
			);
		}
	} else {
		const national =
			digits.startsWith('0') && !KEEP_LEADING_ZERO.has(countryCode) ? digits.slice(1) : digits;
		e164Digits = `${countryCode}${national}`;
	}

	const masked = maskNumber(`+${e164Digits}`);
	if (e164Digits.startsWith('0')) {
		throw fail(
			'leadingZero',
			`The fax number '${masked}' is not valid: country codes never start with 0`,
			`Remove the extra 0 after the + or 00. ${COUNTRY_CODE_HINT}`,
			field,
		);
	}
	if (e164Digits.length < E164_MIN_DIGITS) {
		throw fail(
			'tooShort',
			`The fax number '${masked}' is too short (${e164Digits.length} digits with country code; at least ${E164_MIN_DIGITS})`,
			`Check that the number is complete, including the area code. ${COUNTRY_CODE_HINT}`,
			field,
		);
	}
	if (e164Digits.length > E164_MAX_DIGITS) {
		throw fail(
			'tooLong',
			`The fax number '${masked}' is too long (${e164Digits.length} digits with country code; at most ${E164_MAX_DIGITS})`,
			'Check for extra digits, a country code entered twice, or an extension appended to the number.',
			field,
		);
	}
	if (e164Digits.startsWith('1') && e164Digits.length !== 11) {
		throw fail(
			'invalidNanp',
			`The fax number '${masked}' is not valid: +1 (US/Canada) numbers have exactly 10 digits after +1`,
			'Check the area code and number, e.g. +1 212 555 0123.',
			field,
		);
	}
	if (e164Digits.startsWith('1') && !/^1[2-9]\d{2}[2-9]/.test(e164Digits)) {
		throw fail(
			'invalidNanp',
			`The fax number '${masked}' is not a valid US/Canada number: the area code and exchange can't start with 0 or 1`,
			'Check the number. If it is not in the US/Canada, write it with its own country code, e.g. +49… (or set the Default Country Code option accordingly).',
			field,
		);
	}
	return `+${e164Digits}`;
}

const NANP = /^\+1([2-9]\d{2})([2-9]\d{2})\d{4}$/;

function isN11(code: string): boolean {
	return code[1] === '1' && code[2] === '1';
}

/**
 * True for a +1 number with a valid NANP area code and exchange (each starting 2–9, not an
 * N11 service code). NANP also covers Caribbean countries and US territories; see
 * `isUsOrCanada` for FaxDrop's "50 US states and Canada".
 */
export function isNanp(e164: string): boolean {
	const match = NANP.exec(e164);
	if (!match) return false;
	return !isN11(match[1]) && !isN11(match[2]);
}

/**
 * NANP area codes outside the 50 US states, DC and Canada: the Caribbean/Atlantic countries and
 * the US territories (Puerto Rico, US Virgin Islands, Guam, Northern Mariana Islands,
 * American Samoa).
 */
const NANP_OUTSIDE_US_CANADA = new Set([
	'242',
	'246',
	'264',
	'268',
	'284',
	'340',
	'345',
	'441',
	'473',
	'649',
	'658',
	'664',
	'670',
	'671',
	'684',
	'721',
	'758',
	'767',
	'784',
	'787',
	'809',
	'829',
	'849',
	'868',
	'869',
	'876',
	'939',
]);

/** `isNanp` and the area code is in the 50 US states, DC or Canada (best effort, by area code). */
export function isUsOrCanada(e164: string): boolean {
	return isNanp(e164) && !NANP_OUTSIDE_US_CANADA.has(e164.slice(2, 5));
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
function withPosition(error: unknown, index: number, total: number): unknown {
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
