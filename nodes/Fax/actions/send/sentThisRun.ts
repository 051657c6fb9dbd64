import type { IExecuteFunctions, NodeApiError, NodeOperationError } from 'n8n-workflow';

import { maskNumber } from '../../helpers/phoneNumber';
import type { SentFax } from '../shared/faxJson';

interface SentNote {
	itemIndex: number;
	id: string | null;
	/** Masked. */
	to: string | null;
	outcome: SentFax['outcome'];
}

/** At most this many faxes are named in one error (a batch of items may have sent hundreds). */
const MAX_NAMED = 10;

/**
 * What this run of the node has sent so far, per run (n8n calls a node's execute once per run,
 * with one context for all its items): when a later item then fails the node, n8n discards
 * every item the node already output, so the error is the only place left to say what went out.
 */
const sentByRun = new WeakMap<IExecuteFunctions, SentNote[]>();

/** Records an item's faxes that may exist (outcome `sent` or `uncertain`). */
export function noteSent(ctx: IExecuteFunctions, itemIndex: number, faxes: SentFax[]): void {
	const notes = faxes
		.filter((fax) => fax.outcome !== 'not_sent')
		.map((fax) => ({
			itemIndex,
			id: fax.id || null,
			to: fax.to ? maskNumber(fax.to) || null : null,
			outcome: fax.outcome,
		}));
	if (!notes.length) return;
	const known = sentByRun.get(ctx) ?? [];
	known.push(...notes);
	sentByRun.set(ctx, known);
}

/**
 * The error a failing item throws, with the faxes earlier items of this run already sent, so a
 * person re-running the workflow knows what not to send again.
 */
export function withEarlierSends<E extends NodeApiError | NodeOperationError>(
	ctx: IExecuteFunctions,
	error: E,
): E {
	const notes = sentByRun.get(ctx);
	// On Error → Continue keeps the earlier items' output: nothing to add.
	if (!notes?.length || ctx.continueOnFail()) return error;
	const named = notes.slice(0, MAX_NAMED).map((note) => {
		const what = note.id ? `fax ${note.id}` : 'a fax without ID';
		const state = note.outcome === 'uncertain' ? ', outcome uncertain' : '';
		return `item ${note.itemIndex}: ${what}${note.to ? ` to ${note.to}` : ''}${state}`;
	});
	const more = notes.length > MAX_NAMED ? ` and ${notes.length - MAX_NAMED} more` : '';
	const earlier = `Before this failure the node already sent ${named.join('; ')}${more}. n8n discards the output of a node that fails, so those items are not passed on: check them (Get Status) before running the workflow again, or set Failed Sends to "Output as Item With Outcome" to keep every item with its outcome.`;
	error.description = error.description ? `${error.description} ${earlier}` : earlier;
	return error;
}
