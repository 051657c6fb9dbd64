/**
 * Fax Trigger on faxrocks when a fax in progress reads `status: false, error: null` (the
 * simulator's `faxRocksPendingStatus: 'false'`): fresh faxes fire nothing until they end, then
 * each fires once with its real outcome, not as a failure at once.
 */
import type { Harness } from '../harness';
import type { Simulator } from '../../simulator';
import {
	Activation,
	credentialsFor,
	emittedIds,
	number,
	sendFaxes,
	simIds,
	useHarnessAndSim,
} from './helpers';

describe('Fax Trigger (faxrocks, status false while in progress)', () => {
	let harness: Harness;
	let sim: Simulator;

	useHarnessAndSim({ rateLimits: false, faxRocksPendingStatus: 'false' }, (h, s) => {
		harness = h;
		sim = s;
	});

	it('fires nothing for faxes in progress, then each once with its outcome', async () => {
		const trigger = new Activation(harness, {
			parameters: { provider: 'faxRocks', statuses: ['delivered', 'failed', 'partial'] },
			credentials: credentialsFor(sim, 'faxRocks'),
		});
		expect((await trigger.activate()).items).toBeNull();

		await sendFaxes(sim, 'faxRocks', [number('0150'), number('0111')]);
		const [delivered, failed] = simIds(sim, 'faxRocks');
		await sim.advanceClock(10);
		// In progress under this reading: no failure alert.
		expect((await trigger.poll()).items).toBeNull();

		await sim.advanceClock(25);
		const result = await trigger.poll();
		expect(emittedIds(result).sort()).toEqual([delivered, failed].sort());
		const byId = new Map(
			(result.items?.[0] ?? []).map((item) => [String(item.json.id), item.json]),
		);
		expect(byId.get(delivered)).toMatchObject({ status: 'delivered' });
		expect(byId.get(failed)).toMatchObject({ status: 'failed' });
		expect((await trigger.poll()).items).toBeNull();
	});

	it('a fax that never confirms fires once as failed after 2 hours without change', async () => {
		const trigger = new Activation(harness, {
			parameters: { provider: 'faxRocks', statuses: ['failed'] },
			credentials: credentialsFor(sim, 'faxRocks'),
		});
		expect((await trigger.activate()).items).toBeNull();
		await sendFaxes(sim, 'faxRocks', [number('0150')]);
		const [stuck] = simIds(sim, 'faxRocks');
		await sim.forceStatus(stuck, 'queued');
		await sim.advanceClock(3600);
		expect((await trigger.poll()).items).toBeNull();
		await sim.advanceClock(3600 + 60);
		const result = await trigger.poll();
		expect(emittedIds(result)).toEqual([stuck]);
		expect(result.items?.[0][0].json).toMatchObject({
			status: 'failed',
			error: { code: 'NO_CONFIRMATION' },
		});
		expect((await trigger.poll()).items).toBeNull();
	});
});
