import { PDFDocument } from 'pdf-lib';

import { hasEncryptDictionary, inspectPdf } from '../../nodes/Fax/document';
import {
	addToTrailer,
	addToXrefStream,
	ENCRYPT_DICT,
	errorSurface,
	makePdf,
	makePng,
	MARKER,
	rejection,
	withComment,
} from './fixtures';

describe('inspectPdf', () => {
	// pdf-lib warns (byte offsets and object numbers only) while recovering damaged files.
	beforeEach(() => {
		jest.spyOn(console, 'warn').mockImplementation(() => undefined);
	});
	afterEach(() => {
		jest.restoreAllMocks();
	});

	it('counts pages', async () => {
		const pdf = await makePdf([
			[100, 100],
			[200, 200],
			[300, 300],
		]);
		await expect(inspectPdf(pdf)).resolves.toEqual({ pageCount: 3 });
	});

	it('counts pages of a PDF with object and cross-reference streams', async () => {
		const pdf = await makePdf(
			[
				[100, 100],
				[200, 200],
			],
			{ objectStreams: true },
		);
		expect(pdf.toString('latin1')).toContain('/Type /XRef');
		await expect(inspectPdf(pdf)).resolves.toEqual({ pageCount: 2 });
	});

	it('rejects a PDF header followed by garbage as damaged', async () => {
		const error = await rejection(inspectPdf(Buffer.from(`%PDF-1.7\n${MARKER} garbage`), 'data'));
		expect(error.code).toBe('corruptPdf');
		expect(error.message).toBe("Binary property 'data' is a damaged PDF that can't be read");
		expect(error.field).toBe('data');
		expect(errorSurface(error)).not.toContain(MARKER);
	});

	it('rejects a truncated PDF as damaged', async () => {
		const pdf = await makePdf([
			[100, 100],
			[200, 200],
		]);
		const error = await rejection(inspectPdf(pdf.subarray(0, Math.floor(pdf.length / 2)), 'scan'));
		expect(error.code).toBe('corruptPdf');
		expect(error.field).toBe('scan');
	});

	it('rejects a PDF without pages', async () => {
		const doc = await PDFDocument.create();
		const error = await rejection(
			inspectPdf(Buffer.from(await doc.save({ addDefaultPage: false })), 'data'),
		);
		expect(error.code).toBe('noPages');
		expect(error.message).toBe("Binary property 'data' is a PDF with no pages");
	});

	it('rejects an empty buffer', async () => {
		const error = await rejection(inspectPdf(Buffer.alloc(0), 'data'));
		expect(error.code).toBe('empty');
		expect(error.message).toBe("Binary property 'data' is empty (0 bytes)");
	});

	it('rejects something that is not a PDF, naming what it is', async () => {
		const error = await rejection(inspectPdf(makePng(2, 2), 'data'));
		expect(error.code).toBe('unsupportedType');
		expect(error.message).toBe("Binary property 'data' is a PNG image; send a PDF, PNG or JPEG");
	});

	describe('encrypted PDFs', () => {
		let plain: Buffer;
		beforeAll(async () => {
			plain = await makePdf([[100, 100]]);
		});

		it('rejects an /Encrypt dictionary in a classic trailer', async () => {
			const encrypted = withComment(addToTrailer(plain, ENCRYPT_DICT));
			const error = await rejection(inspectPdf(encrypted, 'data'));
			expect(error.code).toBe('encryptedPdf');
			expect(error.message).toContain(
				"password-protected PDFs can't be faxed; remove the password first",
			);
			expect(error.message).toContain("Binary property 'data'");
			expect(errorSurface(error)).not.toContain(MARKER);
		});

		it('the crafted file is one pdf-lib itself treats as encrypted', async () => {
			const encrypted = addToTrailer(plain, ENCRYPT_DICT);
			await expect(PDFDocument.load(encrypted)).rejects.toThrow(/encrypted/);
			expect((await PDFDocument.load(encrypted, { ignoreEncryption: true })).isEncrypted).toBe(
				true,
			);
		});

		it('rejects an /Encrypt reference in a cross-reference stream even when pdf-lib misses it', async () => {
			const xrefPdf = await makePdf([[100, 100]], { objectStreams: true });
			const encrypted = addToXrefStream(xrefPdf, '/Encrypt 99 0 R');
			// The reference points nowhere, so pdf-lib alone would let it through:
			expect((await PDFDocument.load(encrypted, { ignoreEncryption: true })).isEncrypted).toBe(
				false,
			);
			const error = await rejection(inspectPdf(encrypted, 'data'));
			expect(error.code).toBe('encryptedPdf');
		});

		it('is detected on the raw bytes, without false positives', () => {
			expect(hasEncryptDictionary(addToTrailer(plain, '/Encrypt 12 0 R'))).toBe(true);
			expect(hasEncryptDictionary(addToTrailer(plain, '/Encrypt\n<< /Filter /Standard >>'))).toBe(
				true,
			);
			expect(hasEncryptDictionary(plain)).toBe(false);
			expect(hasEncryptDictionary(addToTrailer(plain, '/EncryptMetadata false'))).toBe(false);
			expect(hasEncryptDictionary(withComment(plain, 'a note about /Encrypt settings'))).toBe(
				false,
			);
		});
	});
});
