/**
 * Check and Send read every field the same way; allow-list entries are read like fax numbers;
 * provider error texts are readable whatever shape the body has; US time zone abbreviations
 * (EST, PDT…) are refused with the region zone to use instead.
 */
import type { INodeParameters } from 'n8n-workflow';

import {
	FAXDROP_SENDER,
	NUMBERS,
	SEND_PATH,
	jsonOf,
	runFax,
	useFaxEnv,
	type Json,
	type Provider,
} from './helpers';
import { DAY, localDate, scheduleRunner } from './scheduleClock';

const env = useFaxEnv();
const schedule = scheduleRunner(env);

function params(provider: Provider, extra: INodeParameters): INodeParameters {
	return { ...(provider === 'faxDrop' ? FAXDROP_SENDER : {}), ...extra };
}

async function check(provider: Provider, extra: INodeParameters) {
	return await runFax(env, { provider, operation: 'check', parameters: params(provider, extra) });
}

describe('Check and Send share one reading of the Fax Number field', () => {
	it.each(['+1 212 555 0123,', '+1 212 555 0123;', 'tel:+12125550123;'])(
		'%p: Check is not ok for what Send refuses, with the same reason',
		async (toNumber) => {
			const sent = await runFax(env, {
				provider: 'sendFaxMail',
				operation: 'send',
				parameters: { toNumber },
			});
			expect(sent.run.status).toBe('error');
			const sendMessage = String(sent.nodeError?.message).replace(/ \(field.*$/, '');
			const checked = await check('sendFaxMail', { checkOperation: 'send', toNumber });
			const [json] = jsonOf(checked.items);
			expect(json.ok).toBe(false);
			expect(json.reasons.join(' ')).toContain(sendMessage);
			expect(env.sim.faxes()).toHaveLength(0);
		},
	);

	it('Check → Schedule on FaxDrop: says FaxDrop cannot schedule, no false "No fax number given"', async () => {
		const result = await check('faxDrop', { checkOperation: 'schedule' });
		const [json] = jsonOf(result.items);
		expect(json.ok).toBe(false);
		expect(json.reasons.join(' ')).toMatch(/FaxDrop can't schedule/);
		expect(json.reasons.join(' ')).not.toMatch(/No fax number given/);
	});
});

describe('Allowed Fax Numbers are read like fax numbers', () => {
	it.each(['+44 (0)20 7946 0123', '+44 (0)20 7946*'])(
		'%p in the credential allows +442079460123',
		async (entry) => {
			const result = await runFax(env, {
				provider: 'faxRocks',
				operation: 'send',
				parameters: { toNumber: '+44 20 7946 0123' },
				credentials: { extra: { allowedRecipients: entry } },
			});
			expect(result.nodeError).toBeUndefined();
			expect(env.sim.faxes().map((fax) => fax.to)).toEqual(['+442079460123']);
		},
	);

	it('an entry with the trunk (0) still refuses other numbers', async () => {
		const result = await runFax(env, {
			provider: 'faxRocks',
			operation: 'send',
			parameters: { toNumber: '+44 20 7946 0124' },
			credentials: { extra: { allowedRecipients: '+44 (0)20 7946 0123' } },
		});
		expect(result.nodeError?.message).toMatch(/not in the Allowed Fax Numbers/);
		expect(env.sim.requests({ method: 'POST' })).toHaveLength(0);
	});
});

describe('provider error texts', () => {
	it.each([
		['faxDrop', 400, { error: { message: 'Destination not supported.', code: 'bad_destination' } }],
		['faxRocks', 422, { error: { message: 'The number field is invalid.' } }],
		['faxDrop', 400, { error: { detail: 'Destination not supported.' }, error_type: { x: 1 } }],
	] as const)(
		'%s answering %i with an error object instead of a string: its message, never [object Object]',
		async (provider, status, body) => {
			env.sim.addFault({ method: 'POST', path: SEND_PATH[provider], kind: 'answer', status, body });
			const result = await runFax(env, {
				provider,
				operation: 'send',
				parameters: params(provider, { toNumber: NUMBERS.ok, failureMode: 'outputItems' }),
			});
			const [json] = jsonOf(result.items);
			expect(json.outcome).toBe('not_sent');
			expect(JSON.stringify(json)).not.toMatch(/object Object/);
			expect(json.error.message).toMatch(/(Destination not supported|number field is invalid)\./);
		},
	);

	it.each([
		[
			'sendFaxMail',
			'/sendfaxmail/v1/faxes/{id}',
			{ code: { n: 1 }, message: { text: 'Line busy.' } },
		],
		['sendFaxMail', '/sendfaxmail/v1/faxes/{id}', [{ detail: 'Line busy.' }]],
		['faxDrop', '/faxdrop/api/v1/fax/{faxId}', { message: 'Line busy.', code: 7 }],
	] as const)(
		'%s status with a fax error in another shape (%#): its text, never [object Object]',
		async (provider, path, error) => {
			const sent = await runFax(env, {
				provider,
				operation: 'send',
				parameters: params(provider, { toNumber: NUMBERS.ok }),
			});
			const [{ id }] = jsonOf(sent.items);
			env.sim.addFault({
				method: 'GET',
				path,
				kind: 'patch-json',
				body: { status: 'failed', error },
			});
			const result = await runFax(env, {
				provider,
				operation: 'getStatus',
				parameters: { faxId: id },
			});
			const [json] = jsonOf(result.items);
			expect(json.status).toBe('failed');
			expect(JSON.stringify(json)).not.toMatch(/object Object/);
			expect(json.error.message).toBe('Line busy.');
		},
	);

	it('a FaxDrop error without a hint is said once', async () => {
		env.sim.addFault({
			method: 'POST',
			path: SEND_PATH.faxDrop,
			kind: 'answer',
			status: 400,
			body: { error: 'Destination not supported.', error_type: 'invalid_request' },
		});
		const asItem = await runFax(env, {
			provider: 'faxDrop',
			operation: 'send',
			parameters: params('faxDrop', { toNumber: NUMBERS.ok, failureMode: 'outputItems' }),
		});
		const [json] = jsonOf(asItem.items);
		expect(json.error.message).toBe('FaxDrop: Destination not supported.');

		env.sim.addFault({
			method: 'POST',
			path: SEND_PATH.faxDrop,
			kind: 'answer',
			status: 400,
			body: { error: 'Destination not supported.', error_type: 'invalid_request' },
		});
		const failed = await runFax(env, {
			provider: 'faxDrop',
			operation: 'send',
			parameters: params('faxDrop', { toNumber: NUMBERS.ok }),
		});
		const error = failed.nodeError as Json;
		expect(
			`${error.message} ${error.description ?? ''}`.match(/Destination not supported/g),
		).toHaveLength(1);
	});
});

describe('time zone abbreviations', () => {
	const date = localDate('America/New_York', Date.now() + 3 * DAY);

	it.each([
		['EST', 'America/New_York'],
		['EDT', 'America/New_York'],
		['CST', 'America/Chicago'],
		['CDT', 'America/Chicago'],
		['MST', 'America/Denver'],
		['PST', 'America/Los_Angeles'],
		['PDT', 'America/Los_Angeles'],
		['HST', 'Pacific/Honolulu'],
		['AKST', 'America/Anchorage'],
		['pst', 'America/Los_Angeles'],
	])('%s is refused, naming %s, before any request', async (zone, region) => {
		const result = await schedule('sendFaxMail', {
			scheduledAt: `${date}T09:00:00`,
			timezone: zone,
		});
		expect(result.run.status).toBe('error');
		const error = result.nodeError as Json;
		expect(`${error.message} ${error.description}`).toContain(region);
		expect(error.message).toMatch(/abbreviation/);
		expect(env.sim.requests()).toHaveLength(0);
	});

	it('Check → Schedule gives the same reason', async () => {
		const result = await check('sendFaxMail', {
			checkOperation: 'schedule',
			toNumbers: NUMBERS.ok,
			scheduledAt: `${date}T09:00:00`,
			timezone: 'EST',
		});
		const [json] = jsonOf(result.items);
		expect(json.ok).toBe(false);
		expect(json.reasons.join(' ')).toContain('America/New_York');
	});

	it('the region zones and UTC still work', async () => {
		for (const timezone of ['America/New_York', 'UTC', 'US/Pacific']) {
			const result = await schedule('sendFaxMail', { scheduledAt: `${date}T09:00:00`, timezone });
			expect([timezone, result.run.status]).toEqual([timezone, 'success']);
		}
	});
});
