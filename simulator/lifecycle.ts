import type { DocumentMimeType } from './pdf';
import type { FaxOutcome, MagicError, Timing } from './magic';
import { FORCED_FAILURE_ERROR, PARTIAL_ERROR, magicFor, partialPagesSent } from './magic';

export type Provider = 'faxRocks' | 'faxDrop' | 'sendFaxMail';

export const PROVIDERS: readonly Provider[] = ['faxRocks', 'faxDrop', 'sendFaxMail'];

/** Provider-neutral status of a fax at a moment of the virtual clock. */
export type SimStatus =
	| 'scheduled'
	| 'queued'
	| 'sending'
	| 'delivered'
	| 'failed'
	| 'partial'
	| 'unknown';

export const FORCEABLE_STATUSES: readonly SimStatus[] = [
	'queued',
	'sending',
	'delivered',
	'failed',
	'partial',
	'unknown',
];

export function isFinal(status: SimStatus): boolean {
	return status === 'delivered' || status === 'failed' || status === 'partial';
}

export interface StoredDocument {
	bytes: Buffer;
	mimeType: DocumentMimeType;
}

/** Every fax the simulator knows, whatever the provider. Times are virtual epoch ms. */
export interface FaxRecord {
	seq: number;
	provider: Provider;
	id: string;
	/** Owner: faxrocks token, FaxDrop key, SendFAXMail account id. */
	account: string;
	/** The credential that created it (redacted in views). */
	createdWith: string | null;
	direction: 'outbound' | 'inbound';
	to: string;
	from: string | null;
	pages: number;
	createdAt: number;
	/** When it leaves the scheduled state (= createdAt unless scheduled). */
	startAt: number;
	scheduled: boolean;
	timezone: string | null;
	outcome: FaxOutcome;
	finalAfterSeconds: number;
	queuedSeconds: number;
	forced: { status: SimStatus; at: number } | null;
	idempotencyKey: string | null;
	/** Null = generated on download (seeded faxes, document_url placeholders). */
	document: StoredDocument | null;
	documentUrl: string | null;
	seeded: boolean;
	/** Provider-specific extras (FaxDrop sender fields, SendFAXMail scheduled id, …). */
	extra: Record<string, string | number | boolean | null>;
}

export interface FaxState {
	status: SimStatus;
	/** When transmission began, if it did. */
	sendingAt: number | null;
	completedAt: number | null;
	/** Time of the last transition (creation at the latest). */
	updatedAt: number;
	pagesSent: number;
	error: { code: string; message: string; faxDropCode: number; faxDropType: string } | null;
}

function renderError(error: MagicError, pages: number, sent: number): FaxState['error'] {
	return {
		code: error.code,
		message: error.message.replace('{sent}', String(sent)).replace('{pages}', String(pages)),
		faxDropCode: error.faxDropCode,
		faxDropType: error.faxDropType,
	};
}

function finalState(
	record: FaxRecord,
	status: 'delivered' | 'failed' | 'partial',
	sendingAt: number,
	completedAt: number,
	failure: MagicError | null,
): FaxState {
	if (status === 'delivered') {
		return {
			status,
			sendingAt,
			completedAt,
			updatedAt: completedAt,
			pagesSent: record.pages,
			error: null,
		};
	}
	if (status === 'partial') {
		const sent = partialPagesSent(record.pages);
		return {
			status,
			sendingAt,
			completedAt,
			updatedAt: completedAt,
			pagesSent: sent,
			error: renderError(PARTIAL_ERROR, record.pages, sent),
		};
	}
	return {
		status,
		sendingAt,
		completedAt,
		updatedAt: completedAt,
		pagesSent: 0,
		error: renderError(failure ?? FORCED_FAILURE_ERROR, record.pages, 0),
	};
}

/** The state of a fax at virtual time `now`, computed from its timeline (no timers). */
export function faxStateAt(record: FaxRecord, now: number): FaxState {
	const start = record.startAt;
	const sendingAt = start + record.queuedSeconds * 1000;
	const finalAt = start + record.finalAfterSeconds * 1000;

	if (record.forced && record.forced.at <= now) {
		const { status, at } = record.forced;
		if (status === 'delivered' || status === 'failed' || status === 'partial') {
			const magic = magicFor(record.to);
			const failure =
				magic && (magic.outcome === 'failed' || magic.outcome === 'busy') ? magic.error : null;
			return finalState(record, status, Math.min(sendingAt, at), at, failure);
		}
		return {
			status,
			sendingAt: status === 'queued' ? null : Math.min(sendingAt, at),
			completedAt: null,
			updatedAt: at,
			pagesSent: 0,
			error: null,
		};
	}
	if (now < start) {
		return {
			status: 'scheduled',
			sendingAt: null,
			completedAt: null,
			updatedAt: record.createdAt,
			pagesSent: 0,
			error: null,
		};
	}
	if (now < sendingAt) {
		return {
			status: 'queued',
			sendingAt: null,
			completedAt: null,
			updatedAt: record.createdAt,
			pagesSent: 0,
			error: null,
		};
	}
	if (now < finalAt) {
		return {
			status: 'sending',
			sendingAt,
			completedAt: null,
			updatedAt: sendingAt,
			pagesSent: 0,
			error: null,
		};
	}
	switch (record.outcome) {
		case 'partial':
			return finalState(record, 'partial', sendingAt, finalAt, null);
		case 'failed':
		case 'busy':
			return finalState(record, 'failed', sendingAt, finalAt, magicFor(record.to)?.error ?? null);
		default:
			return finalState(record, 'delivered', sendingAt, finalAt, null);
	}
}

/** Outcome and timing of a new outbound fax to `to`. */
export function plannedOutcome(
	to: string,
	timing: Timing,
): { outcome: FaxOutcome; finalAfterSeconds: number; queuedSeconds: number } {
	const magic = magicFor(to);
	if (!magic) {
		return {
			outcome: 'delivered',
			finalAfterSeconds: timing.finalSeconds,
			queuedSeconds: timing.queuedSeconds,
		};
	}
	const isDefaultLength = magic.outcome === 'failed' || magic.outcome === 'partial';
	return {
		outcome: magic.outcome,
		finalAfterSeconds: isDefaultLength ? timing.finalSeconds : magic.finalAfterSeconds,
		queuedSeconds: timing.queuedSeconds,
	};
}
