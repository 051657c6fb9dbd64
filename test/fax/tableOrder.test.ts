/**
 * Table view: n8n shows an item's keys as columns in their order, so fax items put the columns
 * people scan first and nested objects (error, audit, raw) last, whatever the operation.
 */
import type { IDataObject } from 'n8n-workflow';

import { jsonOf, runFax, useFaxEnv, type Provider } from './helpers';

const env = useFaxEnv();

function expectTableOrder(json: IDataObject): void {
	const keys = Object.keys(json);
	expect(keys.slice(0, 5)).toEqual(['provider', 'id', 'to', 'status', 'isFinal']);
	const trailing = ['error', 'audit', 'raw'].filter((key) => key in json);
	expect(keys.slice(-trailing.length)).toEqual(trailing);
	const firstNested = keys.findIndex((key) => json[key] !== null && typeof json[key] === 'object');
	const scalarsAfter = keys
		.slice(firstNested)
		.filter((key) => !(json[key] !== null && typeof json[key] === 'object'));
	// Only the trailing keys may be null there (e.g. `error: null`).
	expect(scalarsAfter.filter((key) => !trailing.includes(key))).toEqual([]);
}

it.each<[Provider, string]>([
	['faxRocks', 'send'],
	['faxDrop', 'send'],
	['sendFaxMail', 'sendBatch'],
])('%s %s: fax columns first, nested objects last', async (provider, operation) => {
	const result = await runFax(env, {
		provider,
		operation,
		parameters: {
			toNumber: '+12125550123',
			toNumbers: '+12125550123, +12125550124',
			...(provider === 'faxDrop'
				? { senderName: 'Riverside Clinic', senderEmail: 'frontdesk@clinic.example' }
				: {}),
		},
	});
	expect(result.nodeError).toBeUndefined();
	expect(result.items.length).toBeGreaterThan(0);
	for (const json of jsonOf(result.items)) expectTableOrder(json);
});

it('List: every item in table order', async () => {
	env.sim.seed({ provider: 'sendFaxMail', count: 5 });
	const result = await runFax(env, {
		provider: 'sendFaxMail',
		operation: 'list',
		parameters: { returnAll: true },
	});
	expect(result.items).toHaveLength(5);
	for (const json of jsonOf(result.items)) expectTableOrder(json);
});
