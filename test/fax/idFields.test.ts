/**
 * ID fields (Fax, Scheduled Fax, Contact): version 1 keeps its text fields; version 1.1 shows
 * resource locators. Either version reads a plain string, an expression or a locator value
 * `{ __rl, mode, value }`, so saved workflows and hand-written parameters keep working.
 */
import type { INodeProperties, INodeTypeDescription } from 'n8n-workflow';

import { SIM_KEYS } from '../../simulator';
import { FAX_NODE, jsonOf, runFax, testPdf, useFaxEnv, type Json, type Provider } from './helpers';

const env = useFaxEnv();

function description(version: number): INodeTypeDescription {
	return env.harness.package.nodeTypes.getByNameAndVersion(FAX_NODE, version).description;
}

function shown(version: number, name: string, provider: Provider): INodeProperties[] {
	return description(version).properties.filter((property) => {
		if (property.name !== name) return false;
		const show = property.displayOptions?.show ?? {};
		const providers = show.provider as string[] | undefined;
		const versions = JSON.stringify(show['@version'] ?? '');
		const forVersion = version === 1 ? versions === '[1]' : versions.includes('gte');
		return (!providers || providers.includes(provider)) && forVersion;
	});
}

const rl = (mode: string, value: string) => ({ __rl: true, mode, value });

describe('description', () => {
	it('version 1.1 is the default; version 1 is still loadable', () => {
		expect(description(1.1).version).toEqual([1, 1.1]);
		expect(description(1.1).defaultVersion).toBe(1.1);
	});

	it.each<[Provider, string[]]>([
		['faxRocks', ['list', 'id']],
		['sendFaxMail', ['list', 'id']],
		['faxDrop', ['id']],
	])('%s Fax: text field in version 1, locator with modes %j in 1.1', (provider, modes) => {
		const v1 = shown(1, 'faxId', provider);
		expect(v1.length).toBeGreaterThan(0);
		for (const field of v1) expect(field.type).toBe('string');
		const v11 = shown(1.1, 'faxId', provider);
		expect(v11.length).toBeGreaterThan(0);
		for (const field of v11) {
			expect(field.type).toBe('resourceLocator');
			expect(field.modes?.map((mode) => mode.name)).toEqual(modes);
		}
	});

	it('faxrocks By ID checks the documented id format; others do not guess one', () => {
		const [faxRocks] = shown(1.1, 'faxId', 'faxRocks');
		const byId = faxRocks.modes?.find((mode) => mode.name === 'id');
		const regex = (byId?.validation?.[0] as Json).properties.regex;
		expect(new RegExp(`^${regex}$`).test('656081f85ab27167270')).toBe(true);
		expect(new RegExp(`^${regex}$`).test('fax_ABC')).toBe(false);
		const [sendFaxMail] = shown(1.1, 'faxId', 'sendFaxMail');
		expect(sendFaxMail.modes?.find((mode) => mode.name === 'id')?.validation ?? []).toEqual([]);
	});

	it.each(['scheduledFaxId', 'contactId'])('%s: text in version 1, locator in 1.1', (name) => {
		expect(shown(1, name, 'sendFaxMail').map((field) => field.type)).toEqual(
			expect.arrayContaining(['string']),
		);
		for (const field of shown(1.1, name, 'sendFaxMail')) {
			expect(field.type).toBe('resourceLocator');
			expect(field.modes?.map((mode) => mode.name)).toEqual(['list', 'id']);
		}
	});
});

describe.each([1, 1.1])('typeVersion %s reads every form of the Fax ID', (typeVersion) => {
	it.each<[string, (id: string) => unknown]>([
		['plain string', (id) => id],
		['string with spaces', (id) => `  ${id} `],
		['expression', () => '={{ $json.faxId }}'],
		['locator, From List', (id) => rl('list', id)],
		['locator, By ID', (id) => rl('id', id)],
		['locator with an expression', () => rl('id', '={{ $json.faxId }}')],
	])('%s', async (_form, faxIdValue) => {
		env.sim.seed({ provider: 'sendFaxMail', count: 3 });
		const [fax] = env.sim.faxes({ provider: 'sendFaxMail' });
		const result = await runFax(env, {
			provider: 'sendFaxMail',
			operation: 'getStatus',
			parameters: { faxId: faxIdValue(fax.id) as string },
			items: [{ json: { faxId: fax.id } }],
			nodeOptions: { typeVersion },
		});
		expect(result.nodeError).toBeUndefined();
		expect(jsonOf(result.items).map((item) => item.id)).toEqual([fax.id]);
	});

	it('an empty locator value is the same clear error as an empty text field', async () => {
		const result = await runFax(env, {
			provider: 'faxDrop',
			operation: 'getStatus',
			parameters: { faxId: rl('id', '={{ "" }}') as never },
			nodeOptions: { typeVersion, continueOnFail: true },
		});
		expect(jsonOf(result.items)[0].error).toMatch(/^Fax ID is empty/);
		expect(env.sim.requests()).toHaveLength(0);
	});
});

async function sfm(method: string, path: string, body?: Json): Promise<Json> {
	const response = await fetch(`${env.sim.baseUrls.sendFaxMail}${path}`, {
		method,
		headers: {
			authorization: `Bearer ${SIM_KEYS.sendFaxMail.business}`,
			'content-type': 'application/json',
		},
		body: body === undefined ? undefined : JSON.stringify(body),
	});
	return await response.json();
}

describe.each([1, 1.1])('typeVersion %s: Scheduled Fax and Contact IDs', (typeVersion) => {
	it.each<[string, (id: string) => unknown]>([
		['plain string', (id) => id],
		['locator', (id) => rl('list', id)],
	])('%s', async (_form, value) => {
		const scheduled = await sfm('POST', '/v1/scheduled', {
			to: '+12125550123',
			document: { content: testPdf(1).toString('base64'), content_type: 'application/pdf' },
			send_at: new Date(Date.now() + 3600_000).toISOString(),
		});
		const got = await runFax(env, {
			provider: 'sendFaxMail',
			resource: 'scheduledFax',
			operation: 'get',
			parameters: { scheduledFaxId: value(scheduled.id) as string },
			nodeOptions: { typeVersion },
		});
		expect(jsonOf(got.items).map((item) => item.id)).toEqual([scheduled.id]);

		const contact = await sfm('POST', '/v1/contacts', {
			name: 'Riverside Clinic',
			fax_number: '+12125550124',
		});
		const deleted = await runFax(env, {
			provider: 'sendFaxMail',
			resource: 'contact',
			operation: 'delete',
			parameters: { contactId: value(contact.id) as string },
			nodeOptions: { typeVersion },
		});
		expect(jsonOf(deleted.items)[0]).toMatchObject({ id: contact.id, deleted: true });
		expect((await sfm('GET', '/v1/contacts')).data).toEqual([]);
	});
});
