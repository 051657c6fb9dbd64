/**
 * Wait for Final Status and Send's "Wait for Completion": the node polls at the provider's
 * pace (in real seconds); a timeout returns the last known status with error code WAIT_TIMEOUT
 * unless Fail on Timeout is on. Where a test needs the fax to change between two checks, it
 * moves the simulator clock itself while the node sleeps, so a slow machine sees the same
 * checks as a fast one.
 */
import {
	FAXDROP_SENDER,
	NUMBERS,
	expectUnifiedFax,
	runFax,
	until,
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

/**
 * The node's log line after a check that found the fax not final, just before it sleeps:
 * `Fax <id> is queued; checking again in 5 s`.
 */
function sleepsLogged(faxId: string): string[] {
	return env.harness.env.logger.entries
		.map((entry) => entry.message)
		.filter((message) => message.startsWith(`Fax ${faxId} is `));
}

/**
 * Runs Wait for Final Status with the clock stopped, and once the first check has found the
 * fax in progress (the node now sleeps until its next check), moves the clock `seconds` on.
 */
async function waitWhileClockMoves(
	provider: Provider,
	faxId: string,
	timeoutSeconds: number,
	seconds: number,
) {
	const running = waitFor(provider, faxId, timeoutSeconds);
	await until(() => sleepsLogged(faxId).length > 0, 30_000, 'the first status check');
	await env.sim.advanceClock(seconds);
	return await running;
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
		'%s: returns the delivered fax once it is final',
		async (provider) => {
			const sent = (await send(provider, NUMBERS.ok)).items[0].json;
			env.sim.clearRequests();
			// In progress at the first check, final (30 s) at the second, 2 s later.
			const result = await waitWhileClockMoves(provider, sent.id as string, 2, 60);
			expect(sleepsLogged(sent.id as string)).toHaveLength(1);
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
		// Queued at the first check, final at the second.
		const result = await waitWhileClockMoves('faxDrop', sent.id as string, 20, 60);
		expect(result.items[0].json).toMatchObject({ id: sent.id, status: 'delivered' });
		expect(sleepsLogged(sent.id as string)).toEqual([
			`Fax ${sent.id} is queued; checking again in 5 s`,
		]);
		const gets = statusGets('faxDrop');
		expect(gets).toHaveLength(2);
		// It did sleep the 5 s it announced (how much longer a busy machine takes is no concern).
		const spacing = Date.parse(gets[1].realAt) - Date.parse(gets[0].realAt);
		expect(spacing).toBeGreaterThanOrEqual(4900);
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
