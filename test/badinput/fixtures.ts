/**
 * Bad (and good) input documents for the bad-input catalogue, built in code. Every document
 * carries `MARKER` in its raw bytes, so a test can prove no error or log ever quotes the file.
 */
import {
	concatTransformationMatrix,
	drawObject,
	PDFDocument,
	popGraphicsState,
	pushGraphicsState,
} from 'pdf-lib';

import { pdfBomb as buildPdfBomb } from '../../scripts/lib/pdfBomb';
import { addToTrailer, ENCRYPT_DICT, makePdf, MARKER, withComment } from '../unit/fixtures';

export { MARKER };

const LETTER: [number, number] = [612, 792];

/** A valid one-page PDF with the marker in a trailing comment. */
export async function goodPdf(): Promise<Buffer> {
	return withComment(await makePdf([{ size: LETTER, text: 'Referral (fictional)' }]));
}

/**
 * Just over FaxDrop's 4,000,000-byte limit (and under the simulator's 4 MiB) in what the page
 * shows, a page-size scan, so the upload (rebuilt from the page) is over it too; the marker
 * in a trailing comment.
 */
export async function pdfOverFourMb(): Promise<Buffer> {
	const doc = await PDFDocument.create();
	const page = doc.addPage(LETTER);
	const scan = doc.context.stream(Buffer.alloc(4_000_100, 0x55), {
		Type: 'XObject',
		Subtype: 'Image',
		Width: 1700,
		Height: 2200,
		ColorSpace: 'DeviceGray',
		BitsPerComponent: 8,
		Filter: 'DCTDecode',
	});
	const name = page.node.newXObject('Scan', doc.context.register(scan));
	page.pushOperators(
		pushGraphicsState(),
		concatTransformationMatrix(LETTER[0], 0, 0, LETTER[1], 0, 0),
		drawObject(name),
		popGraphicsState(),
	);
	return withComment(Buffer.from(await doc.save({ useObjectStreams: false })));
}

export async function truncatedPdf(): Promise<Buffer> {
	const pdf = withComment(await makePdf([LETTER, LETTER]));
	// Keep the header and the marker-free first half; the marker is planted again at the end.
	return Buffer.concat([
		pdf.subarray(0, Math.floor(pdf.length / 2)),
		Buffer.from(`\n%${MARKER}`, 'latin1'),
	]);
}

/** A PDF whose trailer names an /Encrypt dictionary (password-protected). */
export async function encryptedPdf(): Promise<Buffer> {
	return withComment(addToTrailer(await makePdf([LETTER]), ENCRYPT_DICT));
}

export async function zeroPagePdf(): Promise<Buffer> {
	const doc = await PDFDocument.create();
	return withComment(Buffer.from(await doc.save({ addDefaultPage: false })));
}

export function tiff(): Buffer {
	return Buffer.concat([
		Buffer.from([0x49, 0x49, 0x2a, 0x00, 0x08, 0x00, 0x00, 0x00]),
		Buffer.from(MARKER, 'latin1'),
	]);
}

export function gif(): Buffer {
	return Buffer.concat([
		Buffer.from('GIF89a', 'latin1'),
		Buffer.from([1, 0, 1, 0, 0, 0, 0]),
		Buffer.from(MARKER, 'latin1'),
	]);
}

/** The start of a Word document: a ZIP local file header for word/document.xml. */
export function docx(): Buffer {
	const name = Buffer.from('word/document.xml', 'latin1');
	const header = Buffer.alloc(30);
	header.writeUInt32LE(0x04034b50, 0);
	header.writeUInt16LE(20, 4);
	header.writeUInt16LE(name.length, 26);
	return Buffer.concat([header, name, Buffer.from(`<w:t>${MARKER}</w:t>`, 'latin1')]);
}

export function zip(): Buffer {
	return Buffer.concat([
		Buffer.from([0x50, 0x4b, 0x03, 0x04, 0x14, 0, 0, 0]),
		Buffer.from(`notes.txt ${MARKER}`, 'latin1'),
	]);
}

export function plainText(): Buffer {
	return Buffer.from(`Patient: ${MARKER}\nReferral for cardiology (fictional)\n`, 'utf8');
}

export function html(): Buffer {
	return Buffer.from(
		`<!DOCTYPE html><html><head><title>Login</title></head><body>${MARKER}</body></html>`,
		'utf8',
	);
}

export function empty(): Buffer {
	return Buffer.alloc(0);
}

/** 1 MB whose object stream inflates to 1 GB (built now, never stored), marker in a comment. */
export function pdfBomb(): Buffer {
	return withComment(buildPdfBomb({ inflatedBytes: 1024 * 1024 * 1024 }));
}

/** A good PDF after `junkBytes` bytes of other data (more than readers skip past 1024). */
export async function pdfAfterJunk(junkBytes: number): Promise<Buffer> {
	return Buffer.concat([Buffer.alloc(junkBytes, 'x'), await goodPdf()]);
}
