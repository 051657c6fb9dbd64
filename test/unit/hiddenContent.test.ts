import { PDFDocument } from 'pdf-lib';

import { buildFaxDocument, type BuildFaxDocumentOptions } from '../../nodes/Fax/document';
import {
	drawnText,
	errorSurface,
	hiddenContentIn,
	loadPages,
	makePdf,
	MARKER,
	pdfWithHiddenContent,
	rejection,
	VISIBLE_TEXT,
	withComment,
} from './fixtures';

const opts = (overrides: Partial<BuildFaxDocumentOptions> = {}): BuildFaxDocumentOptions => ({
	target: 'pdf',
	pageSize: 'Letter',
	providerName: 'faxrocks',
	itemIndex: 0,
	...overrides,
});

const ALL_HIDDEN = [
	'AA',
	'EmbeddedFiles',
	'FileAttachment',
	'Info',
	'JavaScript',
	'Launch',
	'Metadata',
	'OpenAction',
	'SubmitForm',
	'URI',
	'marker:annotationFile',
	'marker:attachment',
	'marker:launch',
	'marker:script',
	'marker:submit',
	'marker:uri',
	'marker:xmp',
];

describe('Remove Hidden Content', () => {
	let hidden: Buffer;
	beforeAll(async () => {
		hidden = await pdfWithHiddenContent();
	});

	it('the fixture carries every kind of hidden content', async () => {
		expect(await hiddenContentIn(hidden)).toEqual(ALL_HIDDEN);
	});

	it('removes attachments, JavaScript, actions and metadata, keeping the visible page', async () => {
		const result = await buildFaxDocument(
			[{ data: hidden, propertyName: 'data' }],
			opts({ removeHiddenContent: true }),
		);
		expect(await hiddenContentIn(result.data)).toEqual([]);
		expect(result.pageCount).toBe(1);
		const [page] = await loadPages(result.data);
		expect(drawnText(page)).toContain(VISIBLE_TEXT);
		// The form button has no appearance: nothing of it prints, so nothing of it is uploaded.
		expect(result.data.toString('latin1')).not.toContain('/Widget');
		expect(result.data.length).toBeLessThan(hidden.length);
	});

	it('removes it from every input of a merged document', async () => {
		const clean = await makePdf([[612, 792]]);
		const result = await buildFaxDocument(
			[
				{ data: clean, propertyName: 'cover' },
				{ data: hidden, propertyName: 'data' },
			],
			opts({ removeHiddenContent: true }),
		);
		expect(result.pageCount).toBe(2);
		expect(await hiddenContentIn(result.data)).toEqual([]);
	});

	it('off: the PDF is still rebuilt from its pages, so none of it is uploaded either', async () => {
		for (const removeHiddenContent of [undefined, false]) {
			const result = await buildFaxDocument(
				[{ data: hidden, propertyName: 'data' }],
				opts({ removeHiddenContent }),
			);
			expect(await hiddenContentIn(result.data)).toEqual([]);
			const [page] = await loadPages(result.data);
			expect(drawnText(page)).toContain(VISIBLE_TEXT);
		}
	});

	it('a PDF without hidden content is rebuilt too: the same page, new bytes', async () => {
		const produced = await makePdf([{ size: [612, 792], text: VISIBLE_TEXT }]);
		const result = await buildFaxDocument(
			[{ data: produced, propertyName: 'data' }],
			opts({ removeHiddenContent: true }),
		);
		expect(result.data.equals(produced)).toBe(false);
		const [page] = await loadPages(result.data);
		expect(page.getSize()).toEqual({ width: 612, height: 792 });
		expect(drawnText(page)).toEqual([VISIBLE_TEXT]);
		expect((await PDFDocument.load(result.data, { updateMetadata: false })).getProducer()).toBe(
			'n8n-nodes-fax',
		);
	});

	it('a title alone is reason enough to rewrite (it often names the patient)', async () => {
		const doc = await PDFDocument.load(await makePdf([[612, 792]]));
		doc.setTitle(`Referral ${MARKER}`);
		const titled = Buffer.from(await doc.save({ useObjectStreams: false }));
		const result = await buildFaxDocument(
			[{ data: titled, propertyName: 'data' }],
			opts({ removeHiddenContent: true }),
		);
		expect(result.data.includes(MARKER)).toBe(false);
		expect((await PDFDocument.load(result.data)).getTitle()).toBeUndefined();
	});
});

describe('bytes before %PDF-', () => {
	beforeEach(() => jest.spyOn(console, 'warn').mockImplementation(() => undefined));
	afterEach(() => jest.restoreAllMocks());

	it('up to 1024 bytes: removed before upload (the file then starts with %PDF-)', async () => {
		const pdf = await makePdf([
			[612, 792],
			[612, 792],
		]);
		const junk = Buffer.from(
			`Content-Type: application/pdf\r\nX-Note: ${MARKER}\r\n\r\n`,
			'latin1',
		);
		for (const target of ['pdf', 'asIs'] as const) {
			const result = await buildFaxDocument(
				[{ data: Buffer.concat([junk, pdf]), propertyName: 'data' }],
				opts({ target }),
			);
			expect(result.data.subarray(0, 5).toString('latin1')).toBe('%PDF-');
			expect(result.data.includes(MARKER)).toBe(false);
			expect(result.pageCount).toBe(2);
			expect(result.mimeType).toBe('application/pdf');
		}
	});

	it('more than 1024 bytes: refused with a message saying so', async () => {
		const pdf = withComment(await makePdf([[612, 792]]));
		const junk = Buffer.alloc(2000, 'x');
		const error = await rejection(
			buildFaxDocument([{ data: Buffer.concat([junk, pdf]), propertyName: 'scan' }], opts()),
		);
		expect(error.code).toBe('leadingBytes');
		expect(error.message).toBe(
			"Binary property 'scan' has 2000 bytes of other data before the PDF starts; PDF readers and fax providers accept at most 1024",
		);
		expect(error.hint).toMatch(/Nothing was sent/);
		expect(errorSurface(error)).not.toContain(MARKER);
	});
});
