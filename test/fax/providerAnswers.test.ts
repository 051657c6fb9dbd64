/**
 * A provider that answers 2xx JSON that is not what was asked for: a list where one fax was
 * asked for, an object without an ID, another fax. Reads fail with a clear error; sends end as
 * the uncertain outcome (the request reached the provider), never a `queued` item with
 * `id: null` and no error. A local server plays the hostile provider over real HTTP.
 */
import path from 'node:path';

import type { INodeParameters } from 'n8n-workflow';

import { SIM_KEYS } from '../../simulator';
import {
	createHarness,
	type CredentialsData,
	startTestServer,
	type Harness,
	type NodeRunResult,
	type TestHandler,
	type TestServer,
} from '../harness';
import { FAXDROP_SENDER, FAX_NODE, NUMBERS, pdfBinary, type Json, type Provider } from './helpers';

let harness: Harness;
let server: TestServer;

beforeAll(async () => {
	harness = await createHarness({ packageDir: path.resolve(__dirname, '../..') });
	server = await startTestServer();
});
afterAll(async () => {
	await server?.close();
	await harness?.close();
});
beforeEach(() => {
	server.requests.length = 0;
});

function credentials(provider: Provider): CredentialsData {
	const baseUrl = server.url;
	switch (provider) {
		case 'faxRocks':
			return { faxRocksApi: { apiToken: SIM_KEYS.faxRocks.primary, baseUrl } };
		case 'faxDrop':
			return { faxDropApi: { apiKey: SIM_KEYS.faxDrop.primary, baseUrl, ...FAXDROP_SENDER } };
		case 'sendFaxMail':
			return { sendFaxMailApi: { apiKey: SIM_KEYS.sendFaxMail.business, baseUrl } };
	}
}

async function run(
	provider: Provider,
	parameters: INodeParameters,
	handler: TestHandler,
	withDocument = false,
): Promise<NodeRunResult> {
	server.setHandler(handler);
	return await harness.runNode({
		type: FAX_NODE,
		parameters: { provider, resource: 'fax', ...parameters },
		credentials: credentials(provider),
		items: [withDocument ? { json: {}, binary: pdfBinary() } : { json: {} }],
	});
}

const FAX = { id: 'fax_0a1b2c', to: NUMBERS.ok, status: 'queued', pages: 2 };
const LIST = { data: [FAX, { ...FAX, id: 'fax_0a1b2d' }], has_more: false };

describe('reads: an answer that is not the fax asked for is an error', () => {
	it.each([
		['a list (`{ data: [...] }`)', LIST, /answered with a list where one fax was asked for/],
		['a bare array', [FAX], /answered with a list where one fax was asked for/],
		['an object without ID', { ok: true }, /answered, but not with a fax \(the answer has no ID\)/],
		[
			'another fax',
			{ ...FAX, id: 'fax_ffffff' },
			/answered with a different fax \(ID fax_ffffff\)/,
		],
	])('SendFAXMail Get Status answered with %s', async (_label, body, message) => {
		const result = await run(
			'sendFaxMail',
			{ operation: 'getStatus', faxId: 'fax_0a1b2c' },
			() => ({
				body,
			}),
		);
		expect(result.items).toEqual([]);
		expect(result.nodeError?.message).toMatch(message);
		expect(server.requests.map((request) => request.path)).toEqual(['/v1/faxes/fax_0a1b2c']);
	});

	it('FaxDrop Get Status answered with an unrelated object', async () => {
		const result = await run('faxDrop', { operation: 'getStatus', faxId: 'fax_abc123' }, () => ({
			body: { hello: 'world' },
		}));
		expect(result.nodeError?.message).toMatch(/FaxDrop answered, but not with a fax status/);
	});

	it('FaxDrop Get Status answered about another fax', async () => {
		const result = await run('faxDrop', { operation: 'getStatus', faxId: 'fax_abc123' }, () => ({
			body: { id: 'fax_other', status: 'completed' },
		}));
		expect(result.nodeError?.message).toMatch(/FaxDrop answered with a different fax/);
	});

	it('faxrocks Get Status: a fax list that is not a list', async () => {
		const result = await run('faxRocks', { operation: 'getStatus', faxId: 'abc123' }, () => ({
			body: { message: 'ok' },
		}));
		expect(result.nodeError?.message).toMatch(/faxrocks answered, but not with a list of faxes/);
	});

	it('SendFAXMail scheduled fax Get and contact Delete answered with a list', async () => {
		const scheduled = await run(
			'sendFaxMail',
			{ resource: 'scheduledFax', operation: 'get', scheduledFaxId: 'sched_1' },
			() => ({ body: { data: [{ id: 'sched_1' }, { id: 'sched_2' }] } }),
		);
		expect(scheduled.nodeError?.message).toMatch(
			/answered with a list where one scheduled fax was asked for/,
		);
		const contact = await run(
			'sendFaxMail',
			{ resource: 'contact', operation: 'delete', contactId: 'contact_1' },
			() => ({ body: [{ id: 'contact_1' }] }),
		);
		expect(contact.nodeError?.message).toMatch(
			/answered with a list where one contact was deleted/,
		);
	});
});

describe('sends: a 2xx answer that is not a fax is the uncertain outcome', () => {
	function expectUncertain(result: NodeRunResult, provider: string): void {
		expect(result.nodeError).toBeUndefined();
		expect(result.items).toHaveLength(1);
		const json = result.items[0].json as Json;
		expect(json).toMatchObject({ id: null, status: 'unknown', isFinal: false });
		expect(json.error.code).toBe('OUTCOME_UNCERTAIN');
		expect(json.error.message).toMatch(
			new RegExp(
				`^${provider} may or may not have accepted the fax: it answered, but not with a fax; check before re-sending`,
			),
		);
	}

	it.each([
		['an object without ID', { ok: true }],
		['a list', LIST],
		['an empty object', {}],
	])('SendFAXMail answered with %s', async (_label, body) => {
		const result = await run(
			'sendFaxMail',
			{ operation: 'send', toNumber: NUMBERS.ok },
			() => ({ status: 201, body }),
			true,
		);
		expectUncertain(result, 'SendFAXMail');
		// Not sent again: the answer came, so a repeat could be a second fax.
		expect(server.requests.filter((request) => request.method === 'POST')).toHaveLength(1);
	});

	it('FaxDrop answered 200 without a faxId', async () => {
		const result = await run(
			'faxDrop',
			{ operation: 'send', toNumber: NUMBERS.ok },
			() => ({ body: { success: true } }),
			true,
		);
		expectUncertain(result, 'FaxDrop');
	});

	it('faxrocks answered with something else than its confirmation, and the fax is not listed', async () => {
		const result = await run(
			'faxRocks',
			{ operation: 'send', toNumber: NUMBERS.ok },
			(request) =>
				request.method === 'POST'
					? { status: 201, body: { ok: true } }
					: { body: { data: [], meta: { current_page: 1, last_page: 1, total: 0 } } },
			true,
		);
		expectUncertain(result, 'faxrocks');
	});
});
