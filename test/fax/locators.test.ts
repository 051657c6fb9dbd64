/**
 * Resource locators: the "From List" searches (methods.listSearch) in a real n8n-core
 * LoadOptionsContext against the simulator, and ID fields read from plain strings (version 1,
 * older workflows, expressions) as well as from resource locator values (version 1.1).
 */
import type { INodeListSearchResult } from 'n8n-workflow';

import { SIM_KEYS } from '../../simulator';
import { FAX_NODE, credentialsFor, testPdf, useFaxEnv, type Json, type Provider } from './helpers';

const env = useFaxEnv();

/** `+*******0123 · 2026-12-01 14:05 · delivered` */
const FAX_NAME = /^\+\*{7}\d{4} · \d{4}-\d{2}-\d{2} \d{2}:\d{2} · [a-z]+$/;

async function search(
	provider: Provider,
	method: string,
	options: { filter?: string; paginationToken?: string; timezone?: string } = {},
): Promise<INodeListSearchResult> {
	return await env.harness.listSearch({
		type: FAX_NODE,
		method,
		parameters: { provider, resource: 'fax', operation: 'getStatus' },
		credentials: credentialsFor(env.sim, provider),
		...options,
	});
}

/** Every page of a search, following the pagination tokens. */
async function searchAll(provider: Provider, method: string, filter?: string) {
	const pages: INodeListSearchResult[] = [];
	let paginationToken: string | undefined;
	do {
		const page = await search(provider, method, { filter, paginationToken });
		pages.push(page);
		paginationToken = page.paginationToken as string | undefined;
	} while (paginationToken && pages.length < 20);
	return { pages, results: pages.flatMap((page) => page.results) };
}

function newestIds(provider: Provider): string[] {
	return [...env.sim.faxes({ provider })]
		.sort((a, b) => b.createdAt.localeCompare(a.createdAt))
		.map((fax) => fax.id);
}

describe.each<Provider>(['faxRocks', 'sendFaxMail'])('%s Fax: From List', (provider) => {
	it('lists the newest faxes, 50 a page, numbers masked, date and status in the name', async () => {
		env.sim.seed({ provider, count: 120 });
		const first = await search(provider, 'searchFaxes');
		expect(first.results).toHaveLength(50);
		expect(first.results.map((result) => result.value)).toEqual(newestIds(provider).slice(0, 50));
		for (const result of first.results) expect(result.name).toMatch(FAX_NAME);
		// The simulator's numbers are +1212555…: none of them shows in full.
		expect(JSON.stringify(first.results)).not.toMatch(/\+1212555/);
		expect(first.paginationToken).toBe('50');
		expect(env.sim.requests()).toHaveLength(1);

		// The following pages continue where the last one ended, one request each, until the oldest.
		const before = env.sim.requests().length;
		const { pages, results } = await searchAll(provider, 'searchFaxes');
		expect(results.map((result) => result.value)).toEqual(newestIds(provider));
		expect(pages.at(-1)?.paginationToken).toBeUndefined();
		expect(env.sim.requests().length - before).toBe(pages.length);
	});

	it('search: a number’s last digits or a status, across pages, names still masked', async () => {
		env.sim.seed({ provider, count: 300 });
		// The search matches the ID too, and random hex IDs can contain the digits.
		const faxes = env.sim.faxes({ provider });
		const byNumber = new Set(faxes.filter((fax) => fax.to.endsWith('0111')).map((fax) => fax.id));
		const wanted = faxes
			.filter((fax) => byNumber.has(fax.id) || fax.id.includes('0111'))
			.map((fax) => fax.id);
		expect(byNumber.size).toBeGreaterThan(10);

		const { pages, results } = await searchAll(provider, 'searchFaxes', '0111');
		expect(results.map((result) => result.value).sort()).toEqual([...wanted].sort());
		for (const result of results) {
			if (byNumber.has(String(result.value))) expect(result.name).toMatch(/^\+\*{7}0111 · /);
			expect(result.name).not.toMatch(/\+1212555/);
		}
		// 300 faxes at 50 a request: the search reads at most 5 pages per call, then hands a token on.
		expect(pages.length).toBeGreaterThan(1);
		expect(Number(pages[0].paginationToken)).toBeLessThan(300);

		// A whole number matches numbers only: no hex ID holds its 11 digits.
		const full = await searchAll(provider, 'searchFaxes', '+1 212 555 0111');
		expect(full.results.map((result) => result.value).sort()).toEqual([...byNumber].sort());

		const partial = await searchAll(provider, 'searchFaxes', 'PARTIAL');
		expect(partial.results.length).toBeGreaterThan(0);
		for (const result of partial.results) expect(result.name).toMatch(/ · partial$/);
	});

	it('dates in the name follow the workflow time zone', async () => {
		env.sim.seed({ provider, count: 1 });
		const [fax] = env.sim.faxes({ provider });
		const utc = await search(provider, 'searchFaxes', { timezone: 'UTC' });
		const tokyo = await search(provider, 'searchFaxes', { timezone: 'Asia/Tokyo' });
		const minutes = (name: string) => {
			const [date, time] = String(name).split(' · ')[1].split(' ');
			return Date.parse(`${date}T${time}:00Z`) / 60_000;
		};
		expect(minutes(tokyo.results[0].name) - minutes(utc.results[0].name)).toBe(9 * 60);
		expect(utc.results[0].name).toContain(fax.createdAt.slice(0, 10));
	});
});

describe('FaxDrop Fax', () => {
	it('has no list: the search answers nothing without a request', async () => {
		const result = await search('faxDrop', 'searchFaxes');
		expect(result.results).toEqual([]);
		expect(env.sim.requests()).toHaveLength(0);
	});
});

async function sfm(path: string, body: Json): Promise<Json> {
	const response = await fetch(`${env.sim.baseUrls.sendFaxMail}${path}`, {
		method: 'POST',
		headers: {
			authorization: `Bearer ${SIM_KEYS.sendFaxMail.business}`,
			'content-type': 'application/json',
		},
		body: JSON.stringify(body),
	});
	expect(response.status).toBe(201);
	return await response.json();
}

describe('SendFAXMail Contact and Scheduled Fax: From List', () => {
	it('contacts: name and masked number, paged, searchable by name and digits', async () => {
		const created: Json[] = [];
		for (let index = 0; index < 60; index++) {
			const suffix = String(100 + index).padStart(4, '0');
			created.push(
				await sfm('/v1/contacts', { name: `Clinic ${index}`, fax_number: `+1212555${suffix}` }),
			);
		}
		const first = await search('sendFaxMail', 'searchContacts');
		expect(first.results).toHaveLength(50);
		expect(first.results[0]).toEqual({ name: 'Clinic 59 · +*******0159', value: created[59].id });
		expect(first.paginationToken).toBe('2');
		const second = await search('sendFaxMail', 'searchContacts', { paginationToken: '2' });
		expect(second.results).toHaveLength(10);
		expect(second.paginationToken).toBeUndefined();
		expect(JSON.stringify([first, second])).not.toMatch(/\+1212555/);

		const byName = await search('sendFaxMail', 'searchContacts', { filter: 'clinic 7' });
		expect(byName.results.map((result) => result.value)).toEqual([created[7].id]);
		const byDigits = await search('sendFaxMail', 'searchContacts', { filter: '0142' });
		// The search matches the ID too, and random hex IDs can contain the digits.
		const wanted = created
			.filter((contact, index) => index === 42 || String(contact.id).includes('0142'))
			.map((contact) => contact.id);
		expect(byDigits.results.map((result) => result.value).sort()).toEqual(wanted.sort());
		expect(byDigits.results.map((result) => result.value)).toContain(created[42].id);
	});

	it('scheduled faxes: masked recipient, send time and status', async () => {
		const sendAt = new Date(Date.now() + 3 * 3600_000);
		sendAt.setUTCSeconds(0, 0);
		const { id } = await sfm('/v1/scheduled', {
			to: '+12125550123',
			document: { content: testPdf(1).toString('base64'), content_type: 'application/pdf' },
			send_at: sendAt.toISOString(),
		});
		const result = await search('sendFaxMail', 'searchScheduledFaxes');
		expect(result.results).toEqual([
			{
				name: `+*******0123 · send at ${sendAt.toISOString().slice(0, 16).replace('T', ' ')} · pending`,
				value: id,
			},
		]);
	});
});
