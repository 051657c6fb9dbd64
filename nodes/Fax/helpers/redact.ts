import { maskNumber } from './phoneNumber';

/**
 * Anything that looks like a phone number inside free text (provider error messages),
 * masked to its last 4 digits so errors and logs never carry a full fax number.
 *
 * Digits glued to a word on either side (`fax_0000…`, `deadbeef0000…`, the hex of an
 * Idempotency-Key such as `n8n-8106958d1b…`) belong to an identifier and are kept,
 * and so is a calendar date (`2026-06-11`) at the start of a run, so messages can still name
 * the fax ID and the date they are about.
 */
const PHONE_LIKE = /(?<!\w)\+?\d[\d\s().-]{5,}\d(?!\w)/g;
const DATE_PREFIX = /^(?:19|20)\d{2}-(?:0[1-9]|1[0-2])-(?:0[1-9]|[12]\d|3[01])(?!\d)/;

function maskRun(match: string): string {
	const date = DATE_PREFIX.exec(match);
	if (date) return `${date[0]}${maskNumbersInText(match.slice(date[0].length))}`;
	return match.replace(/\D/g, '').length < 7 ? match : maskNumber(match);
}

export function maskNumbersInText(text: string): string {
	return text.replace(PHONE_LIKE, maskRun);
}
