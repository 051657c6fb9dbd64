/**
 * Simulator behaviours the provider adapters rely on: SendFAXMail replays the original fax for
 * a reused Idempotency-Key whatever the new body, answers carry the virtual clock in `Date`,
 * and faxrocks can speak either reading of `status` while a fax is in progress.
 */
import type { Simulator } from '../../simulator';
import { FAXROCKS_TOKENS, SENDFAXMAIL_KEYS } from '../../simulator';
import { START_MS, call, jsonInit, pdf1, pdf3, start } from './helpers';

let sim: Simulator;

beforeAll(async () => {
	sim = await start();
});
afterAll(() => sim.stop());
beforeEach(() => sim.reset());

const sfm = { Authorization: `Bearer ${SENDFAXMAIL_KEYS.business}` };
const rocks = { Authorization: `Bearer ${FAXROCKS_TOKENS.primary}`, Accept: 'application/json' };
const sfmSend = (to: string, document: Buffer, key: string) =>
	call(
		`${sim.baseUrls.sendFaxMail}/v1/faxes`,
		jsonInit(
			'POST',
			{ to, document: { content: document.toString('base64'), content_type: 'application/pdf' } },
			{ ...sfm, 'Idempotency-Key': key },
		),
	);
const rocksList = async () =>
	(await call(`${sim.baseUrls.faxRocks}/faxes?perPage=10`, { headers: rocks })).body.data;

describe('SendFAXMail replays faithfully', () => {
	it('a key reused for another number and document returns the first fax, unchanged', async () => {
		const first = await sfmSend('+12125550150', pdf1, 'patient-4711');
		await sim.advanceClock(120);
		const again = await sfmSend('+12125550151', pdf3, 'patient-4711');
		expect(again.status).toBe(200);
		expect(again.body).toMatchObject({
			id: first.body.id,
			to: '+12125550150',
			pages: 1,
			created_at: first.body.created_at,
		});
		expect(sim.faxes()).toHaveLength(1);
	});
});

describe('Date header', () => {
	it('is the virtual clock', async () => {
		await sim.advanceClock(3600);
		const reply = await call(`${sim.baseUrls.sendFaxMail}/v1/faxes`, { headers: sfm });
		const date = Date.parse(reply.headers.get('date') ?? '');
		expect(Math.abs(date - (START_MS + 3600_000))).toBeLessThan(2000);
	});
});

describe('faxrocks status while in progress', () => {
	const send = () =>
		call(
			`${sim.baseUrls.faxRocks}/send`,
			jsonInit('POST', { number: '+12125550150', data: pdf3.toString('base64') }, rocks),
		);

	it('null by default', async () => {
		await send();
		expect((await rocksList())[0]).toMatchObject({ status: null, error: null, pages_sent: 0 });
	});

	it('false with faxRocksPendingStatus "false" (option or config), true once delivered', async () => {
		expect(sim.configure({ faxRocksPendingStatus: 'false' }).faxRocksPendingStatus).toBe('false');
		await send();
		expect((await rocksList())[0]).toMatchObject({
			status: false,
			error: null,
			pages: 3,
			pages_sent: 0,
		});
		await sim.advanceClock(31);
		expect((await rocksList())[0]).toMatchObject({ status: true, pages_sent: 3 });
		expect(() => sim.configure({ faxRocksPendingStatus: 'maybe' as never })).toThrow(
			/faxRocksPendingStatus must be one of null, false/,
		);
	});
});
