import type { IDataObject } from 'n8n-workflow';

import type { Harness } from '../harness';
import type { Simulator } from '../../simulator';
import { SENDFAXMAIL_KEYS } from '../../simulator';
import {
	Activation,
	countBy,
	credentialsFor,
	emittedIds,
	number,
	pdf1,
	pdf3,
	sendFaxes,
	simIds,
	useHarnessAndSim,
	type TriggerProvider,
} from './helpers';

const ALL = ['cancelled', 'delivered', 'failed', 'partial'];

describe.each<TriggerProvider>(['faxRocks', 'sendFaxMail'])(
	'Fax Trigger (%s): one emission per fax',
	(provider) => {
		let harness: Harness;
		let sim: Simulator;

		useHarnessAndSim({ rateLimits: false }, (startedHarness, startedSim) => {
			harness = startedHarness;
			sim = startedSim;
		});

		const activation = (statuses: string[] = ALL) =>
			new Activation(harness, {
				parameters: { provider, statuses },
				credentials: credentialsFor(sim, provider),
			});

		it('baseline: history is never emitted; faxes in flight at activation are emitted once when they end', async () => {
			sim.seed({ provider, count: 300 });
			await sim.advanceClock(60);
			await sendFaxes(sim, provider, [number('0150'), number('0111')]);
			await sendFaxes(sim, provider, [number('0122')], pdf3);
			const inFlight = simIds(sim, provider, (fax) => !fax.seeded);
			expect(inFlight).toHaveLength(3);

			const trigger = activation();
			const first = await trigger.activate();
			expect(first.items).toBeNull();
			const saved = trigger.saved();
			expect(saved.version).toBe(2);
			expect((saved.cursor as IDataObject).id).toBe(inFlight[2]);
			expect(Object.keys(saved.pending as IDataObject).sort()).toEqual([...inFlight].sort());

			// Nothing changed yet: nothing to emit.
			expect((await trigger.poll()).items).toBeNull();

			await sim.advanceClock(31);
			const second = await trigger.poll();
			expect(emittedIds(second).sort()).toEqual([...inFlight].sort());
			const byId = Object.fromEntries(
				(second.items?.[0] ?? []).map((item) => [item.json.id, item.json]),
			);
			const [delivered, failed, partial] = inFlight;
			expect(byId[delivered]).toMatchObject({
				provider,
				status: 'delivered',
				isFinal: true,
				to: number('0150'),
			});
			expect(byId[failed]).toMatchObject({ status: 'failed', isFinal: true, to: number('0111') });
			expect((byId[failed].error as IDataObject).message).toMatch(/no answer/i);
			expect(byId[partial]).toMatchObject({ status: 'partial', isFinal: true, pages: 3 });
			// No document bytes in the items, and no provider answer unless asked for.
			expect(JSON.stringify(second.items)).not.toContain(pdf1.toString('base64').slice(0, 40));
			for (const item of second.items?.[0] ?? []) expect(item.json).not.toHaveProperty('raw');

			for (let index = 0; index < 3; index++) expect((await trigger.poll()).items).toBeNull();
			expect((await trigger.restart()).items).toBeNull();
			expect((await trigger.poll()).items).toBeNull();
			expect(trigger.emitted.sort()).toEqual([...inFlight].sort());
		});

		it('Include Provider Response adds the provider answer as raw', async () => {
			await sendFaxes(sim, provider, [number('0150')]);
			const trigger = new Activation(harness, {
				parameters: { provider, statuses: ALL, options: { includeRaw: true } },
				credentials: credentialsFor(sim, provider),
			});
			expect((await trigger.activate()).items).toBeNull();
			await sim.advanceClock(31);
			const [item] = (await trigger.poll()).items?.[0] ?? [];
			expect(item.json.raw).toEqual(expect.objectContaining({}));
			expect(Object.keys(item.json.raw as IDataObject).length).toBeGreaterThan(0);
		});

		it('the baseline survives a restart: history stays history, faxes that ended while n8n was down are emitted', async () => {
			sim.seed({ provider, count: 50 });
			const trigger = activation();
			expect((await trigger.activate()).items).toBeNull();

			await sim.advanceClock(60);
			await sendFaxes(sim, provider, [number('0151'), number('0152')]);
			const sent = simIds(sim, provider, (fax) => !fax.seeded);
			expect((await trigger.poll()).items).toBeNull();
			// n8n goes down; the faxes end meanwhile; n8n comes back: the activation poll emits them.
			await sim.advanceClock(120);
			const afterRestart = await trigger.restart();
			expect(emittedIds(afterRestart).sort()).toEqual([...sent].sort());
			expect((await trigger.restart()).items).toBeNull();
			expect(trigger.emitted).toHaveLength(2);
		});

		it('20 polls while faxes progress at different speeds: each fax exactly once, with its final status', async () => {
			sim.seed({ provider, count: 120 });
			const trigger = activation();
			await trigger.activate();

			// 0144 slow (605 s), 0133 busy (180 s), 0111 failed, 0122 partial, others delivered.
			const plan = [
				[number('0144'), number('0150')],
				[number('0133')],
				[number('0111'), number('0151'), number('0122')],
				[],
				[number('0152'), number('0153'), number('0154'), number('0155')],
			];
			for (let poll = 0; poll < 20; poll++) {
				const batch = plan[poll % plan.length];
				if (batch.length) await sendFaxes(sim, provider, batch, pdf3);
				await sim.advanceClock(15);
				await trigger.poll();
				if (poll === 9) await trigger.restart();
			}
			await sim.advanceClock(700);
			await trigger.poll();
			await trigger.poll();

			const sent = sim.faxes({ provider }).filter((fax) => !fax.seeded);
			expect(sent.length).toBe(40);
			expect(sent.every((fax) => ['delivered', 'failed', 'partial'].includes(fax.status))).toBe(
				true,
			);
			const counts = countBy(trigger.emitted);
			expect([...counts.values()].every((count) => count === 1)).toBe(true);
			expect(new Set(trigger.emitted)).toEqual(new Set(sent.map((fax) => fax.id)));

			const items = trigger.results
				.flatMap((result) => result.items?.[0] ?? [])
				.map((item) => item.json);
			for (const fax of sent) {
				expect(items.find((item) => item.id === fax.id)).toMatchObject({
					status: fax.status,
					isFinal: true,
					to: fax.to,
				});
			}
		});

		it('out of order: a slow fax sent first is emitted after faster faxes sent later', async () => {
			const trigger = activation();
			await trigger.activate();
			await sendFaxes(sim, provider, [number('0144')]);
			const [slow] = simIds(sim, provider);
			await sim.advanceClock(10);
			await sendFaxes(sim, provider, [number('0150'), number('0111')]);
			const fast = simIds(sim, provider).filter((id) => id !== slow);

			await sim.advanceClock(35);
			expect(emittedIds(await trigger.poll()).sort()).toEqual([...fast].sort());
			await sim.advanceClock(300);
			expect((await trigger.poll()).items).toBeNull();
			await sim.advanceClock(300);
			expect(emittedIds(await trigger.poll())).toEqual([slow]);
			expect((await trigger.poll()).items).toBeNull();
		});

		it('faxes sent between two polls that end before the next poll come out together, oldest first', async () => {
			const trigger = activation();
			await trigger.activate();
			for (const suffix of ['0160', '0161', '0162', '0163', '0164']) {
				await sendFaxes(sim, provider, [number(suffix)]);
				await sim.advanceClock(2);
			}
			const sent = simIds(sim, provider);
			await sim.advanceClock(60);
			const result = await trigger.poll();
			expect(emittedIds(result)).toEqual(sent);
			expect(result.items?.[0].map((item) => item.json.to)).toEqual(
				['0160', '0161', '0162', '0163', '0164'].map(number),
			);
			expect((await trigger.poll()).items).toBeNull();
		});

		it('status filter: only failed → delivered faxes are never emitted, not even after restarts', async () => {
			const trigger = activation(['failed']);
			await trigger.activate();
			await sendFaxes(sim, provider, [number('0150'), number('0111'), number('0151')]);
			const failed = simIds(sim, provider, (fax) => fax.to === number('0111'));

			await sim.advanceClock(31);
			expect(emittedIds(await trigger.poll())).toEqual(failed);
			await sendFaxes(sim, provider, [number('0152'), number('0153')]);
			await sim.advanceClock(31);
			expect((await trigger.poll()).items).toBeNull();
			expect((await trigger.restart()).items).toBeNull();
			for (let index = 0; index < 3; index++) {
				await sim.advanceClock(60);
				expect((await trigger.poll()).items).toBeNull();
			}
			expect((await trigger.restart()).items).toBeNull();
			expect(trigger.emitted).toEqual(failed);
		});

		it('status filter: only partial → the partial transmission alone, with pages sent', async () => {
			const trigger = activation(['partial']);
			await trigger.activate();
			await sendFaxes(sim, provider, [number('0122'), number('0111'), number('0150')], pdf3);
			const [partial] = simIds(sim, provider, (fax) => fax.to === number('0122'));
			await sim.advanceClock(31);
			const result = await trigger.poll();
			expect(emittedIds(result)).toEqual([partial]);
			expect(result.items?.[0][0].json).toMatchObject({ status: 'partial', pages: 3 });
			if (provider === 'faxRocks') expect(result.items?.[0][0].json.pagesSent).toBe(2);
			expect((result.items?.[0][0].json.error as IDataObject).message).toMatch(/2 of 3 pages/);
		});
	},
);

describe('Fax Trigger: scheduled and cancelled faxes', () => {
	let harness: Harness;
	let sim: Simulator;

	useHarnessAndSim({ rateLimits: false }, (startedHarness, startedSim) => {
		harness = startedHarness;
		sim = startedSim;
	});

	async function scheduleSfm(to: string, sendAt: Date): Promise<string> {
		const response = await fetch(`${sim.baseUrls.sendFaxMail}/v1/scheduled`, {
			method: 'POST',
			headers: {
				Authorization: `Bearer ${SENDFAXMAIL_KEYS.business}`,
				'Content-Type': 'application/json',
			},
			body: JSON.stringify({
				to,
				send_at: sendAt.toISOString(),
				document: { content: pdf1.toString('base64'), content_type: 'application/pdf' },
			}),
		});
		expect(response.status).toBe(201);
		return String(((await response.json()) as IDataObject).id);
	}

	it('SendFAXMail: a cancelled scheduled fax never becomes a fax, so nothing is emitted (not even for "cancelled")', async () => {
		const trigger = new Activation(harness, {
			parameters: { provider: 'sendFaxMail', statuses: ALL },
			credentials: credentialsFor(sim, 'sendFaxMail'),
		});
		await trigger.activate();
		const cancelled = await scheduleSfm(number('0170'), new Date(sim.now().getTime() + 3600_000));
		const kept = await scheduleSfm(number('0171'), new Date(sim.now().getTime() + 1800_000));
		const cancel = await fetch(`${sim.baseUrls.sendFaxMail}/v1/scheduled/${cancelled}`, {
			method: 'DELETE',
			headers: { Authorization: `Bearer ${SENDFAXMAIL_KEYS.business}` },
		});
		expect(((await cancel.json()) as IDataObject).status).toBe('canceled');
		expect((await trigger.poll()).items).toBeNull();

		await sim.advanceClock(1800 + 31);
		const result = await trigger.poll();
		// The kept one was dispatched at its time and delivered.
		expect(result.items?.[0].map((item) => item.json.to)).toEqual([number('0171')]);
		expect(kept).toMatch(/^sched_/);
		await sim.advanceClock(3600);
		expect((await trigger.poll()).items).toBeNull();
		expect(sim.faxes({ provider: 'sendFaxMail' }).map((fax) => fax.to)).toEqual([number('0171')]);
	});

	it('faxrocks: a scheduled fax stays pending until its time, then is emitted once', async () => {
		const trigger = new Activation(harness, {
			parameters: { provider: 'faxRocks', statuses: ALL },
			credentials: credentialsFor(sim, 'faxRocks'),
		});
		await trigger.activate();
		const sendAt = new Date(sim.now().getTime() + 2 * 3600_000);
		const response = await fetch(`${sim.baseUrls.faxRocks}/send`, {
			method: 'POST',
			headers: {
				Authorization: 'Bearer sim_faxrocks_token',
				'Content-Type': 'application/json',
				Accept: 'application/json',
			},
			body: JSON.stringify({
				number: number('0172'),
				data: pdf1.toString('base64'),
				scheduled_at: sendAt.toISOString(),
			}),
		});
		expect(response.status).toBe(201);
		const [id] = simIds(sim, 'faxRocks');

		for (let index = 0; index < 4; index++) {
			await sim.advanceClock(1800);
			expect((await trigger.poll()).items).toBeNull();
		}
		expect(Object.keys(trigger.current().pending as IDataObject)).toEqual([id]);
		await sim.advanceClock(60);
		expect(emittedIds(await trigger.poll())).toEqual([id]);
		expect((await trigger.poll()).items).toBeNull();
	});
});
