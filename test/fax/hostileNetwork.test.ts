/**
 * A hostile provider or an odd network, through the Fax node in real n8n-core against the
 * simulator: redirects (never followed to another origin, a send's redirect is the uncertain
 * outcome), 2xx answers that are not JSON, a send that hangs, 429 with Retry-After 0, a
 * rate-limit reset far in the future, FaxDrop's hour limit, and plain http Base URLs.
 */
import type { INodeParameters } from 'n8n-workflow';

import { startTestServer, type TestServer } from '../harness';
import {
	FAXDROP_SENDER,
	NUMBERS,
	PROVIDERS,
	SEND_PATH,
	credentialsFor,
	jsonOf,
	pdfBinary,
	runFax,
	useFaxEnv,
	type Json,
	type Provider,
} from './helpers';

const env = useFaxEnv();
let foreign: TestServer;

beforeAll(async () => {
	foreign = await startTestServer(() => ({ body: { error: 'should never be called' } }));
});
afterAll(async () => {
	await foreign.close();
});
beforeEach(() => {
	foreign.requests.length = 0;
});

function sender(provider: Provider): Record<string, string> {
	return provider === 'faxDrop' ? FAXDROP_SENDER : {};
}

async function send(provider: Provider, options: INodeParameters = {}) {
	return await runFax(env, {
		provider,
		operation: 'send',
		parameters: { toNumber: NUMBERS.ok, ...sender(provider), options },
	});
}

/** An existing fax of the provider to read (faxrocks has no single-fax read: list instead). */
async function sentFaxId(provider: Provider): Promise<string> {
	const result = await send(provider);
	env.sim.clearRequests();
	return String(result.items[0].json.id);
}

const STATUS_PATH: Record<Exclude<Provider, 'faxRocks'>, string> = {
	faxDrop: '/faxdrop/api/v1/fax/{id}',
	sendFaxMail: '/sendfaxmail/v1/faxes/{id}',
};

describe.each(PROVIDERS)('%s: a send answered with a redirect', (provider) => {
	it.each([307, 308, 302])(
		'HTTP %i to another origin: not followed, nothing reaches that host, uncertain naming it',
		async (status) => {
			env.sim.addFault({
				method: 'POST',
				path: SEND_PATH[provider],
				kind: 'redirect',
				status,
				location: `${foreign.url}/collect`,
			});
			const result = await send(provider);
			expect(foreign.requests).toHaveLength(0);
			expect(env.sim.requests({ method: 'POST', path: SEND_PATH[provider] })).toHaveLength(1);
			expect(result.run.status).toBe('success');
			const [json] = jsonOf(result.items);
			expect(json).toMatchObject({ status: 'unknown', error: { code: 'OUTCOME_UNCERTAIN' } });
			expect(json.error.message).toContain(
				`redirect (HTTP ${status}) to ${new URL(foreign.url).host}`,
			);
			expect(json.error.message).toMatch(/not sent again automatically/);
		},
	);

	it('HTTP 308 to the same origin is not repeated either (the request was delivered)', async () => {
		env.sim.addFault({
			method: 'POST',
			path: SEND_PATH[provider],
			kind: 'redirect',
			status: 308,
			location: SEND_PATH[provider],
		});
		const result = await send(provider);
		expect(env.sim.requests({ method: 'POST' })).toHaveLength(1);
		expect(env.sim.faxes()).toHaveLength(0);
		const [json] = jsonOf(result.items);
		expect(json).toMatchObject({ status: 'unknown', error: { code: 'OUTCOME_UNCERTAIN' } });
	});
});

describe.each(['faxDrop', 'sendFaxMail'] as const)(
	'%s: a status read answered with a redirect',
	(provider) => {
		it('to another origin: a provider error naming the host; the key never leaves', async () => {
			const id = await sentFaxId(provider);
			env.sim.addFault({
				method: 'GET',
				path: STATUS_PATH[provider],
				kind: 'redirect',
				status: 302,
				location: `${foreign.url}/login`,
			});
			const result = await runFax(env, {
				provider,
				operation: 'getStatus',
				parameters: { faxId: id },
			});
			expect(foreign.requests).toHaveLength(0);
			expect(result.run.status).toBe('error');
			const error = result.nodeError as Json;
			expect(error.name).toBe('NodeApiError');
			expect(error.message).toContain(`redirect (HTTP 302) to ${new URL(foreign.url).host}`);
			expect(error.description).toMatch(/Base URL/);
		});

		it('to the same origin: followed (a moved path), with the key, once', async () => {
			const id = await sentFaxId(provider);
			const path = STATUS_PATH[provider].replace('{id}', id);
			env.sim.addFault({ method: 'GET', path, kind: 'redirect', status: 301, location: path });
			const result = await runFax(env, {
				provider,
				operation: 'getStatus',
				parameters: { faxId: id },
			});
			expect(result.run.status).toBe('success');
			expect(result.items[0].json).toMatchObject({ id, status: 'queued' });
			expect(env.sim.requests({ method: 'GET' }).map((request) => request.status)).toEqual([
				301, 200,
			]);
		});
	},
);

describe('a 2xx answer that is not JSON is never a success', () => {
	it.each(PROVIDERS)(
		'%s send answered by an HTML login page: uncertain, "not with a fax"',
		async (provider) => {
			env.sim.addFault({ method: 'POST', path: SEND_PATH[provider], kind: 'html-200' });
			const result = await send(provider);
			const [json] = jsonOf(result.items);
			expect(json).toMatchObject({
				id: null,
				status: 'unknown',
				error: { code: 'OUTCOME_UNCERTAIN' },
			});
			expect(json.error.message).toMatch(
				/answered \(HTTP 200\), but with an HTML page instead of a fax/,
			);
			expect(json.error.message).not.toMatch(/password|Sign in/);
			expect(env.sim.requests({ method: 'POST' })).toHaveLength(1);
		},
	);

	it.each(['faxDrop', 'sendFaxMail'] as const)(
		'%s send answered with cut-off JSON: the fax exists, the item is uncertain, not sent twice',
		async (provider) => {
			env.sim.addFault({ method: 'POST', path: SEND_PATH[provider], kind: 'truncated-json' });
			const result = await send(provider);
			expect(env.sim.faxes()).toHaveLength(1);
			expect(env.sim.requests({ method: 'POST' })).toHaveLength(1);
			const [json] = jsonOf(result.items);
			expect(json).toMatchObject({ status: 'unknown', error: { code: 'OUTCOME_UNCERTAIN' } });
			expect(json.error.message).toMatch(/cut-off or malformed JSON instead of a fax/);
		},
	);

	it('faxrocks send answered with cut-off JSON: the fax is found in the list instead', async () => {
		env.sim.addFault({ method: 'POST', path: SEND_PATH.faxRocks, kind: 'truncated-json' });
		const result = await send('faxRocks');
		expect(env.sim.faxes()).toHaveLength(1);
		expect(result.items[0].json).toMatchObject({ id: env.sim.faxes()[0].id, error: null });
	});

	it.each(['faxDrop', 'sendFaxMail'] as const)(
		'%s status read answered by HTML: an error',
		async (provider) => {
			const id = await sentFaxId(provider);
			env.sim.addFault({ method: 'GET', path: STATUS_PATH[provider], kind: 'html-200' });
			const result = await runFax(env, {
				provider,
				operation: 'getStatus',
				parameters: { faxId: id },
			});
			expect(result.run.status).toBe('error');
			const error = result.nodeError as Json;
			expect(error.name).toBe('NodeApiError');
			expect(error.message).toMatch(
				/answered HTTP 200 with an HTML page instead of the API's JSON/,
			);
		},
	);

	it('faxrocks list answered by HTML: an error, not an empty list', async () => {
		env.sim.addFault({ method: 'GET', path: '/faxrocks/api/faxes', kind: 'html-200' });
		const result = await runFax(env, {
			provider: 'faxRocks',
			operation: 'list',
			parameters: { limit: 5 },
		});
		expect(result.run.status).toBe('error');
		expect(result.nodeError?.message).toMatch(/HTML page instead of the API's JSON/);
	});
});

describe('a send that hangs', () => {
	it('SendFAXMail: one upload, the uncertain outcome carrying the Idempotency-Key, within the request timeout', async () => {
		env.sim.addFault({ method: 'POST', path: SEND_PATH.sendFaxMail, kind: 'hang' });
		// The simulator never answers: only the node's 1 s timeout ends the run (the default,
		// 120 s, would outlast the test's time budget).
		const result = await send('sendFaxMail', { requestTimeoutSeconds: 1 });
		const posts = env.sim.requests({ method: 'POST', path: SEND_PATH.sendFaxMail });
		expect(posts).toHaveLength(1);
		// Never answered: the node gave up on its own.
		expect(posts[0].status).toBeNull();
		expect(env.sim.faxes()).toHaveLength(1);
		const [json] = jsonOf(result.items);
		expect(json).toMatchObject({ status: 'unknown', error: { code: 'OUTCOME_UNCERTAIN' } });
		expect(json.error.message).toMatch(/no answer within 1 s/);
		expect(json.error.message).not.toMatch(/Could not reach/);
		const key = posts[0].headers['idempotency-key'] as string;
		expect(json.error.message).toContain(`"Idempotency Key" to ${key}`);
	});

	it.each(['faxDrop', 'faxRocks'] as const)('%s: one upload, never repeated', async (provider) => {
		env.sim.addFault({ method: 'POST', path: SEND_PATH[provider], kind: 'hang' });
		const result = await send(provider, { requestTimeoutSeconds: 1 });
		expect(env.sim.requests({ method: 'POST' })).toHaveLength(1);
		expect(env.sim.faxes()).toHaveLength(1);
		if (provider === 'faxRocks') {
			// faxrocks' list shows the fax the hung request created.
			expect(result.items[0].json).toMatchObject({ id: env.sim.faxes()[0].id, error: null });
		} else {
			expect(result.items[0].json).toMatchObject({
				status: 'unknown',
				error: { code: 'OUTCOME_UNCERTAIN' },
			});
		}
	});
});

describe('429 with Retry-After: 0', () => {
	it('is waited out at least a second between tries', async () => {
		env.sim.addFault({
			method: 'POST',
			path: SEND_PATH.faxDrop,
			kind: '429',
			retryAfter: 0,
			count: 2,
		});
		const result = await send('faxDrop');
		expect(result.run.status).toBe('success');
		const posts = env.sim.requests({ method: 'POST' });
		expect(posts.map((request) => request.status)).toEqual([429, 429, 200]);
		for (let index = 1; index < posts.length; index++) {
			expect(
				Date.parse(posts[index].realAt) - Date.parse(posts[index - 1].realAt),
			).toBeGreaterThanOrEqual(950);
		}
	});

	it('without end: the node stops after 5 tries with a clear error, nothing sent', async () => {
		env.sim.addFault({
			method: 'POST',
			path: SEND_PATH.sendFaxMail,
			kind: '429',
			retryAfter: 0,
			count: 50,
		});
		const result = await send('sendFaxMail');
		expect(env.sim.requests({ method: 'POST' })).toHaveLength(5);
		expect(env.sim.faxes()).toHaveLength(0);
		expect(result.run.status).toBe('error');
		const error = result.nodeError as Json;
		expect(error.name).toBe('NodeApiError');
		expect(error.description).toMatch(/rate-limited 5 times in a row/);
		expect(error.description).toMatch(/Nothing was sent/);
	});
});

describe('rate-limit windows the provider announces', () => {
	it('a reset a year away is reported, not waited for or kept until a restart', async () => {
		env.sim.addFault({ method: 'POST', path: SEND_PATH.faxDrop, kind: 'rate-limit-reset' });
		const first = await send('faxDrop');
		expect(first.run.status).toBe('success');
		const second = await send('faxDrop');
		expect(second.run.status).toBe('error');
		const error = second.nodeError as Json;
		expect(error.message).toMatch(/FaxDrop rate limit: the next request is allowed in 36\d days/);
		expect(error.message).toMatch(/asks FaxDrop again after at most 60 min/);
		expect(env.sim.requests({ method: 'POST' })).toHaveLength(1);
	});

	it("FaxDrop's hour limit used up: the next send fails at once naming the hour limit", async () => {
		env.sim.addFault({
			method: 'POST',
			path: SEND_PATH.faxDrop,
			kind: 'rate-limit-reset',
			window: 'hour',
			resetSeconds: 1800,
		});
		await send('faxDrop');
		const second = await send('faxDrop');
		expect(second.run.status).toBe('error');
		expect(second.nodeError?.message).toMatch(
			/allowed in 30 min, longer than the maximum wait of 120 s/,
		);
		expect(second.nodeError?.message).toMatch(/FaxDrop's hour limit \(1 requests\) is used up/);
		expect(env.sim.requests({ method: 'POST' })).toHaveLength(1);
	});
});

describe('plain http Base URL', () => {
	it.each(PROVIDERS)(
		'%s: refused before any request unless the host is loopback',
		async (provider) => {
			const credentials = credentialsFor(env.sim, provider);
			const [type] = Object.keys(credentials);
			const data = credentials[type] as Record<string, string>;
			const port = new URL(env.sim.url).port;
			const sendWithBaseUrl = async (baseUrl: string) =>
				await env.harness.runNode({
					type: 'n8n-nodes-fax.fax',
					parameters: {
						provider,
						resource: 'fax',
						operation: 'send',
						toNumber: NUMBERS.ok,
						...sender(provider),
					},
					credentials: { [type]: { ...data, baseUrl } },
					items: [{ json: {}, binary: pdfBinary() }],
				});

			const result = await sendWithBaseUrl(
				data.baseUrl.replace(`127.0.0.1:${port}`, `fax-sim.example.com:${port}`),
			);
			expect(result.run.status).toBe('error');
			expect(result.nodeError?.message).toMatch(
				/starts with http:\/\/, which would send the API key and the documents unencrypted/,
			);
			expect((result.nodeError as Json).description).toMatch(/127\.0\.0\.1, ::1 and localhost/);
			expect(env.sim.requests()).toHaveLength(0);

			const loopback = await sendWithBaseUrl(data.baseUrl.replace('127.0.0.1', 'localhost'));
			expect(loopback.run.status).toBe('success');
		},
	);
});
