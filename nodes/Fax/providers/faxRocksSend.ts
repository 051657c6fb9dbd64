import type { IDataObject } from 'n8n-workflow';
import { sleep } from 'n8n-workflow';

import { maskNumber } from '../helpers/phoneNumber';
import { settle } from '../helpers/settle';
import { UncertainOutcomeError } from '../transport/errors';
import { jsonWithBase64Document } from '../transport/jsonBody';
import type { ProviderTransport } from '../transport/types';
import { notAFax } from './answers';
import { AMBIGUOUS, claimNewFaxes, whileSendingTo } from './faxRocksClaims';
import type { Match } from './faxRocksClaims';
import { FAXROCKS_DISPLAY_NAME, newestRows } from './faxRocksList';
import { faxRocksToUnified } from './faxRocksStatus';
import { toNumberOrNull, unifiedFax } from './normalize';
import type { SendRequest, UnifiedFax } from './types';

/**
 * faxrocks' Send and Schedule (`POST /send`): the answer carries no fax id, so the new faxes
 * are found in the list afterwards.
 */

/** Error code of a sent faxrocks fax whose id the list can't tell (see faxRocksClaims). */
export const FAX_ID_AMBIGUOUS = 'FAX_ID_AMBIGUOUS';

/** How many of the newest faxes to compare before and after a send to find the new ones. */
const RECENT_WINDOW = 50;
const FIND_ATTEMPTS = 4;

/**
 * faxrocks' send answers without an id: the new faxes are the rows that weren't there before,
 * each claimed in the shared store so no fax goes to two items (see faxRocksClaims).
 */
async function findNewFaxes(
	transport: ProviderTransport,
	knownIds: Set<string>,
	recipients: string[],
): Promise<Match[]> {
	const found: Match[] = recipients.map(() => undefined);
	for (let attempt = 0; attempt < FIND_ATTEMPTS; attempt++) {
		if (attempt > 0) await sleep(500 * attempt);
		const fresh = (await newestRows(transport, RECENT_WINDOW + recipients.length)).filter(
			(row) => !knownIds.has(String(row.id)),
		);
		const missing = recipients.flatMap((_, index) => (found[index] ? [] : [index]));
		const matches = await claimNewFaxes(
			transport,
			[...fresh].reverse(),
			missing.map((index) => recipients[index]),
		);
		missing.forEach((index, n) => (found[index] = matches[n]));
		if (found.every(Boolean)) break;
	}
	return found;
}

/** The documented send answer: `{ message, number, … }` or `{ message, faxes: [...] }`. */
function isSendConfirmation(body: unknown): boolean {
	if (!body || typeof body !== 'object' || Array.isArray(body)) return false;
	const object = body as IDataObject;
	return (
		typeof object.message === 'string' &&
		(typeof object.number === 'string' || Array.isArray(object.faxes))
	);
}

export async function sendOrSchedule(
	transport: ProviderTransport,
	request: SendRequest,
	schedule?: { scheduledAt: string; timezone: string },
): Promise<UnifiedFax[]> {
	return await whileSendingTo(
		transport,
		request.to,
		async () => await sendAndFind(transport, request, schedule),
	);
}

async function sendAndFind(
	transport: ProviderTransport,
	request: SendRequest,
	schedule?: { scheduledAt: string; timezone: string },
): Promise<UnifiedFax[]> {
	const knownIds = new Set(
		(await newestRows(transport, RECENT_WINDOW)).map((row) => String(row.id)),
	);
	const body = jsonWithBase64Document(request.document.data, (data) => ({
		data,
		...(request.to.length === 1 ? { number: request.to[0] } : { numbers: request.to }),
		...(schedule ? { scheduled_at: schedule.scheduledAt, timezone: schedule.timezone } : {}),
	}));

	const outcome = await settle(
		async () =>
			await transport.request({
				method: 'POST',
				path: '/send',
				body,
				retry: 'once',
				rateLimitBucket: 'send',
			}),
	);
	if (!outcome.ok && !(outcome.error instanceof UncertainOutcomeError)) throw outcome.error;
	// When the answer was lost, or is not the documented confirmation, the list tells whether
	// the faxes exist.
	const uncertain = outcome.ok
		? isSendConfirmation(outcome.value.body)
			? undefined
			: notAFax(FAXROCKS_DISPLAY_NAME)
		: (outcome.error as UncertainOutcomeError);
	const accepted: IDataObject = outcome.ok && !uncertain ? outcome.value.body : {};

	// The faxes may exist now: a failed lookup must not fail the item (a retry would send them
	// again). Accepted faxes are then reported without an id, an unanswered send as uncertain.
	const lookup = await settle(async () => await findNewFaxes(transport, knownIds, request.to));
	const rows = lookup.ok ? lookup.value : request.to.map(() => undefined);
	if (uncertain && rows.some((row) => !row || row === AMBIGUOUS)) throw uncertain;

	const perRecipient = Array.isArray(accepted.faxes)
		? (accepted.faxes as IDataObject[])
		: [accepted];
	return request.to.map((number, index) => {
		const row = rows[index];
		const estimate = perRecipient.find((fax) => fax.number === number) ?? perRecipient[index] ?? {};
		if (row === AMBIGUOUS) {
			return acceptedWithoutId(number, estimate, Boolean(schedule), {
				error: { code: FAX_ID_AMBIGUOUS, message: ambiguityMessage(number) },
				raw: { ...estimate },
			});
		}
		if (row) {
			const fax = faxRocksToUnified(row);
			if (schedule && fax.status === 'queued') fax.status = 'scheduled';
			return fax;
		}
		// Accepted, but the fax isn't in the list yet: report what the send answered.
		return acceptedWithoutId(number, estimate, Boolean(schedule), {
			raw: {
				...estimate,
				message: accepted.message ?? null,
				note: 'faxrocks accepted the fax but it is not listed yet; find it later with List.',
			},
		});
	});
}

/** A fax faxrocks accepted that has no Fax ID: what the send answered, plus `extra`. */
function acceptedWithoutId(
	number: string,
	estimate: IDataObject,
	scheduled: boolean,
	extra: Pick<Partial<UnifiedFax>, 'error' | 'raw'>,
): UnifiedFax {
	return unifiedFax('faxRocks', {
		id: null,
		to: number,
		status: scheduled ? 'scheduled' : 'queued',
		pages: toNumberOrNull(estimate.pages),
		cost: toNumberOrNull(estimate.estimated_costs),
		...extra,
	});
}

/** Sent, but other new faxes to the same number make it impossible to say which one is this. */
function ambiguityMessage(number: string): string {
	return `faxrocks accepted the fax, but other new faxes to ${maskNumber(number)} appeared at the same time (sent outside this workflow?) and the fax list can't tell which one is this item's, so no Fax ID is given. It was not sent again: check the fax list (List operation) before sending again.`;
}
