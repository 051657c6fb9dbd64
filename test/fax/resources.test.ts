/**
 * faxrocks downloads (fax and receipt PDFs as n8n binary data) and account; SendFAXMail
 * scheduled faxes, contacts and numbers.
 */
import { createHash } from 'node:crypto';

import { NUMBERS, runFax, useFaxEnv, type Json } from './helpers';

const env = useFaxEnv();

async function faxRocksSend(): Promise<string> {
	const result = await runFax(env, {
		provider: 'faxRocks',
		operation: 'send',
		parameters: { toNumber: NUMBERS.ok },
	});
	return result.items[0].json.id as string;
}

async function download(faxId: string, document: 'fax' | 'receipt', binaryPropertyName = 'data') {
	return await runFax(env, {
		provider: 'faxRocks',
		operation: 'download',
		parameters: { faxId, document, binaryPropertyName },
	});
}

describe('faxrocks download', () => {
	it('the fax as a PDF binary with file name and MIME type', async () => {
		const id = await faxRocksSend();
		const result = await download(id, 'fax');
		expect(result.run.status).toBe('success');
		const [item] = result.items;
		expect(item.json).toMatchObject({
			provider: 'faxRocks',
			id,
			document: 'fax',
			mimeType: 'application/pdf',
		});
		const binary = item.binary?.data;
		expect(binary).toMatchObject({
			fileName: `faxrocks-${id}-fax.pdf`,
			mimeType: 'application/pdf',
			fileExtension: 'pdf',
		});
		const bytes = await env.harness.readBinary(binary!);
		expect(bytes.subarray(0, 5).toString('latin1')).toBe('%PDF-');
		// The very document that was sent.
		expect(createHash('sha256').update(bytes).digest('hex')).toBe(
			env.sim.fax(id)!.document!.sha256,
		);
		expect(item.json.bytes).toBe(bytes.length);
		// Stored as binary data, not in the item JSON.
		expect(JSON.stringify(item.json)).not.toContain(bytes.toString('base64').slice(0, 40));
	});

	it('the receipt once the fax is final, into the chosen field', async () => {
		const id = await faxRocksSend();
		const early = await download(id, 'receipt');
		expect(early.nodeError?.name).toBe('NodeApiError');
		expect(early.nodeError?.message).toBe('faxrocks: Receipt not available yet.');

		await env.sim.advanceClock(31);
		const result = await download(id, 'receipt', 'receipt');
		const binary = result.items[0].binary?.receipt;
		expect(binary).toMatchObject({
			fileName: `faxrocks-${id}-receipt.pdf`,
			mimeType: 'application/pdf',
		});
		expect((await env.harness.readBinary(binary!)).subarray(0, 5).toString('latin1')).toBe('%PDF-');
	});

	it('an unknown fax: the provider message', async () => {
		const result = await download('0000000000000000000', 'fax');
		expect(result.nodeError?.name).toBe('NodeApiError');
		expect(result.nodeError?.message).toBe('faxrocks: Fax not found.');
	});
});

describe('faxrocks account', () => {
	it('returns the account of the token', async () => {
		const result = await runFax(env, {
			provider: 'faxRocks',
			resource: 'account',
			operation: 'get',
		});
		expect(result.items).toHaveLength(1);
		expect(result.items[0].json).toMatchObject({
			name: 'Sim Clinic Front Desk',
			balance: '50.00',
			timezone: 'Europe/Berlin',
		});
	});
});

describe('SendFAXMail scheduled faxes', () => {
	async function scheduleIn(seconds: number, toNumber: string = NUMBERS.ok): Promise<string> {
		const at = new Date(Date.now() + seconds * 1000).toISOString().slice(0, 19);
		const result = await runFax(env, {
			provider: 'sendFaxMail',
			operation: 'schedule',
			parameters: { toNumbers: toNumber, scheduledAt: at, timezone: 'UTC' },
		});
		expect(result.run.status).toBe('success');
		return result.items[0].json.id as string;
	}

	const scheduled = async (operation: string, parameters: Json = {}) =>
		await runFax(env, { provider: 'sendFaxMail', resource: 'scheduledFax', operation, parameters });

	it('list, get and cancel', async () => {
		const first = await scheduleIn(3600);
		const second = await scheduleIn(7200, NUMBERS.ok2);

		const listed = await scheduled('list', { returnAll: true });
		expect(listed.items.map((item) => item.json.id)).toEqual([second, first]);

		const got = await scheduled('get', { scheduledFaxId: first });
		expect(got.items[0].json).toMatchObject({ id: first, status: 'pending', to: NUMBERS.ok });

		const cancelled = await scheduled('cancel', { scheduledFaxId: first });
		expect(cancelled.items[0].json).toMatchObject({ id: first, status: 'canceled' });
		expect(env.sim.requests({ method: 'DELETE' })).toHaveLength(1);

		const again = await scheduled('cancel', { scheduledFaxId: first });
		expect(again.run.status).toBe('error');
		expect(again.nodeError?.message).toBe('SendFAXMail: This scheduled fax is already cancelled.');

		const limited = await scheduled('list', { returnAll: false, limit: 1 });
		expect(limited.items.map((item) => item.json.id)).toEqual([second]);
	});

	it('cancel after the dispatcher claimed it: 409 with the message and the hint', async () => {
		const id = await scheduleIn(120);
		await env.sim.advanceClock(180);
		const result = await scheduled('cancel', { scheduledFaxId: id });
		// An error, not a "canceled" execution (n8n's reading of a message with that word).
		expect(result.run.status).toBe('error');
		const error = result.nodeError as Json;
		expect(error.name).toBe('NodeApiError');
		expect(error.httpCode).toBe('409');
		expect(error.message).toBe(
			"SendFAXMail: This scheduled fax was already claimed by the dispatcher (status sent) and can't be cancelled.",
		);
		expect(error.errorResponse.message).toMatch(/can't be canceled\.$/);
		expect(error.description).toMatch(/already claimed or sent and can no longer be cancelled/);
		// It went out: a real fax exists.
		expect(env.sim.faxes()).toHaveLength(1);
	});

	it('an empty ID fails before any request', async () => {
		const result = await scheduled('get', { scheduledFaxId: '  ' });
		expect(result.nodeError?.message).toMatch(/Scheduled Fax ID is empty/);
		expect(env.sim.requests()).toHaveLength(0);
	});
});

describe('SendFAXMail contacts', () => {
	const contact = async (operation: string, parameters: Json = {}) =>
		await runFax(env, { provider: 'sendFaxMail', resource: 'contact', operation, parameters });

	it('create, list, delete', async () => {
		const created = await contact('create', {
			contactName: 'Dr. Jane Smith',
			contactFaxNumber: '+1 (212) 555-0150',
			additionalFields: { company: 'Riverside Clinic' },
		});
		const row = created.items[0].json;
		expect(row).toMatchObject({
			name: 'Dr. Jane Smith',
			fax_number: '+12125550150',
			company: 'Riverside Clinic',
		});
		expect(row.id).toMatch(/^contact_/);
		expect(env.sim.requests({ method: 'POST' })[0].body).toEqual({
			name: 'Dr. Jane Smith',
			fax_number: '+12125550150',
			company: 'Riverside Clinic',
		});

		await contact('create', { contactName: 'Lab', contactFaxNumber: '+12125550151' });
		const listed = await contact('list', { returnAll: true });
		expect(listed.items.map((item) => item.json.name)).toEqual(['Lab', 'Dr. Jane Smith']);

		const deleted = await contact('delete', { contactId: row.id });
		expect(deleted.items[0].json).toMatchObject({ id: row.id, deleted: true });
		const after = await contact('list', { returnAll: false, limit: 10 });
		expect(after.items.map((item) => item.json.name)).toEqual(['Lab']);
	});

	it('a duplicate fax number: the provider conflict', async () => {
		await contact('create', { contactName: 'A', contactFaxNumber: '+12125550150' });
		const result = await contact('create', { contactName: 'B', contactFaxNumber: '+12125550150' });
		expect(result.nodeError?.name).toBe('NodeApiError');
		expect((result.nodeError as Json).httpCode).toBe('409');
		expect(result.nodeError?.message).toMatch(/^SendFAXMail: /);
	});
});

describe('SendFAXMail numbers', () => {
	it("lists the account's fax numbers", async () => {
		const result = await runFax(env, {
			provider: 'sendFaxMail',
			resource: 'number',
			operation: 'list',
		});
		expect(result.items.map((item) => item.json)).toEqual([
			expect.objectContaining({ number: '+12125550100', status: 'active' }),
		]);
	});
});
