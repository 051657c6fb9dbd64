/**
 * faxrocks documents only `status: true, error: null`. Another reading of its docs has a fax in
 * progress as `status: false`, `error: null`, `pages_sent` below `pages` (a boolean column that
 * starts false). The simulator speaks that reading here (`faxRocksPendingStatus: 'false'`):
 * Get Status and Wait for Final Status must see such a fax as in progress, not failed; a fax
 * that shows no progress for over 2 hours becomes failed with NO_CONFIRMATION.
 */
import { NUMBERS, expectUnifiedFax, runFax, useFaxEnv, type Json } from './helpers';

const env = useFaxEnv({ faxRocksPendingStatus: 'false' });

async function send(toNumber: string): Promise<Json> {
	const result = await runFax(env, {
		provider: 'faxRocks',
		operation: 'send',
		parameters: { toNumber, options: { includeRaw: true } },
	});
	return result.items[0].json;
}

async function status(faxId: string): Promise<Json> {
	const result = await runFax(env, {
		provider: 'faxRocks',
		operation: 'getStatus',
		parameters: { faxId, options: { includeRaw: true } },
	});
	expect(result.nodeError).toBeUndefined();
	const json = result.items[0].json;
	expectUnifiedFax(json, 'faxRocks', { raw: true });
	return json;
}

describe('faxrocks with status false while a fax is in progress', () => {
	it('the simulator speaks that reading', async () => {
		const sent = await send(NUMBERS.ok);
		expect(sent.raw).toMatchObject({ status: false, error: null, pages: 2, pages_sent: 0 });
	});

	it('Get Status: queued, then sending, then delivered; never failed on the way', async () => {
		const sent = await send(NUMBERS.ok);
		expect(sent).toMatchObject({ status: 'queued', isFinal: false, error: null });
		expect(await status(sent.id)).toMatchObject({ status: 'queued', isFinal: false, error: null });
		await env.sim.advanceClock(10);
		const sending = await status(sent.id);
		expect(sending).toMatchObject({ isFinal: false, error: null });
		expect(['queued', 'sending']).toContain(sending.status);
		await env.sim.advanceClock(30);
		expect(await status(sent.id)).toMatchObject({ status: 'delivered', isFinal: true });
	});

	it('Get Status: false with error text is failed, partial when some pages went', async () => {
		const failed = await send(NUMBERS.failed);
		const partial = await send(NUMBERS.partial);
		await env.sim.advanceClock(31);
		const failedNow = await status(failed.id);
		expect(failedNow).toMatchObject({ status: 'failed', isFinal: true });
		expect(failedNow.error.message).toMatch(/No answer/);
		expect(failedNow.raw).toMatchObject({ status: false });
		const partialNow = await status(partial.id);
		expect(partialNow).toMatchObject({ status: 'partial', isFinal: true, pagesSent: 1 });
	});

	it('Wait for Final Status waits for the end instead of returning "failed" at once', async () => {
		const sent = await send(NUMBERS.ok);
		env.sim.setSpeed(60);
		const result = await runFax(env, {
			provider: 'faxRocks',
			operation: 'waitForFinalStatus',
			parameters: { faxId: sent.id, timeoutSeconds: 3 },
		});
		env.sim.setSpeed(0);
		const [item] = result.items.map((entry) => entry.json) as Json[];
		expect(item).toMatchObject({ id: sent.id, status: 'delivered', isFinal: true, error: null });
	});

	it('no change for over 2 hours: failed, saying no confirmation came', async () => {
		const sent = await send(NUMBERS.ok);
		// Stuck in transmission: the simulator holds it at "sending" from now on.
		await env.sim.forceStatus(sent.id, 'sending');
		await env.sim.advanceClock(2 * 3600 - 60);
		// faxrocks shows no "sending" (only pages_sent): queued until pages go out.
		expect(await status(sent.id)).toMatchObject({ status: 'queued', isFinal: false, error: null });
		await env.sim.advanceClock(120);
		const stale = await status(sent.id);
		expect(stale).toMatchObject({ status: 'failed', isFinal: true, completedAt: null });
		expect(stale.error.code).toBe('NO_CONFIRMATION');
		expect(stale.error.message).toMatch(/No delivery confirmation came from faxrocks/);
		expect(stale.error.message).toMatch(/over 2 hours/);
	});
});

describe('faxrocks with the default reading (status null while in progress)', () => {
	it('still in progress, and stale after 2 hours without change', async () => {
		env.sim.configure({ faxRocksPendingStatus: 'null' });
		const sent = await send(NUMBERS.slow);
		expect(sent.raw).toMatchObject({ status: null });
		await env.sim.forceStatus(sent.id, 'queued');
		await env.sim.advanceClock(2 * 3600 + 60);
		const stale = await status(sent.id);
		expect(stale).toMatchObject({ status: 'failed' });
		expect(stale.error.code).toBe('NO_CONFIRMATION');
	});
});
