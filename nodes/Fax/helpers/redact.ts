/**
 * Anything that looks like a phone number inside free text (provider error messages),
 * masked to its last 4 digits so errors and logs never carry a full fax number.
 */
const PHONE_LIKE = /\+?\d[\d\s().-]{5,}\d/g;

export function maskNumbersInText(text: string): string {
	return text.replace(PHONE_LIKE, (match) => {
		const digits = match.replace(/\D/g, '');
		if (digits.length < 7) return match;
		const prefix = match.trimStart().startsWith('+') ? '+' : '';
		return `${prefix}${'*'.repeat(digits.length - 4)}${digits.slice(-4)}`;
	});
}
