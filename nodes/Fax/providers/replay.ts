import { FaxInputError } from '../helpers/errors';
import { compareFaxNumbers, maskNumber } from '../helpers/phoneNumber';
import { toIsoOrNull, toStringOrNull } from './normalize';
import type { IDataObject } from 'n8n-workflow';

/** Leeway for the provider's clock when its answer carries a `Date` header (1 s resolution). */
const DATED_LEEWAY_MS = 5_000;
/** Leeway when only our own clock can be compared with the provider's timestamps. */
const UNDATED_LEEWAY_MS = 5 * 60_000;

export interface ReplayCheck {
	/** The fax the provider answered with. */
	fax: IDataObject;
	/** The number this send asked for (E.164). */
	requestedTo: string;
	/** When this item's send first began (our clock, ms), the same across Retry On Fail. */
	sendStartedAt: number;
	/** When the answer arrived (our clock, ms). */
	answeredAt: number;
	/** The answer's headers (lower-case names). */
	headers: Record<string, string>;
	/**
	 * An earlier send used this key for the same document and number (idempotencyKeyUses.ts):
	 * a fax created before this send is then that send's fax, the key doing its job.
	 */
	sameFaxAsBefore?: boolean;
}

/**
 * What the answer to a send with an Idempotency-Key is:
 * - `fresh`: this send's fax (or, for a repeat of the same item, the fax its first attempt made);
 * - `replay`: an earlier fax replayed for a reused key; this fax was not sent (`reason` says why);
 * - `ambiguous`: the evidence points both ways (a fax dated before this send whose number can't
 *   be read): the fax may or may not exist, which the caller reports as uncertain.
 */
export type ReplayVerdict =
	| { kind: 'fresh' }
	| { kind: 'replay'; reason: string }
	| { kind: 'ambiguous'; reason: string };

/**
 * SendFAXMail documents that "a replay with the same key returns the original fax" and no replay
 * marker, so the fax itself is the evidence: sent to another number than asked for (both read
 * as fax numbers: the docs show no response body, so any spelling is plausible), or created
 * before this item's send began (a Retry On Fail of the same item keeps the first attempt's
 * start, so its own replay stays silent). The provider's `created_at` is compared on the
 * provider's clock (its `Date` header) where the answer has one.
 */
export function replayVerdict(check: ReplayCheck): ReplayVerdict {
	const to = toStringOrNull(check.fax.to ?? check.fax.to_number ?? check.fax.recipient);
	const number = to === null ? 'absent' : compareFaxNumbers(to, check.requestedTo);
	if (number === 'different' && to !== null)
		return {
			kind: 'replay',
			reason: `it was sent to ${maskNumber(to)}, not to ${maskNumber(check.requestedTo)}`,
		};
	if (check.sameFaxAsBefore) return { kind: 'fresh' };
	const before = createdBeforeSend(check);
	if (!before) return { kind: 'fresh' };
	if (number === 'unreadable')
		return { kind: 'ambiguous', reason: `${before}, to a number the node can't read` };
	return { kind: 'replay', reason: before };
}

/** "it was created …, before this send", or undefined when it wasn't or can't be told. */
function createdBeforeSend(check: ReplayCheck): string | undefined {
	const createdRaw = check.fax.created_at ?? check.fax.createdAt;
	// A time without a zone (or offset) can't be placed on any clock: no conclusion from it.
	if (
		typeof createdRaw === 'string' &&
		!/(Z|[+-]\d{2}:?\d{2})$/i.test(createdRaw.trim()) &&
		!/^\d+(\.\d+)?$/.test(createdRaw.trim())
	)
		return undefined;
	const created = toIsoOrNull(createdRaw);
	if (!created) return undefined;
	const providerNow = Date.parse(check.headers.date ?? '');
	const dated = !Number.isNaN(providerNow);
	// This send's start on the provider's clock.
	const startedAt = dated
		? providerNow - (check.answeredAt - check.sendStartedAt)
		: check.sendStartedAt;
	const leeway = dated ? DATED_LEEWAY_MS : UNDATED_LEEWAY_MS;
	if (Date.parse(created) < startedAt - leeway)
		return `it was created ${created}, before this send`;
	return undefined;
}

export function replayError(providerName: string, fax: IDataObject, reason: string): FaxInputError {
	const id = toStringOrNull(fax.id) ?? 'unknown';
	return new FaxInputError(
		'idempotencyKeyReused',
		`${providerName} answered with an earlier fax (ID ${id}) instead of sending this one: ${reason}. The Idempotency-Key was already used for another fax, so this fax was not sent`,
		'Use a new Idempotency-Key for every different fax (an expression such as {{ $json.patientId }} repeats for a second fax of the same patient), or leave the option empty so the node makes one per item. Check the earlier fax with Get Status.',
		'idempotencyKey',
	);
}
