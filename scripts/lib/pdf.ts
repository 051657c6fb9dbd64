import {
	PDFDocument,
	concatTransformationMatrix,
	drawObject,
	popGraphicsState,
	pushGraphicsState,
} from 'pdf-lib';

import { createRng, randomBytes } from './rng';

const LETTER = { width: 612, height: 792 };

/**
 * A PDF shaped like a scanned fax: `pages` pages, each showing one full-page image whose
 * (incompressible, seeded random) stream makes the file about `targetBytes` long. pdf-lib
 * skips image streams by length when parsing, as it does with a real scan.
 */
export async function scanLikePdf(targetBytes: number, pages: number, seed = 1): Promise<Buffer> {
	const rng = createRng(seed);
	const doc = await PDFDocument.create();
	doc.setProducer('n8n-nodes-fax bench');
	const overhead = 1200 + pages * 400;
	const perPage = Math.max(1, Math.floor((targetBytes - overhead) / pages));
	for (let index = 0; index < pages; index++) {
		const page = doc.addPage([LETTER.width, LETTER.height]);
		const image = doc.context.stream(randomBytes(rng, perPage), {
			Type: 'XObject',
			Subtype: 'Image',
			Width: 1700,
			Height: 2200,
			ColorSpace: 'DeviceGray',
			BitsPerComponent: 8,
			Filter: 'DCTDecode',
		});
		const ref = doc.context.register(image);
		const name = page.node.newXObject('Scan', ref);
		page.pushOperators(
			pushGraphicsState(),
			concatTransformationMatrix(LETTER.width, 0, 0, LETTER.height, 0, 0),
			drawObject(name),
			popGraphicsState(),
		);
	}
	return Buffer.from(await doc.save({ useObjectStreams: false }));
}

/** The document padded with trailing whitespace (ignored by PDF readers) to exactly `length` bytes. */
export function exactSize(pdf: Buffer, length: number): Buffer {
	if (pdf.length > length) throw new Error(`fixture is ${pdf.length} bytes, over ${length}`);
	const padding = Buffer.alloc(length - pdf.length, 0x20);
	if (padding.length > 0) padding[0] = 0x0a;
	return Buffer.concat([pdf, padding]);
}
