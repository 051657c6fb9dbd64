import { isValidPhoneNumber, parsePhoneNumber } from 'libphonenumber-js/max';

const NANP = /^\+1([2-9]\d{2})([2-9]\d{2})\d{4}$/;

function isN11(code: string): boolean {
	return code[1] === '1' && code[2] === '1';
}

/**
 * True for a +1 number in service per libphonenumber's ranges, with an area code and exchange
 * that aren't N11 service codes (211, 411, 911…: never a fax line). NANP also covers Caribbean
 * countries and US territories; see `isUsOrCanada` for FaxDrop's "50 US states and Canada".
 */
export function isNanp(e164: string): boolean {
	const match = NANP.exec(e164);
	if (!match || isN11(match[1]) || isN11(match[2])) return false;
	return isValidPhoneNumber(e164);
}

/**
 * `isNanp` and libphonenumber places it in the US (50 states + DC) or Canada: not the
 * Caribbean countries, Puerto Rico, the US Virgin Islands, Guam, the Northern Mariana Islands
 * or American Samoa, which libphonenumber tells apart by area code.
 */
export function isUsOrCanada(e164: string): boolean {
	if (!isNanp(e164)) return false;
	const country = parsePhoneNumber(e164).country;
	return country === 'US' || country === 'CA';
}
