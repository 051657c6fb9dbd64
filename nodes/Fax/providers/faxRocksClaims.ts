import { randomUUID } from 'node:crypto';

import type { IDataObject } from 'n8n-workflow';
import { sleep } from 'n8n-workflow';

import { FaxInputError } from '../helpers/errors';
import { maskNumber } from '../helpers/phoneNumber';
import { settle } from '../helpers/settle';
import type { ProviderTransport } from '../transport/types';

/**
 * faxrocks' send answers without a fax id, so the adapter finds the new fax in the list by its
 * number. Two rules keep one fax from going to two items, in this process (Shared State
 * "none") or in every n8n process (Redis):
 * - a send to a number holds that number's lock from the list snapshot before the send until
 *   its faxes are matched, so concurrent sends to one number take turns and each sees only its
 *   own new rows;
 * - every matched fax id is claimed with set-if-absent; a claimed id is never given out again.
 * New rows for the number beyond what this send created (e.g. a send from the faxrocks web
 * app at the same moment) can't be told apart: the item gets no id and says so.
 */
const LOCK_TTL_MS = 5 * 60_000;
const LOCK_POLL_MS = [25, 50, 100, 200, 250];
const CLAIM_TTL_MS = 24 * 3600_000;

export const AMBIGUOUS = 'ambiguous';
export type Match = IDataObject | typeof AMBIGUOUS | undefined;

/**
 * The number only as a keyed hash (secret from the API token, never in the store): keys sit in
 * a Redis other systems may read, and in its logs, and a plain hash of a number is undone by
 * trying every number of an area code.
 */
function lockKey(transport: ProviderTransport, number: string): string {
	return `faxrocks:sending:${transport.accountKey}:${transport.stateKeys.hash('faxrocks-send-lock', number)}`;
}

function claimKey(transport: ProviderTransport, id: string): string {
	return `faxrocks:fax:${transport.accountKey}:${transport.stateKeys.hash('faxrocks-fax-id', id)}`;
}

/** Runs `work` holding the send locks of `numbers` (taken in a fixed order: no deadlock). */
export async function whileSendingTo<T>(
	transport: ProviderTransport,
	numbers: string[],
	work: () => Promise<T>,
): Promise<T> {
	const store = transport.sharedStore;
	const token = randomUUID();
	const held: string[] = [];
	const release = async () => {
		for (const key of held) await settle(async () => await store.release(key, token));
	};
	for (const number of [...new Set(numbers)].sort()) {
		const key = lockKey(transport, number);
		const deadline = Date.now() + LOCK_TTL_MS;
		for (let attempt = 0; !(await store.claim(key, LOCK_TTL_MS, token)); attempt++) {
			if (Date.now() > deadline) {
				await release();
				throw new FaxInputError(
					'sendInProgress',
					`Another faxrocks send to ${maskNumber(number)} has not finished for ${LOCK_TTL_MS / 60_000} minutes`,
					'Nothing was sent. faxrocks sends to one number take turns so each finds its own fax; try again later.',
				);
			}
			await sleep(LOCK_POLL_MS[Math.min(attempt, LOCK_POLL_MS.length - 1)]);
		}
		held.push(key);
	}
	const outcome = await settle(work);
	await release();
	if (!outcome.ok) throw outcome.error;
	return outcome.value;
}

/**
 * This send's fax for each recipient among `fresh` (rows not in the list before the send,
 * oldest first): claimed, `undefined` when not listed yet, or {@link AMBIGUOUS}.
 */
export async function claimNewFaxes(
	transport: ProviderTransport,
	fresh: IDataObject[],
	recipients: string[],
): Promise<Match[]> {
	const store = transport.sharedStore;
	const found: Match[] = recipients.map(() => undefined);
	for (const number of new Set(recipients)) {
		const positions = recipients.flatMap((to, index) => (to === number ? [index] : []));
		const candidates: IDataObject[] = [];
		for (const row of fresh.filter((candidate) => candidate.number === number)) {
			if ((await store.get(claimKey(transport, String(row.id)))) === undefined)
				candidates.push(row);
		}
		if (candidates.length > positions.length) {
			for (const index of positions) found[index] = AMBIGUOUS;
			continue;
		}
		// A number listed twice in one batch: both rows are this send's, taken oldest first.
		for (const [n, row] of candidates.entries()) {
			if (await store.claim(claimKey(transport, String(row.id)), CLAIM_TTL_MS)) {
				found[positions[n]] = row;
			}
		}
	}
	return found;
}
