import type { SeedOptions, SimContext } from './context';
import { SimInputError } from './errors';
import type { FaxRecord, Provider, StoredDocument } from './lifecycle';
import { plannedOutcome } from './lifecycle';

export interface NewFax {
	provider: Provider;
	makeId: () => string;
	account: string;
	createdWith: string | null;
	to: string;
	from?: string | null;
	pages: number;
	createdAt?: number;
	startAt?: number;
	scheduled?: boolean;
	timezone?: string | null;
	idempotencyKey?: string | null;
	document: StoredDocument | null;
	documentUrl?: string | null;
	extra?: FaxRecord['extra'];
	seeded?: boolean;
	direction?: 'outbound' | 'inbound';
}

/** Build, store and return a new fax whose outcome follows the magic numbers. */
export function createFax(context: SimContext, input: NewFax): FaxRecord {
	let id = input.makeId();
	while (context.store.has(id)) id = input.makeId();
	const createdAt = input.createdAt ?? context.clock.now();
	const direction = input.direction ?? 'outbound';
	const plan =
		direction === 'inbound'
			? { outcome: 'delivered' as const, finalAfterSeconds: 0, queuedSeconds: 0 }
			: plannedOutcome(input.to, context.config.timing);
	const record: FaxRecord = {
		seq: context.store.nextSeq(),
		provider: input.provider,
		id,
		account: input.account,
		createdWith: input.createdWith,
		direction,
		to: input.to,
		from: input.from ?? null,
		pages: input.pages,
		createdAt,
		startAt: input.startAt ?? createdAt,
		scheduled: input.scheduled ?? false,
		timezone: input.timezone ?? null,
		outcome: plan.outcome,
		finalAfterSeconds: plan.finalAfterSeconds,
		queuedSeconds: plan.queuedSeconds,
		forced: null,
		idempotencyKey: input.idempotencyKey ?? null,
		document: input.document,
		documentUrl: input.documentUrl ?? null,
		seeded: input.seeded ?? false,
		extra: input.extra ?? {},
	};
	context.store.add(record);
	return record;
}

/** Call `create` for `count` times spread evenly over the past (ending an hour ago). */
export function seedFaxes(
	context: SimContext,
	options: SeedOptions,
	create: (index: number, createdAt: number) => void,
): number {
	const count = options.count;
	if (!Number.isInteger(count) || count < 1 || count > 100000) {
		throw new SimInputError('count must be an integer between 1 and 100000');
	}
	const spreadMs = (options.spreadSeconds ?? 30 * 86400) * 1000;
	const end = context.clock.now() - 3600 * 1000;
	const step = count > 1 ? spreadMs / (count - 1) : 0;
	for (let index = 0; index < count; index++) {
		create(index, Math.round(end - spreadMs + step * index));
	}
	return count;
}
