import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { maskNumbersInText } from '../../helpers/redact';
import { settle } from '../../helpers/settle';
import type { StateKeys } from '../../sharedState/stateKeys';
import type { FaxProviderAdapter, SendRequest, UnifiedFax } from '../../providers/types';
import type { ProviderTransport } from '../../transport/types';
import { inputDigest } from './1-inputDigest';
import { idempotencyKeyFor, readDocument, readRecipients, readSendOptions } from './1-prepare';
import { assertAllowed, assertToolMaySend, readAllowList } from './2-allowList';
import { rejectReplays } from './3-replays';
import { sendToRecipients } from './3-dispatch';
import { faxJson, wantsRaw, type SentFax } from '../shared/faxJson';
import { CreateTracker } from './4-outcome';
import { failureItems, failuresAsItems } from './4-failureItems';
import { toNodeError } from '../shared/nodeErrors';
import {
	firstAttemptAt,
	memoFingerprint,
	recallSend,
	rememberSend,
	runItemScope,
	type MemoPlace,
} from './5-memo';
import { noteSent, withEarlierSends } from './sentThisRun';
import { auditRecord, type SendFacts } from './6-audit';
import { sharedStoreOf } from '../shared/sharedStore';
import { transportFor } from '../shared/transport';
import { DEFAULT_WAIT_TIMEOUT_SECONDS, timedOut, waitForFinal } from '../shared/waitForFinal';

export type Deliver = (transport: ProviderTransport, request: SendRequest) => Promise<UnifiedFax[]>;

/**
 * Checks that belong to one operation (Schedule: time zone and window), run first; returns
 * how that operation hands a checked request to the provider.
 */
export type PlanDelivery = () => Deliver | Promise<Deliver>;

/**
 * Send, Send Batch and Schedule: allow-lists, recipients and document are read and checked in
 * full before the first upload, then each recipient gets its own output item carrying
 * `outcome` and `audit`. A failure either fails the item (default) or, with "Failed Sends" set
 * to output items, becomes an item with `outcome` and `error`.
 */
export async function runSend(
	ctx: IExecuteFunctions,
	itemIndex: number,
	adapter: FaxProviderAdapter,
	recipientsParameter: 'toNumber' | 'toNumbers',
	plan: PlanDelivery,
): Promise<INodeExecutionData[]> {
	const options = ctx.getNodeParameter('options', itemIndex, {}) as IDataObject;
	const includeRaw = wantsRaw(options);
	// A re-run of this item in the same execution (Retry On Fail) reports what was sent.
	const scope = runItemScope(ctx, itemIndex);
	const facts: SendFacts = { to: [], coverPage: false };
	// The item's numbers: as sent, or read again for a recalled send (the memo keeps them masked).
	const recipients = (): string[] =>
		facts.to.length ? facts.to : rereadRecipients(ctx, itemIndex, adapter, recipientsParameter);
	const tracker = new CreateTracker();
	let place: MemoPlace | undefined;
	let transport: ProviderTransport | undefined;
	let faxes: SentFax[] | undefined;
	try {
		// Redis unreachable fails the item here, before anything is uploaded (also when it
		// went away while an earlier item was sent: that item's output is kept).
		const store = await sharedStoreOf(ctx, itemIndex);
		transport = await transportFor(ctx, adapter, itemIndex, options);
		place = { store, keys: transport.stateKeys, scope };
		const account = transport.accountKey;
		const keys = transport.stateKeys;
		faxes = await recallSend(
			place,
			async () => await fingerprintOf(ctx, itemIndex, keys, account, recipients()),
			recipients,
		);
		if (!faxes) {
			faxes = await sendOnce(ctx, itemIndex, adapter, recipientsParameter, plan, facts, tracker, {
				scope,
				transport,
			});
			await remember(ctx, place, faxes, recipients(), includeRaw, () =>
				fingerprintOf(ctx, itemIndex, keys, account, recipients()),
			);
		}
	} catch (error) {
		if (failuresAsItems(ctx, itemIndex)) {
			const outcome = tracker.outcomeOf(error);
			// A failure before the numbers were read (e.g. Redis gone): the items still name them.
			if (!facts.to.length)
				facts.to = rereadRecipients(ctx, itemIndex, adapter, recipientsParameter);
			return failureItems(ctx, itemIndex, adapter, facts, outcome, error, includeRaw);
		}
		// n8n keeps only the message of an error item, so the outcome can't travel with it; and
		// a node that throws loses the items it already output: the error names what they sent.
		throw withEarlierSends(ctx, toNodeError(ctx, error, itemIndex));
	}

	if (options.waitForCompletion && faxes.some((fax) => fax.id && !fax.isFinal)) {
		faxes = await waitForFaxes(ctx, itemIndex, adapter, options, faxes);
		const account = transport.accountKey;
		const keys = transport.stateKeys;
		await remember(ctx, place, faxes, recipients(), includeRaw, () =>
			fingerprintOf(ctx, itemIndex, keys, account, recipients()),
		);
		failOnTimeout(ctx, itemIndex, options, faxes);
	}
	noteSent(ctx, itemIndex, faxes);
	return faxes.map((fax) => ({ json: faxJson(fax, includeRaw) }));
}

/** The memo fingerprint of this item as it is now, or undefined when it does not read. */
async function fingerprintOf(
	ctx: IExecuteFunctions,
	itemIndex: number,
	keys: StateKeys,
	accountKey: string,
	recipients: string[],
): Promise<string | undefined> {
	if (!recipients.length) return undefined;
	const digest = await inputDigest(ctx, itemIndex);
	return digest === undefined ? undefined : memoFingerprint(keys, accountKey, recipients, digest);
}

async function sendOnce(
	ctx: IExecuteFunctions,
	itemIndex: number,
	adapter: FaxProviderAdapter,
	recipientsParameter: 'toNumber' | 'toNumbers',
	plan: PlanDelivery,
	facts: SendFacts,
	tracker: CreateTracker,
	{ scope, transport }: { scope: string; transport: ProviderTransport },
): Promise<SentFax[]> {
	const options = ctx.getNodeParameter('options', itemIndex, {}) as IDataObject;
	const allowList = await readAllowList(ctx, adapter, itemIndex, options);
	assertToolMaySend(ctx, allowList);
	const deliver = await plan();
	const to = readRecipients(
		adapter,
		ctx.getNodeParameter(recipientsParameter, itemIndex),
		options,
		recipientsParameter,
	);
	facts.to = to;
	for (const number of to) assertAllowed(allowList, number, recipientsParameter);
	const sendOptions = readSendOptions(ctx, itemIndex, adapter);
	facts.coverPage = Boolean(sendOptions.includeCover);
	const document = await readDocument(ctx, itemIndex, adapter, options, {
		to: to.length > 1 ? `${to.length} recipients` : to[0],
		sendOptions,
	});
	facts.document = document;
	const sender = tracker.wrap(transport);
	const request: SendRequest = {
		to,
		document,
		options: sendOptions,
		idempotencyKey: adapter.capabilities.supportsIdempotencyKey
			? idempotencyKeyFor(
					ctx,
					itemIndex,
					options,
					`${(await inputDigest(ctx, itemIndex)) ?? ''}|${to.join(',')}`,
				)
			: undefined,
		sendStartedAt: firstAttemptAt(scope),
	};
	facts.idempotencyKey = request.idempotencyKey;
	facts.requestedAt = new Date();
	const results = await sendToRecipients(
		ctx,
		adapter,
		request,
		tracker,
		async (req) => await deliver(sender, req),
	);
	// A reused Idempotency-Key replays another item's fax: that recipient's fax was not sent.
	const checked = rejectReplays(
		adapter,
		scope,
		document.data,
		results.map(({ fax }) => fax),
	);
	return results.map(({ fax: sentFax, outcome, idempotencyKey }, index) => {
		const fax = checked[index];
		return {
			...fax,
			outcome: fax === sentFax ? outcome : ('not_sent' as const),
			audit: auditRecord(ctx, adapter, facts, fax.to ?? to[index] ?? null, fax.id, idempotencyKey),
		};
	});
}

/**
 * The item's recipients read again from its parameters (checked when it was sent), or none if
 * they no longer read.
 */
function rereadRecipients(
	ctx: IExecuteFunctions,
	itemIndex: number,
	adapter: FaxProviderAdapter,
	recipientsParameter: 'toNumber' | 'toNumbers',
): string[] {
	const options = ctx.getNodeParameter('options', itemIndex, {}) as IDataObject;
	try {
		return readRecipients(
			adapter,
			ctx.getNodeParameter(recipientsParameter, itemIndex),
			options,
			recipientsParameter,
		);
	} catch {
		return [];
	}
}

/** Waits for each sent fax to be final; `outcome` and `audit` stay as the send left them. */
async function waitForFaxes(
	ctx: IExecuteFunctions,
	itemIndex: number,
	adapter: FaxProviderAdapter,
	options: IDataObject,
	faxes: SentFax[],
): Promise<SentFax[]> {
	const transport = await transportFor(ctx, adapter, itemIndex, options);
	const timeoutSeconds = Number(options.timeoutSeconds ?? DEFAULT_WAIT_TIMEOUT_SECONDS);
	const waited: SentFax[] = [];
	for (const fax of faxes) {
		if (!fax.id || fax.isFinal) {
			waited.push(fax);
			continue;
		}
		const polled = await settleWait(ctx, itemIndex, adapter, transport, fax, timeoutSeconds);
		waited.push({ ...polled, outcome: fax.outcome, audit: fax.audit });
	}
	return waited;
}

/** Fail on Timeout: a fax still not final fails the item (as items, it already says so). */
function failOnTimeout(
	ctx: IExecuteFunctions,
	itemIndex: number,
	options: IDataObject,
	faxes: SentFax[],
): void {
	if (!options.failOnTimeout || !faxes.some(timedOut)) return;
	// As items, the timed-out faxes already carry error WAIT_TIMEOUT and outcome `sent`.
	if (failuresAsItems(ctx, itemIndex)) return;
	const timeoutSeconds = Number(options.timeoutSeconds ?? DEFAULT_WAIT_TIMEOUT_SECONDS);
	throw new NodeOperationError(ctx.getNode(), `Fax not final after ${timeoutSeconds} s`, {
		itemIndex,
		description:
			'The fax may still be delivered. Check it later with Get Status before sending again.',
	});
}

/**
 * One wait: a failed status check after the fax went out keeps the fax (outcome `sent`) with
 * the check's error, instead of failing an item whose fax exists.
 */
async function settleWait(
	ctx: IExecuteFunctions,
	itemIndex: number,
	adapter: FaxProviderAdapter,
	transport: ProviderTransport,
	fax: SentFax,
	timeoutSeconds: number,
): Promise<UnifiedFax> {
	try {
		return await waitForFinal(ctx, adapter, transport, fax.id as string, timeoutSeconds);
	} catch (error) {
		if (!failuresAsItems(ctx, itemIndex)) throw toNodeError(ctx, error, itemIndex);
		const message = maskNumbersInText(error instanceof Error ? error.message : String(error));
		return { ...fax, error: { code: 'STATUS_CHECK_FAILED', message } };
	}
}

/** Once faxes went out, a store failure must not fail the item (a retry would send again). */
async function remember(
	ctx: IExecuteFunctions,
	place: MemoPlace,
	faxes: SentFax[],
	recipients: string[],
	includeRaw: boolean,
	fingerprint: () => Promise<string | undefined>,
): Promise<void> {
	const outcome = await settle(async () => {
		const print = await fingerprint();
		// An item whose document no longer reads can't be recalled safely: no memo.
		if (print !== undefined) await rememberSend(place, print, faxes, recipients, includeRaw);
	});
	if (!outcome.ok) ctx.logger.warn(`Fax node: ${(outcome.error as Error).message}`);
}
