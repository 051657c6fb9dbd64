import { createHarness, startTestServer, type Harness, type TestServer } from '../harness';
import { FIXTURE, fixtureCredentials, fixtureNodes } from '../fixtures';

describe('harness: httpRequestWithAuthentication inside WorkflowExecute', () => {
	let harness: Harness;
	let api: TestServer;

	beforeAll(async () => {
		harness = await createHarness({ nodes: fixtureNodes(), credentials: fixtureCredentials() });
		api = await startTestServer((request) => ({ body: { ok: true, path: request.path } }));
	});

	beforeEach(() => {
		api.requests.length = 0;
	});

	afterAll(async () => {
		await api.close();
		await harness.close();
	});

	it('applies the generic authenticate (Bearer expression) and credential property defaults', async () => {
		const result = await harness.runNode({
			type: FIXTURE.http,
			parameters: { method: 'GET', path: '/echo' },
			credentials: { fixtureApi: { baseUrl: api.url, apiToken: 'tok-123' } },
			items: [{ json: { a: 1 } }, { json: { a: 2 } }],
		});

		expect(result.run.status).toBe('success');
		expect(result.items).toHaveLength(2);
		expect(result.items[0].json.response).toEqual({ ok: true, path: '/echo' });
		expect(api.requests).toHaveLength(2);
		for (const request of api.requests) {
			expect(request.headers.authorization).toBe('Bearer tok-123');
			// `region` is not in the stored data: its property default was added by getDecrypted.
			expect(request.query.get('region')).toBe('eu');
			expect(request.headers['user-agent']).toBe('n8n');
		}
		expect(result.items.map((item) => item.pairedItem)).toEqual([{ item: 0 }, { item: 1 }]);
		expect(result.credentialsHelper.authenticatedRequests).toHaveLength(2);
	});

	it('keeps credentials encrypted at rest with the instance encryption key', async () => {
		const result = await harness.runNode({
			type: FIXTURE.http,
			credentials: { fixtureApi: { baseUrl: api.url, apiToken: 'secret-value' } },
		});
		const stored = await result.credentialsHelper.getCredentials(
			{ id: null, name: '' },
			'fixtureApi',
		);
		expect(stored.getDataToSave().data).not.toContain('secret-value');
		expect(stored.getData().apiToken).toBe('secret-value');
	});

	it('resolves parameter expressions and exposes the workflow timezone', async () => {
		const result = await harness.runWorkflow({
			nodes: [
				{ name: 'First', type: FIXTURE.http, parameters: { path: '/first' } },
				{
					name: 'Second',
					type: FIXTURE.http,
					parameters: { path: '={{ "/second" + $json.response.path + "/" + $execution.id }}' },
				},
			],
			connections: { First: { main: [[{ node: 'Second', type: 'main', index: 0 }]] } },
			credentials: { fixtureApi: { baseUrl: api.url, apiToken: 't' } },
			settings: { timezone: 'Europe/Berlin' },
		});

		expect(result.run.status).toBe('success');
		expect(api.requests.map((request) => request.path)).toEqual([
			'/first',
			`/second/first/${result.executionId}`,
		]);
		expect(result.output('Second')[0].json.timezone).toBe('Europe/Berlin');
		expect(result.output('First')[0].json.timezone).toBe('Europe/Berlin');
	});

	it('fails the node when the credential is missing, like n8n', async () => {
		const result = await harness.runNode({ type: FIXTURE.http });
		expect(result.run.status).toBe('error');
		expect(result.nodeError?.message).toBe('Node does not have any credentials set');
	});
});
