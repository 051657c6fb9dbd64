import { createHmac, timingSafeEqual } from 'node:crypto';

export const SIGNATURE_TOLERANCE_SECONDS = 300;

export type SignatureCheck =
	| { valid: true; timestamp: number; signature: string }
	| { valid: false; reason: string };

/**
 * Verifies `X-SFM-Signature: t=<unix>,v1=<hex>` as SendFAXMail documents it: HMAC-SHA256 of
 * `${t}.${rawBody}` with the endpoint's signing secret, over the raw bytes received.
 */
export function verifySignature(
	header: string | undefined,
	rawBody: Buffer,
	secret: string,
	nowSeconds: number,
): SignatureCheck {
	if (!header) return { valid: false, reason: 'missing X-SFM-Signature header' };
	const parts = new Map<string, string>();
	for (const piece of header.split(',')) {
		const index = piece.indexOf('=');
		if (index > 0) parts.set(piece.slice(0, index).trim(), piece.slice(index + 1).trim());
	}
	const timestamp = Number(parts.get('t'));
	const signature = parts.get('v1') ?? '';
	if (!Number.isInteger(timestamp) || !/^[0-9a-f]+$/i.test(signature)) {
		return { valid: false, reason: 'malformed X-SFM-Signature header' };
	}
	if (Math.abs(nowSeconds - timestamp) > SIGNATURE_TOLERANCE_SECONDS) {
		return { valid: false, reason: 'signature timestamp outside the 5-minute tolerance' };
	}
	// Secrets are pasted by hand; surrounding spaces or line breaks are never part of one.
	const expected = createHmac('sha256', secret.trim())
		.update(Buffer.concat([Buffer.from(`${timestamp}.`), rawBody]))
		.digest('hex');
	const a = Buffer.from(expected);
	const b = Buffer.from(signature.toLowerCase());
	if (a.length !== b.length || !timingSafeEqual(a, b)) {
		return { valid: false, reason: 'signature does not match' };
	}
	return { valid: true, timestamp, signature: signature.toLowerCase() };
}
