/**
 * PDFs built byte by byte for "only what is visible goes to the provider": an incremental
 * update hiding an earlier revision, an orphaned object, filled forms, and one annotation of
 * each kind. Every text is fictional; markers are unique so a search can't match by accident.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { inflateSync } from 'node:zlib';

import {
	PDFArray,
	PDFDict,
	PDFDocument,
	PDFName,
	PDFRef,
	PDFString,
	StandardFonts,
	type PDFContext,
	type PDFPage,
} from 'pdf-lib';

export const OLD_REVISION_TEXT = 'SSN 000-00-0000';
export const NEW_REVISION_TEXT = 'XXX-XX-XXXX';
export const ORPHAN_TEXT = 'HIV status: reactive (orphaned note)';
export const VISIBLE_TEXT = 'Referral letter, page one';

/** A page whose content is one uncompressed text line in Helvetica (resource /F1). */
async function textPage(doc: PDFDocument, text: string): Promise<PDFPage> {
	const font = await doc.embedFont(StandardFonts.Helvetica);
	const page = doc.addPage([612, 792]);
	page.node.set(PDFName.of('Resources'), doc.context.obj({ Font: { F1: font.ref } }));
	const content = doc.context.stream(`BT /F1 14 Tf 72 700 Td (${text}) Tj ET`);
	page.node.set(PDFName.of('Contents'), doc.context.register(content));
	return page;
}

/**
 * Appends an incremental update section to `pdf` (PDF 32000-1, 7.5.6): the given objects,
 * a cross-reference section for them and a trailer pointing back at the previous one.
 */
export function appendUpdate(pdf: Buffer, objects: Array<[number, string]>, root: string): Buffer {
	const text = pdf.toString('latin1');
	const previous = Number(/startxref\s+(\d+)\s+%%EOF\s*$/.exec(text)?.[1]);
	const size = Number(/\/Size (\d+)/.exec(text.slice(text.lastIndexOf('trailer')))?.[1]);
	const parts: string[] = ['\n'];
	let offset = pdf.length + 1;
	const offsets: Array<[number, number]> = [];
	for (const [num, body] of objects) {
		const chunk = `${num} 0 obj\n${body}\nendobj\n`;
		offsets.push([num, offset]);
		parts.push(chunk);
		offset += Buffer.byteLength(chunk, 'latin1');
	}
	const xrefAt = offset;
	const table = offsets
		.map(([num, at]) => `${num} 1\n${String(at).padStart(10, '0')} 00000 n \n`)
		.join('');
	const maxNum = Math.max(size - 1, ...objects.map(([num]) => num));
	parts.push(
		`xref\n${table}trailer\n<< /Size ${maxNum + 1} /Root ${root} /Prev ${previous} >>\nstartxref\n${xrefAt}\n%%EOF\n`,
	);
	return Buffer.concat([pdf, Buffer.from(parts.join(''), 'latin1')]);
}

/**
 * Revision 1 prints OLD_REVISION_TEXT; an incremental update replaces the page's content
 * with NEW_REVISION_TEXT. Viewers show only the update; the old content stays in the file.
 */
export async function pdfWithEarlierRevision(): Promise<Buffer> {
	const doc = await PDFDocument.create({ updateMetadata: false });
	const page = await textPage(doc, OLD_REVISION_TEXT);
	const first = Buffer.from(await doc.save({ useObjectStreams: false }));
	const contentNum = doc.context.largestObjectNumber + 1;
	const content = `BT /F1 14 Tf 72 700 Td (${NEW_REVISION_TEXT}) Tj ET`;
	const updatedPage = page.node.clone();
	updatedPage.set(PDFName.of('Contents'), PDFRef.of(contentNum));
	return appendUpdate(
		first,
		[
			[contentNum, `<< /Length ${content.length} >>\nstream\n${content}\nendstream`],
			[page.ref.objectNumber, updatedPage.toString()],
		],
		doc.context.trailerInfo.Root!.toString(),
	);
}

/** A visible page plus objects nothing references: a dictionary and a compressed stream. */
export async function pdfWithOrphans(objectStreams: boolean): Promise<Buffer> {
	const doc = await PDFDocument.create({ updateMetadata: false });
	await textPage(doc, VISIBLE_TEXT);
	doc.context.register(doc.context.obj({ Note: PDFString.of(ORPHAN_TEXT) }));
	doc.context.register(doc.context.flateStream(`% ${ORPHAN_TEXT}`));
	return Buffer.from(await doc.save({ useObjectStreams: objectStreams }));
}

export const IMAGE_XMP_TEXT = 'IMAGE-XMP-CAMERA-SERIAL-7341';
export const DRAWING_PIECEINFO_TEXT = 'DRAWING-PIECEINFO-7342';

/**
 * A page drawing an image that carries XMP metadata (as cameras and scanners write it) and
 * a drawing (form XObject) carrying an editing application's private data (/PieceInfo).
 */
export async function pdfWithMetadataOnPage(): Promise<Buffer> {
	const doc = await PDFDocument.create({ updateMetadata: false });
	const page = await textPage(doc, VISIBLE_TEXT);
	const ctx = doc.context;
	const xmp = ctx.register(
		ctx.stream(`<x:xmpmeta xmlns:x="adobe:ns:meta/">${IMAGE_XMP_TEXT}</x:xmpmeta>`, {
			Type: 'Metadata',
			Subtype: 'XML',
		}),
	);
	const image = ctx.register(
		ctx.stream(new Uint8Array([0, 255, 255, 0]), {
			Type: 'XObject',
			Subtype: 'Image',
			Width: 2,
			Height: 2,
			ColorSpace: 'DeviceGray',
			BitsPerComponent: 8,
			Metadata: xmp,
		}),
	);
	const drawing = ctx.register(
		ctx.stream('0 0 10 10 re f', {
			Type: 'XObject',
			Subtype: 'Form',
			BBox: [0, 0, 10, 10],
			PieceInfo: { Editor: { Private: PDFString.of(DRAWING_PIECEINFO_TEXT) } },
		}),
	);
	const resources = page.node.lookup(PDFName.of('Resources'), PDFDict);
	resources.set(PDFName.of('XObject'), ctx.obj({ Im1: image, Fm1: drawing }));
	const content = `BT /F1 14 Tf 72 700 Td (${VISIBLE_TEXT}) Tj ET q 100 0 0 100 72 500 cm /Im1 Do Q q 1 0 0 1 72 400 cm /Fm1 Do Q`;
	page.node.set(PDFName.of('Contents'), ctx.register(ctx.stream(content)));
	return Buffer.from(await doc.save({ useObjectStreams: false }));
}

export const UNUSED_IMAGE_TEXT = 'UNUSED-SCAN-OF-OTHER-PATIENT-7343';

/**
 * A page whose resources list an image its content never draws (as producers that share one
 * resource dictionary across pages write it); the image's bytes hold a marker.
 */
export async function pdfWithUnusedImage(): Promise<Buffer> {
	const doc = await PDFDocument.create({ updateMetadata: false });
	const page = await textPage(doc, VISIBLE_TEXT);
	const ctx = doc.context;
	const pixels = Buffer.from(UNUSED_IMAGE_TEXT, 'latin1');
	const image = ctx.register(
		ctx.stream(pixels, {
			Type: 'XObject',
			Subtype: 'Image',
			Width: pixels.length,
			Height: 1,
			ColorSpace: 'DeviceGray',
			BitsPerComponent: 8,
		}),
	);
	const resources = page.node.lookup(PDFName.of('Resources'), PDFDict);
	resources.set(PDFName.of('XObject'), ctx.obj({ ImUnused: image }));
	return Buffer.from(await doc.save({ useObjectStreams: false }));
}

/**
 * Everything a PDF holds as text: its raw bytes, plus every stream inflated (zlib) when it
 * can be — found by scanning the bytes, so it also covers objects no parser would reach.
 */
export function allText(pdf: Buffer): string {
	const raw = pdf.toString('latin1');
	const parts = [raw];
	const streamStart = /stream\r?\n/g;
	for (let match = streamStart.exec(raw); match; match = streamStart.exec(raw)) {
		const start = match.index + match[0].length;
		const end = raw.indexOf('endstream', start);
		if (end === -1) break;
		try {
			parts.push(inflateSync(pdf.subarray(start, end)).toString('latin1'));
		} catch {
			// Not deflated (or not a stream): the raw bytes are already searched.
		}
	}
	return parts.join('\n');
}

// ---------------------------------------------------------------- forms

export const TYPED_NAME = 'Jordan Example-Testperson';
export const TYPED_DOB = '1970-01-31';

/**
 * A one-page intake form with two filled text fields. `appearances: true`: as saved by a
 * form filler that draws appearance streams. `false`: no appearance streams at all and the
 * form's /NeedAppearances true (what many fillers write; the viewer must draw the values).
 */
export async function filledForm(appearances: boolean): Promise<Buffer> {
	const doc = await PDFDocument.create({ updateMetadata: false });
	const font = await doc.embedFont(StandardFonts.Helvetica);
	const page = doc.addPage([612, 792]);
	page.drawText('Patient intake form', { x: 72, y: 720, size: 18, font });
	const form = doc.getForm();
	const fields: Array<[string, string, number]> = [
		['patientName', TYPED_NAME, 640],
		['dateOfBirth', TYPED_DOB, 600],
	];
	for (const [name, value, y] of fields) {
		const field = form.createTextField(name);
		field.addToPage(page, { x: 72, y, width: 300, height: 24, font });
		field.setText(value);
	}
	if (appearances) return Buffer.from(await doc.save({ useObjectStreams: false }));
	for (const field of form.getFields()) {
		for (const widget of field.acroField.getWidgets()) widget.dict.delete(PDFName.of('AP'));
	}
	form.acroForm.dict.set(PDFName.of('NeedAppearances'), doc.context.obj(true));
	return Buffer.from(await doc.save({ useObjectStreams: false, updateFieldAppearances: false }));
}

// ---------------------------------------------------------------- annotations

/** One annotation of each kind; each appearance draws its own marker text. */
export const PRINTED_KINDS = {
	Stamp: 'STAMP-APPROVED-7301',
	Ink: 'INK-SIGNATURE-7302',
	FreeText: 'FREETEXT-NOTE-7303',
	Square: 'SQUARE-BOX-7304',
	Widget: 'SIGNATURE-WIDGET-7305',
	Text: 'NOTE-ICON-7306',
	Circle: 'CIRCLE-7307',
	Line: 'LINE-7308',
	Polygon: 'POLYGON-7309',
	PolyLine: 'POLYLINE-7310',
	Highlight: 'HIGHLIGHT-7350',
	Underline: 'UNDERLINE-7351',
	StrikeOut: 'STRIKEOUT-7352',
	Squiggly: 'SQUIGGLY-7353',
	Caret: 'CARET-7354',
	Watermark: 'WATERMARK-7355',
} as const;

/** Kinds never printed, and printable kinds switched off by their flags. */
export const REMOVED_KINDS = {
	Link: 'LINK-FACE-7311',
	Popup: 'POPUP-FACE-7312',
	FileAttachment: 'ATTACHMENT-FACE-7313',
	Redact: 'REDACT-FACE-7314',
	Screen: 'SCREEN-FACE-7315',
	Sound: 'SOUND-FACE-7360',
	Movie: 'MOVIE-FACE-7361',
	RichMedia: 'RICHMEDIA-FACE-7362',
	'3D': 'THREED-FACE-7363',
	PrinterMark: 'PRINTERMARK-FACE-7364',
	TrapNet: 'TRAPNET-FACE-7365',
	HiddenStamp: 'HIDDEN-STAMP-7316',
	NoPrintStamp: 'NOPRINT-STAMP-7317',
	NoAppearanceInk: 'NO-APPEARANCE-7318',
} as const;

/** Held by annotations but not in their appearance: must never be uploaded. */
export const ANNOTATION_PAYLOADS = {
	comment: 'COMMENT-TEXT-7321',
	uri: 'https://payload.example/7322',
	script: 'SCRIPT-PAYLOAD-7323',
	file: 'ATTACHED-FILE-7324',
};

const PRINT = 4;
const HIDDEN = 2;

function appearance(ctx: PDFContext, font: PDFRef, marker: string, offset: boolean): PDFRef {
	// Some appearances are offset and scaled (as Acrobat writes stamps): BBox not at 0,0.
	const [bbox, matrix] = offset
		? [
				[100, 100, 300, 120],
				[0.5, 0, 0, 0.5, 0, 0],
			]
		: [
				[0, 0, 200, 20],
				[1, 0, 0, 1, 0, 0],
			];
	const [x, y] = [bbox[0] + 2, bbox[1] + 5];
	return ctx.register(
		ctx.stream(`BT /F1 10 Tf ${x} ${y} Td (${marker}) Tj ET`, {
			Type: 'XObject',
			Subtype: 'Form',
			BBox: bbox,
			Matrix: matrix,
			Resources: { Font: { F1: font } },
		}),
	);
}

export async function pdfWithAnnotations(): Promise<Buffer> {
	const doc = await PDFDocument.create({ updateMetadata: false });
	const font = await doc.embedFont(StandardFonts.Helvetica);
	const page = doc.addPage([612, 792]);
	page.drawText(VISIBLE_TEXT, { x: 72, y: 740, size: 12, font });
	const ctx = doc.context;
	let slot = 0;
	const annotation = (subtype: string, marker: string | null, extra: Record<string, unknown>) => {
		// Two columns of 22 rows, one annotation per slot, so their texts never overlap.
		const [x, y] = [slot < 22 ? 40 : 320, 700 - (slot % 22) * 30];
		slot++;
		const dict: Record<string, unknown> = {
			Type: 'Annot',
			Subtype: subtype,
			Rect: [x, y, x + 200, y + 20],
			F: PRINT,
			...extra,
		};
		if (marker) dict.AP = { N: appearance(ctx, font.ref, marker, subtype === 'Stamp') };
		return ctx.register(ctx.obj(dict as never));
	};
	const js = ctx.obj({
		S: 'JavaScript',
		JS: PDFString.of(`app.alert("${ANNOTATION_PAYLOADS.script}")`),
	});
	const annots: PDFRef[] = [
		annotation('Stamp', PRINTED_KINDS.Stamp, {
			Contents: PDFString.of(ANNOTATION_PAYLOADS.comment),
		}),
		annotation('Ink', PRINTED_KINDS.Ink, { InkList: [[72, 300, 100, 320]] }),
		annotation('FreeText', PRINTED_KINDS.FreeText, { DA: PDFString.of('/Helv 10 Tf 0 g') }),
		annotation('Square', PRINTED_KINDS.Square, {}),
		annotation('Widget', PRINTED_KINDS.Widget, { FT: 'Sig', AA: { U: js } }),
		annotation('Text', PRINTED_KINDS.Text, { Contents: PDFString.of(ANNOTATION_PAYLOADS.comment) }),
		annotation('Link', REMOVED_KINDS.Link, {
			A: { S: 'URI', URI: PDFString.of(ANNOTATION_PAYLOADS.uri) },
		}),
		annotation('Popup', REMOVED_KINDS.Popup, { Open: true }),
		annotation('FileAttachment', REMOVED_KINDS.FileAttachment, {
			FS: {
				Type: 'Filespec',
				F: PDFString.of('lab.txt'),
				EF: { F: ctx.register(ctx.stream(ANNOTATION_PAYLOADS.file, { Type: 'EmbeddedFile' })) },
			},
		}),
		annotation('Redact', REMOVED_KINDS.Redact, {}),
		annotation('Screen', REMOVED_KINDS.Screen, { A: js }),
		...(
			[
				'Circle',
				'Line',
				'Polygon',
				'PolyLine',
				'Highlight',
				'Underline',
				'StrikeOut',
				'Squiggly',
				'Caret',
				'Watermark',
			] as const
		).map((kind) => annotation(kind, PRINTED_KINDS[kind], {})),
		...(['Sound', 'Movie', 'RichMedia', '3D', 'PrinterMark', 'TrapNet'] as const).map((kind) =>
			annotation(kind, REMOVED_KINDS[kind], {}),
		),
		annotation('Stamp', REMOVED_KINDS.HiddenStamp, { F: PRINT | HIDDEN }),
		annotation('Stamp', REMOVED_KINDS.NoPrintStamp, { F: 0 }),
		annotation('Ink', null, {
			InkList: [[72, 100, 100, 120]],
			Contents: PDFString.of(REMOVED_KINDS.NoAppearanceInk),
		}),
	];
	page.node.set(PDFName.of('Annots'), ctx.obj(annots));
	return Buffer.from(await doc.save({ useObjectStreams: false }));
}

/** Number of annotations on each page of a PDF. */
export async function annotationCounts(pdf: Buffer): Promise<number[]> {
	const doc = await PDFDocument.load(pdf);
	return doc.getPages().map((page) => {
		const annots = page.node.lookup(PDFName.of('Annots'));
		return annots instanceof PDFArray ? annots.size() : 0;
	});
}

/** The catalog keys of a PDF (e.g. no /AcroForm after flattening). */
export async function catalogKeys(pdf: Buffer): Promise<string[]> {
	const doc = await PDFDocument.load(pdf);
	return (doc.catalog as PDFDict).keys().map((key) => key.decodeText());
}

// ---------------------------------------------------------------- renderers

const RENDERERS = ['gs', 'pdftotext'];

/** Whether Ghostscript and Poppler are installed (Debian: ghostscript, poppler-utils). */
export function haveRenderers(): boolean {
	return RENDERERS.every((tool) => {
		try {
			// eslint-disable-next-line @n8n/community-nodes/no-dangerous-functions -- test tooling: the Debian renderers, not node code
			execFileSync('sh', ['-c', `command -v ${tool}`], { stdio: 'ignore' });
			return true;
		} catch {
			return false;
		}
	});
}

/** The text each renderer draws from the PDF: Ghostscript (txtwrite) and Poppler (pdftotext). */
export function renderedText(pdf: Buffer): { ghostscript: string; poppler: string } {
	const dir = mkdtempSync(path.join(tmpdir(), 'fax-render-'));
	try {
		const file = path.join(dir, 'fax.pdf');
		writeFileSync(file, pdf);
		// eslint-disable-next-line @n8n/community-nodes/no-dangerous-functions -- test tooling: the Debian renderers, not node code
		const ghostscript = execFileSync(
			'gs',
			['-q', '-dNOPAUSE', '-dBATCH', '-dSAFER', '-sDEVICE=txtwrite', '-sOutputFile=-', file],
			{ encoding: 'latin1', timeout: 60_000 },
		);
		// eslint-disable-next-line @n8n/community-nodes/no-dangerous-functions -- test tooling: the Debian renderers, not node code
		const poppler = execFileSync('pdftotext', ['-layout', file, '-'], {
			encoding: 'latin1',
			timeout: 60_000,
		});
		return { ghostscript, poppler };
	} finally {
		rmSync(dir, { recursive: true, force: true });
	}
}
