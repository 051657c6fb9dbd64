/**
 * Check (dry run) of Send, Send Batch and Schedule per provider: every pre-upload check, one
 * item per recipient with ok/reasons, the final document in binary, and not one request to
 * the provider (the simulator's request log stays empty).
 */
import type { INodeParameters } from 'n8n-workflow';

import { countPdfPages } from '../../simulator';
import type { NodeRunResult } from '../harness';
import {
	FAXDROP_SENDER,
	MARKER,
	NUMBERS,
	PROVIDERS,
	expectNoLeak,
	jsonOf,
	pdfBinary,
	runFax,
	safeStringify,
	testPdf,
	useFaxEnv,
	type Provider,
} from './helpers';

const env = useFaxEnv();

async function check(
	provider: Provider,
	checkOperation: 'send' | 'sendBatch' | 'schedule',
	parameters: INodeParameters,
	pages = 2,
): Promise<NodeRunResult> {
	const result = await runFax(env, {
		provider,
		operation: 'check',
		parameters: {
			checkOperation,
			...(provider === 'faxDrop' ? FAXDROP_SENDER : {}),
			...parameters,
		},
		items: [{ json: {}, binary: pdfBinary(testPdf(pages)) }],
	});
	expect(result.nodeError).toBeUndefined();
	return result;
}

async function binaryOf(result: NodeRunResult, index = 0): Promise<Buffer> {
	const binary = result.items[index].binary?.data;
	expect(binary).toBeDefined();
	return await env.harness.readBinary(binary!);
}

/** Nothing reached the provider: no request at all, no fax created. */
function expectNothingSent(): void {
	expect(env.sim.requests()).toEqual([]);
	expect(env.sim.faxes()).toEqual([]);
}

describe.each(PROVIDERS)('%s: Check', (provider) => {
	it('checks a Send: ok, normalised number, pages, bytes, the final PDF, nothing sent', async () => {
		const result = await check(provider, 'send', { toNumber: '+1 (212) 555-0123' });
		expect(result.items).toHaveLength(1);
		const [json] = jsonOf(result.items);
		expect(json).toMatchObject({
			provider,
			operation: 'check',
			checkedOperation: 'send',
			ok: true,
			to: NUMBERS.ok,
			pages: 2,
			reasons: [],
		});
		const pdf = await binaryOf(result);
		expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
		expect(json.bytes).toBe(pdf.length);
		expect(countPdfPages(pdf)).toBe(2);
		expectNothingSent();
	});

	it('checks a Send Batch: one item per recipient, a bad number is named without hiding the others', async () => {
		const result = await check(provider, 'sendBatch', {
			toNumbers: `${NUMBERS.ok}, 12345, ${NUMBERS.ok2}`,
		});
		const items = jsonOf(result.items);
		expect(items).toHaveLength(3);
		expect(items.map((item) => item.ok)).toEqual([true, false, true]);
		expect(items[0].to).toBe(NUMBERS.ok);
		expect(items[2].to).toBe(NUMBERS.ok2);
		expect(items[1].to).toBeNull();
		expect(items[1].reasons.join(' ')).toMatch(/Recipient 2 of 3/);
		expectNothingSent();
	});

	it('refuses more than 10 recipients on every item', async () => {
		const numbers = Array.from(
			{ length: 11 },
			(_, index) => `+1212555${String(150 + index).padStart(4, '0')}`,
		);
		const result = await check(provider, 'sendBatch', { toNumbers: numbers.join('\n') });
		const items = jsonOf(result.items);
		expect(items).toHaveLength(11);
		for (const item of items) {
			expect(item.ok).toBe(false);
			expect(item.reasons.join(' ')).toMatch(/11 fax numbers given.*at most 10/);
		}
		expectNothingSent();
	});

	it('reports a document that is not a fax document, without quoting it', async () => {
		const result = await runFax(env, {
			provider,
			operation: 'check',
			parameters: {
				checkOperation: 'send',
				toNumber: NUMBERS.ok,
				...(provider === 'faxDrop' ? FAXDROP_SENDER : {}),
			},
			items: [
				{
					json: {},
					binary: {
						data: {
							data: Buffer.from(`just text ${MARKER}`),
							fileName: 'notes.txt',
							mimeType: 'text/plain',
						},
					},
				},
			],
		});
		expect(result.nodeError).toBeUndefined();
		const [json] = jsonOf(result.items);
		expect(json.ok).toBe(false);
		expect(json.reasons.length).toBeGreaterThan(0);
		expect(result.items[0].binary).toBeUndefined();
		expect(safeStringify(json)).not.toContain(MARKER);
		expectNothingSent();
	});
});

describe('Check: provider rules', () => {
	it('FaxDrop: a number outside the US and Canada is not ok, the others are', async () => {
		const result = await check('faxDrop', 'sendBatch', {
			toNumbers: `${NUMBERS.ok}\n+442079460123`,
		});
		const items = jsonOf(result.items);
		expect(items.map((item) => item.ok)).toEqual([true, false]);
		expect(items[1].reasons.join(' ')).toMatch(/only sends to the US and Canada/);
		expectNoLeak('reasons', items[1].reasons.join(' '), testPdf(), ['+442079460123']);
		expectNothingSent();
	});

	it("FaxDrop: the adapter's own checks run too (no sender → not ok)", async () => {
		const result = await runFax(env, {
			provider: 'faxDrop',
			operation: 'check',
			parameters: { checkOperation: 'send', toNumber: NUMBERS.ok },
		});
		const [json] = jsonOf(result.items);
		expect(json.ok).toBe(false);
		expect(json.reasons.join(' ')).toMatch(/FaxDrop needs a Sender Name/);
		expectNothingSent();
	});

	it('FaxDrop: estimates the pay-per-fax price, one credit per 10 pages including its cover page', async () => {
		const short = jsonOf((await check('faxDrop', 'send', { toNumber: NUMBERS.ok })).items)[0];
		expect(short).toMatchObject({ pages: 2, cost: 1.99 });
		const long = jsonOf(
			(
				await check(
					'faxDrop',
					'send',
					{ toNumber: NUMBERS.ok, options: { includeCover: true } },
					10,
				)
			).items,
		)[0];
		// 10 pages + FaxDrop's own cover page = 11 pages = two credits.
		expect(long).toMatchObject({ pages: 11, coverPage: true, cost: 3.98 });
		expect(long.costNote).toMatch(/\$1\.99/);
		expectNothingSent();
	});

	it('faxrocks and SendFAXMail: no published price, so no cost, and a note saying why', async () => {
		for (const provider of ['faxRocks', 'sendFaxMail'] as const) {
			const [json] = jsonOf((await check(provider, 'send', { toNumber: NUMBERS.ok })).items);
			expect(json.cost).toBeNull();
			expect(json.costNote.length).toBeGreaterThan(10);
		}
		expectNothingSent();
	});

	it('the cover page the node generates is part of the returned PDF and the page count', async () => {
		const result = await check('faxRocks', 'send', {
			toNumber: NUMBERS.ok,
			options: { includeCover: true, subject: 'Referral' },
		});
		const [json] = jsonOf(result.items);
		expect(json).toMatchObject({ ok: true, pages: 3, coverPage: true });
		expect(countPdfPages(await binaryOf(result))).toBe(3);
		expectNothingSent();
	});

	it('Schedule: a time in the past is not ok; a valid one reports the UTC instant', async () => {
		const past = await check('sendFaxMail', 'schedule', {
			toNumbers: NUMBERS.ok,
			scheduledAt: '2020-01-06T08:00:00',
			timezone: 'America/New_York',
		});
		expect(jsonOf(past.items)[0].ok).toBe(false);
		expect(jsonOf(past.items)[0].reasons.length).toBeGreaterThan(0);

		const later = new Date(Date.now() + 3 * 24 * 3600 * 1000);
		const wall = later.toISOString().slice(0, 19);
		const ok = await check('faxRocks', 'schedule', {
			toNumbers: NUMBERS.ok,
			scheduledAt: wall,
			timezone: 'UTC',
		});
		expect(jsonOf(ok.items)[0]).toMatchObject({ ok: true, scheduledAt: `${wall}.000Z` });
		expectNothingSent();
	});

	it("Schedule on FaxDrop: not ok, FaxDrop can't schedule", async () => {
		const result = await check('faxDrop', 'schedule', {
			toNumbers: NUMBERS.ok,
			scheduledAt: '2030-01-07T08:00:00',
		});
		const [json] = jsonOf(result.items);
		expect(json.ok).toBe(false);
		expect(json.reasons.join(' ')).toMatch(/FaxDrop can't schedule/);
		expectNothingSent();
	});

	it('the same document as Send would upload: Check and Send agree on pages and bytes', async () => {
		const checked = jsonOf(
			(await check('sendFaxMail', 'send', { toNumber: NUMBERS.ok }, 3)).items,
		)[0];
		expectNothingSent();
		const sent = await runFax(env, {
			provider: 'sendFaxMail',
			operation: 'send',
			parameters: { toNumber: NUMBERS.ok },
			items: [{ json: {}, binary: pdfBinary(testPdf(3)) }],
		});
		expect(sent.nodeError).toBeUndefined();
		const [fax] = env.sim.faxes();
		expect(fax.document?.bytes).toBe(checked.bytes);
		expect(fax.pages).toBe(checked.pages);
	});
});
