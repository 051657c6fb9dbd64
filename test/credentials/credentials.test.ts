/**
 * Each credential's `test` through n8n's credential-tester flow, and its `authenticate` on the
 * wire (node requests and test requests), against the simulator.
 */
import type { Simulator } from '../../simulator';
import { SIM_KEYS, startSimulator } from '../../simulator';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { networkInterfaces } from 'node:os';

import { NodeHelpers } from 'n8n-workflow';

import { createHarness, type Harness } from '../harness';
import { FAX_NODE, PACKAGE_DIR } from '../fax/helpers';

describe('credentials', () => {
	let harness: Harness;
	let sim: Simulator;

	beforeAll(async () => {
		harness = await createHarness({ packageDir: PACKAGE_DIR });
		sim = await startSimulator({ speed: 0 });
	});
	beforeEach(() => sim.reset());
	afterAll(async () => {
		await sim.stop();
		await harness.close();
	});

	const faxRocks = (apiToken: string) => ({ apiToken, baseUrl: sim.baseUrls.faxRocks });
	const faxDrop = (apiKey: string) => ({ apiKey, baseUrl: sim.baseUrls.faxDrop });
	const sendFaxMail = (apiKey: string) => ({ apiKey, baseUrl: sim.baseUrls.sendFaxMail });

	describe('faxRocksApi', () => {
		it('a good token passes; the test reads GET /user with the Bearer token', async () => {
			const result = await harness.testCredential(
				'faxRocksApi',
				faxRocks(SIM_KEYS.faxRocks.primary),
			);
			expect(result).toMatchObject({ status: 'OK', message: 'Connection successful!' });
			const requests = sim.requests({ provider: 'faxRocks' });
			expect(requests).toHaveLength(1);
			expect(requests[0]).toMatchObject({ method: 'GET', path: '/faxrocks/api/user', status: 200 });
			expect(requests[0].headers.authorization).toBe('Bearer sim_faxr…');
			// Nothing was sent.
			expect(sim.faxes()).toHaveLength(0);
		});

		it("a bad token (401) fails with the package's message, not n8n's version-dependent status text", async () => {
			const result = await harness.testCredential('faxRocksApi', faxRocks('not-a-real-token'));
			expect(result.status).toBe('Error');
			expect(result.message).toMatch(/faxrocks did not accept this API token/);
			expect(result.message).toMatch(/Copy the whole token again/);
			expect(sim.requests()[0].status).toBe(401);
			expect(sim.requests()[0].headers.authorization).toBe('Bearer not-a-re…');
		});

		it('a Base URL answering with a web page (200, not JSON) fails the test', async () => {
			const page = await startHtmlServer();
			try {
				const result = await harness.testCredential('faxRocksApi', {
					apiToken: SIM_KEYS.faxRocks.primary,
					baseUrl: page.url,
				});
				expect(result.status).toBe('Error');
				expect(result.message).toMatch(/Base URL/);
			} finally {
				await page.stop();
			}
		});
	});

	describe('faxDropApi', () => {
		it('a good key passes: the probe for a fax that cannot exist answers 404', async () => {
			const result = await harness.testCredential('faxDropApi', faxDrop(SIM_KEYS.faxDrop.primary));
			expect(result).toMatchObject({ status: 'OK', message: 'Connection successful!' });
			const [request] = sim.requests({ provider: 'faxDrop' });
			expect(request.method).toBe('GET');
			expect(request.path).toMatch(/^\/faxdrop\/api\/v1\/fax\/fax_/);
			expect(request.status).toBe(404);
			expect(request.headers['x-api-key']).toBe('fd_live_…');
			expect(request.headers.authorization).toBeUndefined();
			expect(sim.faxes()).toHaveLength(0);
		});

		it('a revoked key fails with a message saying so', async () => {
			const result = await harness.testCredential('faxDropApi', faxDrop(SIM_KEYS.faxDrop.revoked));
			expect(result.status).toBe('Error');
			expect(result.message).toMatch(/FaxDrop rejected this API key/);
			expect(result.message).toMatch(/revoked/);
			expect(sim.requests()[0].status).toBe(401);
		});

		it('a malformed key fails and the message states the key format', async () => {
			const result = await harness.testCredential('faxDropApi', faxDrop('fd_test_123'));
			expect(result.status).toBe('Error');
			expect(result.message).toMatch(/fd_live_ followed by 32 hex characters/);
		});
	});

	describe('sendFaxMailApi', () => {
		it('a Business key passes; the test reads one fax with the Bearer key', async () => {
			const result = await harness.testCredential(
				'sendFaxMailApi',
				sendFaxMail(SIM_KEYS.sendFaxMail.business),
			);
			expect(result).toMatchObject({ status: 'OK', message: 'Connection successful!' });
			const [request] = sim.requests({ provider: 'sendFaxMail' });
			expect(request).toMatchObject({ method: 'GET', path: '/sendfaxmail/v1/faxes', status: 200 });
			expect(request.query).toMatchObject({ limit: '1' });
			expect(request.headers.authorization).toBe('Bearer sfm_live…');
			expect(sim.faxes()).toHaveLength(0);
		});

		it('a bad key fails with the "rejected" message', async () => {
			const result = await harness.testCredential('sendFaxMailApi', sendFaxMail('sfm_live_nope'));
			expect(result.status).toBe('Error');
			expect(result.message).toMatch(/SendFAXMail rejected this API key/);
		});

		it('a Starter key fails with the plan message', async () => {
			const result = await harness.testCredential(
				'sendFaxMailApi',
				sendFaxMail(SIM_KEYS.sendFaxMail.starter),
			);
			expect(result.status).toBe('Error');
			expect(result.message).toMatch(/needs the Business or Enterprise plan/);
			expect(sim.requests()[0].status).toBe(403);
		});

		it('a send-only key fails saying it lacks faxes:read', async () => {
			const result = await harness.testCredential(
				'sendFaxMailApi',
				sendFaxMail(SIM_KEYS.sendFaxMail.sendOnly),
			);
			expect(result.status).toBe('Error');
			expect(result.message).toMatch(/lacks the faxes:read scope/);
			expect(sim.requests()[0].status).toBe(403);
		});
	});

	describe('authenticate on node requests', () => {
		it('faxrocks: Authorization: Bearer <token> on every request, no other key header', async () => {
			const result = await harness.runNode({
				type: FAX_NODE,
				parameters: { provider: 'faxRocks', resource: 'account', operation: 'get' },
				credentials: { faxRocksApi: faxRocks(SIM_KEYS.faxRocks.primary) },
			});
			expect(result.run.status).toBe('success');
			expect(result.items[0].json).toMatchObject({ name: 'Sim Clinic Front Desk' });
			const requests = sim.requests();
			expect(requests).toHaveLength(1);
			expect(requests[0].headers.authorization).toBe('Bearer sim_faxr…');
			expect(requests[0].headers['x-api-key']).toBeUndefined();
		});

		it('FaxDrop: X-API-Key: <key>, no Authorization header', async () => {
			const result = await harness.runNode({
				type: FAX_NODE,
				parameters: {
					provider: 'faxDrop',
					resource: 'fax',
					operation: 'getStatus',
					faxId: 'fax_doesnotexist00',
				},
				credentials: { faxDropApi: faxDrop(SIM_KEYS.faxDrop.primary) },
			});
			// 404 proves the key was accepted: an unknown key answers 401.
			expect(result.nodeError?.message).toMatch(/Fax not found/);
			const [request] = sim.requests();
			expect(request.status).toBe(404);
			expect(request.headers['x-api-key']).toBe('fd_live_…');
			expect(request.headers.authorization).toBeUndefined();
		});

		it('SendFAXMail: Authorization: Bearer <key>', async () => {
			const result = await harness.runNode({
				type: FAX_NODE,
				parameters: { provider: 'sendFaxMail', resource: 'number', operation: 'list' },
				credentials: { sendFaxMailApi: sendFaxMail(SIM_KEYS.sendFaxMail.business) },
			});
			expect(result.run.status).toBe('success');
			expect(result.items[0].json).toMatchObject({ number: '+12125550100' });
			const [request] = sim.requests();
			expect(request.status).toBe(200);
			expect(request.headers.authorization).toBe('Bearer sfm_live…');
		});
	});

	describe('plain http Base URL', () => {
		const cases = () =>
			[
				['faxRocksApi', { apiToken: SIM_KEYS.faxRocks.primary, baseUrl: sim.baseUrls.faxRocks }],
				['faxDropApi', { apiKey: SIM_KEYS.faxDrop.primary, baseUrl: sim.baseUrls.faxDrop }],
				[
					'sendFaxMailApi',
					{ apiKey: SIM_KEYS.sendFaxMail.business, baseUrl: sim.baseUrls.sendFaxMail },
				],
			] as const;

		it('a non-loopback http:// host fails the test without any request carrying the key', async () => {
			// A simulator reachable on this machine's network address, i.e. not over loopback.
			const lan = Object.values(networkInterfaces())
				.flat()
				.find((entry) => entry?.family === 'IPv4' && !entry.internal)?.address;
			const open = await startSimulator({ speed: 0, host: '0.0.0.0' });
			try {
				const port = new URL(open.url).port;
				for (const [type, data] of cases()) {
					const host = lan ?? 'fax-sim.example.com';
					const insecure = data.baseUrl.replace(/127\.0\.0\.1:\d+/, `${host}:${port}`);
					const result = await harness.testCredential(type, { ...data, baseUrl: insecure });
					expect([type, result.status]).toEqual([type, 'Error']);
				}
				expect(open.requests()).toHaveLength(0);
			} finally {
				await open.stop();
			}
		});

		it('loopback http:// (localhost, 127.x, the simulator) still passes', async () => {
			for (const [type, data] of cases()) {
				const result = await harness.testCredential(type, {
					...data,
					baseUrl: data.baseUrl.replace('127.0.0.1', 'localhost'),
				});
				expect([type, result.status]).toEqual([type, 'OK']);
			}
		});

		it('the credential shows a notice while the Base URL is plain http on another host', () => {
			for (const [type] of cases()) {
				const credential = harness.package.credentialTypes.getByName(type);
				const notice = credential.properties.find(
					(property) => property.name === 'plainHttpNotice',
				);
				expect(notice?.type).toBe('notice');
				const shown = (baseUrl: string) =>
					NodeHelpers.displayParameter({ baseUrl }, notice!, null, null);
				expect(shown('http://fax.example.com')).toBe(true);
				expect(shown('HTTP://127.0.0.1.example.com/api')).toBe(true);
				expect(shown('https://www.faxdrop.com')).toBe(false);
				expect(shown('http://127.0.0.1:4010/faxdrop')).toBe(false);
				expect(shown('http://localhost:4010')).toBe(false);
				expect(shown('http://[::1]:4010/x')).toBe(false);
			}
		});

		it('a redirect answering the test is not followed with the key', async () => {
			for (const [type, data] of cases()) {
				sim.reset();
				sim.addFault({
					kind: 'redirect',
					path: '/',
					status: 307,
					location: 'http://127.0.0.2:9/steal',
				});
				const result = await harness.testCredential(type, data);
				expect([type, result.status]).toEqual([type, 'Error']);
				expect(sim.requests().map((request) => request.status)).toEqual([307]);
			}
		});
	});
});

/** A server on 127.0.0.1 that answers every request 200 with a sign-in web page (a wrong Base URL). */
async function startHtmlServer(): Promise<{ url: string; stop: () => Promise<void> }> {
	const server = createServer((_request, response) => {
		response.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8' });
		response.end('<!doctype html><html><body><form>Sign in</form></body></html>');
	});
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	const { port } = server.address() as AddressInfo;
	return {
		url: `http://127.0.0.1:${port}`,
		stop: async () => await new Promise<void>((resolve) => server.close(() => resolve())),
	};
}
