import { documentSha256 } from '../../helpers/documentHash';
import { replayError } from '../../providers/replay';
import { unifiedFax } from '../../providers/normalize';
import type { FaxProviderAdapter, UnifiedFax } from '../../providers/types';
import { claimFaxes } from './5-memo';

export const IDEMPOTENCY_KEY_REUSED = 'IDEMPOTENCY_KEY_REUSED';

/**
 * Faxes of this send that another item of this process already reported for another document
 * or number are replays of that item's fax for a reused Idempotency-Key: this item's fax was
 * not sent. A single send fails;
 * in a batch only the replayed recipient becomes a failed item, the others are kept.
 */
export function rejectReplays(
	adapter: FaxProviderAdapter,
	scope: string,
	document: Buffer,
	faxes: UnifiedFax[],
): UnifiedFax[] {
	const sha256 = documentSha256(document);
	const replayed = claimFaxes(scope, faxes, adapter.name, sha256);
	if (!replayed.size) return faxes;
	const reason = 'another item already reported that fax, for another document or number';
	if (faxes.length === 1) {
		throw replayError(adapter.displayName, faxes[0].raw ?? { id: faxes[0].id }, reason);
	}
	return faxes.map((fax) => {
		if (!fax.id || !replayed.has(fax.id)) return fax;
		const error = replayError(adapter.displayName, { id: fax.id }, reason);
		return unifiedFax(adapter.name, {
			to: fax.to,
			status: 'failed',
			error: { code: IDEMPOTENCY_KEY_REUSED, message: `${error.message}. ${error.hint}` },
		});
	});
}
