import type { INodeProperties, INodeTypeDescription } from 'n8n-workflow';

import type { Harness } from '../harness';
import type { Simulator } from '../../simulator';
import {
	Activation,
	FAX_TRIGGER,
	countBy,
	credentialsFor,
	failure,
	emittedIds,
	number,
	sendFaxes,
	simIds,
	useHarnessAndSim,
} from './helpers';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const { resetRateLimitState } = require('../../dist/nodes/Fax/transport/rateLimiter') as {
	resetRateLimitState: () => void;
};

const ALL = ['cancelled', 'delivered', 'failed', 'partial'];

describe('Fax Trigger: provider errors, bursts, inbound faxes, FaxDrop', () => {
	let harness: Harness;
	let sim: Simulator;

	useHarnessAndSim(
		{ rateLimits: false },
		(startedHarness, startedSim) => {
			harness = startedHarness;
			sim = startedSim;
		},
		resetRateLimitState,
	);

	it('faxrocks 500 on the list: the poll fails clearly, the state is untouched, the fax that ended meanwhile comes next poll', async () => {
		const trigger = new Activation(harness, {
			parameters: { provider: 'faxRocks', statuses: ALL },
			credentials: credentialsFor(sim, 'faxRocks'),
		});
		await trigger.activate();
		await sendFaxes(sim, 'faxRocks', [number('0150')]);
		expect((await trigger.poll()).items).toBeNull();

		await sim.advanceClock(31);
		// Safe reads are tried 3 times: every attempt fails.
		sim.addFault({ method: 'GET', path: '/faxrocks/api/faxes', kind: '500', count: 3 });
		const error = await failure(trigger.poll());
		expect(error.message).toMatch(/faxrocks/i);
		expect(`${error.message} ${error.description ?? ''}`).toMatch(/Server Error/);
		expect(error.description).toMatch(/next poll/i);
		expect(
			sim
				.requests({ provider: 'faxRocks', method: 'GET' })
				.filter((request) => request.fault === '500'),
		).toHaveLength(3);

		// The failed poll changed nothing: the next one emits the fax that ended meanwhile.
		const after = await trigger.poll();
		expect(emittedIds(after)).toEqual(simIds(sim, 'faxRocks'));
		expect((await trigger.poll()).items).toBeNull();
		expect(trigger.emitted).toHaveLength(1);
	});

	it('SendFAXMail 429 with a long Retry-After: the poll fails clearly, nothing is lost at the next poll', async () => {
		const trigger = new Activation(harness, {
			parameters: { provider: 'sendFaxMail', statuses: ALL },
			credentials: credentialsFor(sim, 'sendFaxMail'),
		});
		await trigger.activate();
		await sendFaxes(sim, 'sendFaxMail', [number('0111')]);
		expect((await trigger.poll()).items).toBeNull();
		const saved = JSON.stringify(trigger.saved());

		await sim.advanceClock(31);
		sim.addFault({ method: 'GET', path: '/sendfaxmail/v1/faxes', kind: '429', retryAfter: 120 });
		const error = await failure(trigger.poll());
		expect(error.message).toMatch(/SendFAXMail rate limit.*120 s/);
		expect(error.description).toMatch(/next poll/i);
		expect(error.description).not.toMatch(/Max Rate-Limit Wait|send fewer faxes/i);
		expect(JSON.stringify(trigger.saved())).toBe(saved);

		// The Retry-After has passed by the next poll (real n8n polls every minute or more).
		resetRateLimitState();
		const next = await trigger.poll();
		expect(next.items?.[0].map((item) => item.json)).toEqual([
			expect.objectContaining({ id: simIds(sim, 'sendFaxMail')[0], status: 'failed' }),
		]);
	});

	it('n8n down while 1 500 faxes go through: after the restart every one is emitted once, a few polls later', async () => {
		sim.seed({ provider: 'faxRocks', count: 2000 });
		const trigger = new Activation(harness, {
			parameters: { provider: 'faxRocks', statuses: ALL },
			credentials: credentialsFor(sim, 'faxRocks'),
		});
		await trigger.activate();
		await sendFaxes(sim, 'faxRocks', [number('0144')]);
		await sim.advanceClock(20);
		await trigger.poll();

		for (let minute = 0; minute < 30; minute++) {
			await sendFaxes(
				sim,
				'faxRocks',
				Array.from({ length: 50 }, (_, index) =>
					number(index % 20 === 7 ? '0111' : `01${50 + index}`),
				),
			);
			await sim.advanceClock(60);
		}
		await sim.advanceClock(700);
		const lastSeq = sim.requests().at(-1)?.seq ?? 0;
		await trigger.restart();
		for (let poll = 0; poll < 6; poll++) await trigger.poll();
		// 7 polls (the activation and 6 more), at most 2 requests each.
		expect(
			sim.requests({ provider: 'faxRocks' }).filter((request) => request.seq > lastSeq).length,
		).toBeLessThanOrEqual(14);

		const sent = simIds(sim, 'faxRocks', (fax) => !fax.seeded);
		expect(sent).toHaveLength(1501);
		const counts = countBy(trigger.emitted);
		expect([...counts.values()].every((count) => count === 1)).toBe(true);
		expect(new Set(trigger.emitted)).toEqual(new Set(sent));
		expect(JSON.stringify(trigger.current()).length).toBeLessThan(2000);
	});

	it('SendFAXMail lists received faxes too: the Fax Trigger never emits them (they are not sent faxes)', async () => {
		const trigger = new Activation(harness, {
			parameters: { provider: 'sendFaxMail', statuses: ALL },
			credentials: credentialsFor(sim, 'sendFaxMail'),
		});
		await trigger.activate();
		await sim.receiveInbound({ from: number('0180') });
		await sendFaxes(sim, 'sendFaxMail', [number('0150')]);
		await sim.receiveInbound({ from: number('0181') });
		await sim.advanceClock(31);
		const result = await trigger.poll();
		expect(result.items?.[0].map((item) => item.json.to)).toEqual([number('0150')]);
		expect(
			sim.faxes({ provider: 'sendFaxMail' }).filter((fax) => fax.direction === 'inbound'),
		).toHaveLength(2);

		// Not as a test event either.
		await sim.receiveInbound({ from: number('0182') });
		const manual = await harness.runPoll({
			type: FAX_TRIGGER,
			parameters: { provider: 'sendFaxMail', statuses: ['delivered'] },
			credentials: credentialsFor(sim, 'sendFaxMail'),
			mode: 'manual',
		});
		expect(manual.items?.[0].map((item) => item.json.to)).toEqual([number('0150')]);
	});

	it('the status filter is required', async () => {
		await expect(
			harness.runPoll({
				type: FAX_TRIGGER,
				parameters: { provider: 'faxRocks', statuses: [] },
				credentials: credentialsFor(sim, 'faxRocks'),
			}),
		).rejects.toThrow('Choose at least one status under "Trigger On"');
		expect(sim.requests()).toHaveLength(0);
	});

	it('FaxDrop: the UI says why it is missing, and a workflow forcing it fails pointing to Wait for Final Status', async () => {
		const description = harness.package.nodeTypes.getByNameAndVersion(FAX_TRIGGER, 1)
			.description as INodeTypeDescription;
		const providers = description.properties.find(
			(property) => property.name === 'provider',
		) as INodeProperties;
		expect((providers.options as Array<{ value: unknown }>).map((option) => option.value)).toEqual([
			'faxRocks',
			'sendFaxMail',
		]);
		const notice = description.properties.find(
			(property) => property.type === 'notice' && /FaxDrop/.test(property.displayName),
		);
		expect(notice?.displayName).toMatch(/Wait for Final Status/);

		const error = await failure(
			harness.runPoll({ type: FAX_TRIGGER, parameters: { provider: 'faxDrop', statuses: ALL } }),
		);
		expect(error.message).toMatch(/FaxDrop has no fax list to watch/);
		expect(error.description).toMatch(/Wait for Final Status/);
		expect(sim.requests()).toHaveLength(0);
	});
});
