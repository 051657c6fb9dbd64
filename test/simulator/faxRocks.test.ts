import { PDFDocument } from 'pdf-lib';

import type { Simulator } from '../../simulator';
import { FAXROCKS_TOKENS } from '../../simulator';
import { START_MS, call, jsonInit, pdf1, pdf3, png, start } from './helpers';

let sim: Simulator;
let base: string;
const auth = { Authorization: `Bearer ${FAXROCKS_TOKENS.primary}` };
const otherAuth = { Authorization: `Bearer ${FAXROCKS_TOKENS.other}` };

beforeAll(async () => {
	sim = await start();
	base = sim.baseUrls.faxRocks;
});
afterAll(() => sim.stop());
beforeEach(() => sim.reset());

const send = (body: unknown, headers = auth) =>
	call(`${base}/send`, jsonInit('POST', body, headers));
const list = (query = '', headers = auth) => call(`${base}/faxes${query}`, { headers });

describe('faxrocks auth and routing', () => {
	it('answers 401 Unauthenticated without or with a wrong token', async () => {
		const attempts: Array<Record<string, string>> = [
			{},
			{ Authorization: 'Bearer nope' },
			{ Authorization: 'sim_faxrocks_token' },
		];
		for (const headers of attempts) {
			const reply = await call(`${base}/user`, { headers });
			expect(reply.status).toBe(401);
			expect(reply.body).toEqual({ message: 'Unauthenticated.' });
		}
	});

	it('answers 403 Forbidden for a token flagged forbidden by a control call', async () => {
		const flagged = await call(
			`${sim.url}/_sim/accounts/faxRocks/${FAXROCKS_TOKENS.primary}`,
			jsonInit('POST', { forbidden: true }),
		);
		expect(flagged.body.flags).toEqual({ forbidden: true });
		const reply = await call(`${base}/faxes`, { headers: auth });
		expect(reply.status).toBe(403);
		expect(reply.body).toEqual({ message: 'This action is unauthorized.' });
		expect((await call(`${base}/faxes`, { headers: otherAuth })).status).toBe(200);
	});

	it('answers the user with fictional data', async () => {
		const reply = await call(`${base}/user`, { headers: auth });
		expect(reply.status).toBe(200);
		expect(Object.keys(reply.body).sort()).toEqual([
			'balance',
			'created_at',
			'email',
			'id',
			'name',
			'timezone',
		]);
		expect(reply.body.id).toBe(1);
		expect(reply.body.email).toMatch(/\.example$/);
		expect(reply.body.balance).toBe('50.00');
	});

	it('answers 405 for a wrong method and 404 for unknown routes, including GET /faxes/{id}', async () => {
		const wrong = await call(`${base}/send`, { headers: auth });
		expect(wrong.status).toBe(405);
		expect(wrong.headers.get('allow')).toBe('POST');
		expect(wrong.body.message).toContain('Supported methods: POST');
		await send({ number: '+4930123456', data: pdf1.toString('base64') });
		const [fax] = (await list()).body.data;
		const single = await call(`${base}/faxes/${fax.id}`, { headers: auth });
		expect(single.status).toBe(404);
		expect(single.body.message).toMatch(/could not be found/);
	});
});

describe('faxrocks send', () => {
	it('sends to one number: 201 exactly as documented, without an id; the fax shows up in the list', async () => {
		const reply = await send({ number: '+44 20 7946 0155', data: pdf3.toString('base64') });
		expect(reply.status).toBe(201);
		expect(reply.body).toEqual({
			message: 'Fax queued for transfer.',
			number: '+442079460155',
			pages: 3,
			estimated_costs: 0.27,
		});
		expect(reply.body).not.toHaveProperty('id');
		const listed = await list();
		expect(listed.body.data).toHaveLength(1);
		const fax = listed.body.data[0];
		expect(Object.keys(fax).sort()).toEqual(
			[
				'created_at',
				'error',
				'id',
				'number',
				'pages',
				'pages_sent',
				'price',
				'sent_at',
				'sent_at_timezone',
				'status',
				'updated_at',
			].sort(),
		);
		expect(fax.id).toMatch(/^[a-z0-9]+$/);
		expect(fax).toMatchObject({
			number: '+442079460155',
			status: null,
			error: null,
			pages: 3,
			pages_sent: 0,
			price: '0.27',
		});
		expect(fax.sent_at).toBe(START_MS / 1000);
		expect(fax.sent_at_timezone).toBe('Europe/Berlin');
		expect(fax.created_at).toBe('2026-03-02T12:00:00.000000Z');
		const user = await call(`${base}/user`, { headers: auth });
		expect(user.body.balance).toBe('49.73');
	});

	it('sends a batch: 201 with one entry per number', async () => {
		const reply = await send({
			numbers: ['+12125550150', '+442079460151'],
			data: pdf1.toString('base64'),
		});
		expect(reply.status).toBe(201);
		expect(reply.body).toEqual({
			message: 'Faxes queued for transfer.',
			faxes: [
				{ number: '+12125550150', pages: 1, estimated_costs: 0.09 },
				{ number: '+442079460151', pages: 1, estimated_costs: 0.09 },
			],
		});
		expect(sim.faxes({ provider: 'faxRocks' })).toHaveLength(2);
	});

	it('rejects 11 numbers with 422 and creates nothing', async () => {
		const numbers = Array.from({ length: 11 }, (_, i) => `+1212555015${i % 10}`);
		const reply = await send({ numbers, data: pdf1.toString('base64') });
		expect(reply.status).toBe(422);
		expect(reply.body.errors.numbers).toEqual([
			'The numbers field must not have more than 10 items.',
		]);
		expect(reply.body.message).toBe('The numbers field must not have more than 10 items.');
		expect(sim.faxes()).toHaveLength(0);
	});

	it('validates Laravel-style: missing fields, bad numbers, non-PDF data, invalid base64', async () => {
		const empty = await send({});
		expect(empty.status).toBe(422);
		expect(Object.keys(empty.body.errors).sort()).toEqual(['data', 'number', 'numbers']);
		expect(empty.body.message).toMatch(/\(and 2 more errors\)$/);

		const pngData = await send({ number: '+12125550150', data: png.toString('base64') });
		expect(pngData.status).toBe(422);
		expect(pngData.body.errors).toEqual({
			data: ['The data field must be a valid base64-encoded PDF file.'],
		});

		const garbage = await send({ number: '+12125550150', data: '%%% not base64 %%%' });
		expect(garbage.body.errors.data).toBeDefined();

		const badNumbers = await send({
			numbers: ['+12125550150', '555-CALL'],
			data: pdf1.toString('base64'),
		});
		expect(badNumbers.body.errors).toEqual({
			'numbers.1': ['The numbers.1 field format is invalid.'],
		});

		const both = await send({
			number: '+12125550150',
			numbers: ['+12125550151'],
			data: pdf1.toString('base64'),
		});
		expect(both.status).toBe(422);
		expect(both.body.errors.number).toBeDefined();
		expect(sim.faxes()).toHaveLength(0);
	});

	it('schedules in a time zone: stays scheduled (status null) until its time on the simulator clock', async () => {
		const reply = await send({
			number: '+12125550150',
			data: pdf1.toString('base64'),
			scheduled_at: '2026-03-02T15:00:00',
			timezone: 'America/New_York',
		});
		expect(reply.status).toBe(201);
		const due = Date.parse('2026-03-02T20:00:00Z');
		let fax = (await list()).body.data[0];
		expect(fax.sent_at).toBe(due / 1000);
		expect(fax.sent_at_timezone).toBe('America/New_York');
		expect(fax.status).toBeNull();
		expect(sim.faxes()[0].status).toBe('scheduled');
		await sim.advanceClock((due - START_MS) / 1000 - 1);
		expect(sim.faxes()[0].status).toBe('scheduled');
		await sim.advanceClock(31);
		fax = (await list()).body.data[0];
		expect(fax.status).toBe(true);
		expect(fax.pages_sent).toBe(1);
	});

	it('rejects an unknown time zone, an invalid date and a past date with 422', async () => {
		const data = pdf1.toString('base64');
		const zone = await send({
			number: '+12125550150',
			data,
			scheduled_at: '2026-03-03T10:00:00',
			timezone: 'Mars/Base',
		});
		expect(zone.status).toBe(422);
		expect(zone.body.errors).toEqual({
			timezone: ['The timezone field must be a valid timezone.'],
		});
		const invalid = await send({ number: '+12125550150', data, scheduled_at: 'next tuesday' });
		expect(invalid.body.errors.scheduled_at).toEqual([
			'The scheduled at field must be a valid date.',
		]);
		const past = await send({ number: '+12125550150', data, scheduled_at: '2026-03-02T11:00:00Z' });
		expect(past.body.errors.scheduled_at).toEqual([
			'The scheduled at field must be a date after now.',
		]);
		expect(sim.faxes()).toHaveLength(0);
	});
});

describe('faxrocks list', () => {
	it('paginates newest first with Laravel links and meta; perPage must be 1-1000', async () => {
		for (const suffix of ['0150', '0151', '0152']) {
			await send({ number: `+1212555${suffix}`, data: pdf1.toString('base64') });
			await sim.advanceClock(1);
		}
		const first = await list('?perPage=2');
		expect(first.body.data.map((fax: { number: string }) => fax.number)).toEqual([
			'+12125550152',
			'+12125550151',
		]);
		expect(first.body.meta).toEqual({
			current_page: 1,
			from: 1,
			last_page: 2,
			path: `${base}/faxes`,
			per_page: 2,
			to: 2,
			total: 3,
		});
		expect(first.body.links).toEqual({
			first: `${base}/faxes?page=1&perPage=2`,
			last: `${base}/faxes?page=2&perPage=2`,
			prev: null,
			next: `${base}/faxes?page=2&perPage=2`,
		});
		const second = await call(first.body.links.next, { headers: auth });
		expect(second.body.data.map((fax: { number: string }) => fax.number)).toEqual(['+12125550150']);
		expect(second.body.meta).toMatchObject({ current_page: 2, from: 3, to: 3 });
		expect(second.body.links.next).toBeNull();

		expect((await list()).body.meta.per_page).toBe(15);
		for (const bad of ['0', '1001', 'abc']) {
			const reply = await list(`?perPage=${bad}`);
			expect(reply.status).toBe(422);
			expect(reply.body.errors.perPage).toHaveLength(1);
		}
		expect((await list('?perPage=1000')).status).toBe(200);
	});

	it('shows each user only their own faxes', async () => {
		await send({ number: '+12125550150', data: pdf1.toString('base64') });
		expect((await list('', otherAuth)).body.meta.total).toBe(0);
	});
});

describe('faxrocks downloads', () => {
	it('returns the uploaded PDF, the receipt once final, and 404 JSON otherwise', async () => {
		await send({ number: '+12125550150', data: pdf3.toString('base64') });
		const { id } = (await list()).body.data[0];

		const fax = await call(`${base}/faxes/${id}/fax`, { headers: auth });
		expect(fax.status).toBe(200);
		expect(fax.headers.get('content-type')).toBe('application/pdf');
		expect(fax.bytes.equals(pdf3)).toBe(true);

		const early = await call(`${base}/faxes/${id}/receipt`, { headers: auth });
		expect(early.status).toBe(404);
		expect(early.body.message).toBeDefined();

		await sim.advanceClock(30);
		const receipt = await call(`${base}/faxes/${id}/receipt`, { headers: auth });
		expect(receipt.status).toBe(200);
		expect(receipt.headers.get('content-type')).toBe('application/pdf');
		expect((await PDFDocument.load(receipt.bytes)).getPageCount()).toBe(1);
		expect(receipt.bytes.toString('latin1')).toContain(`Fax ID: ${id}`);

		const unknown = await call(`${base}/faxes/doesnotexist1/fax`, { headers: auth });
		expect(unknown.status).toBe(404);
		expect(unknown.body).toEqual({ message: 'Fax not found.' });

		const foreign = await call(`${base}/faxes/${id}/fax`, { headers: otherAuth });
		expect(foreign.status).toBe(404);
	});
});
