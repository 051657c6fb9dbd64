import type { FaxStatus, ListOrder, UnifiedFax } from '../Fax/providers/types';

/**
 * What the trigger remembers between polls (workflow static data). Bounded: `done` keeps only
 * faxes still inside the window the poll reads, `pending` only faxes that can still change.
 */
export interface TriggerState {
	initialized?: boolean;
	provider?: string;
	/**
	 * Faxes created before this (provider's own clock) are history, unless pending. Starts as
	 * the newest fax at the first poll and rises to the oldest fax of the window a poll reads,
	 * so `done` never has to remember faxes below the window.
	 */
	baselineAt?: string;
	order?: ListOrder;
	/** Faxes seen before they were final: id → creation time. */
	pending?: Record<string, string>;
	/** Faxes seen final (emitted or not wanted): id → creation time. */
	done?: Record<string, string>;
}

export interface PollEntry {
	fax: UnifiedFax;
	createdAt: string;
}

export const MAX_PENDING = 1000;
/** A fax still not final this long after it was created is given up on. */
export const MAX_PENDING_AGE_MS = 7 * 24 * 3600 * 1000;

function olderThan(createdAt: string, reference: string, ms: number): boolean {
	const a = Date.parse(createdAt);
	const b = Date.parse(reference);
	return Number.isFinite(a) && Number.isFinite(b) && b - a > ms;
}

/**
 * Applies one poll's faxes (newest first) to the state and returns the faxes to emit, oldest
 * first: each fax once, when first seen final after the baseline with a wanted status.
 */
export function applyPoll(
	state: TriggerState,
	provider: string,
	entries: PollEntry[],
	statuses: FaxStatus[],
	windowComplete: boolean,
): UnifiedFax[] {
	if (!state.initialized || state.provider !== provider) {
		state.initialized = true;
		state.provider = provider;
		state.baselineAt = entries[0]?.createdAt ?? '';
		state.pending = {};
		state.done = {};
		for (const { fax, createdAt } of entries) {
			if (!fax.id) continue;
			if (fax.isFinal) state.done[fax.id] = createdAt;
			else state.pending[fax.id] = createdAt;
		}
		return [];
	}

	const pending = { ...(state.pending ?? {}) };
	const previousDone = state.done ?? {};
	const done: Record<string, string> = {};
	const baselineAt = state.baselineAt ?? '';
	const emit: PollEntry[] = [];

	for (const entry of entries) {
		const { fax, createdAt } = entry;
		if (!fax.id) continue;
		if (previousDone[fax.id] !== undefined) {
			done[fax.id] = createdAt;
			continue;
		}
		const watched = pending[fax.id] !== undefined || createdAt >= baselineAt;
		if (!watched) {
			// Older than the baseline and never seen: history, not an event.
			done[fax.id] = createdAt;
			continue;
		}
		if (fax.isFinal) {
			if (statuses.includes(fax.status)) emit.push(entry);
			done[fax.id] = createdAt;
			delete pending[fax.id];
		} else {
			pending[fax.id] = createdAt;
		}
	}

	const oldestInWindow = entries[entries.length - 1]?.createdAt ?? baselineAt;
	const floor = !windowComplete && oldestInWindow > baselineAt ? oldestInWindow : baselineAt;
	for (const [id, createdAt] of Object.entries(previousDone)) {
		if (done[id] === undefined && createdAt >= floor) done[id] = createdAt;
	}
	state.baselineAt = floor;

	const newest = entries[0]?.createdAt ?? baselineAt;
	const keptPending = Object.entries(pending)
		.filter(([, createdAt]) => !olderThan(createdAt, newest, MAX_PENDING_AGE_MS))
		.sort(([, a], [, b]) => b.localeCompare(a))
		.slice(0, MAX_PENDING);
	state.pending = Object.fromEntries(keptPending);
	state.done = done;
	return emit.sort((a, b) => a.createdAt.localeCompare(b.createdAt)).map((entry) => entry.fax);
}

/** Pending faxes the poll's entries didn't include: they sit further down the list. */
export function missingPending(state: TriggerState, entries: PollEntry[]): number {
	const seen = new Set(entries.map((entry) => entry.fax.id));
	return Object.keys(state.pending ?? {}).filter((id) => !seen.has(id)).length;
}
