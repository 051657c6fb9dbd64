import type { IDataObject } from 'n8n-workflow';

import type { Harness } from '../harness';
import type { Simulator } from '../../simulator';
import {
	Activation,
	countBy,
	credentialsFor,
	emittedIds,
	number,
	sendFaxes,
	simIds,
	useHarnessAndSim,
	type TriggerProvider,
} from './helpers';

const ALL = ['cancelled', 'delivered', 'failed', 'partial'];
/**
 * Time budget of the tests that push thousands of faxes through real n8n-core: CPU-bound, so
 * only a guard against a hang, roomy enough for a busy 2-core machine (their speed is not
 * asserted here; `npm run bench` measures the trigger).
 */
const HEAVY_TEST_MS = 300_000;
const PREFIX: Record<TriggerProvider, string> = {
	faxRocks: '/faxrocks',
	sendFaxMail: '/sendfaxmail',
};

/** 40 numbers cycling through delivered, failed (0111), partial (0122), busy (0133) and slow (0144). */
function batchNumbers(poll: number): string[] {
	return Array.from({ length: 40 }, (_, index) => {
		const n = poll * 40 + index;
		if (n % 97 === 0) return number('0144');
		if (n % 31 === 0) return number('0133');
		if (n % 20 === 7) return number('0111');
		if (n % 25 === 3) return number('0122');
		return number(`01${50 + (n % 50)}`);
	});
}

describe.each<TriggerProvider>(['faxRocks', 'sendFaxMail'])(
	'Fax Trigger (%s): bounded state and cost',
	(provider) => {
		let harness: Harness;
		let sim: Simulator;

		useHarnessAndSim({ rateLimits: false }, (startedHarness, startedSim) => {
			harness = startedHarness;
			sim = startedSim;
		});

		const activation = () =>
			new Activation(harness, {
				parameters: { provider, statuses: ALL },
				credentials: credentialsFor(sim, provider),
			});

		const requestsSince = (seq: number) =>
			sim.requests({ provider }).filter((request) => request.seq > seq);
		const lastSeq = () => sim.requests().at(-1)?.seq ?? 0;

		it(
			'50 polls with 2 000 faxes sent through: each emitted once, static data stays small',
			async () => {
				sim.seed({ provider, count: 500 });
				const trigger = activation();
				await trigger.activate();
				const sizes: number[] = [];
				const entries: number[] = [];
				let maxRequests = 0;

				for (let poll = 0; poll < 50; poll++) {
					await sendFaxes(sim, provider, batchNumbers(poll));
					await sim.advanceClock(20);
					const before = lastSeq();
					const result = await trigger.poll();
					maxRequests = Math.max(maxRequests, requestsSince(before).length);
					const state = result.nodeStaticData;
					entries.push(Object.keys(state.pending as IDataObject).length);
					sizes.push(JSON.stringify(result.inMemoryStaticData).length);
					if (poll === 25) await trigger.restart();
				}
				await sim.advanceClock(700);
				// Faxes still in flight deep in the list are looked up one read per poll.
				let extraPolls = 0;
				do {
					await trigger.poll();
					extraPolls++;
				} while (
					Object.keys(trigger.current().pending as IDataObject).length > 0 &&
					extraPolls < 30
				);

				const sent = sim.faxes({ provider }).filter((fax) => !fax.seeded);
				expect(sent).toHaveLength(2000);
				// One read per poll: faxrocks reads 1 000 faxes at a time, SendFAXMail 100.
				expect(extraPolls).toBeLessThanOrEqual(provider === 'faxRocks' ? 3 : 25);
				const counts = countBy(trigger.emitted);
				expect(counts.size).toBe(2000);
				expect([...counts.values()].every((count) => count === 1)).toBe(true);
				expect(new Set(trigger.emitted)).toEqual(new Set(sent.map((fax) => fax.id)));

				expect(Math.max(...entries)).toBeLessThanOrEqual(300);
				expect(Math.max(...sizes)).toBeLessThan(24_000);
				expect(maxRequests).toBeLessThanOrEqual(2);
				const final = trigger.current();
				expect(Object.keys(final.pending as IDataObject)).toHaveLength(0);
			},
			HEAVY_TEST_MS,
		);

		it(
			'a poll makes at most 2 provider requests with 10 000 faxes of history',
			async () => {
				sim.seed({ provider, count: 10_000 });
				const trigger = activation();
				let before = lastSeq();
				await trigger.activate();
				expect(requestsSince(before).length).toBeLessThanOrEqual(2);

				await sendFaxes(sim, provider, [number('0150'), number('0144'), number('0111')]);
				const counts: number[] = [];
				for (let poll = 0; poll < 6; poll++) {
					await sim.advanceClock(poll === 4 ? 600 : 20);
					before = lastSeq();
					await trigger.poll();
					counts.push(requestsSince(before).length);
				}
				expect(Math.max(...counts)).toBeLessThanOrEqual(2);
				expect(Math.min(...counts)).toBe(1);
				expect(new Set(trigger.emitted)).toEqual(
					new Set(simIds(sim, provider, (fax) => !fax.seeded)),
				);
				// Every request read one bounded page.
				for (const request of requestsSince(0).filter((logged) => logged.method === 'GET')) {
					expect(request.path.startsWith(PREFIX[provider])).toBe(true);
					const size = Number(request.query.perPage ?? request.query.limit);
					expect(size).toBeLessThanOrEqual(100);
				}
			},
			HEAVY_TEST_MS,
		);

		it('manual "fetch test event" returns the most recent final fax with a chosen status, in one request', async () => {
			sim.seed({ provider, count: 200 });
			await sendFaxes(sim, provider, [number('0111')]);
			await sim.advanceClock(31);
			await sendFaxes(sim, provider, [number('0150')]);
			await sim.advanceClock(10);
			await sendFaxes(sim, provider, [number('0151')]);
			const [failed, delivered] = simIds(sim, provider, (fax) => !fax.seeded);
			await sim.advanceClock(25);
			// 0150 is final now, 0151 still sending.
			const credentials = credentialsFor(sim, provider);

			const before = lastSeq();
			const manual = await harness.runPoll({
				type: 'n8n-nodes-fax.faxTrigger',
				parameters: { provider, statuses: ALL },
				credentials,
				mode: 'manual',
			});
			expect(emittedIds(manual)).toEqual([delivered]);
			expect(requestsSince(before)).toHaveLength(1);

			const onlyFailed = await harness.runPoll({
				type: 'n8n-nodes-fax.faxTrigger',
				parameters: { provider, statuses: ['failed'] },
				credentials,
				mode: 'manual',
			});
			expect(emittedIds(onlyFailed)).toEqual([failed]);
			expect(onlyFailed.items?.[0][0].json).toMatchObject({ status: 'failed', isFinal: true });

			await expect(
				harness.runPoll({
					type: 'n8n-nodes-fax.faxTrigger',
					parameters: { provider, statuses: ['cancelled'] },
					credentials,
					mode: 'manual',
				}),
			).rejects.toThrow(/No cancelled fax among the \d+ newest/);
		});
	},
);

describe('Fax Trigger: faxrocks listing oldest first', () => {
	let harness: Harness;
	let sim: Simulator;

	useHarnessAndSim({ faxRocksListOrder: 'oldestFirst' }, (startedHarness, startedSim) => {
		harness = startedHarness;
		sim = startedSim;
	});

	it('the simulator lists oldest first', async () => {
		sim.seed({ provider: 'faxRocks', count: 30 });
		const response = await fetch(`${sim.baseUrls.faxRocks}/faxes?perPage=30`, {
			headers: { Authorization: 'Bearer sim_faxrocks_token', Accept: 'application/json' },
		});
		const rows = ((await response.json()) as { data: Array<{ created_at: string }> }).data;
		const times = rows.map((row) => row.created_at);
		expect(times).toEqual([...times].sort());
		expect(times[0] < times[29]).toBe(true);
	});

	it(
		'still emits each fax exactly once, history never, with bounded requests',
		async () => {
			sim.seed({ provider: 'faxRocks', count: 1234 });
			const trigger = new Activation(harness, {
				parameters: { provider: 'faxRocks', statuses: ALL },
				credentials: credentialsFor(sim, 'faxRocks'),
			});
			expect((await trigger.activate()).items).toBeNull();
			expect(trigger.saved().order).toBe('oldestFirst');

			const perPoll: number[] = [];
			for (let poll = 0; poll < 30; poll++) {
				await sendFaxes(sim, 'faxRocks', batchNumbers(poll).slice(0, 1 + (poll % 7) * 5));
				await sim.advanceClock(20);
				const before = sim.requests().at(-1)?.seq ?? 0;
				await trigger.poll();
				perPoll.push(
					sim.requests({ provider: 'faxRocks' }).filter((request) => request.seq > before).length,
				);
				if (poll === 15) await trigger.restart();
			}
			await sim.advanceClock(700);
			await trigger.poll();

			const sent = simIds(sim, 'faxRocks', (fax) => !fax.seeded);
			const counts = countBy(trigger.emitted);
			expect([...counts.values()].every((count) => count === 1)).toBe(true);
			expect(new Set(trigger.emitted)).toEqual(new Set(sent));
			expect(Math.max(...perPoll)).toBeLessThanOrEqual(2);
		},
		HEAVY_TEST_MS,
	);
});
