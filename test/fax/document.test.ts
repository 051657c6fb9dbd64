/**
 * What the Fax node does to the document before upload, seen from the simulator: bombs and
 * misplaced headers refused or repaired, hidden content removed (or not), and the generated
 * cover page (workflow time zone, confidentiality notice, names in any script).
 */
import { createHash } from 'node:crypto';

import { pdfBomb } from '../../scripts/lib/pdfBomb';
import {
	drawnText,
	hiddenContentIn,
	loadPages,
	pdfWithHiddenContent,
	VISIBLE_TEXT,
} from '../unit/fixtures';
import {
	errorTexts,
	Json,
	NUMBERS,
	PROVIDERS,
	runFax,
	SEND_PATH,
	testPdf,
	useFaxEnv,
	type Provider,
} from './helpers';

const env = useFaxEnv();
const sha256 = (data: Buffer) => createHash('sha256').update(data).digest('hex');
const pdfItem = (data: Buffer) => ({
	json: {},
	binary: { data: { data, fileName: 'referral.pdf', mimeType: 'application/pdf' } },
});

async function send(provider: Provider, data: Buffer, options: Json = {}, settings?: Json) {
	return await runFax(env, {
		provider,
		operation: 'send',
		parameters: {
			toNumber: NUMBERS.ok,
			...(provider === 'faxDrop'
				? { senderName: 'Clinic', senderEmail: 'desk@clinic.example' }
				: {}),
			options,
		},
		items: [pdfItem(data)],
		settings,
	});
}

/** Summaries (bytes, sha256, MIME type) of the documents the provider received, in order. */
function uploads(
	provider: Provider,
): Array<{ bytes: number; sha256: string; mimeType: string | null }> {
	const found: Array<{ bytes: number; sha256: string; mimeType: string | null }> = [];
	const visit = (value: unknown) => {
		if (!value || typeof value !== 'object') return;
		const record = value as Record<string, unknown>;
		if (typeof record.sha256 === 'string' && typeof record.bytes === 'number') {
			found.push(record as never);
			return;
		}
		Object.values(record).forEach(visit);
	};
	for (const request of env.sim.requests({ method: 'POST', path: SEND_PATH[provider] })) {
		visit(request.body);
	}
	return found;
}

/** What faxrocks stored for the fax, downloaded through the Fax node. */
async function downloadedFax(id: string): Promise<Buffer> {
	const result = await runFax(env, {
		provider: 'faxRocks',
		operation: 'download',
		parameters: { faxId: id, document: 'fax', binaryPropertyName: 'data' },
	});
	return await env.harness.readBinary(result.items[0].binary!.data);
}

describe('PDF decompression bomb', () => {
	beforeEach(() => jest.spyOn(console, 'warn').mockImplementation(() => undefined));
	afterEach(() => jest.restoreAllMocks());

	it.each(PROVIDERS)(
		'%s: a 1 MB file inflating to 1 GB is refused, nothing uploaded',
		async (provider) => {
			const bomb = pdfBomb({ inflatedBytes: 1024 * 1024 * 1024 });
			const result = await runFax(env, {
				provider,
				operation: 'send',
				parameters: {
					toNumber: NUMBERS.ok,
					senderName: 'Clinic',
					senderEmail: 'desk@clinic.example',
				},
				items: [pdfItem(bomb)],
				nodeOptions: { continueOnFail: true },
			});
			expect(result.items[0].json.error).toBeDefined();
			expect(errorTexts(result).join(' ')).toMatch(
				/Binary property 'data' is a PDF whose compressed structure expands to more than 16 MB/,
			);
			expect(env.sim.requests({ method: 'POST', path: SEND_PATH[provider] })).toHaveLength(0);
			expect(env.sim.faxes()).toHaveLength(0);
		},
	);
});

describe('bytes before %PDF-', () => {
	it.each(PROVIDERS)(
		'%s: up to 1024 bytes are removed, the provider gets a file starting with %%PDF-',
		async (provider) => {
			const original = testPdf(2);
			const junk = Buffer.from(
				'HTTP/1.1 200 OK\r\nContent-Type: application/pdf\r\n\r\n',
				'latin1',
			);
			const result = await send(provider, Buffer.concat([junk, original]));
			expect(result.run.status).toBe('success');
			const [fax] = env.sim.faxes();
			expect(uploads(provider).map((upload) => upload.mimeType)).toEqual(['application/pdf']);
			expect(fax.pages).toBe(2);
			if (provider === 'faxRocks') {
				const sent = await downloadedFax(fax.id);
				expect(sent.subarray(0, 5).toString('latin1')).toBe('%PDF-');
				expect(sent.includes(junk)).toBe(false);
			}
		},
	);
});

describe('Remove Hidden Content', () => {
	let hidden: Buffer;
	beforeAll(async () => {
		hidden = await pdfWithHiddenContent();
		expect((await hiddenContentIn(hidden)).length).toBeGreaterThan(10);
	});

	it('on by default: faxrocks keeps a PDF without attachments, scripts, actions or metadata', async () => {
		const result = await send('faxRocks', hidden);
		expect(result.run.status).toBe('success');
		const sent = await downloadedFax(result.items[0].json.id as string);
		expect(await hiddenContentIn(sent)).toEqual([]);
		const [page] = await loadPages(sent);
		expect(drawnText(page)).toContain(VISIBLE_TEXT);
	});

	it.each(PROVIDERS)(
		'%s: on or off, the upload is rebuilt from the page, never the original bytes',
		async (provider) => {
			await send(provider, hidden);
			await send(provider, hidden, { removeHiddenContent: false });
			expect(uploads(provider)).toHaveLength(2);
			for (const upload of uploads(provider)) {
				expect(upload.sha256).not.toBe(sha256(hidden));
				expect(upload.bytes).toBeLessThan(hidden.length);
			}
		},
	);

	it('off: faxrocks still keeps no attachments, scripts, actions or metadata', async () => {
		const result = await send('faxRocks', hidden, { removeHiddenContent: false });
		const sent = await downloadedFax(result.items[0].json.id as string);
		expect(await hiddenContentIn(sent)).toEqual([]);
		const [page] = await loadPages(sent);
		expect(drawnText(page)).toContain(VISIBLE_TEXT);
	});
});

describe('generated cover page', () => {
	async function coverText(options: Json, settings?: Json): Promise<string[]> {
		const result = await send('faxRocks', testPdf(1), { includeCover: true, ...options }, settings);
		expect(result.run.status).toBe('success');
		const [cover] = await loadPages(await downloadedFax(result.items[0].json.id as string));
		return drawnText(cover);
	}

	it("dates the cover in the workflow's time zone", async () => {
		const before = new Date();
		const text = await coverText({}, { timezone: 'Asia/Tokyo' });
		const after = new Date();
		const dateLine = text[text.indexOf('Date:') + 1];
		const tokyo = (at: Date) =>
			new Intl.DateTimeFormat('sv-SE', {
				timeZone: 'Asia/Tokyo',
				year: 'numeric',
				month: '2-digit',
				day: '2-digit',
				hour: '2-digit',
				minute: '2-digit',
				hourCycle: 'h23',
			}).format(at);
		expect([`${tokyo(before)} Asia/Tokyo`, `${tokyo(after)} Asia/Tokyo`]).toContain(dateLine);
	});

	it('prints the confidentiality notice only when the option is added, as edited', async () => {
		const without = await coverText({});
		expect(without.join(' ')).not.toMatch(/CONFIDENTIALITY NOTICE/);
		// The option's default is the standard text (what n8n stores when the option is added).
		const { DEFAULT_CONFIDENTIALITY_NOTICE } = await import('../../nodes/Fax/document');
		const standard = await coverText({ confidentialityNotice: DEFAULT_CONFIDENTIALITY_NOTICE });
		expect(standard.join(' ')).toMatch(
			/^.*CONFIDENTIALITY NOTICE: This fax may contain confidential information/,
		);
		const edited = await coverText({
			confidentialityNotice: 'Privileged: for the addressee only.',
		});
		expect(edited).toContain('Privileged: for the addressee only.');
		const emptied = await coverText({ confidentialityNotice: '  ' });
		expect(emptied.join(' ')).not.toMatch(/CONFIDENTIALITY|Privileged/);
	});

	it('FaxDrop prints its own cover: the notice goes into its cover note', async () => {
		await send('faxDrop', testPdf(1), {
			includeCover: true,
			coverNote: 'Referral attached.',
			confidentialityNotice: 'Privileged: for the addressee only.',
		});
		const [request] = env.sim.requests({ method: 'POST', path: SEND_PATH.faxDrop });
		// Multipart form fields carry line breaks as CRLF.
		expect((request.body as Json).multipart.coverNote).toMatch(
			/^Referral attached\.\r?\n\r?\nPrivileged: for the addressee only\.$/,
		);
	});

	it('names and notes in any script are transliterated, never printed as ?', async () => {
		const text = await coverText({
			recipientName: 'Дмитрий Иванов',
			senderName: 'Ελένη Παπαδοπούλου',
			senderCompany: '山田クリニック',
			subject: 'محمد — Łódź, Dvořák',
			coverNote: '患者の紹介状です。 Ωmega 😀',
		});
		const all = text.join('\n');
		expect(all).not.toContain('?');
		expect(all).toContain('Dmitriy Ivanov');
		expect(all).toContain('Eleni Papadopoyloy');
		expect(all).toContain('Lódz, Dvorák');
		expect(all).toMatch(/ShanTian/);
		expect(all).toMatch(/mhmd/);
	});
});

describe('document options in the node', () => {
	// eslint-disable-next-line @typescript-eslint/no-require-imports
	const { Fax } = require('../../dist/nodes/Fax/Fax.node.js') as {
		Fax: new () => { description: { properties: Json[] } };
	};
	const collections = new Fax().description.properties.filter(
		(property: Json) => property.name === 'options' && property.type === 'collection',
	);

	it.each(['send', 'sendBatch', 'schedule'])(
		'%s: Remove Hidden Content (on) and Confidentiality Notice (standard text, only when added)',
		async (operation) => {
			const { DEFAULT_CONFIDENTIALITY_NOTICE } = await import('../../nodes/Fax/document');
			const [options] = collections.filter((property: Json) =>
				property.displayOptions?.show?.operation?.includes(operation),
			);
			const byName = (name: string) => options.options.find((option: Json) => option.name === name);
			expect(byName('removeHiddenContent')).toMatchObject({
				displayName: 'Remove Hidden Content',
				type: 'boolean',
				default: true,
			});
			expect(byName('confidentialityNotice')).toMatchObject({
				displayName: 'Confidentiality Notice',
				type: 'string',
				default: DEFAULT_CONFIDENTIALITY_NOTICE,
			});
			// A collection option is off until the user adds it.
			expect(options.default).toEqual({});
			const names = options.options.map((option: Json) => option.displayName);
			expect(names).toEqual([...names].sort((a: string, b: string) => a.localeCompare(b)));
		},
	);
});
