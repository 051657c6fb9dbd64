import type { ICredentialType } from 'n8n-workflow';

import {
	createHarness,
	startTestServer,
	type Harness,
	type TestResponse,
	type TestServer,
} from '../harness';
import { fixtureCredentials, fixtureNodes } from '../fixtures';

const untestable: ICredentialType = {
	name: 'untestableApi',
	displayName: 'Untestable API',
	properties: [],
};

describe("harness: credential tester (the cli's CredentialsTester flow)", () => {
	let harness: Harness;
	let api: TestServer;
	let reply: TestResponse;

	beforeAll(async () => {
		harness = await createHarness({
			nodes: fixtureNodes(),
			credentials: [...fixtureCredentials(), untestable],
		});
		api = await startTestServer(() => reply);
	});

	beforeEach(() => {
		api.requests.length = 0;
		reply = { body: { account: { status: 'active' } } };
	});

	afterAll(async () => {
		await api.close();
		await harness.close();
	});

	it('OK: sends test.request with baseURL expression and the authenticate applied', async () => {
		const result = await harness.testCredential('fixtureApi', {
			baseUrl: api.url,
			apiToken: 'good',
		});
		expect(result).toEqual({ status: 'OK', message: 'Connection successful!' });
		expect(api.requests).toHaveLength(1);
		const [request] = api.requests;
		expect(request).toMatchObject({ method: 'GET', path: '/me' });
		expect(request.headers.authorization).toBe('Bearer good');
		expect(request.query.get('region')).toBe('eu');
	});

	it("Error: a 401 reports n8n's NodeApiError message", async () => {
		reply = { status: 401, body: { message: 'Invalid token' } };
		const result = await harness.testCredential('fixtureApi', {
			baseUrl: api.url,
			apiToken: 'bad',
		});
		expect(result).toMatchObject({
			status: 'Error',
			message: 'Authorization failed - please check your credentials',
		});
		expect(result.details).toMatchObject({
			httpCode: 401,
			errorMessage: 'Authorization failed - please check your credentials',
			errorDescription: 'Invalid token',
		});
	});

	it('Error: a responseSuccessBody rule matching the 2xx body', async () => {
		reply = { body: { account: { status: 'disabled' } } };
		const result = await harness.testCredential('fixtureApi', { baseUrl: api.url, apiToken: 'ok' });
		expect(result).toEqual({ status: 'Error', message: 'This account is disabled' });
	});

	it('Error: function authenticate applied; responseCode rules do not fire with n8n 2.8', async () => {
		reply = { status: 403, body: { message: 'scope missing' } };
		const result = await harness.testCredential('fixtureKeyApi', {
			baseUrl: api.url,
			apiKey: 'k-1',
		});
		// n8n-workflow 2.8's NodeApiError drops `cause`, so the tester never sees the status and
		// the rule's "The key is valid but lacks the fax scope" is not used.
		expect(result).toMatchObject({
			status: 'Error',
			message: 'Forbidden - perhaps check your credentials?',
		});
		expect(result.details?.httpCode).toBe(403);
		expect(api.requests[0]).toMatchObject({ method: 'POST', path: '/key-check' });
		expect(api.requests[0].headers['x-api-key']).toBe('k-1');
	});

	it('Error: network failures', async () => {
		const closed = await startTestServer();
		const url = closed.url;
		await closed.close();
		const result = await harness.testCredential('fixtureApi', { baseUrl: url, apiToken: 'x' });
		expect(result).toMatchObject({
			status: 'Error',
			message: 'The service refused the connection - perhaps it is offline',
		});
	});

	it('Error: credential types without a test', async () => {
		const result = await harness.testCredential('untestableApi', {});
		expect(result).toEqual({
			status: 'Error',
			message: 'No testing function found for this credential.',
		});
	});
});
