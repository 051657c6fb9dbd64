import { createHarness, startTestServer, type Harness, type TestServer } from '../harness';
import { FIXTURE, fixtureCredentials, fixtureNodes } from '../fixtures';

describe('harness: continueOnFail / onError / retryOnFail run through WorkflowExecute', () => {
	let harness: Harness;
	let api: TestServer;
	const credentials = () => ({ fixtureApi: { baseUrl: api.url, apiToken: 'tok' } });

	beforeAll(async () => {
		harness = await createHarness({ nodes: fixtureNodes(), credentials: fixtureCredentials() });
		api = await startTestServer();
	});

	beforeEach(() => {
		api.requests.length = 0;
		// Item 1 fails, everything else succeeds.
		api.setHandler((request) =>
			request.headers['x-item-index'] === '1'
				? { status: 400, body: { message: 'Fax number is invalid' } }
				: { body: { ok: true } },
		);
	});

	afterAll(async () => {
		await api.close();
		await harness.close();
	});

	const items = [
		{ json: { to: '+1 555 0100' } },
		{ json: { to: 'nope' } },
		{ json: { to: '+1 555 0102' } },
	];

	it('fails the execution when the node throws and nothing is set', async () => {
		const result = await harness.runNode({ type: FIXTURE.http, credentials: credentials(), items });
		expect(result.run.status).toBe('error');
		expect(result.items).toEqual([]);
		expect(result.nodeError?.name).toBe('NodeApiError');
		expect(result.nodeError?.message).toContain('Bad request');
		expect(result.run.data.resultData.error?.message).toBe(result.nodeError?.message);
		expect(result.run.data.resultData.lastNodeExecuted).toBe(result.nodeName);
	});

	it('continueOnFail: produces an error item with pairedItem and keeps going', async () => {
		const result = await harness.runNode({
			type: FIXTURE.http,
			credentials: credentials(),
			items,
			nodeOptions: { continueOnFail: true },
		});
		expect(result.run.status).toBe('success');
		expect(result.items).toHaveLength(3);
		expect(result.items[1].json.error).toEqual(expect.stringContaining('Bad request'));
		expect(result.items[1].pairedItem).toEqual({ item: 1 });
		expect(result.items[0].json.response).toEqual({ ok: true });
		expect(result.items[2].pairedItem).toEqual({ item: 2 });
	});

	it("onError 'continueErrorOutput': n8n routes the error item to the error output", async () => {
		const result = await harness.runNode({
			type: FIXTURE.http,
			credentials: credentials(),
			items,
			nodeOptions: { onError: 'continueErrorOutput' },
		});
		expect(result.run.status).toBe('success');
		expect(result.allOutputs).toHaveLength(2);
		expect(result.allOutputs[0].map((item) => item.pairedItem)).toEqual([{ item: 0 }, { item: 2 }]);
		const [errorItem] = result.allOutputs[1];
		// WorkflowExecute merges the paired input item into the error item.
		expect(errorItem.json).toMatchObject({
			to: 'nope',
			error: expect.stringContaining('Bad request'),
		});
	});

	it('retryOnFail: retries the node with the same execution id', async () => {
		let calls = 0;
		api.setHandler(() => {
			calls++;
			return calls < 3 ? { status: 503, body: { message: 'busy' } } : { body: { ok: true } };
		});
		const result = await harness.runNode({
			type: FIXTURE.http,
			credentials: credentials(),
			nodeOptions: { retryOnFail: true, maxTries: 3, waitBetweenTries: 10 },
		});

		expect(result.run.status).toBe('success');
		expect(calls).toBe(3);
		const executionIds = api.requests.map((request) => request.headers['x-execution-id']);
		expect(executionIds).toEqual([result.executionId, result.executionId, result.executionId]);
		expect(result.items[0].json).toMatchObject({
			response: { ok: true },
			executionId: result.executionId,
		});
		// One task for the node: retries happen inside one run.
		expect(result.taskData(result.nodeName)).toHaveLength(1);
	});

	it('retryOnFail: n8n caps maxTries at 5 and then fails', async () => {
		api.setHandler(() => ({ status: 500, body: { message: 'down' } }));
		const result = await harness.runNode({
			type: FIXTURE.http,
			credentials: credentials(),
			nodeOptions: { retryOnFail: true, maxTries: 9, waitBetweenTries: 1 },
		});
		expect(result.run.status).toBe('error');
		expect(api.requests).toHaveLength(5);
	});

	it('gives every run its own execution id, or the one passed in', async () => {
		const first = await harness.runNode({ type: FIXTURE.http, credentials: credentials() });
		const second = await harness.runNode({ type: FIXTURE.http, credentials: credentials() });
		const fixed = await harness.runNode({
			type: FIXTURE.http,
			credentials: credentials(),
			executionId: '4242',
		});
		expect(first.executionId).toMatch(/^\d+$/);
		expect(second.executionId).not.toBe(first.executionId);
		expect(fixed.executionId).toBe('4242');
		expect(api.requests.map((request) => request.headers['x-execution-id'])).toEqual([
			first.executionId,
			second.executionId,
			'4242',
		]);
	});
});
