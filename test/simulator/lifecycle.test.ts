import type { Simulator } from '../../simulator';
import { FAXDROP_KEYS, FAXROCKS_TOKENS, MAGIC_NUMBERS, SENDFAXMAIL_KEYS } from '../../simulator';
import { call, jsonInit, pdf3, start } from './helpers';

let sim: Simulator;

beforeAll(async () => {
	sim = await start({ rateLimits: false });
});
afterAll(() => sim.stop());
beforeEach(() => sim.reset());

/** Status checkpoints: [virtual seconds since the send, expected FaxDrop status]. */
const timelines: Array<[string, Array<[number, string]>]> = [
	[
		'+12125550150',
		[
			[0, 'queued'],
			[4, 'queued'],
			[5, 'sending'],
			[29, 'sending'],
			[30, 'completed'],
		],
	],
	[
		'+12125550111',
		[
			[5, 'sending'],
			[29, 'sending'],
			[30, 'failed'],
		],
	],
	[
		'+12125550122',
		[
			[29, 'sending'],
			[30, 'partial'],
		],
	],
	[
		'+12125550133',
		[
			[30, 'sending'],
			[179, 'sending'],
			[180, 'failed'],
		],
	],
	[
		'+12125550144',
		[
			[30, 'sending'],
			[604, 'sending'],
			[605, 'completed'],
		],
	],
];

async function faxDropSend(to: string): Promise<string> {
	const form = new FormData();
	form.append('recipientNumber', to);
	form.append('senderName', 'Sim');
	form.append('senderEmail', 'sim@clinic.example');
	form.append('file', new Blob([pdf3], { type: 'application/pdf' }), 'a.pdf');
	const reply = await call(`${sim.baseUrls.faxDrop}/api/send-fax`, {
		method: 'POST',
		headers: { 'X-API-Key': FAXDROP_KEYS.primary },
		body: form,
	});
	expect(reply.status).toBe(200);
	return reply.body.faxId;
}

describe('fax lifecycle on the virtual clock (FaxDrop status)', () => {
	it.each(timelines)('%s follows its timeline', async (to, checkpoints) => {
		const id = await faxDropSend(to);
		let elapsed = 0;
		for (const [at, expected] of checkpoints) {
			await sim.advanceClock(at - elapsed);
			elapsed = at;
			const reply = await call(`${sim.baseUrls.faxDrop}/api/v1/fax/${id}`, {
				headers: { 'X-API-Key': FAXDROP_KEYS.primary },
			});
			expect([at, reply.body.status]).toEqual([at, expected]);
		}
	});

	it('reports carrier failure fields for failed and partial faxes', async () => {
		const failed = await faxDropSend('+12125550111');
		const partial = await faxDropSend('+12125550122');
		const busy = await faxDropSend('+12125550133');
		await sim.advanceClock(180);
		const get = async (id: string) =>
			(
				await call(`${sim.baseUrls.faxDrop}/api/v1/fax/${id}`, {
					headers: { 'X-API-Key': FAXDROP_KEYS.primary },
				})
			).body;
		expect(await get(failed)).toMatchObject({
			status: 'failed',
			pages: null,
			error: 'No answer from the receiving fax machine.',
			errorCode: 1002,
			errorType: 'CALL_ERROR',
		});
		const partialBody = await get(partial);
		expect(partialBody).toMatchObject({
			status: 'partial',
			pages: 2,
			errorType: 'TRANSMISSION_ERROR',
		});
		expect(partialBody.error).toBe('Transmission interrupted after 2 of 3 pages.');
		expect(partialBody.completedAt).not.toBeNull();
		expect(await get(busy)).toMatchObject({
			status: 'failed',
			error: 'Line busy. No answer after 3 attempts.',
			errorCode: 1001,
		});
	});
});

describe('fax lifecycle in the faxrocks list', () => {
	it('maps status null / true / false and pages_sent, for US and UK fictional numbers', async () => {
		const numbers = [
			'+12125550150',
			'+442079460111',
			'+442079460122',
			'+12125550133',
			'+12125550144',
		];
		const reply = await call(
			`${sim.baseUrls.faxRocks}/send`,
			jsonInit(
				'POST',
				{ numbers, data: pdf3.toString('base64') },
				{ Authorization: `Bearer ${FAXROCKS_TOKENS.primary}` },
			),
		);
		expect(reply.status).toBe(201);
		const rows = async (): Promise<
			Record<
				string,
				{ status: boolean | null; pages_sent: number; error: string | null; price: string }
			>
		> => {
			const list = await call(`${sim.baseUrls.faxRocks}/faxes?perPage=100`, {
				headers: { Authorization: `Bearer ${FAXROCKS_TOKENS.primary}` },
			});
			return Object.fromEntries(list.body.data.map((row: { number: string }) => [row.number, row]));
		};
		await sim.advanceClock(30);
		let byNumber = await rows();
		expect(byNumber['+12125550150']).toMatchObject({
			status: true,
			pages_sent: 3,
			error: null,
			price: '0.27',
		});
		expect(byNumber['+442079460111']).toMatchObject({
			status: false,
			pages_sent: 0,
			price: '0.00',
		});
		expect(byNumber['+442079460111'].error).toMatch(/No answer/);
		expect(byNumber['+442079460122']).toMatchObject({
			status: false,
			pages_sent: 2,
			price: '0.18',
		});
		expect(byNumber['+12125550133'].status).toBeNull();
		expect(byNumber['+12125550144'].status).toBeNull();
		await sim.advanceClock(150);
		byNumber = await rows();
		expect(byNumber['+12125550133'].status).toBe(false);
		expect(byNumber['+12125550144'].status).toBeNull();
		await sim.advanceClock(425);
		expect((await rows())['+12125550144'].status).toBe(true);
	});
});

describe('fax lifecycle in SendFAXMail', () => {
	it('goes queued → sending → delivered / failed with error objects', async () => {
		const send = async (to: string) =>
			(
				await call(
					`${sim.baseUrls.sendFaxMail}/v1/faxes`,
					jsonInit(
						'POST',
						{ to, document: { content: pdf3.toString('base64'), content_type: 'application/pdf' } },
						{ Authorization: `Bearer ${SENDFAXMAIL_KEYS.business}` },
					),
				)
			).body;
		const get = async (id: string) =>
			(
				await call(`${sim.baseUrls.sendFaxMail}/v1/faxes/${id}`, {
					headers: { Authorization: `Bearer ${SENDFAXMAIL_KEYS.business}` },
				})
			).body;
		const ok = await send('+12125550150');
		const noAnswer = await send('+12125550111');
		const partial = await send('+12125550122');
		expect(ok).toMatchObject({ status: 'queued', sent_at: null, completed_at: null, pages: 3 });
		await sim.advanceClock(5);
		expect(await get(ok.id)).toMatchObject({ status: 'sending', completed_at: null });
		await sim.advanceClock(25);
		const delivered = await get(ok.id);
		expect(delivered).toMatchObject({ status: 'delivered', error: null });
		expect(delivered.sent_at).not.toBeNull();
		expect(delivered.completed_at).not.toBeNull();
		expect((await get(noAnswer.id)).error).toEqual({
			code: 'no_answer',
			message: 'No answer from the receiving fax machine.',
		});
		expect(await get(partial.id)).toMatchObject({
			status: 'failed',
			error: { code: 'partial_transmission' },
		});
	});

	it('documents every magic number with its outcome', () => {
		expect(MAGIC_NUMBERS.map((magic) => [magic.suffix, magic.outcome])).toEqual([
			['0111', 'failed'],
			['0122', 'partial'],
			['0133', 'busy'],
			['0144', 'slow'],
		]);
	});
});
