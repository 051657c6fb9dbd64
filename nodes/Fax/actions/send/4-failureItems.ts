import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

import { FaxInputError } from '../../helpers/errors';
import { maskNumbersInText } from '../../helpers/redact';
import type { FaxProviderAdapter } from '../../providers/types';
import { auditRecord, type SendFacts } from './6-audit';
import { failedFax, failedRecipients, uncertainFax } from './3-dispatch';
import { faxJson, type SentFax } from '../shared/faxJson';
import { toNodeError } from '../shared/nodeErrors';
import type { Outcome } from './4-outcome';

/** Top-level parameter "Failed Sends": how a failed send leaves the node. */
export const FAILURE_MODE_PARAMETER = 'failureMode';
export const FAILURES_AS_ITEMS = 'outputItems';

export function failuresAsItems(ctx: IExecuteFunctions, itemIndex: number): boolean {
	return ctx.getNodeParameter(FAILURE_MODE_PARAMETER, itemIndex, 'error') === FAILURES_AS_ITEMS;
}

/**
 * A failed send as normal items, one per recipient known so far (else one), each with
 * `outcome`, `error` {code, message} and the audit of what was attempted. n8n would reduce an
 * error item to `{ error }`; these keep every field for the workflow's fallback branch.
 */
export function failureItems(
	ctx: IExecuteFunctions,
	itemIndex: number,
	adapter: FaxProviderAdapter,
	facts: SendFacts,
	outcome: Outcome,
	error: unknown,
	includeRaw: boolean,
): INodeExecutionData[] {
	// A batch in which every recipient failed: each recipient with its own outcome and error.
	const perRecipient = failedRecipients(error);
	const recipients = perRecipient
		? perRecipient
		: (facts.to.length ? facts.to : [null]).map((to) => ({ to, outcome, error }));
	return recipients.map((recipient) => {
		const fax: SentFax = {
			...failedFaxFor(ctx, itemIndex, adapter, facts, recipient),
			outcome: recipient.outcome,
			audit: auditRecord(ctx, adapter, facts, recipient.to, null, facts.idempotencyKey ?? null),
		};
		return { json: faxJson(fax, includeRaw), pairedItem: { item: itemIndex } };
	});
}

function failedFaxFor(
	ctx: IExecuteFunctions,
	itemIndex: number,
	adapter: FaxProviderAdapter,
	facts: SendFacts,
	{ to, outcome, error }: { to: string | null; outcome: Outcome; error: unknown },
) {
	const nodeError = toNodeError(ctx, error, itemIndex);
	// The error's own words: n8n's would replace a message naming a network code.
	const reason = error instanceof Error ? error.message : nodeError.message;
	if (outcome === 'uncertain') return uncertainFax(adapter, to, reason, facts.idempotencyKey);
	return {
		...failedFax(adapter, to, nodeError),
		error: {
			code: errorCode(error, nodeError as { httpCode?: string | null }),
			message: errorText(nodeError),
		},
	};
}

/** The error's message and, where it adds something, its description. */
export function errorText(nodeError: { message: string; description?: string | null }): string {
	const message = nodeError.message.trim();
	const description = (nodeError.description ?? '').trim();
	if (!description || message.includes(description)) return maskNumbersInText(message);
	return maskNumbersInText(`${message.replace(/[.\s]+$/, '')}. ${description}`);
}

/** A machine-readable code: the input problem, the network error (ECONNREFUSED…), or the HTTP status. */
function errorCode(error: unknown, nodeError: { httpCode?: string | null }): string | null {
	if (error instanceof FaxInputError) return error.code;
	const networkCode = (error as { networkCode?: unknown } | null)?.networkCode;
	if (typeof networkCode === 'string') return networkCode;
	return nodeError.httpCode ?? null;
}
