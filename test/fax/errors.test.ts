/**
 * Provider errors reach the user as NodeApiError with the provider's own message; with
 * continueOnFail / onError each failed item becomes an error item paired to its input while
 * the other items go on.
 */
import { SIM_KEYS } from '../../simulator';
import {
	FAXDROP_SENDER,
	NUMBERS,
	SEND_PATH,
	errorTexts,
	expectUnifiedFax,
	jsonOf,
	pdfBinary,
	runFax,
	useFaxEnv,
	type Json,
} from './helpers';

const env = useFaxEnv();

/** The wall-clock text (yyyy-MM-ddTHH:mm:ss) of an instant in UTC. */
function utcWallClock(ms: number): string {
	return new Date(ms).toISOString().slice(0, 19);
}

describe('provider errors are NodeApiErrors with the provider message', () => {
	it('FaxDrop 401: "API key not found or revoked."', async () => {
		const result = await runFax(env, {
			provider: 'faxDrop',
			operation: 'send',
			parameters: { toNumber: NUMBERS.ok, ...FAXDROP_SENDER },
			credentials: { key: SIM_KEYS.faxDrop.revoked },
		});
		expect(result.run.status).toBe('error');
		const error = result.nodeError as Json;
		expect(error.name).toBe('NodeApiError');
		expect(error.message).toBe('FaxDrop: API key not found or revoked.');
		expect(error.httpCode).toBe('401');
		expect(
			env.sim.requests({ method: 'POST', path: SEND_PATH.faxDrop }).map((r) => r.status),
		).toEqual([401]);
		expect(env.sim.faxes()).toHaveLength(0);
	});

	it('FaxDrop 404 on a status check: "Fax not found."', async () => {
		const result = await runFax(env, {
			provider: 'faxDrop',
			operation: 'getStatus',
			parameters: { faxId: 'fax_0000000000000000' },
		});
		const error = result.nodeError as Json;
		expect(error.name).toBe('NodeApiError');
		expect(error.message).toBe('FaxDrop: Fax not found.');
		expect(error.httpCode).toBe('404');
	});

	it('SendFAXMail 403 on the Starter plan: the plan message and the upgrade hint', async () => {
		const result = await runFax(env, {
			provider: 'sendFaxMail',
			operation: 'send',
			parameters: { toNumber: NUMBERS.ok },
			credentials: { key: SIM_KEYS.sendFaxMail.starter },
		});
		const error = result.nodeError as Json;
		expect(error.name).toBe('NodeApiError');
		expect(error.message).toBe(
			'SendFAXMail: The REST API is available on the Business and Enterprise plans. Upgrade to use this key.',
		);
		expect(error.description).toMatch(/Business or Enterprise plan/);
		expect(error.httpCode).toBe('403');
		expect(env.sim.faxes()).toHaveLength(0);
	});

	it('SendFAXMail 403 for a key without the scope: the scope hint', async () => {
		const result = await runFax(env, {
			provider: 'sendFaxMail',
			operation: 'getStatus',
			parameters: { faxId: 'fax_000000000000000000000000' },
			credentials: { key: SIM_KEYS.sendFaxMail.sendOnly },
		});
		const error = result.nodeError as Json;
		expect(error.name).toBe('NodeApiError');
		expect(error.message).toMatch(/^SendFAXMail: .*faxes:read/);
		expect(error.description).toMatch(/lacks the scope/);
	});

	it('faxrocks 422: the validation message', async () => {
		// The simulator's clock runs 2 h ahead, so a time 1 h from (real) now is past for faxrocks
		// while the node's own window check accepts it.
		await env.sim.advanceClock(7200);
		const result = await runFax(env, {
			provider: 'faxRocks',
			operation: 'schedule',
			parameters: {
				toNumbers: NUMBERS.ok,
				scheduledAt: utcWallClock(Date.now() + 3600_000),
				timezone: 'UTC',
			},
		});
		const error = result.nodeError as Json;
		expect(error.name).toBe('NodeApiError');
		expect(error.message).toBe('faxrocks: The scheduled at field must be a date after now.');
		expect(error.httpCode).toBe('422');
		expect(env.sim.requests({ method: 'POST' }).map((r) => r.status)).toEqual([422]);
		expect(env.sim.faxes()).toHaveLength(0);
	});
});

describe('continueOnFail: the failed item becomes an error item, the others go on', () => {
	it('a provider error on the middle item (continueOnFail: true)', async () => {
		const first = await runFax(env, {
			provider: 'faxDrop',
			operation: 'send',
			parameters: { toNumber: NUMBERS.ok, ...FAXDROP_SENDER },
		});
		const third = await runFax(env, {
			provider: 'faxDrop',
			operation: 'send',
			parameters: { toNumber: NUMBERS.ok2, ...FAXDROP_SENDER },
		});
		const ids = [first.items[0].json.id, 'fax_0000000000000000', third.items[0].json.id];

		const result = await runFax(env, {
			provider: 'faxDrop',
			operation: 'getStatus',
			parameters: { faxId: '={{ $json.faxId }}' },
			items: ids.map((faxId) => ({ json: { faxId } })),
			nodeOptions: { continueOnFail: true },
		});
		expect(result.run.status).toBe('success');
		expect(result.items).toHaveLength(3);
		expect(result.items.map((item) => item.pairedItem)).toEqual([
			{ item: 0 },
			{ item: 1 },
			{ item: 2 },
		]);
		const [a, b, c] = jsonOf(result.items);
		expectUnifiedFax(a, 'faxDrop');
		expectUnifiedFax(c, 'faxDrop');
		expect([a.id, c.id]).toEqual([ids[0], ids[2]]);
		expect(b.error).toBe('FaxDrop: Fax not found.');
		expect(result.items[1].error?.name).toBe('NodeApiError');
	});

	it("an input error on the middle item (onError: 'continueRegularOutput')", async () => {
		const numbers = [NUMBERS.ok, 'call the clinic', NUMBERS.ok3];
		const result = await runFax(env, {
			provider: 'faxRocks',
			operation: 'send',
			parameters: { toNumber: '={{ $json.to }}' },
			items: numbers.map((to) => ({ json: { to }, binary: pdfBinary() })),
			nodeOptions: { onError: 'continueRegularOutput' },
		});
		expect(result.run.status).toBe('success');
		expect(result.items).toHaveLength(3);
		expect(result.items.map((item) => item.pairedItem)).toEqual([
			{ item: 0 },
			{ item: 1 },
			{ item: 2 },
		]);
		const [a, b, c] = jsonOf(result.items);
		expect([a.to, c.to]).toEqual([NUMBERS.ok, NUMBERS.ok3]);
		expect(b.error).toMatch(/field "toNumber", item 1/);
		// The typed text is not echoed (it could be a name).
		expect(b.error).not.toMatch(/clinic/);
		expect(env.sim.faxes().map((fax) => fax.to)).toEqual([NUMBERS.ok, NUMBERS.ok3]);
	});

	it('without continueOnFail the node fails on the middle item, naming it', async () => {
		const numbers = [NUMBERS.ok, '12', NUMBERS.ok3];
		const result = await runFax(env, {
			provider: 'sendFaxMail',
			operation: 'send',
			parameters: { toNumber: '={{ $json.to }}' },
			items: numbers.map((to) => ({ json: { to }, binary: pdfBinary() })),
		});
		expect(result.run.status).toBe('error');
		expect(result.items).toEqual([]);
		expect(result.nodeError?.name).toBe('NodeOperationError');
		expect(result.nodeError?.message).toMatch(/item 1/);
		// Item 0 had been sent before.
		expect(env.sim.faxes().map((fax) => fax.to)).toEqual([NUMBERS.ok]);
		for (const text of errorTexts(result)) expect(text).not.toContain('12125550123');
	});
});
