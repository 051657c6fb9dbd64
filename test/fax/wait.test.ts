/**
 * Wait for Final Status and Send's "Wait for Completion": the node polls at the provider's
 * pace (in real seconds) while the simulator clock runs fast; a timeout returns the last known
 * status with error code WAIT_TIMEOUT unless Fail on Timeout is on.
 */
import {
	FAXDROP_SENDER,
	NUMBERS,
	expectUnifiedFax,
	runFax,
	useFaxEnv,
	type Json,
	type Provider,
} from './helpers';

const env = useFaxEnv();

async function send(provider: Provider, toNumber: string, options: Json = {}) {
	return await runFax(env, {
		provider,
		operation: 'send',
		parameters: { toNumber, ...(provider === 'faxDrop' ? FAXDROP_SENDER : {}), options },
	});
}

async function waitFor(
	provider: Provider,
	faxId: string,
	timeoutSeconds: number,
	failOnTimeout = false,
) {
	return await runFax(env, {
		provider,
		operation: 'waitForFinalStatus',
		parameters: { faxId, timeoutSeconds, failOnTimeout },
	});
}

function statusGets(provider: Provider) {
	const path = {
		faxRocks: '/faxrocks/api/faxes',
		faxDrop: '/faxdrop/api/v1/fax',
		sendFaxMail: '/sendfaxmail/v1/faxes',
	}[provider];
	return env.sim.requests({ method: 'GET', path });
}

describe('Wait for Final Status', () => {
	it.each(['faxRocks', 'sendFaxMail'] as const)(
		'%s: returns the delivered fax (clock at 60x)',
		async (provider) => {
			const sent = (await send(provider, NUMBERS.ok)).items[0].json;
			env.sim.clearRequests();
			// 2 s real = 120 s virtual: the fax is final at the second check.
			env.sim.setSpeed(60);
			const result = await waitFor(provider, sent.id as string, 2);
			env.sim.setSpeed(0);
			expect(result.run.status).toBe('success');
			const [item] = result.items.map((entry) => entry.json);
			expectUnifiedFax(item, provider);
			expect(item).toMatchObject({ id: sent.id, status: 'delivered', isFinal: true, error: null });
			expect(statusGets(provider).length).toBeGreaterThanOrEqual(2);
		},
	);

	it('times out with the last known status and WAIT_TIMEOUT, not an exception', async () => {
		const sent = (await send('sendFaxMail', NUMBERS.slow)).items[0].json;
		await env.sim.advanceClock(10);
		const result = await waitFor('sendFaxMail', sent.id as string, 1);
		expect(result.run.status).toBe('success');
		const [item] = result.items.map((entry) => entry.json) as Json[];
		expectUnifiedFax(item, 'sendFaxMail');
		expect(item).toMatchObject({ id: sent.id, status: 'sending', isFinal: false });
		expect(item.error.code).toBe('WAIT_TIMEOUT');
		expect(item.error.message).toMatch(/still "sending"/);
	});

	it('Fail on Timeout: the item fails instead', async () => {
		const sent = (await send('faxDrop', NUMBERS.slow)).items[0].json;
		const result = await waitFor('faxDrop', sent.id as string, 1, true);
		expect(result.run.status).toBe('error');
		expect(result.nodeError?.message).toMatch(/still "queued" after 1 s/);
		expect((result.nodeError as Json).description).toMatch(
			/Check it later with Get Status before sending again/,
		);
	});

	it('FaxDrop: checks every 5 s, its documented cadence', async () => {
		const sent = (await send('faxDrop', NUMBERS.ok)).items[0].json;
		env.sim.clearRequests();
		// 5 s real = 50 s virtual: queued at the first check, final at the second.
		env.sim.setSpeed(10);
		const result = await waitFor('faxDrop', sent.id as string, 20);
		env.sim.setSpeed(0);
		expect(result.items[0].json).toMatchObject({ id: sent.id, status: 'delivered' });
		const gets = statusGets('faxDrop');
		expect(gets).toHaveLength(2);
		const spacing = Date.parse(gets[1].realAt) - Date.parse(gets[0].realAt);
		expect(spacing).toBeGreaterThanOrEqual(4900);
		expect(spacing).toBeLessThan(8000);
	});
});

describe('Send with Wait for Completion', () => {
	it.each(['faxDrop', 'sendFaxMail'] as const)(
		'%s: the send item ends delivered',
		async (provider) => {
			env.sim.setSpeed(60);
			const result = await send(provider, NUMBERS.ok, {
				waitForCompletion: true,
				timeoutSeconds: 2,
			});
			env.sim.setSpeed(0);
			expect(result.run.status).toBe('success');
			const [item] = result.items.map((entry) => entry.json);
			expectUnifiedFax(item, provider);
			expect(item).toMatchObject({ id: env.sim.faxes()[0].id, status: 'delivered', isFinal: true });
			expect(env.sim.faxes()).toHaveLength(1);
		},
	);

	it('a failed fax ends failed with the provider error', async () => {
		env.sim.setSpeed(60);
		const result = await send('faxRocks', NUMBERS.failed, {
			waitForCompletion: true,
			timeoutSeconds: 2,
		});
		env.sim.setSpeed(0);
		expect(result.items[0].json).toMatchObject({
			status: 'failed',
			error: { message: expect.stringMatching(/No answer/) },
		});
	});

	it('a timeout keeps the last status with WAIT_TIMEOUT', async () => {
		const result = await send('faxDrop', NUMBERS.slow, {
			waitForCompletion: true,
			timeoutSeconds: 1,
		});
		expect(result.run.status).toBe('success');
		expect(result.items[0].json).toMatchObject({
			status: 'queued',
			error: { code: 'WAIT_TIMEOUT' },
		});
	});
});
