import { PhoneNumberError } from '../errors';
import { quotedMask, maskNumber } from './mask';

/**
 * The checks libphonenumber doesn't make for a fax line: it reads letters as vanity digits
 * and accepts extensions, but a fax service can dial neither. What passes is reduced to its
 * digits and whether it was written internationally.
 */

/** Longer inputs are certainly not a single fax number; don't run the parser on them. */
const MAX_INPUT_LENGTH = 64;

/** Separators people type or paste inside numbers (incl. Unicode dashes). */
const SEPARATORS = /[\s\-.()/\u2010-\u2015\u2212]/g;

export const COUNTRY_CODE_HINT =
	'Write the number in international format with the country code, e.g. +1 415 555 0100 or +44 20 7946 0123, or set the Default Country Code option.';

export interface TypedDigits {
	/** Digits only, without the international prefix (`+`, `00`, or `011` for country 1). */
	digits: string;
	/** Written with `+`, `00` or (country 1) `011`: the digits start with the country code. */
	international: boolean;
}

export function fail(
	code: PhoneNumberError['code'],
	message: string,
	hint: string,
	field: string,
): PhoneNumberError {
	return new PhoneNumberError(code, message, hint, field);
}

function refuseExtensionsAndLetters(text: string, raw: string, field: string): void {
	if (
		/;\s*(ext|isub|postd)=/i.test(text) ||
		/(^|[^a-z])(ext|extn|extension|durchwahl|dw)\b\.?/i.test(text) ||
		/[\d)]\s*x\.?\s*\d/i.test(text) ||
		/[#*,;]/.test(text)
	) {
		throw fail(
			'extension',
			`The fax number ${quotedMask(raw)} contains an extension or dialling pause`,
			'Fax services dial the number directly and cannot dial extensions. Remove the extension and send to the fax line’s own number.',
			field,
		);
	}
	if (/\p{L}/u.test(text)) {
		throw fail(
			'letters',
			maskNumber(raw)
				? `The fax number ${quotedMask(raw)} contains letters (only its digits are shown)`
				: 'The fax number contains letters and no digits',
			'Use digits only. Vanity numbers such as 1-800-FAX-DOCS must be written as digits (1-800-329-3627); also check that the field is mapped to the fax number and not to a name.',
			field,
		);
	}
}

function refuseOtherCharacters(text: string, raw: string, field: string): boolean {
	// Allowed: digits, separators, one leading '+' (possibly inside a leading bracket).
	if (/[^\d+\s\-.()/\u2010-\u2015\u2212]/.test(text)) {
		throw fail(
			'invalidCharacters',
			`The fax number ${quotedMask(raw)} contains characters that are not part of a phone number`,
			'Use digits, spaces, dashes, dots or brackets only, e.g. +1 (212) 555-0123.',
			field,
		);
	}
	const plusCount = (text.match(/\+/g) ?? []).length;
	const startsWithPlus = /^\(?\s*\+/.test(text);
	if (plusCount > 1 || (plusCount === 1 && !startsWithPlus)) {
		throw fail(
			'invalidCharacters',
			`The fax number ${quotedMask(raw)} has a '+' that is not at the start`,
			'Only the country code may be preceded by +, e.g. +44 20 7946 0123.',
			field,
		);
	}
	return startsWithPlus;
}

/**
 * Reads one typed fax number down to its digits, refusing what can't be a single dialable fax
 * line: several numbers, extensions/pauses, letters, other characters, a misplaced `+`.
 * `+49 (0)30 …`: the bracketed trunk 0 is not dialled internationally and is dropped.
 */
export function readTypedDigits(raw: string, field: string, countryCode?: string): TypedDigits {
	let text = raw.normalize('NFKC').trim();
	if (text === '') throw fail('empty', 'The fax number is empty', COUNTRY_CODE_HINT, field);
	if (text.length > MAX_INPUT_LENGTH) {
		throw fail(
			'invalidCharacters',
			`The fax number ${quotedMask(raw)} is too long to be a phone number (${text.length} characters)`,
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
	refuseExtensionsAndLetters(text, raw, field);
	const startsWithPlus = refuseOtherCharacters(text, raw, field);

	text = text.replace(/\(\s*0\s*\)/, ' ');
	const digits = text.replace(SEPARATORS, '').replace('+', '');
	if (digits.length === 0) {
		throw fail('empty', 'The fax number has no digits', COUNTRY_CODE_HINT, field);
	}
	if (startsWithPlus) return { digits, international: true };
	if (digits.startsWith('00')) return { digits: digits.slice(2), international: true };
	if (countryCode === '1' && digits.startsWith('011')) {
		return { digits: digits.slice(3), international: true };
	}
	return { digits, international: false };
}
