import { documentSha256 } from '../helpers/documentHash';
import type { ProviderTransport } from '../transport/types';

/**
 * Which fax an Idempotency-Key was first sent for, kept in the shared store (with Redis: seen
 * by every n8n process) so that a deliberate repeat can be told from a reused key.
 *
 * A replayed fax alone can't say which it is: a worker killed mid-send, or an uncertain answer,
 * leaves the user re-running the item with the same key (`{{ $json.referralId }}`), and the
 * provider rightly answers with the fax the first run sent. The same key for another document or
 * number is a different fax that was not sent. The record holds hashes only: the key's, and one
 * of the document's bytes with the number (no number can be recovered without the document).
 */
const KEY_USE_TTL_MS = 7 * 24 * 3600 * 1000;
export const KEY_USE_PREFIX = 'idempotency:';

function recordKey(transport: ProviderTransport, idempotencyKey: string): string {
	return `${KEY_USE_PREFIX}${transport.accountKey}:${transport.stateKeys.hash('idempotency-key', idempotencyKey)}`;
}

export interface KeyUse {
	/** True when an earlier send used this key for the same document and number. */
	readonly sameFaxAsBefore: boolean;
}

/** Records this key's first use (set-if-absent) and tells whether an earlier use was this fax. */
export async function noteKeyUse(
	transport: ProviderTransport,
	idempotencyKey: string,
	document: Buffer,
	to: string,
): Promise<KeyUse> {
	const store = transport.sharedStore;
	const key = recordKey(transport, idempotencyKey);
	const fingerprint = transport.stateKeys.hash(
		'idempotency-key-use',
		documentSha256(document),
		to.replace(/\D/g, ''),
	);
	if (await store.claim(key, KEY_USE_TTL_MS, fingerprint)) return { sameFaxAsBefore: false };
	return { sameFaxAsBefore: (await store.get(key)) === fingerprint };
}
