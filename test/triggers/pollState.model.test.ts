import { choosePage } from '../../nodes/Fax/providers/paging';
import type {
	FaxStatus,
	ListNewestPage,
	ListNewestRequest,
	ListOrder,
	UnifiedFax,
} from '../../nodes/Fax/providers/types';
import { applyPoll } from '../../nodes/FaxTrigger/applyPoll';
import { baseline, isCurrent, type TriggerState } from '../../nodes/FaxTrigger/pollState';
import { planSecondRead } from '../../nodes/FaxTrigger/readPlan';

/**
 * The Fax Trigger's state machine against a model fax list (the same paging arithmetic a
 * provider uses), through thousands of polls with random traffic, slow faxes, deletions,
 * restarts that lose unsaved state, oldest-first lists and lists without a total.
 */

interface ModelFax {
	id: string;
	at: number;
	finalAt: number;
	status: FaxStatus;
	deleted: boolean;
	inbound: boolean;
}

const ALL: FaxStatus[] = ['cancelled', 'delivered', 'failed', 'partial'];

/** Small deterministic PRNG (mulberry32). */
function random(seed: number): () => number {
	let a = seed;
	return () => {
		a = (a + 0x6d2b79f5) | 0;
		let t = Math.imul(a ^ (a >>> 15), 1 | a);
		t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
		return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
	};
}

class ModelList {
	faxes: ModelFax[] = [];
	now = 1_000_000;
	requests = 0;
	private seq = 0;

	constructor(
		private readonly options: { order: ListOrder; withTotal: boolean; maxPage: number },
	) {}

	add(duration: number, inbound = false): ModelFax {
		const statuses: FaxStatus[] = ['delivered', 'failed', 'partial'];
		const fax: ModelFax = {
			id: `fax${++this.seq}`,
			at: this.now + this.seq / 1000,
			finalAt: this.now + duration,
			status: statuses[this.seq % 3],
			deleted: false,
			inbound,
		};
		this.faxes.push(fax);
		return fax;
	}

	visible(): ModelFax[] {
		// Created in time order: newest first is the reverse.
		const visible: ModelFax[] = [];
		for (let index = this.faxes.length - 1; index >= 0; index--) {
			if (!this.faxes[index].deleted) visible.push(this.faxes[index]);
		}
		return visible;
	}

	unified(fax: ModelFax): UnifiedFax {
		const final = this.now >= fax.finalAt;
		const status: FaxStatus = final ? fax.status : 'sending';
		return {
			provider: 'faxRocks',
			id: fax.id,
			to: '+12125550150',
			status,
			isFinal: final,
			pages: 1,
			pagesSent: null,
			scheduledAt: null,
			sentAt: null,
			completedAt: null,
			cost: null,
			error: null,
			raw: {},
		};
	}

	/** What an adapter returns for `request` (newest first, one request). */
	list(request: ListNewestRequest): ListNewestPage {
		this.requests++;
		const newestFirst = this.visible();
		const total = newestFirst.length;
		const maxSize = Math.min(this.options.maxPage, request.pageSize);
		const order = this.options.order;
		const { page, perPage } = choosePage({
			position: request.position,
			maxSize,
			order,
			total: order === 'oldestFirst' ? total : undefined,
			extend: request.extend,
		});
		const providerOrder = order === 'oldestFirst' ? [...newestFirst].reverse() : newestFirst;
		const rows = providerOrder.slice((page - 1) * perPage, page * perPage);
		const firstIndex = (page - 1) * perPage;
		const entries = [...rows]
			.sort((a, b) => b.at - a.at)
			.map((fax) => ({
				fax: this.unified(fax),
				createdAt: new Date(fax.at).toISOString(),
				inbound: fax.inbound,
			}));
		return {
			entries,
			offset:
				order === 'oldestFirst' ? Math.max(0, total - (firstIndex + rows.length)) : firstIndex,
			total: this.options.withTotal ? total : undefined,
			hasMore: order === 'oldestFirst' ? firstIndex > 0 : firstIndex + rows.length < total,
			order,
		};
	}
}

/** One poll as FaxTrigger.node.ts runs it. */
function poll(model: ModelList, state: TriggerState): { state: TriggerState; emitted: string[] } {
	const current = isCurrent(state, 'faxRocks', 'cred');
	const first = model.list({
		position: 0,
		pageSize: 100,
		orderHint: state.order,
		totalHint: state.total,
	});
	if (!current) return { state: baseline('faxRocks', 'cred', first), emitted: [] };
	const plan = planSecondRead(state, first, 1000);
	const second = plan
		? {
				plan,
				page: model.list({ position: plan.position, pageSize: plan.pageSize, extend: plan.extend }),
			}
		: undefined;
	const outcome = applyPoll(state, first, second, ALL);
	return { state: outcome.state, emitted: outcome.emit.map((fax) => fax.id as string) };
}

type Scenario = {
	name: string;
	order: ListOrder;
	withTotal: boolean;
	maxPage: number;
	deletions: boolean;
	burst: number;
	/** Now and then 15 times the usual traffic in one minute (a gap bigger than the newest page). */
	bigBursts: boolean;
};

const scenarios: Scenario[] = [
	{
		name: 'newest first with totals, pages of 1 000 (faxrocks)',
		order: 'newestFirst',
		withTotal: true,
		maxPage: 1000,
		deletions: false,
		burst: 60,
		bigBursts: true,
	},
	{
		name: 'newest first with totals, pages of 100 (SendFAXMail)',
		order: 'newestFirst',
		withTotal: true,
		maxPage: 100,
		deletions: false,
		burst: 60,
		bigBursts: true,
	},
	{
		name: 'oldest first with totals',
		order: 'oldestFirst',
		withTotal: true,
		maxPage: 1000,
		deletions: false,
		burst: 60,
		bigBursts: true,
	},
	{
		name: 'no totals in the answers (SendFAXMail shapes are undocumented)',
		order: 'newestFirst',
		withTotal: false,
		maxPage: 100,
		deletions: false,
		burst: 60,
		bigBursts: false,
	},
	{
		name: 'faxes deleted now and then',
		order: 'newestFirst',
		withTotal: true,
		maxPage: 100,
		deletions: true,
		burst: 60,
		bigBursts: true,
	},
	{
		name: 'no totals and deletions',
		order: 'newestFirst',
		withTotal: false,
		maxPage: 1000,
		deletions: true,
		burst: 40,
		bigBursts: false,
	},
];

describe.each(scenarios)('Fax Trigger state machine on a model list: $name', (scenario) => {
	it.each([1, 2])(
		'seed %i: no fax twice; every fax sent after activation that is not deleted comes out',
		(seed) => {
			const rand = random(seed * 7919 + scenario.maxPage);
			const model = new ModelList(scenario);
			for (let index = 0; index < 3000; index++) {
				model.now += 10;
				model.add(0);
			}
			model.now += 100_000;
			const inFlight = [model.add(400_000), model.add(50)];

			let persisted: TriggerState = {};
			let memory: TriggerState = {};
			const emitted: string[] = [];
			const activate = () => {
				const result = poll(model, JSON.parse(JSON.stringify(persisted)) as TriggerState);
				memory = result.state;
				persisted = JSON.parse(JSON.stringify(memory)) as TriggerState;
				emitted.push(...result.emitted);
			};
			activate();
			const activatedAt = model.now;
			let maxRequests = 0;
			let maxSize = 0;

			for (let tick = 0; tick < 300; tick++) {
				model.now += 60;
				const burst =
					scenario.bigBursts && rand() < 0.03
						? scenario.burst * 15
						: Math.floor(rand() * scenario.burst);
				for (let index = 0; index < burst; index++) {
					const roll = rand();
					model.add(roll < 0.02 ? 3000 : roll < 0.1 ? 600 : 30, roll > 0.97);
				}
				if (scenario.deletions && rand() < 0.2) {
					const visible = model.visible();
					for (let index = 0; index < 3; index++) {
						visible[Math.floor(rand() * visible.length)].deleted = true;
					}
				}
				if (rand() < 0.05) {
					activate(); // restart: unsaved in-memory state is lost
					continue;
				}
				if (rand() < 0.15) continue; // n8n busy: no poll this minute
				const before = model.requests;
				const result = poll(model, memory);
				maxRequests = Math.max(maxRequests, model.requests - before);
				memory = result.state;
				maxSize = Math.max(maxSize, JSON.stringify(memory).length);
				emitted.push(...result.emitted);
				if (result.emitted.length) persisted = JSON.parse(JSON.stringify(memory)) as TriggerState;
			}
			// Quiet time: everything ends, polls catch up (one read per poll beyond the newest page).
			model.now += 400_000;
			let quietPolls = 0;
			for (; quietPolls < 600; quietPolls++) {
				const result = poll(model, memory);
				memory = result.state;
				emitted.push(...result.emitted);
				const caughtUp = memory.cursor?.id === model.visible()[0]?.id;
				if (caughtUp && Object.keys(memory.pending ?? {}).length === 0) break;
			}
			expect(quietPolls).toBeLessThan(600);

			const counts = new Map<string, number>();
			for (const id of emitted) counts.set(id, (counts.get(id) ?? 0) + 1);
			expect([...counts.entries()].filter(([, count]) => count > 1)).toEqual([]);

			const expected = model.faxes.filter(
				(fax) => !fax.inbound && !fax.deleted && (fax.at > activatedAt || inFlight.includes(fax)),
			);
			const missing = expected.filter((fax) => !counts.has(fax.id)).map((fax) => fax.id);
			expect(missing).toEqual([]);
			const history = model.faxes.filter((fax) => fax.at < activatedAt && !inFlight.includes(fax));
			expect(history.filter((fax) => counts.has(fax.id))).toEqual([]);
			expect(model.faxes.filter((fax) => fax.inbound && counts.has(fax.id))).toEqual([]);
			expect(maxRequests).toBeLessThanOrEqual(2);
			expect(maxSize).toBeLessThan(60_000);
		},
	);
});

describe('choosePage (page-number pagination aimed at a position)', () => {
	it.each<[ListOrder, 'newer' | 'older']>([
		['newestFirst', 'newer'],
		['newestFirst', 'older'],
		['oldestFirst', 'newer'],
		['oldestFirst', 'older'],
	])(
		'%s, extend %s: the page always holds the position and fits the size limit',
		(order, extend) => {
			const rand = random(42);
			for (let run = 0; run < 300; run++) {
				const total = 1 + Math.floor(rand() * 20_000);
				const position = Math.floor(rand() * total);
				const maxSize = 1 + Math.floor(rand() * 1000);
				const { page, perPage } = choosePage({ position, maxSize, order, total, extend });
				expect(perPage).toBeGreaterThanOrEqual(1);
				expect(perPage).toBeLessThanOrEqual(maxSize);
				const index = order === 'oldestFirst' ? total - 1 - position : position;
				expect(index).toBeGreaterThanOrEqual((page - 1) * perPage);
				expect(index).toBeLessThan(page * perPage);
			}
		},
	);

	it('position 0 of a newest-first list is page 1 at full size; deep positions get most of a page on the wanted side', () => {
		expect(choosePage({ position: 0, maxSize: 100, order: 'newestFirst' })).toEqual({
			page: 1,
			perPage: 100,
		});
		const newer = choosePage({ position: 5000, maxSize: 1000, order: 'newestFirst' });
		expect(5000 - (newer.page - 1) * newer.perPage).toBeGreaterThan(800);
		const older = choosePage({
			position: 5000,
			maxSize: 1000,
			order: 'newestFirst',
			extend: 'older',
		});
		expect(older.page * older.perPage - 1 - 5000).toBeGreaterThan(900);
	});
});
