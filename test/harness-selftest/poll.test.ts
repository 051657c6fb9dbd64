import type { IDataObject } from 'n8n-workflow';

import { createHarness, startTestServer, type Harness, type TestServer } from '../harness';
import { FIXTURE, fixtureCredentials, fixtureNodes } from '../fixtures';

const NODE_KEY = 'node:Fixture Poll Trigger';

describe('harness: polling trigger in a real PollContext', () => {
	let harness: Harness;
	let api: TestServer;
	let events: IDataObject[];
	const credentials = () => ({ fixtureApi: { baseUrl: api.url, apiToken: 'poll-token' } });

	beforeAll(async () => {
		harness = await createHarness({ nodes: fixtureNodes(), credentials: fixtureCredentials() });
		api = await startTestServer(() => ({ body: { events } }));
	});

	beforeEach(() => {
		api.requests.length = 0;
		events = [
			{ id: 1, status: 'delivered' },
			{ id: 2, status: 'failed' },
		];
	});

	afterAll(async () => {
		await api.close();
		await harness.close();
	});

	it('persists static data across polls when the same object is passed back (restarts)', async () => {
		const staticData: IDataObject = {};

		const first = await harness.runPoll({
			type: FIXTURE.poll,
			credentials: credentials(),
			staticData,
		});
		expect(first.items?.[0].map((item) => item.json.id)).toEqual([1, 2]);
		expect(first.items?.[0][0].json).toMatchObject({ mode: 'trigger', timezone: 'UTC' });
		expect(first.emitted).toBe(true);
		expect(api.requests[0].query.get('since')).toBe('0');
		expect(api.requests[0].headers.authorization).toBe('Bearer poll-token');
		expect(staticData).toEqual({ [NODE_KEY]: { lastId: 2, polls: 1 } });

		// Nothing new: poll() returns null, n8n emits nothing and therefore saves nothing.
		const second = await harness.runPoll({
			type: FIXTURE.poll,
			credentials: credentials(),
			staticData,
		});
		expect(api.requests[1].query.get('since')).toBe('2');
		expect(second.items).toBeNull();
		expect(second.emitted).toBe(false);
		expect(second.staticDataChanged).toBe(true);
		expect(second.inMemoryStaticData).toEqual({ [NODE_KEY]: { lastId: 2, polls: 2 } });
		expect(second.staticData).toEqual({ [NODE_KEY]: { lastId: 2, polls: 1 } });
		expect(staticData).toEqual({ [NODE_KEY]: { lastId: 2, polls: 1 } });

		events.push({ id: 3, status: 'delivered' });
		const third = await harness.runPoll({
			type: FIXTURE.poll,
			credentials: credentials(),
			staticData,
		});
		expect(api.requests[2].query.get('since')).toBe('2');
		expect(third.items?.[0].map((item) => item.json.id)).toEqual([3]);
		expect(third.nodeStaticData).toEqual({ lastId: 3, polls: 2 });
		expect(staticData).toEqual({ [NODE_KEY]: { lastId: 3, polls: 2 } });
	});

	it('keeps in-memory static data within one activation, like ActiveWorkflows', async () => {
		const poller = harness.createPoller({ type: FIXTURE.poll, credentials: credentials() });
		expect((await poller.poll()).items?.[0]).toHaveLength(2);
		expect((await poller.poll()).items).toBeNull();
		const third = await poller.poll();
		expect(third.inMemoryStaticData).toEqual({ [NODE_KEY]: { lastId: 2, polls: 3 } });
		expect(poller.persistedStaticData()).toEqual({ [NODE_KEY]: { lastId: 2, polls: 1 } });

		poller.restart();
		events.push({ id: 5 });
		const afterRestart = await poller.poll();
		expect(afterRestart.items?.[0].map((item) => item.json.id)).toEqual([5]);
		expect(afterRestart.nodeStaticData).toEqual({ lastId: 5, polls: 2 });
	});

	it("manual mode ('Fetch Test Event') returns data but n8n does not save static data", async () => {
		const staticData: IDataObject = { [NODE_KEY]: { lastId: 1 } };
		const result = await harness.runPoll({
			type: FIXTURE.poll,
			credentials: credentials(),
			staticData,
			mode: 'manual',
		});
		expect(result.items?.[0].map((item) => item.json)).toEqual([
			{ id: 2, status: 'failed', mode: 'manual', timezone: 'UTC' },
		]);
		expect(result.inMemoryStaticData).toEqual({ [NODE_KEY]: { lastId: 2, polls: 1 } });
		expect(staticData).toEqual({ [NODE_KEY]: { lastId: 1 } });
	});

	it('propagates errors thrown by poll()', async () => {
		api.setHandler(() => ({ status: 401, body: { message: 'bad token' } }));
		await expect(
			harness.runPoll({ type: FIXTURE.poll, credentials: credentials() }),
		).rejects.toThrow('Authorization failed - please check your credentials');
		api.setHandler(() => ({ body: { events } }));
	});
});
