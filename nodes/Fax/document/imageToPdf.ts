import {
	concatTransformationMatrix,
	drawObject,
	PDFDocument,
	popGraphicsState,
	pushGraphicsState,
	type PDFRef,
} from 'pdf-lib';

import { DocumentError, subject } from './errors';
import { saveBounded } from './parseLimits';
import { readImageInfo, type ExifOrientation, type ImageInfo } from './imageInfo';
import { PAGE_MARGIN, pageDimensions, type PageSizeName } from './pageSize';
import { readPngLayout } from './pngBounds';
import { embedPngBounded, PngDataError } from './pngEmbed';
import { WorkBudget } from './workBudget';

/**
 * PNGs above this are refused from their header. 20 megapixels is far beyond fax resolution (a
 * Letter page at 300 dpi is 8.4 MP). PNGs are embedded in bounded steps (see pngEmbed.ts);
 * JPEGs are embedded as they are, without decoding.
 */
export const MAX_PNG_PIXELS = 20_000_000;

export interface ImagePlacement {
	/** Lower-left corner and size of the drawn image on the page, in points. */
	x: number;
	y: number;
	width: number;
	height: number;
}

/**
 * Where an image of `imageWidth` × `imageHeight` (as displayed) goes on a page: scaled up or
 * down to fit inside the margins, aspect ratio kept, centred.
 */
export function fitImage(
	imageWidth: number,
	imageHeight: number,
	pageWidth: number,
	pageHeight: number,
	margin = PAGE_MARGIN,
): ImagePlacement {
	const boxWidth = pageWidth - 2 * margin;
	const boxHeight = pageHeight - 2 * margin;
	const scale = Math.min(boxWidth / imageWidth, boxHeight / imageHeight);
	const width = imageWidth * scale;
	const height = imageHeight * scale;
	return { x: (pageWidth - width) / 2, y: (pageHeight - height) / 2, width, height };
}

/** Width and height as displayed once the EXIF orientation is applied. */
export function displayedSize(info: ImageInfo): [number, number] {
	return info.orientation >= 5 ? [info.height, info.width] : [info.width, info.height];
}

/**
 * Maps the image's unit square (u right, v up, as stored) to the displayed unit square for each
 * EXIF orientation: [X from u, X from v, X offset, Y from u, Y from v, Y offset].
 */
const ORIENTATION_MAPS: Record<ExifOrientation, [number, number, number, number, number, number]> =
	{
		1: [1, 0, 0, 0, 1, 0],
		2: [-1, 0, 1, 0, 1, 0],
		3: [-1, 0, 1, 0, -1, 1],
		4: [1, 0, 0, 0, -1, 1],
		5: [0, -1, 1, -1, 0, 1],
		6: [0, 1, 0, -1, 0, 1],
		7: [0, 1, 0, 1, 0, 0],
		8: [0, -1, 1, 1, 0, 0],
	};

/** The PDF `cm` matrix that draws the image's unit square into `placement`, turned upright. */
export function placementMatrix(
	placement: ImagePlacement,
	orientation: ExifOrientation,
): [number, number, number, number, number, number] {
	const [xu, xv, x0, yu, yv, y0] = ORIENTATION_MAPS[orientation] ?? ORIENTATION_MAPS[1];
	const { x, y, width, height } = placement;
	return [width * xu, height * yu, width * xv, height * yv, x + width * x0, y + height * y0];
}

function imageError(
	code: 'corruptImage' | 'imageTooLarge',
	message: string,
	hint: string,
	propertyName: string | null,
): DocumentError {
	return new DocumentError(code, message, hint, propertyName);
}

/**
 * Reads an image's header and checks it can be converted, without decoding the pixels.
 * Throws `DocumentError` for damaged, animated or oversized images.
 */
export function checkImage(
	data: Buffer,
	type: 'png' | 'jpeg',
	propertyName: string | null,
	{ forConversion }: { forConversion: boolean },
): ImageInfo {
	const label = type === 'png' ? 'PNG' : 'JPEG';
	const info = readImageInfo(data, type);
	if (!info) {
		throw imageError(
			'corruptImage',
			`${subject(propertyName)} is a damaged ${label} image that can't be read`,
			'Open the image and save it again (or export it as PDF), then try again.',
			propertyName,
		);
	}
	if (info.animated) {
		throw imageError(
			'corruptImage',
			`${subject(propertyName)} is an animated PNG, which can't be faxed`,
			'Save a single frame as a normal PNG or JPEG, or export it as PDF.',
			propertyName,
		);
	}
	const pixels = info.width * info.height;
	if (forConversion && type === 'png' && pixels > MAX_PNG_PIXELS) {
		throw imageError(
			'imageTooLarge',
			`${subject(propertyName)} is a PNG image of ${info.width} × ${info.height} pixels (${(pixels / 1e6).toFixed(1)} megapixels); PNGs above ${MAX_PNG_PIXELS / 1e6} megapixels can't be converted to a fax page`,
			'Scale the image down (fax pages are about 1700 × 2200 pixels) or save it as JPEG or PDF.',
			propertyName,
		);
	}
	return info;
}

/**
 * Adds one page of `pageSize` to `doc` with the image scaled to fit inside the margins, aspect
 * ratio kept, centred and turned upright according to its EXIF orientation.
 */
export async function addImagePage(
	doc: PDFDocument,
	data: Buffer,
	type: 'png' | 'jpeg',
	pageSize: PageSizeName,
	propertyName: string | null = null,
	budget: WorkBudget = new WorkBudget(),
): Promise<void> {
	const info = checkImage(data, type, propertyName, { forConversion: true });
	const damaged = () =>
		imageError(
			'corruptImage',
			`${subject(propertyName)} is a ${type === 'png' ? 'PNG' : 'JPEG'} image that can't be converted (damaged or an unsupported variant)`,
			'Open the image and save it again as a standard PNG or JPEG, or export it as PDF.',
			propertyName,
		);
	let imageRef: PDFRef;
	if (type === 'png') {
		const layout = readPngLayout(data);
		if (!layout) throw damaged();
		const pngFailure = (error: unknown): unknown => {
			if (!(error instanceof PngDataError)) return error;
			if (error.problem === 'damaged') return damaged();
			return imageError(
				'imageTooLarge',
				`${subject(propertyName)} is a PNG image whose compressed data expands to more than its ${info.width} × ${info.height} pixels need, so it was not converted`,
				'Files like this are usually damaged or deliberately crafted. Open the image and save it again as PNG or JPEG, then try again. Nothing was sent.',
				propertyName,
			);
		};
		imageRef = await embedPngBounded(doc, layout, budget).catch((error: unknown) =>
			Promise.reject(pngFailure(error)),
		);
	} else {
		try {
			// pdf-lib 1.17's JPEG reader uses `new DataView(bytes.buffer)`, ignoring byteOffset: n8n
			// Buffers are often views into a larger pool, so hand it a copy that starts at offset 0.
			imageRef = (await doc.embedJpg(new Uint8Array(data))).ref;
		} catch {
			// pdf-lib's message may quote header bytes: keep it out of ours.
			throw damaged();
		}
	}
	const [pageWidth, pageHeight] = pageDimensions(pageSize);
	const page = doc.addPage([pageWidth, pageHeight]);
	const [width, height] = displayedSize(info);
	const matrix = placementMatrix(fitImage(width, height, pageWidth, pageHeight), info.orientation);
	const name = page.node.newXObject('Image', imageRef);
	page.pushOperators(
		pushGraphicsState(),
		concatTransformationMatrix(...matrix),
		drawObject(name),
		popGraphicsState(),
	);
}

/** Converts one PNG or JPEG to a one-page PDF of `pageSize` (see `addImagePage`). */
export async function imageToPdf(
	data: Buffer,
	type: 'png' | 'jpeg',
	pageSize: PageSizeName,
	propertyName: string | null = null,
): Promise<Buffer> {
	const doc = await PDFDocument.create();
	doc.setProducer('n8n-nodes-fax');
	doc.setCreator('n8n-nodes-fax');
	const budget = new WorkBudget();
	await addImagePage(doc, data, type, pageSize, propertyName, budget);
	return Buffer.from(await saveBounded(doc, budget));
}
