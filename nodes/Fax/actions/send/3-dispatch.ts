import { createHash } from 'node:crypto';

import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import { maskNumbersInText } from '../../helpers/redact';
import { settle } from '../../helpers/settle';
import { unifiedFax } from '../../providers/normalize';
import type { FaxProviderAdapter, SendRequest, UnifiedFax } from '../../providers/types';
import { UncertainOutcomeError } from '../../transport/errors';
import type { CreateTracker, Outcome } from './4-outcome';

export const OUTCOME_UNCERTAIN = 'OUTCOME_UNCERTAIN';

/** One recipient's result, with what became of its send and the key it was sent with. */
export interface Dispatched {
	fax: UnifiedFax;
	outcome: Outcome;
	idempotencyKey: string | null;
}

/** The item for a send whose answer was lost: not retried, so it can't become two faxes. */
export function uncertainFax(
	adapter: FaxProviderAdapter,
	to: string | null,
	reason: string,
	itemIdempotencyKey?: string,
): UnifiedFax {
	const check = adapter.capabilities.canList
		? `Check the ${adapter.displayName} fax list (the List operation) before sending again.`
		: `Check your ${adapter.displayName} dashboard or the confirmation email before sending again.`;
	// The item's key, which the "Idempotency Key" option takes as is (a batch derives its
	// per-recipient keys from it the same way again).
	const key = itemIdempotencyKey;
	const safeRerun = key
		? ` To send again safely, set the option "Idempotency Key" to ${key} and run the node again: ${adapter.displayName} then returns the fax if it exists instead of sending a second one.`
		: '';
	return unifiedFax(adapter.name, {
		to,
		status: 'unknown',
		error: {
			code: OUTCOME_UNCERTAIN,
			message: `${maskNumbersInText(reason)}. It was not sent again automatically, to avoid a duplicate fax. ${check}${safeRerun}`,
		},
	});
}

/** The item for a send that certainly did not go out (status failed, nothing created). */
export function failedFax(
	adapter: FaxProviderAdapter,
	to: string | null,
	error: unknown,
): UnifiedFax {
	const context = (error as { context?: IDataObject }).context;
	const code = (error as { httpCode?: string }).httpCode ?? (error as { code?: unknown }).code;
	const message = maskNumbersInText(error instanceof Error ? error.message : String(error));
	return unifiedFax(adapter.name, {
		to,
		status: 'failed',
		error: {
			code: (context?.code as string | undefined) ?? (typeof code === 'string' ? code : null),
			message,
		},
	});
}

/**
 * The Idempotency-Key of one recipient. Sent one by one, each recipient is its own fax and
 * needs its own key: by position, so a number listed twice gets two faxes, and by a hash of
 * the number (not the number itself: the key is also in the audit record), so a changed list
 * on Retry On Fail never replays another recipient's fax.
 */
export function recipientIdempotencyKey(
	request: SendRequest,
	adapter: FaxProviderAdapter,
	position: number,
): string | undefined {
	if (!request.idempotencyKey || adapter.capabilities.nativeBatch || request.to.length === 1) {
		return request.idempotencyKey;
	}
	const numberHash = createHash('sha256').update(request.to[position]).digest('hex').slice(0, 12);
	return `${request.idempotencyKey}:${position + 1}:${numberHash}`;
}

/**
 * Sends one document to the request's recipients: in one request where the provider batches
 * natively, else one by one. One by one, every recipient is tried and a failed one becomes its
 * own failed item beside the others, so the faxes sent are never lost; only when every
 * recipient failed does the item fail. A send that may have reached the provider is reported
 * as uncertain, never repeated.
 */
export async function sendToRecipients(
	ctx: IExecuteFunctions,
	adapter: FaxProviderAdapter,
	request: SendRequest,
	tracker: CreateTracker,
	send: (request: SendRequest) => Promise<UnifiedFax[]>,
): Promise<Dispatched[]> {
	const once = async (to: string[], position?: number): Promise<Dispatched[]> => {
		const idempotencyKey =
			position === undefined
				? request.idempotencyKey
				: recipientIdempotencyKey(request, adapter, position);
		tracker.begin();
		const outcome = await settle(async () => await send({ ...request, to, idempotencyKey }));
		const key = idempotencyKey ?? null;
		if (outcome.ok)
			return outcome.value.map((fax) => ({ fax, outcome: 'sent', idempotencyKey: key }));
		const { error } = outcome;
		// A provider that de-duplicates by Idempotency-Key can be asked again safely (n8n's Retry
		// On Fail repeats the key), so only the others report the uncertain fax as an item.
		const retryable = Boolean(key) && !(error instanceof UncertainOutcomeError);
		if (tracker.outcomeOf(error) === 'uncertain' && !retryable) {
			const reason = error instanceof Error ? error.message : String(error);
			return to.map((number) => ({
				fax: uncertainFax(
					adapter,
					number,
					reason,
					request.idempotencyKey ??
						(error instanceof UncertainOutcomeError ? error.idempotencyKey : undefined),
				),
				outcome: 'uncertain',
				idempotencyKey: key,
			}));
		}
		throw error;
	};

	if (adapter.capabilities.nativeBatch) return await once(request.to);

	// Every recipient gets its own attempt and outcome: a refusal of one says nothing about
	// the others (FaxDrop refusing recipient 1's number must not leave 2 and 3 unsent).
	const results: Array<Dispatched | Failed> = [];
	for (const [position, to] of request.to.entries()) {
		const outcome = await settle(async () => await once([to], position));
		if (outcome.ok) {
			results.push(...outcome.value);
			continue;
		}
		const { error } = outcome;
		results.push({
			error,
			to,
			outcome: tracker.outcomeOf(error),
			idempotencyKey: recipientIdempotencyKey(request, adapter, position) ?? null,
		});
	}
	const failed = results.filter((result): result is Failed => 'error' in result);
	if (failed.length === results.length) throw nothingWentOut(tracker, failed);
	if (failed.length) {
		ctx.logger.warn(
			`Fax to ${failed.length} of ${results.length} recipients failed; the others were sent: ${maskNumbersInText(String(failed[0].error))}`,
		);
	}
	return results.map((result) => ('error' in result ? failedItem(adapter, result) : result));
}

/** A recipient whose send failed: its error and what that means for its fax. */
interface Failed {
	error: unknown;
	to: string;
	outcome: Outcome;
	idempotencyKey: string | null;
}

function failedItem(adapter: FaxProviderAdapter, failed: Failed): Dispatched {
	const { error, to, outcome, idempotencyKey } = failed;
	if (outcome === 'uncertain') {
		const reason = error instanceof Error ? error.message : String(error);
		return { fax: uncertainFax(adapter, to, reason), outcome, idempotencyKey };
	}
	return { fax: failedFax(adapter, to, error), outcome: 'not_sent', idempotencyKey };
}

/** Each recipient's failure, for the items of a send in which every recipient failed. */
const recipientFailures = new WeakMap<object, Failed[]>();

/** The per-recipient failures an error of {@link sendToRecipients} stands for, if several. */
export function failedRecipients(
	error: unknown,
): Array<{ to: string; outcome: Outcome; error: unknown }> | undefined {
	return error && typeof error === 'object' ? recipientFailures.get(error) : undefined;
}

/**
 * Every recipient failed: the item fails as a single send would, with the first uncertain
 * recipient's error if any (its fax may exist), else the first refusal. The item's outcome is
 * uncertain if any recipient's is; each recipient's own outcome and error stay with the error
 * for "Failed Sends: Output as Item".
 */
function nothingWentOut(tracker: CreateTracker, failed: Failed[]): unknown {
	const uncertain = failed.find((entry) => entry.outcome === 'uncertain');
	const { error } = uncertain ?? failed[0];
	tracker.decide(error, uncertain ? 'uncertain' : 'not_sent');
	if (failed.length > 1 && error && typeof error === 'object') recipientFailures.set(error, failed);
	return error;
}
