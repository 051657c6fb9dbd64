/**
 * Scheduled fax and contact IDs are checked before any request like fax IDs (`.`, `..`, a
 * path, a note mapped into the field never reach another SendFAXMail route), and Contact
 * Create names its own field, not the send operations' `toNumber`. No error quotes the value.
 */
import type { INodeParameters } from 'n8n-workflow';

import { runFax, useFaxEnv } from './helpers';

const env = useFaxEnv();
const NOTE = 'Pt Jane Roe called re insulin refill';

async function run(resource: string, operation: string, parameters: INodeParameters) {
	return await runFax(env, { provider: 'sendFaxMail', resource, operation, parameters });
}

function expectRefusedBeforeRequest(
	result: Awaited<ReturnType<typeof run>>,
	message: RegExp,
	field: string,
) {
	expect(result.items).toEqual([]);
	expect(result.nodeError?.name).toBe('NodeOperationError');
	expect(result.nodeError?.message).toMatch(message);
	expect(result.nodeError?.message).toMatch(new RegExp(`field "${field}", item 0`));
	expect(env.sim.requests({ provider: 'sendFaxMail' })).toEqual([]);
}

describe('Scheduled Fax ID', () => {
	it.each([
		['get', '..', /Scheduled Fax ID is only dots/],
		['cancel', '.', /Scheduled Fax ID is only dots/],
		['cancel', 'sched_1/../../faxes', /Scheduled Fax ID contains characters an ID never has/],
		['get', NOTE, /Scheduled Fax ID contains spaces or line breaks/],
		['get', '  ', /Scheduled Fax ID is empty/],
	])('%s with %j: refused before any request', async (operation, id, message) => {
		const result = await run('scheduledFax', operation, { scheduledFaxId: id });
		expectRefusedBeforeRequest(result, message, 'scheduledFaxId');
		expect(result.nodeError?.message).not.toContain('Jane');
	});

	it('an ID is sent as one encoded path segment', async () => {
		const result = await run('scheduledFax', 'get', { scheduledFaxId: 'sched:1~a' });
		expect(result.nodeError?.name).toBe('NodeApiError');
		expect(env.sim.requests({ provider: 'sendFaxMail' }).map((request) => request.path)).toEqual([
			'/sendfaxmail/v1/scheduled/sched%3A1~a',
		]);
	});
});

describe('Contact ID', () => {
	it.each([
		['.', /Contact ID is only dots/],
		['contact_1/..', /Contact ID contains characters an ID never has/],
		[NOTE, /Contact ID contains spaces or line breaks/],
		['c'.repeat(129), /Contact ID is 129 characters long/],
	])('delete %j: refused before any request', async (id, message) => {
		const result = await run('contact', 'delete', { contactId: id });
		expectRefusedBeforeRequest(result, message, 'contactId');
		expect(result.nodeError?.message).not.toContain('Jane');
	});
});

describe('Contact Create', () => {
	it('a name mapped into Fax Number: the error names the Fax Number field of this operation', async () => {
		const result = await run('contact', 'create', {
			contactName: 'Riverside Clinic',
			contactFaxNumber: 'Dr Jane Roe',
		});
		expectRefusedBeforeRequest(result, /fax number/i, 'contactFaxNumber');
		expect(result.nodeError?.message).not.toMatch(/toNumber/);
		expect(result.nodeError?.message).not.toContain('Jane');
	});
});

describe('faxrocks Download', () => {
	it('a Document value other than fax or receipt never becomes part of the path', async () => {
		const result = await runFax(env, {
			provider: 'faxRocks',
			operation: 'download',
			parameters: { faxId: 'abc123', document: '={{ "../user" }}' },
		});
		expect(result.nodeError?.message).toMatch(
			/Document must be "fax" or "receipt" \(field "document", item 0\)/,
		);
		expect(env.sim.requests({ provider: 'faxRocks' })).toEqual([]);
	});
});
