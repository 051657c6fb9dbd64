import {
	ParseError,
	getCountries,
	getCountryCallingCode,
	parsePhoneNumberWithError,
	validatePhoneNumberLength,
	type PhoneNumber,
} from 'libphonenumber-js/max';

import { RecentValues } from '../recentValues';
import { maskNumber, quotedMask } from './mask';
import { COUNTRY_CODE_HINT, fail, readTypedDigits } from './typedText';

/**
 * Fax numbers to E.164 with libphonenumber-js and its `max` metadata: each country's own trunk
 * prefix (`8` in Russia, `06` in Hungary, `0` kept in Italy…), lengths and assigned ranges.
 * `max` rather than `min`: see the README ("Fax numbers") for the measured size/accuracy trade.
 * What a fax line needs on top (no letters, no extensions, masked messages, NANP wording) is
 * in `typedText.ts` and here.
 */

export interface NormalizeFaxNumberOptions {
	/** Country calling code for numbers written without `+`/`00`, e.g. `'1'`, `'49'` (a leading `+` is accepted). */
	defaultCountryCode?: string;
	/** Node parameter the number came from, put on the error (default `toNumber`). */
	field?: string;
}

const E164_MAX_DIGITS = 15;

const regionNames = new Intl.DisplayNames(['en'], { type: 'region' });

function isCallingCodeInUse(code: string): boolean {
	return getCountries().some((country) => getCountryCallingCode(country) === code);
}

/** "Germany (+49)" for a code of one country, "country code +44" for a shared one. */
function describeCallingCode(code: string): string {
	const countries = getCountries().filter((country) => getCountryCallingCode(country) === code);
	if (countries.length !== 1) return `country code +${code}`;
	return `${regionNames.of(countries[0]) ?? countries[0]} (+${code})`;
}

/**
 * Validates and normalises the Default Country Code option: `'1'`, `'+49'`, `'0049'` → `'1'`,
 * `'49'`. Empty → undefined. A code no country uses is refused.
 */
export function normalizeCountryCode(
	value: string | number | undefined | null,
): string | undefined {
	if (value === undefined || value === null) return undefined;
	const text = String(value).trim();
	if (text === '') return undefined;
	const digits = text.replace(/^\+/, '').replace(/^00/, '').replace(/[\s-]/g, '');
	if (!/^[1-9]\d{0,2}$/.test(digits) || !isCallingCodeInUse(digits)) {
		throw fail(
			'invalidCountryCode',
			'The Default Country Code option must be 1 to 3 digits, e.g. 1 (US/Canada) or 49 (Germany)',
			'Enter only the country calling code of a country, without the number itself.',
			'defaultCountryCode',
		);
	}
	return digits;
}

/** A +1 number's digits after the NANP shape rules, with the wording US/Canada users know. */
function nanpDigits(digits: string, international: boolean, raw: string, field: string): string {
	let e164Digits = digits;
	if (!international) {
		if (digits.length === 10) e164Digits = `1${digits}`;
		else if (!(digits.length === 11 && digits.startsWith('1'))) {
			throw fail(
				'invalidNanp',
				`The fax number ${quotedMask(raw)} has ${digits.length} digits; US/Canada numbers have 10 (area code + number)`,
				digits.length === 7
					? 'Add the 3-digit area code, e.g. 212-555-0123.'
					: 'Check the number, or write it in international format with its country code (e.g. +44…) if it is not in the US/Canada.',
				field,
			);
		}
	}
	const masked = maskNumber(`+${e164Digits}`);
	if (e164Digits.length !== 11) {
		throw fail(
			'invalidNanp',
			`The fax number '${masked}' is not valid: +1 (US/Canada) numbers have exactly 10 digits after +1`,
			'Check the area code and number, e.g. +1 212 555 0123.',
			field,
		);
	}
	if (!/^1[2-9]\d{2}[2-9]/.test(e164Digits)) {
		throw fail(
			'invalidNanp',
			`The fax number '${masked}' is not a valid US/Canada number: the area code and exchange can't start with 0 or 1`,
			'Check the number. If it is not in the US/Canada, write it with its own country code, e.g. +49… (or set the Default Country Code option accordingly).',
			field,
		);
	}
	return e164Digits;
}

function parseWithLibrary(
	text: string,
	defaultCallingCode: string | undefined,
	raw: string,
	field: string,
): PhoneNumber {
	try {
		return parsePhoneNumberWithError(text, defaultCallingCode ? { defaultCallingCode } : {});
	} catch (error) {
		// The library's own messages are not shown: they may quote the input.
		const reason = error instanceof ParseError ? error.message : 'NOT_A_NUMBER';
		if (reason === 'INVALID_COUNTRY') {
			throw fail(
				'unknownCountryCode',
				`The fax number ${quotedMask(raw)} does not start with a country calling code in use`,
				`Check the digits after the + or 00, e.g. +1 (US/Canada), +44 (UK), +49 (Germany). ${COUNTRY_CODE_HINT}`,
				field,
			);
		}
		throw fail(
			reason === 'TOO_LONG' ? 'tooLong' : 'tooShort',
			`The fax number ${quotedMask(raw)} is too ${reason === 'TOO_LONG' ? 'long' : 'short'} to be a phone number`,
			`Check that the number is complete, including the area code. ${COUNTRY_CODE_HINT}`,
			field,
		);
	}
}

/** Lengths and assigned ranges of the number's country, per libphonenumber's `max` metadata. */
function checkInService(phone: PhoneNumber, field: string): void {
	const problem = validatePhoneNumberLength(phone.number);
	if (problem === undefined && phone.isValid()) return;
	const masked = maskNumber(phone.number);
	const count = phone.number.length - 1;
	const where = describeCallingCode(phone.countryCallingCode);
	if (problem === 'TOO_SHORT') {
		throw fail(
			'tooShort',
			`The fax number '${masked}' is too short (${count} digits with country code) for a number in ${where}`,
			`Check that the number is complete, including the area code. ${COUNTRY_CODE_HINT}`,
			field,
		);
	}
	if (problem === 'TOO_LONG') {
		throw fail(
			'tooLong',
			`The fax number '${masked}' is too long (${count} digits with country code) for a number in ${where}`,
			'Check for extra digits, a country code entered twice, or an extension appended to the number.',
			field,
		);
	}
	if (phone.isValid()) return;
	if (phone.countryCallingCode === '1') {
		throw fail(
			'invalidNanp',
			`The fax number '${masked}' is not a valid +1 number: its area code or exchange is not in service`,
			'Check the area code and number for a typo. If it is not in the US/Canada/Caribbean, write it with its own country code, e.g. +44….',
			field,
		);
	}
	throw fail(
		'invalidNumber',
		`The fax number '${masked}' is not a valid number in ${where}: no phone numbers are assigned in that range or with that length`,
		`Check the number for a typo or a missing or extra digit. A number without + or 00 is read with the Default Country Code option; write a foreign number with its own country code. ${COUNTRY_CODE_HINT}`,
		field,
	);
}

/**
 * Normalises a fax number to E.164 (`+49301234567`).
 *
 * Accepts spaces, dashes, dots, brackets, slashes, a `tel:` prefix, a leading `+`, a leading
 * `00` (and `011` when the default country is 1) as international prefix, and the European
 * `+49 (0)30 …` trunk notation. A number without `+`/`00` is read as a national number of
 * `defaultCountryCode`, with that country's own trunk prefix (`8 495 …` in Russia, `06 1 …`
 * in Hungary). The result must be a number libphonenumber knows to be in service.
 *
 * Rejects letters (vanity numbers), extensions, several numbers in one field, and numbers that
 * are too short, too long or not assigned, with a `PhoneNumberError` whose message shows the
 * number masked and never the text as typed.
 */
export function normalizeFaxNumber(input: string, opts: NormalizeFaxNumberOptions = {}): string {
	const field = opts.field ?? 'toNumber';
	const raw = typeof input === 'string' ? input : typeof input === 'number' ? String(input) : '';
	const countryCode = normalizeCountryCode(opts.defaultCountryCode);
	const memoKey = raw.length <= MEMO_MAX_INPUT ? `${countryCode ?? ''}|${raw}` : undefined;
	const known = memoKey === undefined ? undefined : readNumbers.get(memoKey);
	if (known !== undefined) return known;
	const e164 = readFaxNumber(raw, countryCode, field);
	if (memoKey !== undefined) readNumbers.set(memoKey, e164);
	return e164;
}

/**
 * Numbers read recently (input and default country → E.164): a batch sends to the same few
 * numbers item after item, and the same number is read again to check the provider's answer;
 * libphonenumber's parse and validation cost ~0.3 ms each time. Only numbers that read are kept
 * (an error names the field it came from), in this process's memory, at most 1000.
 */
const readNumbers = new RecentValues<string, string>(1000);
const MEMO_MAX_INPUT = 64;

function readFaxNumber(raw: string, countryCode: string | undefined, field: string): string {
	const { digits, international } = readTypedDigits(raw, field, countryCode);

	if (!international && countryCode === undefined) {
		throw fail(
			'missingCountryCode',
			`The fax number ${quotedMask(raw)} has no country code`,
			'Add the country code, e.g. +1… for the US/Canada (+1 415 555 0100) or +44… for the UK (+44 20 7946 0123), or set the Default Country Code option.',
			field,
		);
	}
	if (international) {
		const masked = maskNumber(`+${digits}`);
		if (digits.startsWith('0')) {
			throw fail(
				'leadingZero',
				`The fax number '${masked}' is not valid: country codes never start with 0`,
				`Remove the extra 0 after the + or 00. ${COUNTRY_CODE_HINT}`,
				field,
			);
		}
		if (digits.length > E164_MAX_DIGITS) {
			throw fail(
				'tooLong',
				`The fax number '${masked}' is too long (${digits.length} digits with country code; at most ${E164_MAX_DIGITS})`,
				'Check for extra digits, a country code entered twice, or an extension appended to the number.',
				field,
			);
		}
	}
	const phone =
		(international && digits.startsWith('1')) || (!international && countryCode === '1')
			? parseWithLibrary(`+${nanpDigits(digits, international, raw, field)}`, undefined, raw, field)
			: parseWithLibrary(
					international ? `+${digits}` : digits,
					international ? undefined : countryCode,
					raw,
					field,
				);
	checkInService(phone, field);
	return phone.number;
}
