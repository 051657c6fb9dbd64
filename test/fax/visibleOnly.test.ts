/**
 * Only what is visible goes to the provider (issue 17): what faxrocks stores (and gives back
 * through Download) is rebuilt from what the pages show — no earlier revision, no orphaned
 * object, no annotation payload — with filled forms and printable annotations drawn into the
 * page, so Ghostscript and Poppler both print what the person typed.
 */
import type { HarnessInputItem } from '../harness';
import {
	ANNOTATION_PAYLOADS,
	DRAWING_PIECEINFO_TEXT,
	IMAGE_XMP_TEXT,
	NEW_REVISION_TEXT,
	UNUSED_IMAGE_TEXT,
	OLD_REVISION_TEXT,
	ORPHAN_TEXT,
	PRINTED_KINDS,
	REMOVED_KINDS,
	TYPED_DOB,
	TYPED_NAME,
	VISIBLE_TEXT,
	allText,
	annotationCounts,
	catalogKeys,
	filledForm,
	haveRenderers,
	pdfWithAnnotations,
	pdfWithEarlierRevision,
	pdfWithMetadataOnPage,
	pdfWithUnusedImage,
	pdfWithOrphans,
	renderedText,
} from './craftedPdfs';
import { NUMBERS, runFax, testPdf, useFaxEnv, type Json } from './helpers';

const env = useFaxEnv();

const pdf = (data: Buffer, fileName = 'referral.pdf') => ({
	data,
	fileName,
	mimeType: 'application/pdf',
});

/** What faxrocks stored for the fax, downloaded through the Fax node. */
async function downloaded(id: string): Promise<Buffer> {
	const result = await runFax(env, {
		provider: 'faxRocks',
		operation: 'download',
		parameters: { faxId: id, document: 'fax', binaryPropertyName: 'data' },
	});
	return await env.harness.readBinary(result.items[0].binary!.data);
}

/** Sends one item to faxrocks and returns what faxrocks stored. */
async function sendAndDownload(
	item: HarnessInputItem,
	options: Json = {},
	binaryPropertyName = 'data',
): Promise<Buffer> {
	const result = await runFax(env, {
		provider: 'faxRocks',
		operation: 'send',
		parameters: { toNumber: NUMBERS.ok, binaryPropertyName, options },
		items: [item],
	});
	expect(result.nodeError).toBeUndefined();
	expect(result.items[0].json.error ?? null).toBeNull();
	return await downloaded(result.items[0].json.id as string);
}

describe('earlier revisions and orphaned objects never reach the provider', () => {
	it('the crafted files really hold the hidden text (else the test proves nothing)', async () => {
		expect(allText(await pdfWithEarlierRevision())).toContain(OLD_REVISION_TEXT);
		expect(allText(await pdfWithOrphans(false))).toContain(ORPHAN_TEXT);
		// In an object stream the orphan is compressed: found only by inflating.
		const compressed = await pdfWithOrphans(true);
		expect(compressed.toString('latin1')).not.toContain(ORPHAN_TEXT);
		expect(allText(compressed)).toContain(ORPHAN_TEXT);
	});

	it.each([
		['Remove Hidden Content on (default)', {}],
		['Remove Hidden Content off', { removeHiddenContent: false }],
	])('a covered SSN of an earlier revision is not uploaded: %s', async (_, options) => {
		const stored = await sendAndDownload(
			{ json: {}, binary: { data: pdf(await pdfWithEarlierRevision()) } },
			options,
		);
		const text = allText(stored);
		expect(text).toContain(`(${NEW_REVISION_TEXT}) Tj`);
		expect(text).not.toContain(OLD_REVISION_TEXT);
	});

	it.each([
		['classic cross-reference table', false],
		['object streams', true],
	])('an unreferenced object is not uploaded (%s)', async (_, objectStreams) => {
		const stored = await sendAndDownload({
			json: {},
			binary: { data: pdf(await pdfWithOrphans(objectStreams)) },
		});
		const text = allText(stored);
		expect(text).toContain(`(${VISIBLE_TEXT}) Tj`);
		expect(text).not.toContain(ORPHAN_TEXT);
	});

	it('Send Batch, merged with another file and a cover page: still nothing hidden', async () => {
		const result = await runFax(env, {
			provider: 'faxRocks',
			operation: 'sendBatch',
			parameters: {
				toNumbers: `${NUMBERS.ok},${NUMBERS.ok2}`,
				binaryPropertyName: 'data,more',
				options: { includeCover: true },
			},
			items: [
				{
					json: {},
					binary: {
						data: pdf(await pdfWithEarlierRevision()),
						more: pdf(await pdfWithOrphans(true)),
					},
				},
			],
		});
		expect(result.nodeError).toBeUndefined();
		const ids = result.items.map((item) => item.json.id as string);
		expect(ids.length).toBeGreaterThan(0);
		for (const id of new Set(ids)) {
			const text = allText(await downloaded(id));
			expect(text).toContain(`(${NEW_REVISION_TEXT}) Tj`);
			expect(text).toContain(`(${VISIBLE_TEXT}) Tj`);
			expect(text).not.toContain(OLD_REVISION_TEXT);
			expect(text).not.toContain(ORPHAN_TEXT);
		}
	});

	it("Check's output PDF is the rebuilt document (nothing sent)", async () => {
		const result = await runFax(env, {
			provider: 'faxRocks',
			operation: 'check',
			parameters: { checkOperation: 'send', toNumber: NUMBERS.ok },
			items: [{ json: {}, binary: { data: pdf(await pdfWithEarlierRevision()) } }],
		});
		expect(result.nodeError).toBeUndefined();
		const checked = await env.harness.readBinary(result.items[0].binary!.data);
		expect(allText(checked)).toContain(`(${NEW_REVISION_TEXT}) Tj`);
		expect(allText(checked)).not.toContain(OLD_REVISION_TEXT);
		expect(env.sim.faxes()).toEqual([]);
	});

	it('Remove Hidden Content also drops the metadata of images and drawings on the page', async () => {
		const original = await pdfWithMetadataOnPage();
		expect(allText(original)).toContain(IMAGE_XMP_TEXT);
		expect(allText(original)).toContain(DRAWING_PIECEINFO_TEXT);
		const on = allText(await sendAndDownload({ json: {}, binary: { data: pdf(original) } }));
		expect(on).not.toContain(IMAGE_XMP_TEXT);
		expect(on).not.toContain(DRAWING_PIECEINFO_TEXT);
		expect(on).toMatch(/\/Subtype \/Image/);
		const off = allText(
			await sendAndDownload(
				{ json: {}, binary: { data: pdf(original) } },
				{ removeHiddenContent: false },
			),
		);
		expect(off).toContain(IMAGE_XMP_TEXT);
		expect(off).toContain(DRAWING_PIECEINFO_TEXT);
	});

	it('an image the page does not draw (an unused resource) is not uploaded', async () => {
		const original = await pdfWithUnusedImage();
		expect(allText(original)).toContain(UNUSED_IMAGE_TEXT);
		const stored = allText(await sendAndDownload({ json: {}, binary: { data: pdf(original) } }));
		expect(stored).toContain(`(${VISIBLE_TEXT}) Tj`);
		expect(stored).not.toContain(UNUSED_IMAGE_TEXT);
	});

	it('the document information and XMP of the original are not uploaded, off or on', async () => {
		const { PDFDocument } = await import('pdf-lib');
		const doc = await PDFDocument.load(testPdf(1));
		doc.setTitle('TITLE-OF-ORIGINAL-7331');
		doc.setAuthor('AUTHOR-OF-ORIGINAL-7332');
		const original = Buffer.from(await doc.save({ useObjectStreams: false }));
		const stored = await sendAndDownload(
			{ json: {}, binary: { data: pdf(original) } },
			{ removeHiddenContent: false },
		);
		const reloaded = await PDFDocument.load(stored, { updateMetadata: false });
		expect(reloaded.getTitle()).toBeUndefined();
		expect(reloaded.getAuthor()).toBeUndefined();
		expect(reloaded.getProducer()).toBe('n8n-nodes-fax');
	});
});

const renderers = haveRenderers();
if (!renderers) {
	// eslint-disable-next-line no-console -- says why the rendering checks did not run
	console.warn(
		'visibleOnly.test.ts: Ghostscript and Poppler not installed, rendering checks skipped (Debian: apt-get install -y ghostscript poppler-utils)',
	);
}
const withRenderers = renderers ? describe : describe.skip;

withRenderers('filled forms print with Ghostscript and Poppler after merge and cover page', () => {
	it.each([
		['fields with appearance streams', true],
		['NeedAppearances true and no appearance streams', false],
	])('%s', async (_, appearances) => {
		const stored = await sendAndDownload(
			{
				json: {},
				binary: {
					data: pdf(await filledForm(appearances), 'intake.pdf'),
					more: pdf(testPdf(1), 'letter.pdf'),
				},
			},
			{ includeCover: true },
			'data,more',
		);
		const { ghostscript, poppler } = renderedText(stored);
		for (const rendered of [ghostscript, poppler]) {
			expect(rendered).toContain('FAX');
			expect(rendered).toContain('Patient intake form');
			expect(rendered).toContain(TYPED_NAME);
			expect(rendered).toContain(TYPED_DOB);
		}
		// Drawn into the page: no form and no widget annotation is left to depend on.
		expect(await catalogKeys(stored)).not.toContain('AcroForm');
		expect(await annotationCounts(stored)).toEqual([0, 0, 0]);
	});
});

describe('annotations: printable ones drawn into the page, the rest removed', () => {
	let stored: Buffer;
	beforeAll(async () => {
		stored = await sendAndDownload({ json: {}, binary: { data: pdf(await pdfWithAnnotations()) } });
	});

	it('no annotation is left on the uploaded pages', async () => {
		expect(await annotationCounts(stored)).toEqual([0]);
	});

	it.each(Object.entries(PRINTED_KINDS))('%s: its appearance is in the page', (_, marker) => {
		expect(allText(stored)).toContain(marker);
	});

	it.each(Object.entries(REMOVED_KINDS))('%s: not uploaded at all', (_, marker) => {
		expect(allText(stored)).not.toContain(marker);
	});

	it.each(Object.entries(ANNOTATION_PAYLOADS))(
		'what annotations held besides their appearance (%s) is not uploaded',
		(_, payload) => {
			expect(allText(stored)).not.toContain(payload);
		},
	);

	(renderers ? it : it.skip)('Ghostscript and Poppler print exactly the printable kinds', () => {
		const { ghostscript, poppler } = renderedText(stored);
		for (const rendered of [ghostscript, poppler]) {
			expect(rendered).toContain(VISIBLE_TEXT);
			for (const marker of Object.values(PRINTED_KINDS)) expect(rendered).toContain(marker);
			for (const marker of Object.values(REMOVED_KINDS)) expect(rendered).not.toContain(marker);
		}
	});
});
