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

/** The masked number in quotes for a message, or `(no digits)`. */
export function quotedMask(raw: string): string {
	const masked = maskNumber(raw);
	return masked ? `'${masked}'` : '(no digits)';
}
