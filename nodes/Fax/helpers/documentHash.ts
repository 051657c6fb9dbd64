import { createHash } from 'node:crypto';

const known = new WeakMap<Buffer, string>();

/**
 * SHA-256 (hex) of a document about to be uploaded. Replay checks, the Idempotency-Key record
 * and the audit each need it, and a run of items carrying the same file shares one processed
 * document (actions/send/1-documentCache.ts): hashed once per buffer, not once per use. The
 * buffers are never written to after the document step made them.
 */
export function documentSha256(document: Buffer): string {
	let hash = known.get(document);
	if (hash === undefined) {
		hash = createHash('sha256').update(document).digest('hex');
		known.set(document, hash);
	}
	return hash;
}
