/**
 * List: unified items, newest first, Limit or Return All across the provider's pages.
 */
import { expectUnifiedFax, jsonOf, runFax, useFaxEnv, type Json } from './helpers';

const env = useFaxEnv();

function expectNewestFirst(items: Json[]): void {
	const created = items.map((item) => Date.parse(item.raw.created_at));
	for (let index = 1; index < created.length; index++) {
		expect(created[index - 1]).toBeGreaterThanOrEqual(created[index]);
	}
}

/** With Include Provider Response: the order is checked on the provider's creation times. */
async function list(provider: 'faxRocks' | 'sendFaxMail' | 'faxDrop', parameters: Json) {
	return await runFax(env, {
		provider,
		operation: 'list',
		parameters: { ...parameters, options: { includeRaw: true } },
	});
}

describe('faxrocks', () => {
	it('Limit: the newest N in one request', async () => {
		env.sim.seed({ provider: 'faxRocks', count: 250 });
		const result = await list('faxRocks', { returnAll: false, limit: 120 });
		const items = jsonOf(result.items);
		expect(items).toHaveLength(120);
		for (const item of items) expectUnifiedFax(item, 'faxRocks', { raw: true });
		expectNewestFirst(items);
		// The newest of all seeded faxes comes first.
		const newest = [...env.sim.faxes()].sort(
			(a, b) => Date.parse(b.createdAt) - Date.parse(a.createdAt),
		)[0];
		expect(items[0].id).toBe(newest.id);
		expect(env.sim.requests().map((request) => request.query)).toEqual([
			{ perPage: '120', page: '1' },
		]);
		// Seeded faxes are final: every 20th failed, every 50th partial, the rest delivered.
		expect(new Set(items.map((item) => item.status))).toEqual(
			new Set(['delivered', 'failed', 'partial']),
		);
	});

	it('Return All: follows the pages', async () => {
		env.sim.seed({ provider: 'faxRocks', count: 1250 });
		const result = await list('faxRocks', { returnAll: true });
		const items = jsonOf(result.items);
		expect(items).toHaveLength(1250);
		expect(new Set(items.map((item) => item.id)).size).toBe(1250);
		expectNewestFirst(items);
		expect(env.sim.requests().map((request) => request.query.page)).toEqual(['1', '2']);
	});
});

describe('SendFAXMail', () => {
	it('Return All: 250 faxes over three pages of 100', async () => {
		env.sim.seed({ provider: 'sendFaxMail', count: 250 });
		const result = await list('sendFaxMail', { returnAll: true });
		const items = jsonOf(result.items);
		expect(items).toHaveLength(250);
		for (const item of items.slice(0, 5)) expectUnifiedFax(item, 'sendFaxMail', { raw: true });
		expect(new Set(items.map((item) => item.id)).size).toBe(250);
		expectNewestFirst(items);
		expect(env.sim.requests().map((request) => request.query)).toEqual([
			{ limit: '100', page: '1' },
			{ limit: '100', page: '2' },
			{ limit: '100', page: '3' },
		]);
	});

	it('Limit: stops after the page that reaches it', async () => {
		env.sim.seed({ provider: 'sendFaxMail', count: 250 });
		const result = await list('sendFaxMail', { returnAll: false, limit: 120 });
		const items = jsonOf(result.items);
		expect(items).toHaveLength(120);
		expectNewestFirst(items);
		expect(env.sim.requests()).toHaveLength(2);
		// Items are exactly the provider's newest 120.
		const newest = [...env.sim.faxes()]
			.sort((a, b) => Date.parse(b.createdAt) - Date.parse(a.createdAt))
			.slice(0, 120)
			.map((fax) => fax.id);
		expect(new Set(items.map((item) => item.id))).toEqual(new Set(newest));
	});

	it('an empty account lists nothing', async () => {
		const result = await list('sendFaxMail', { returnAll: true });
		expect(result.run.status).toBe('success');
		expect(result.items).toHaveLength(0);
	});
});

describe('FaxDrop', () => {
	it('has no list: a clear error naming what to use instead', async () => {
		const result = await list('faxDrop', { returnAll: true });
		expect(result.run.status).toBe('error');
		const error = result.nodeError as Json;
		expect(error.message).toMatch(/FaxDrop/);
		expect(`${error.message} ${error.description}`).toMatch(/Get Status|Wait for Final Status/);
		expect(env.sim.requests()).toHaveLength(0);
	});
});
