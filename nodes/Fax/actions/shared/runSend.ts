import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { settle } from '../../helpers/settle';
import type { SharedStore } from '../../sharedState';

import type { FaxProviderAdapter, SendRequest, UnifiedFax } from '../../providers/types';
import type { ProviderTransport } from '../../transport/types';
import { sendToRecipients } from './dispatch';
import { idempotencyKeyFor, readDocument, readRecipients, readSendOptions } from './prepareSend';
import { recallSend, rememberSend, runItemScope } from './sendMemo';
import { sharedStoreOf } from './sharedStore';
import { transportFor } from './transport';
import { DEFAULT_WAIT_TIMEOUT_SECONDS, timedOut, waitForFinal } from './waitForFinal';

export type Deliver = (transport: ProviderTransport, request: SendRequest) => Promise<UnifiedFax[]>;

/**
 * Send, Send Batch and Schedule: recipients and document are read and checked in full
 * before the first upload, then each recipient gets its own output item.
 */
export async function runSend(
	ctx: IExecuteFunctions,
	itemIndex: number,
	adapter: FaxProviderAdapter,
	recipientsParameter: 'toNumber' | 'toNumbers',
	deliver: Deliver,
): Promise<INodeExecutionData[]> {
	const options = ctx.getNodeParameter('options', itemIndex, {}) as IDataObject;
	// A re-run of this item in the same execution (Retry On Fail) reports what was sent.
	const scope = runItemScope(ctx, itemIndex);
	// Redis unreachable fails the item here, before anything is uploaded.
	const store = await sharedStoreOf(ctx, itemIndex);
	let faxes = await recallSend(store, scope);
	let transport: ProviderTransport | undefined;
	if (!faxes) {
		const to = readRecipients(
			adapter,
			ctx.getNodeParameter(recipientsParameter, itemIndex),
			options,
			recipientsParameter,
		);
		const sendOptions = readSendOptions(ctx, itemIndex, adapter);
		const document = await readDocument(ctx, itemIndex, adapter, options, {
			to: to.length > 1 ? `${to.length} recipients` : to[0],
			sendOptions,
		});
		const sender = await transportFor(ctx, adapter, itemIndex, options);
		transport = sender;
		const request: SendRequest = {
			to,
			document,
			options: sendOptions,
			idempotencyKey: adapter.capabilities.supportsIdempotencyKey
				? idempotencyKeyFor(ctx, itemIndex, options)
				: undefined,
		};
		faxes = await sendToRecipients(
			ctx,
			adapter,
			request,
			async (req) => await deliver(sender, req),
		);
		await remember(ctx, store, scope, faxes);
	}

	if (options.waitForCompletion && faxes.some((fax) => fax.id && !fax.isFinal)) {
		transport ??= await transportFor(ctx, adapter, itemIndex, options);
		const timeoutSeconds = Number(options.timeoutSeconds ?? DEFAULT_WAIT_TIMEOUT_SECONDS);
		const waited: UnifiedFax[] = [];
		for (const fax of faxes) {
			waited.push(
				fax.id && !fax.isFinal
					? await waitForFinal(ctx, adapter, transport, fax.id, timeoutSeconds)
					: fax,
			);
		}
		faxes = waited;
		await remember(ctx, store, scope, faxes);
		if (options.failOnTimeout && faxes.some(timedOut)) {
			throw new NodeOperationError(ctx.getNode(), `Fax not final after ${timeoutSeconds} s`, {
				itemIndex,
				description:
					'The fax may still be delivered. Check it later with Get Status before sending again.',
			});
		}
	}
	return faxes.map((fax) => ({ json: fax as unknown as IDataObject }));
}

/** Once faxes went out, a store failure must not fail the item (a retry would send again). */
async function remember(
	ctx: IExecuteFunctions,
	store: SharedStore,
	scope: string,
	faxes: UnifiedFax[],
): Promise<void> {
	const outcome = await settle(async () => await rememberSend(store, scope, faxes));
	if (!outcome.ok) ctx.logger.warn(`Fax node: ${(outcome.error as Error).message}`);
}
