import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import { FaxInputError } from '../../helpers/errors';
import { maskNumbersInText } from '../../helpers/redact';
import { settle } from '../../helpers/settle';
import type {
	FaxDocument,
	FaxProviderAdapter,
	SendOptions,
	SendRequest,
	UnifiedFax,
} from '../../providers/types';
import type { ProviderTransport } from '../../transport/types';
import {
	assertAllowed,
	assertToolMaySend,
	readAllowList,
	type AllowList,
} from '../send/2-allowList';
import { faxedPages } from '../send/6-audit';
import { estimateCost } from './costEstimate';
import {
	noRecipientError,
	readDocument,
	readRecipientEntry,
	readSendOptions,
	recipientEntries,
	tooManyRecipients,
} from '../send/1-prepare';
import type { Deliver } from '../send/runSend';
import { processStore } from '../../sharedState/memoryStore';
import { stateKeysFrom } from '../../sharedState/stateKeys';

export type CheckedOperation = 'send' | 'sendBatch' | 'schedule';

export interface CheckedRecipient {
	to: string | null;
	reasons: string[];
}

/** Everything Check found for one input item. */
export interface DryRunResult {
	recipients: CheckedRecipient[];
	/** Problems of the whole item (document, schedule, allow-list setup, …). */
	reasons: string[];
	document?: FaxDocument;
	sendOptions: SendOptions;
	scheduledAt: string | null;
}

/** Thrown by the dry-run transport: the adapter reached its first request, i.e. passed its checks. */
class DryRunStop extends Error {
	constructor() {
		super('Check sends nothing');
	}
}

/** A transport that refuses every request, so an adapter runs its own pre-upload checks only. */
export function dryRunTransport(credentials: IDataObject): ProviderTransport {
	const credentialDefaults: IDataObject = {};
	for (const [key, value] of Object.entries(credentials)) {
		if (!/key|token|secret|password/i.test(key)) credentialDefaults[key] = value;
	}
	return {
		credentialDefaults,
		baseUrl: String(credentials.baseUrl ?? '').replace(/\/+$/, ''),
		// Never reached by a request, so no shared state is touched: this process's store will do.
		accountKey: 'dry-run',
		stateKeys: stateKeysFrom('dry-run'),
		sharedStore: processStore,
		request: async () => await Promise.reject(new DryRunStop()),
	};
}

/** A failure as one plain sentence for the `reasons` list: masked, naming the field. */
export function reasonText(error: unknown): string {
	if (error instanceof FaxInputError) {
		const field = error.field ? ` (field "${error.field}")` : '';
		const hint = error.hint.replace(/\s*Nothing was sent\.?/g, '').trim();
		return maskNumbersInText(`${error.message}${field}.${hint ? ` ${hint}` : ''}`);
	}
	const message = error instanceof Error ? error.message : String(error);
	const description = (error as { description?: unknown })?.description;
	return maskNumbersInText(
		typeof description === 'string' && description ? `${message}. ${description}` : message,
	);
}

async function capture<T>(reasons: string[], work: () => T | Promise<T>): Promise<T | undefined> {
	try {
		return await work();
	} catch (error) {
		reasons.push(reasonText(error));
		return undefined;
	}
}

/**
 * Each recipient entry on its own, so one bad number doesn't hide the others' results, read by
 * the very function Send reads it with.
 */
function checkRecipients(
	adapter: FaxProviderAdapter,
	entries: string[],
	options: IDataObject,
	field: string,
	allowList: AllowList | undefined,
): CheckedRecipient[] {
	return entries.map((entry, index) => {
		try {
			const to = readRecipientEntry(adapter, entry, options, field, index, entries.length);
			try {
				if (allowList) assertAllowed(allowList, to, field);
				return { to, reasons: [] };
			} catch (error) {
				return { to, reasons: [reasonText(error)] };
			}
		} catch (error) {
			return { to: null, reasons: [reasonText(error)] };
		}
	});
}

/**
 * Runs what Send, Send Batch or Schedule do before the first upload — allow-lists and the
 * AI-tool rule, the schedule window, number normalisation and provider reach, the document
 * (conversion, merge, cover page, size) and the adapter's own checks — and sends nothing.
 */
export async function dryRun(
	ctx: IExecuteFunctions,
	itemIndex: number,
	adapter: FaxProviderAdapter,
	operation: CheckedOperation,
	planSchedule: () => { deliver: Deliver; sendAtUtc: Date },
): Promise<DryRunResult> {
	const field = operation === 'send' ? 'toNumber' : 'toNumbers';
	const options = ctx.getNodeParameter('options', itemIndex, {}) as IDataObject;
	const reasons: string[] = [];
	const credentials = await ctx.getCredentials(adapter.credentialType, itemIndex);
	const credentialProblem = adapter.credentialProblem?.(credentials);
	if (credentialProblem) reasons.push(`${adapter.displayName} credential: ${credentialProblem}`);

	const allowList = await capture(reasons, async () => {
		const list = await readAllowList(ctx, adapter, itemIndex, options);
		assertToolMaySend(ctx, list);
		return list;
	});
	let deliver: Deliver = async (transport, request) => await adapter.send(transport, request);
	let scheduledAt: string | null = null;
	// A provider that can't schedule has no Schedule fields to read: that is the only reason.
	let canRun = true;
	if (operation === 'schedule') {
		try {
			const plan = planSchedule();
			deliver = plan.deliver;
			scheduledAt = plan.sendAtUtc.toISOString();
		} catch (error) {
			reasons.push(reasonText(error));
			canRun = (error as { code?: unknown }).code !== 'unsupportedOperation';
		}
	}

	const value = ctx.getNodeParameter(field, itemIndex, '');
	const entries = canRun
		? ((await capture(reasons, () => recipientEntries(value, field))) ?? [])
		: [];
	if (canRun && !entries.length && !reasons.some((reason) => reason.includes(`"${field}"`))) {
		reasons.push(reasonText(noRecipientError(field)));
	}
	const tooMany = tooManyRecipients(adapter, entries.length, field);
	if (tooMany) reasons.push(reasonText(tooMany));
	const recipients = checkRecipients(adapter, entries, options, field, allowList);

	const sendOptions = readSendOptions(ctx, itemIndex, adapter);
	const valid = recipients.flatMap((recipient) => (recipient.to ? [recipient.to] : []));
	const document = await capture(
		reasons,
		async () =>
			await readDocument(ctx, itemIndex, adapter, options, {
				to: valid.length > 1 ? `${valid.length} recipients` : (valid[0] ?? ''),
				sendOptions,
			}),
	);
	if (document && valid.length) {
		const request: SendRequest = { to: valid, document, options: sendOptions };
		await capture(reasons, async () => await adapterChecks(deliver, credentials, request));
	}
	return { recipients, reasons, document, sendOptions, scheduledAt };
}

/** The adapter's checks before its first request (e.g. FaxDrop's sender and field limits). */
async function adapterChecks(
	deliver: Deliver,
	credentials: IDataObject,
	request: SendRequest,
): Promise<UnifiedFax[] | undefined> {
	const result = await settle(async () => await deliver(dryRunTransport(credentials), request));
	if (result.ok || result.error instanceof DryRunStop) return undefined;
	throw result.error;
}

/** The JSON of one recipient's check. */
export function checkJson(
	adapter: FaxProviderAdapter,
	operation: CheckedOperation,
	result: DryRunResult,
	recipient: CheckedRecipient,
): IDataObject {
	const coverPage = Boolean(result.sendOptions.includeCover);
	const pages = faxedPages(adapter, result.document, coverPage);
	const reasons = [...result.reasons, ...recipient.reasons];
	const { cost, costNote } = estimateCost(adapter, pages);
	return {
		provider: adapter.name,
		operation: 'check',
		checkedOperation: operation,
		ok: reasons.length === 0,
		to: recipient.to,
		pages,
		bytes: result.document ? result.document.data.length : null,
		mimeType: result.document?.mimeType ?? null,
		coverPage,
		scheduledAt: result.scheduledAt,
		cost,
		costNote,
		reasons,
	};
}
