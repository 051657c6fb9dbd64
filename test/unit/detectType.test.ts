import {
	describeType,
	detectType,
	extensionFor,
	isAcceptedType,
	looksLikeBase64Document,
	mimeTypeFor,
	type DetectedType,
} from '../../nodes/Fax/document';
import { makeJpeg, makePdf, makePng, TINY_JPEG_BASE64 } from './fixtures';

const bytes = (...values: Array<number | string>): Buffer =>
	Buffer.concat(
		values.map((v) => (typeof v === 'number' ? Buffer.from([v]) : Buffer.from(v, 'latin1'))),
	);

function bmp(): Buffer {
	const header = Buffer.alloc(54);
	header.write('BM', 0, 'latin1');
	header.writeUInt32LE(58, 2);
	header.writeUInt32LE(0, 6);
	header.writeUInt32LE(54, 10);
	header.writeUInt32LE(40, 14);
	return Buffer.concat([header, Buffer.alloc(4)]);
}

function zipWith(name: string): Buffer {
	return bytes(
		0x50,
		0x4b,
		0x03,
		0x04,
		'\u0014\u0000\u0000\u0000\u0008\u0000',
		name,
		'\u0000\u0000binarydata',
	);
}

describe('detectType', () => {
	let pdf: Buffer;
	beforeAll(async () => {
		pdf = await makePdf([[200, 200]]);
	});

	const cases: Array<[string, () => Buffer, DetectedType]> = [
		['PDF made by pdf-lib', () => pdf, 'pdf'],
		[
			'PDF with junk before the header (within 1024 bytes)',
			() => Buffer.concat([Buffer.alloc(100, 0x20), pdf]),
			'pdf',
		],
		['PNG', () => makePng(2, 2), 'png'],
		['JPEG (constant fixture)', () => Buffer.from(TINY_JPEG_BASE64, 'base64'), 'jpeg'],
		['JPEG with EXIF', () => makeJpeg(8, 8, { orientation: 6 }), 'jpeg'],
		['TIFF little-endian', () => bytes(0x49, 0x49, 0x2a, 0x00, 8, 0, 0, 0), 'tiff'],
		['TIFF big-endian', () => bytes(0x4d, 0x4d, 0x00, 0x2a, 0, 0, 0, 8), 'tiff'],
		['BigTIFF', () => bytes(0x49, 0x49, 0x2b, 0x00, 8, 0, 0, 0), 'tiff'],
		['GIF89a', () => bytes('GIF89a', 1, 0, 1, 0), 'gif'],
		['GIF87a', () => bytes('GIF87a', 1, 0, 1, 0), 'gif'],
		['WebP', () => bytes('RIFF', 0x24, 0, 0, 0, 'WEBPVP8 '), 'webp'],
		['BMP', bmp, 'bmp'],
		['HEIC', () => bytes(0, 0, 0, 0x18, 'ftypheic', 0, 0, 0, 0, 'mif1heic'), 'heic'],
		['HEIF (mif1)', () => bytes(0, 0, 0, 0x18, 'ftypmif1', 0, 0, 0, 0), 'heic'],
		['AVIF', () => bytes(0, 0, 0, 0x1c, 'ftypavif', 0, 0, 0, 0), 'avif'],
		['MP4 is not an image', () => bytes(0, 0, 0, 0x18, 'ftypisom', 0, 0, 0, 0), 'unknown'],
		['DOCX', () => zipWith('[Content_Types].xml word/document.xml'), 'docx'],
		['XLSX', () => zipWith('[Content_Types].xml xl/workbook.xml'), 'xlsx'],
		['PPTX', () => zipWith('[Content_Types].xml ppt/presentation.xml'), 'pptx'],
		['plain ZIP', () => zipWith('scan.pdf'), 'zip'],
		['empty ZIP', () => bytes(0x50, 0x4b, 0x05, 0x06, '\u0000'.repeat(18)), 'zip'],
		['DOC (OLE)', () => bytes(0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, 0, 0), 'doc'],
		['RTF', () => bytes('{\\rtf1\\ansi Hello}'), 'rtf'],
		['HTML', () => bytes('<!DOCTYPE html><html><body>Login</body></html>'), 'html'],
		['HTML fragment', () => bytes('  <head><title>x</title></head>'), 'html'],
		['SVG', () => bytes('<?xml version="1.0"?>\n<svg xmlns="http://www.w3.org/2000/svg"/>'), 'svg'],
		['plain text', () => bytes('Hello, this is a note.\n'), 'text'],
		['UTF-8 text with BOM', () => bytes(0xef, 0xbb, 0xbf, 'Grüße'), 'text'],
		['UTF-16 text', () => bytes(0xff, 0xfe, 'H', 0, 'i', 0), 'text'],
		['text starting with BM is not a BMP', () => bytes('BMI report for the week'), 'text'],
		['binary garbage', () => bytes(0x00, 0x01, 0x02, 0x03, 0x04), 'unknown'],
		[
			'%PDF- after 1024 bytes is not a PDF',
			() => Buffer.concat([Buffer.alloc(1100, 0x41), bytes('%PDF-1.7')]),
			'text',
		],
		['empty buffer', () => Buffer.alloc(0), 'empty'],
	];

	it.each(cases)('%s', (_name, build, expected) => {
		expect(detectType(build())).toBe(expected);
	});

	it('only pdf, png and jpeg are accepted', () => {
		const all = cases.map(([, , type]) => type);
		expect([...new Set(all.filter(isAcceptedType))].sort()).toEqual(['jpeg', 'pdf', 'png']);
	});

	it('names types for messages', () => {
		expect(describeType('tiff')).toBe('a TIFF image');
		expect(describeType('docx')).toBe('a Word document (DOCX)');
		expect(describeType('unknown')).toBe('of an unrecognised type');
	});

	it('maps accepted types to MIME types and extensions', () => {
		expect(mimeTypeFor('pdf')).toBe('application/pdf');
		expect(mimeTypeFor('png')).toBe('image/png');
		expect(mimeTypeFor('jpeg')).toBe('image/jpeg');
		expect(extensionFor('jpeg')).toBe('jpg');
	});

	it('recognises base64 text of a document', () => {
		expect(looksLikeBase64Document(Buffer.from(pdf.toString('base64')))).toBe(true);
		expect(
			looksLikeBase64Document(
				Buffer.from(`data:image/png;base64,${makePng(1, 1).toString('base64')}`),
			),
		).toBe(true);
		expect(looksLikeBase64Document(Buffer.from('Hello world'))).toBe(false);
	});

	it('the JPEG constant fixture is what the generator produces', () => {
		expect(makeJpeg(16, 8, { gray: 90 }).toString('base64')).toBe(TINY_JPEG_BASE64);
	});
});
