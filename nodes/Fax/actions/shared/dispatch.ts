import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import { maskNumbersInText } from '../../helpers/redact';
import { settle } from '../../helpers/settle';
import { unifiedFax } from '../../providers/normalize';
import type { FaxProviderAdapter, SendRequest, UnifiedFax } from '../../providers/types';
import { UncertainOutcomeError } from '../../transport/errors';

export const OUTCOME_UNCERTAIN = 'OUTCOME_UNCERTAIN';

/** The item for a send whose answer was lost: not retried, so it can't become two faxes. */
export function uncertainFax(
	adapter: FaxProviderAdapter,
	to: string,
	error: UncertainOutcomeError,
	itemIdempotencyKey?: string,
): UnifiedFax {
	const check = adapter.capabilities.canList
		? `Check the ${adapter.displayName} fax list (the List operation) before sending again.`
		: `Check your ${adapter.displayName} dashboard or the confirmation email before sending again.`;
	// The item's key, which the "Idempotency Key" option takes as is (a batch derives its
	// per-recipient keys from it the same way again).
	const key = itemIdempotencyKey ?? error.idempotencyKey;
	const safeRerun = key
		? ` To send again safely, set the option "Idempotency Key" to ${key} and run the node again: ${adapter.displayName} then returns the fax if it exists instead of sending a second one.`
		: '';
	return unifiedFax(adapter.name, {
		to,
		status: 'unknown',
		error: {
			code: OUTCOME_UNCERTAIN,
			message: `${error.message}. It was not sent again automatically, to avoid a duplicate fax. ${check}${safeRerun}`,
		},
	});
}

function failedFax(adapter: FaxProviderAdapter, to: string, error: unknown): UnifiedFax {
	const context = (error as { context?: IDataObject }).context;
	const code = (error as { httpCode?: string }).httpCode ?? null;
	const message = maskNumbersInText(error instanceof Error ? error.message : String(error));
	return unifiedFax(adapter.name, {
		to,
		status: 'failed',
		error: { code: (context?.code as string | undefined) ?? code, message },
	});
}

/**
 * Sends one document to the request's recipients: in one request where the provider batches
 * natively, else one by one. Once a fax has gone out, a later recipient's failure becomes its
 * own failed item instead of an exception, so the faxes already sent are never lost.
 */
export async function sendToRecipients(
	ctx: IExecuteFunctions,
	adapter: FaxProviderAdapter,
	request: SendRequest,
	send: (request: SendRequest) => Promise<UnifiedFax[]>,
): Promise<UnifiedFax[]> {
	const once = async (to: string[], position?: number): Promise<UnifiedFax[]> => {
		// Sent one by one, each recipient is its own fax and needs its own Idempotency-Key
		// (by position too, so a number listed twice gets two faxes, as on the other providers).
		const idempotencyKey =
			request.idempotencyKey && request.to.length > 1 && position !== undefined
				? `${request.idempotencyKey}:${position + 1}:${to[0]}`
				: request.idempotencyKey;
		const outcome = await settle(async () => await send({ ...request, to, idempotencyKey }));
		if (outcome.ok) return outcome.value;
		const { error } = outcome;
		if (error instanceof UncertainOutcomeError)
			return to.map((number) => uncertainFax(adapter, number, error, request.idempotencyKey));
		throw error;
	};

	if (adapter.capabilities.nativeBatch) return await once(request.to);

	const results: UnifiedFax[] = [];
	for (const [position, to] of request.to.entries()) {
		const outcome = await settle(async () => await once([to], position));
		if (outcome.ok) {
			results.push(...outcome.value);
			continue;
		}
		const { error } = outcome;
		if (results.length === 0) {
			// Nothing went out yet: the item fails as a whole, as a single send would.
			throw error;
		} else {
			ctx.logger.warn(
				`Fax to one recipient failed after others were sent: ${maskNumbersInText(String(error))}`,
			);
			results.push(failedFax(adapter, to, error));
		}
	}
	return results;
}
