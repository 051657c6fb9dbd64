import {
	createCipheriv,
	createDecipheriv,
	createHash,
	createHmac,
	hkdfSync,
	randomBytes,
} from 'node:crypto';

import { RecentValues } from '../helpers/recentValues';

/**
 * What the nodes write to the shared store (with Redis: a database other systems and people may
 * read) is keyed or sealed with a secret that is never written there: one derived from the
 * credential's own secret (API key or token, webhook signing secret). A reader of every key
 * and value can't test a guessed fax number, document or id against them, as they could with a
 * plain hash (a US area code is about ten million guesses).
 */
export interface StateKeys {
	/** A keyed hash (HMAC-SHA-256, 128 bits in hex) of `parts`, one key per `purpose`. */
	hash(purpose: string, ...parts: string[]): string;
	/** `text` encrypted and authenticated (AES-256-GCM), one key per `purpose`. */
	seal(purpose: string, text: string): string;
	/** The text `seal` made with the same secret and purpose, else undefined. */
	open(purpose: string, sealed: string): string | undefined;
}

const SALT = 'n8n-nodes-fax shared state v1';
const IV_BYTES = 12;
const TAG_BYTES = 16;

/**
 * Keys of recently used secrets, so each item of a batch does not derive them again (one HKDF
 * per purpose). Found by the secret's SHA-256, at most 64.
 */
const keysOfSecrets = new RecentValues<string, StateKeys>(64);

/** Keys for the secret `secret` (e.g. the API key; empty is refused by the caller's checks). */
export function stateKeysFrom(secret: string): StateKeys {
	const id = createHash('sha256').update(secret).digest('hex');
	let keys = keysOfSecrets.get(id);
	if (!keys) {
		keys = deriveStateKeys(secret);
		keysOfSecrets.set(id, keys);
	}
	return keys;
}

function deriveStateKeys(secret: string): StateKeys {
	const derived = new Map<string, Buffer>();
	const keyFor = (purpose: string): Buffer => {
		let key = derived.get(purpose);
		if (!key) {
			key = Buffer.from(hkdfSync('sha256', secret, SALT, purpose, 32));
			derived.set(purpose, key);
		}
		return key;
	};
	return {
		hash(purpose, ...parts) {
			const hmac = createHmac('sha256', keyFor(`hash:${purpose}`));
			// Length-prefixed, so ("ab","c") and ("a","bc") differ.
			for (const part of parts) hmac.update(`${part.length}:${part}|`);
			return hmac.digest('hex').slice(0, 32);
		},
		seal(purpose, text) {
			const iv = randomBytes(IV_BYTES);
			const cipher = createCipheriv('aes-256-gcm', keyFor(`seal:${purpose}`), iv);
			const body = Buffer.concat([cipher.update(text, 'utf8'), cipher.final()]);
			return Buffer.concat([iv, cipher.getAuthTag(), body]).toString('base64');
		},
		open(purpose, sealed) {
			try {
				const bytes = Buffer.from(sealed, 'base64');
				if (bytes.length < IV_BYTES + TAG_BYTES) return undefined;
				const decipher = createDecipheriv(
					'aes-256-gcm',
					keyFor(`seal:${purpose}`),
					bytes.subarray(0, IV_BYTES),
				);
				decipher.setAuthTag(bytes.subarray(IV_BYTES, IV_BYTES + TAG_BYTES));
				const body = bytes.subarray(IV_BYTES + TAG_BYTES);
				return Buffer.concat([decipher.update(body), decipher.final()]).toString('utf8');
			} catch {
				// Another secret (another account) or a damaged value: as if there were none.
				return undefined;
			}
		},
	};
}
