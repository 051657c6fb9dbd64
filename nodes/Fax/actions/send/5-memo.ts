import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import { maskNumber } from '../../helpers/phoneNumber';
import { maskNumbersInText } from '../../helpers/redact';
import { KEY_USE_PREFIX } from '../../providers/idempotencyKeyUses';
import type { UnifiedFax } from '../../providers/types';
import { processStore } from '../../sharedState/memoryStore';
import type { StateKeys } from '../../sharedState/stateKeys';
import type { SharedStore } from '../../sharedState/types';
import type { SentFax } from '../shared/faxJson';

/**
 * Identifies one item of one run of this node in one execution of this n8n instance. n8n's
 * Retry On Fail runs the node again with the same execution, run and items — and it does so
 * not only after a throw but whenever the first output item has a `json.error` field, which
 * every fax item has (`null` on success). A loop runs the node again in the same execution
 * with a new run index. Workflow and execution ids alone are not unique across n8n instances
 * that share one Redis (imported workflows, a restored database reusing execution ids): the
 * instance id tells them apart (n8n derives it from the encryption key, which every process of
 * one queue-mode installation shares).
 */
export function runItemScope(ctx: IExecuteFunctions, itemIndex: number): string {
	const node = ctx.getNode();
	const runIndex = Number(ctx.getWorkflowDataProxy(itemIndex).$thisRunIndex ?? 0);
	return `${instanceIdOf(ctx)}|${ctx.getWorkflow().id ?? ''}|${ctx.getExecutionId()}|${node.id ?? node.name}|${runIndex}|${itemIndex}`;
}

function instanceIdOf(ctx: IExecuteFunctions): string {
	const read = (ctx as { getInstanceId?: () => string }).getInstanceId;
	if (typeof read !== 'function') return '';
	try {
		return String(read.call(ctx) ?? '');
	} catch {
		return '';
	}
}

const TTL_MS = 24 * 3600 * 1000;
const MEMO = 'memo:';
/** Cap of the in-process maps below (first attempts, fax owners, provider answers). */
const MAX_ENTRIES = 10_000;

/**
 * Where an item's memo is kept, and with what it is keyed and sealed: keys derived from the
 * provider credential's secret, so a reader of the store learns nothing from it, and a memo
 * written for another account can't even be opened.
 */
export interface MemoPlace {
	store: SharedStore;
	keys: StateKeys;
	scope: string;
}

function memoKey(place: MemoPlace): string {
	return MEMO + place.keys.hash('send-memo', place.scope);
}

/**
 * What a recalled memo must match to stand for this item's send: the account, the recipients
 * (E.164, in order) and the document the item holds (SHA-256 of its input binary fields). A memo
 * for anything else is not this item's fax, and the item is sent.
 */
export function memoFingerprint(
	keys: StateKeys,
	accountKey: string,
	recipients: string[],
	documentDigest: string,
): string {
	return keys.hash('send-memo-fingerprint', accountKey, recipients.join(','), documentDigest);
}

/** The sealed value: the item's faxes and what they were sent for. */
interface MemoRecord {
	fingerprint: string;
	faxes: MemoFax[];
}

/** Drops a map's oldest entries (insertion order) while it is over the cap or they expired. */
function dropStale<T>(map: Map<string, T>, now: number, at: (value: T) => number): void {
	for (const [key, value] of map) {
		if (map.size <= MAX_ENTRIES && now - at(value) <= TTL_MS) break;
		map.delete(key);
	}
}

/**
 * What the memo keeps of one fax: its item as the node output it, minus what must not sit in a
 * store for a day (with Shared State = Redis, in a Redis anyone with its password can read):
 * the full fax number and the provider's `raw` answer (full numbers, names, subject lines).
 * No document bytes ever were in an item. The full number comes back from the item's own
 * recipients on a recall; `raw` only from this process's memory ({@link providerAnswers}).
 */
export interface MemoFax extends Omit<SentFax, 'to' | 'raw'> {
	/** Masked, e.g. +*******0123. */
	to: string | null;
	/** Where the fax's number stands among the item's recipients, if it is one of them. */
	recipient: number | null;
}

function toMemo(fax: SentFax, recipients: string[]): MemoFax {
	const recipient = fax.to === null ? -1 : recipients.indexOf(fax.to);
	// Field by field: a field added to the item later does not reach the store unnoticed.
	return {
		provider: fax.provider,
		id: fax.id,
		to: fax.to === null ? null : maskNumber(fax.to) || null,
		recipient: recipient >= 0 ? recipient : null,
		status: fax.status,
		isFinal: fax.isFinal,
		pages: fax.pages,
		pagesSent: fax.pagesSent,
		scheduledAt: fax.scheduledAt,
		sentAt: fax.sentAt,
		completedAt: fax.completedAt,
		cost: fax.cost,
		// Masked already where the node wrote it; again here, as the memo outlives the run.
		error: fax.error && { code: fax.error.code, message: maskNumbersInText(fax.error.message) },
		outcome: fax.outcome,
		audit: fax.audit,
	};
}

/**
 * The item again, fields in the item's order: the full number from the recipients read anew
 * from the item's parameters (the same item of the same execution, so the same numbers), else
 * the masked one.
 */
function fromMemo(memo: MemoFax, recipients: string[], raw: IDataObject | undefined): SentFax {
	const number = memo.recipient === null ? undefined : recipients[memo.recipient];
	return {
		provider: memo.provider,
		id: memo.id,
		to: number !== undefined && maskNumber(number) === memo.to ? number : memo.to,
		status: memo.status,
		isFinal: memo.isFinal,
		pages: memo.pages,
		pagesSent: memo.pagesSent,
		scheduledAt: memo.scheduledAt,
		sentAt: memo.sentAt,
		completedAt: memo.completedAt,
		cost: memo.cost,
		error: memo.error,
		raw: raw ?? {},
		outcome: memo.outcome,
		audit: memo.audit,
	};
}

/**
 * The provider answers of an item's faxes, in this process only and only when the item shows
 * them (Include Provider Response): the item rebuilt from the memo needs its `raw`, which holds
 * full numbers and free text and so never goes to the store. n8n's Retry On Fail runs in the
 * process that ran the node, so it gets them back; an item recalled in another process (from
 * Redis) has `raw: {}`.
 */
const providerAnswers = new Map<string, { raws: IDataObject[]; at: number }>();

/**
 * Faxes already sent for an item — or that may have been sent — so a re-run of the same item
 * reports them instead of sending again (faxrocks and FaxDrop can't de-duplicate a repeated
 * request). Kept in the shared store: n8n retries a node in the process that ran it, and with
 * Redis the memo also survives into another process. One writer per key (the item's run).
 * A memo is only taken when `fingerprint` (this item's account, recipients and document, only
 * asked for when a memo exists) matches the one it was written with. `recipients` reads the
 * item's recipient numbers again.
 */
export async function recallSend(
	place: MemoPlace,
	fingerprint: () => Promise<string | undefined>,
	recipients: () => string[],
): Promise<SentFax[] | undefined> {
	const { store, keys, scope } = place;
	const key = memoKey(place);
	// This process first (n8n's Retry On Fail runs here), then the shared store.
	const stored =
		(await processStore.get(key)) ?? (store === processStore ? undefined : await store.get(key));
	if (stored === undefined) return undefined;
	const opened = keys.open('send-memo', stored);
	if (opened === undefined) return undefined;
	const memo = JSON.parse(opened) as MemoRecord;
	const expected = await fingerprint();
	if (expected === undefined || memo.fingerprint !== expected) return undefined;
	const answers = providerAnswers.get(scope);
	const raws = answers && Date.now() - answers.at <= TTL_MS ? answers.raws : [];
	const numbers = recipients();
	return memo.faxes.map((fax, index) => fromMemo(fax, numbers, raws[index]));
}

/**
 * Remembers an item's faxes; `recipients` are the item's numbers (E.164, as sent), `keepRaw`
 * whether the item shows the provider's answers, `fingerprint` what they were sent for.
 */
export async function rememberSend(
	place: MemoPlace,
	fingerprint: string,
	faxes: SentFax[],
	recipients: string[],
	keepRaw: boolean,
): Promise<void> {
	const { store, keys, scope } = place;
	const now = Date.now();
	providerAnswers.delete(scope);
	if (keepRaw) {
		providerAnswers.set(scope, { raws: faxes.map((fax) => fax.raw), at: now });
		dropStale(providerAnswers, now, (entry) => entry.at);
	}
	const record: MemoRecord = {
		fingerprint,
		faxes: faxes.map((fax) => toMemo(fax, recipients)),
	};
	const value = keys.seal('send-memo', JSON.stringify(record));
	const key = memoKey(place);
	await processStore.put(key, value, TTL_MS);
	if (store !== processStore) await store.put(key, value, TTL_MS);
}

const firstAttempts = new Map<string, number>();

/**
 * When this item's send first began in this process (epoch ms): the same for every Retry On
 * Fail of the item, so a fax the provider replays for the item's own Idempotency-Key, created
 * by an earlier attempt, is not taken for another fax's replay.
 */
export function firstAttemptAt(scope: string): number {
	const now = Date.now();
	const known = firstAttempts.get(scope);
	if (known !== undefined && now - known <= TTL_MS) return known;
	firstAttempts.delete(scope);
	firstAttempts.set(scope, now);
	dropStale(firstAttempts, now, (at) => at);
	return now;
}

const faxOwners = new Map<string, { scope: string; content: string; at: number }>();

/**
 * Records `scope` as the item that sent these faxes and returns the IDs another item already
 * reported for another document or number: a provider that returns one of those for this item
 * replayed another fax (an Idempotency-Key reused within this process), whatever the clocks
 * say. The same document to the same number again is the key doing its job (a deliberate
 * repeat), not another fax. `document` identifies the content (e.g. its SHA-256).
 */
export function claimFaxes(
	scope: string,
	faxes: UnifiedFax[],
	provider: string,
	document: string,
): Set<string> {
	const now = Date.now();
	const taken = new Set<string>();
	for (const fax of faxes) {
		if (!fax.id) continue;
		const key = `${provider}|${fax.id}`;
		const content = `${document}|${fax.to ?? ''}`;
		const owner = faxOwners.get(key);
		if (owner && now - owner.at <= TTL_MS && owner.scope !== scope) {
			if (owner.content !== content) taken.add(fax.id);
			continue;
		}
		faxOwners.delete(key);
		faxOwners.set(key, { scope, content, at: now });
	}
	dropStale(faxOwners, now, (owner) => owner.at);
	return taken;
}

/** For tests. */
export function forgetSends(): void {
	processStore.clear(MEMO);
	processStore.clear(KEY_USE_PREFIX);
	firstAttempts.clear();
	faxOwners.clear();
	providerAnswers.clear();
}
