import { randomBytes } from 'node:crypto';

const ALNUM = 'abcdefghijklmnopqrstuvwxyz0123456789';

/** `length` random lowercase hex characters. */
export function randomHex(length: number): string {
	return randomBytes(Math.ceil(length / 2))
		.toString('hex')
		.slice(0, length);
}

/** `length` random lowercase letters and digits. */
export function randomAlnum(length: number): string {
	const bytes = randomBytes(length);
	let out = '';
	for (let i = 0; i < length; i++) {
		out += ALNUM[bytes[i] % ALNUM.length];
	}
	return out;
}
