/**
 * A provider that can't be reached: nothing can exist, so `outcome` is `not_sent` and a
 * fallback workflow may fax through another provider. Decided from the network error's code
 * (n8n rewrites the message: "The service refused the connection…"), over real sockets on
 * 127.0.0.1: a closed port, an HTTPS server whose certificate is not trusted (made at test
 * time), a host under the reserved `.invalid` domain (never resolves). A reset after the
 * upload followed by a refused retry stays `uncertain`.
 */
import type { INodeParameters } from 'n8n-workflow';

import {
	FAXDROP_SENDER,
	NUMBERS,
	PROVIDERS,
	credentialsFor,
	expectUnifiedFax,
	jsonOf,
	pdfBinary,
	useFaxEnv,
	type Json,
	type Provider,
} from './helpers';
import {
	closedPort,
	startResetThenRefuse,
	startUntrustedTlsServer,
	type CountingServer,
} from './selfSignedTls';

const env = useFaxEnv();

/** The provider's path below the simulator's origin (`/faxdrop`, `/sendfaxmail`, …). */
function basePath(provider: Provider): string {
	return new URL(env.sim.baseUrls[provider]).pathname;
}

async function sendTo(
	provider: Provider,
	baseUrl: string,
	parameters: INodeParameters = { failureMode: 'outputItems' },
) {
	const credentials = credentialsFor(env.sim, provider);
	const [type] = Object.keys(credentials);
	const data = credentials[type] as Record<string, string>;
	return await env.harness.runNode({
		type: 'n8n-nodes-fax.fax',
		parameters: {
			provider,
			resource: 'fax',
			operation: 'send',
			toNumber: NUMBERS.ok,
			...(provider === 'faxDrop' ? FAXDROP_SENDER : {}),
			...parameters,
		},
		credentials: { [type]: { ...data, baseUrl } },
		items: [{ json: {}, binary: pdfBinary() }],
	});
}

function expectNotSent(json: Json, provider: Provider): void {
	expectUnifiedFax(json, provider, { sent: true });
	expect(json).toMatchObject({ outcome: 'not_sent', status: 'failed', id: null });
	expect(json.error.code).not.toBe('OUTCOME_UNCERTAIN');
	expect(json.error.message).toMatch(/Nothing was sent/);
	expect(json.error.message).not.toMatch(/may or may not|not sent again automatically/);
}

describe.each(PROVIDERS)('%s: provider unreachable before any byte left', (provider) => {
	it('connection refused (a closed port): not_sent, saying the connection was refused', async () => {
		const port = await closedPort();
		const result = await sendTo(provider, `http://127.0.0.1:${port}${basePath(provider)}`);
		expect(result.nodeError).toBeUndefined();
		const [json] = jsonOf(result.items);
		expectNotSent(json, provider);
		expect(json.error.message).toMatch(/refused the connection|connection was refused/i);
	});

	it('DNS failure (a host under .invalid): not_sent, naming the host lookup', async () => {
		const result = await sendTo(provider, `https://fax-provider.invalid${basePath(provider)}`);
		const [json] = jsonOf(result.items);
		expectNotSent(json, provider);
		expect(json.error.message).toMatch(/fax-provider\.invalid/);
		expect(json.error.message).toMatch(/DNS|could not be found|not resolve/i);
	});

	it('untrusted TLS certificate: not_sent, 0 requests received, said to be a TLS failure', async () => {
		const server: CountingServer = await startUntrustedTlsServer();
		try {
			const result = await sendTo(provider, `${server.url}${basePath(provider)}`);
			expect(server.connections).toBeGreaterThan(0);
			expect(server.requests).toBe(0);
			const [json] = jsonOf(result.items);
			expectNotSent(json, provider);
			expect(json.error.message).toMatch(/TLS/);
			expect(json.error.message).toMatch(/certificate/i);
			expect(json.error.message).toMatch(/proxy/i);
		} finally {
			await server.close();
		}
	});

	it('default mode: the item fails with the same words (no uncertain hint)', async () => {
		const port = await closedPort();
		const result = await sendTo(provider, `http://127.0.0.1:${port}${basePath(provider)}`, {});
		expect(result.items).toEqual([]);
		const error = result.nodeError as Json;
		expect(`${error.message} ${error.description}`).toMatch(/Nothing was sent/);
		expect(`${error.message} ${error.description}`).not.toMatch(/may or may not/);
	});
});

describe.each(['faxDrop', 'sendFaxMail'] as const)(
	'%s: a reset after the upload, then the retry refused',
	(provider) => {
		it('stays uncertain: the first attempt may have created the fax', async () => {
			const server = await startResetThenRefuse();
			try {
				const result = await sendTo(provider, `${server.url}${basePath(provider)}`);
				expect(server.requests).toBe(1);
				const [json] = jsonOf(result.items);
				expect(json).toMatchObject({
					outcome: 'uncertain',
					status: 'unknown',
					error: { code: 'OUTCOME_UNCERTAIN' },
				});
				expect(json.error.message).toMatch(/not sent again automatically/);
			} finally {
				await server.close();
			}
		});
	},
);
