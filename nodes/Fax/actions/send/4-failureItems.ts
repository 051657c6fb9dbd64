import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

import { FaxInputError } from '../../helpers/errors';
import type { FaxProviderAdapter } from '../../providers/types';
import { auditRecord, type SendFacts } from './6-audit';
import { failedFax, uncertainFax } from './3-dispatch';
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
	const nodeError = toNodeError(ctx, error, itemIndex);
	const message = nodeError.description
		? `${nodeError.message}. ${nodeError.description}`
		: nodeError.message;
	const code =
		error instanceof FaxInputError
			? error.code
			: ((nodeError as { httpCode?: string | null }).httpCode ?? null);
	const recipients: Array<string | null> = facts.to.length ? facts.to : [null];
	return recipients.map((to) => {
		const base =
			outcome === 'uncertain'
				? uncertainFax(adapter, to, nodeError.message, facts.idempotencyKey)
				: { ...failedFax(adapter, to, nodeError), error: { code, message } };
		const fax: SentFax = {
			...base,
			outcome,
			audit: auditRecord(ctx, adapter, facts, to, null, facts.idempotencyKey ?? null),
		};
		return { json: faxJson(fax, includeRaw), pairedItem: { item: itemIndex } };
	});
}
