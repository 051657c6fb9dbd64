import {
	PDFArray,
	PDFDict,
	PDFName,
	PDFNumber,
	PDFRef,
	PDFStream,
	type PDFContext,
	type PDFDocument,
	type PDFObject,
} from 'pdf-lib';

import { NAME } from './pageContent';
import { WorkLimitError, type WorkBudget } from './workBudget';

/**
 * Annotations, as a fax prints them: an annotation that a printer prints (its Print flag set,
 * its Hidden flag clear) and that has a normal appearance stream is drawn into the page's
 * content at its place, exactly as its appearance shows it — stamps, signatures, ink, free
 * text, shapes, highlights, sticky-note icons and form fields (whose missing appearances
 * flattenForms.ts generated first). Every other annotation is not drawn: links, pop-ups,
 * file attachments, media, pending redaction marks and annotations marked not to print or
 * without an appearance. The rebuilt page (rebuildVisible.ts) carries no annotations at all,
 * so nothing an annotation held besides its appearance (comments, links, actions, files)
 * reaches the provider.
 *
 * Each annotation is looked at once per document, even when pages share an /Annots array.
 */

/** Never drawn, whatever their flags: they are viewer interaction, not page content. */
export const REMOVED_KINDS = [
	'Link',
	'Popup',
	'FileAttachment',
	'Sound',
	'Movie',
	'Screen',
	'RichMedia',
	'3D',
	'Redact',
	'Projection',
	'PrinterMark',
	'TrapNet',
] as const;
const REMOVED = new Set<string>(REMOVED_KINDS);

const FLAG_HIDDEN = 2;
const FLAG_PRINT = 4;

function numbers(
	context: PDFContext,
	value: PDFObject | undefined,
	count: number,
): number[] | null {
	const array = context.lookup(value);
	if (!(array instanceof PDFArray) || array.size() !== count) return null;
	const result: number[] = [];
	for (let index = 0; index < count; index++) {
		const entry = context.lookup(array.get(index));
		if (!(entry instanceof PDFNumber) || !Number.isFinite(entry.asNumber())) return null;
		result.push(entry.asNumber());
	}
	return result;
}

/** The normal appearance to print, by reference, or undefined when nothing prints. */
function printedAppearance(context: PDFContext, annotation: PDFDict): PDFRef | undefined {
	const subtype = annotation.get(NAME('Subtype'));
	if (subtype instanceof PDFName && REMOVED.has(subtype.decodeText())) return undefined;
	const flags = context.lookup(annotation.get(NAME('F')));
	const value = flags instanceof PDFNumber ? flags.asNumber() : 0;
	if ((value & FLAG_PRINT) === 0 || (value & FLAG_HIDDEN) !== 0) return undefined;
	const appearances = context.lookup(annotation.get(NAME('AP')));
	if (!(appearances instanceof PDFDict)) return undefined;
	let normal: PDFObject | undefined = appearances.get(NAME('N'));
	const resolved = context.lookup(normal);
	if (resolved instanceof PDFDict && !(resolved instanceof PDFStream)) {
		// Several states (check boxes, radio buttons): /AS says which one shows.
		const state = annotation.get(NAME('AS'));
		normal = state instanceof PDFName ? resolved.get(state) : undefined;
	}
	if (normal instanceof PDFStream) return context.register(normal);
	if (normal instanceof PDFRef && context.lookup(normal) instanceof PDFStream) return normal;
	return undefined;
}

const fmt = (value: number) => {
	const text = value.toFixed(5).replace(/\.?0+$/, '');
	return text === '-0' ? '0' : text;
};

/**
 * The `cm` operands that place an appearance at the annotation's rectangle (PDF 32000-1,
 * 12.5.5): the appearance's /BBox, transformed by its /Matrix, is mapped onto /Rect.
 */
function placement(context: PDFContext, annotation: PDFDict, stream: PDFStream): string | null {
	const rect = numbers(context, annotation.get(NAME('Rect')), 4);
	const bbox = numbers(context, stream.dict.get(NAME('BBox')), 4);
	if (!rect || !bbox) return null;
	const [a, b, c, d, e, f] = numbers(context, stream.dict.get(NAME('Matrix')), 6) ?? [
		1, 0, 0, 1, 0, 0,
	];
	const xs: number[] = [];
	const ys: number[] = [];
	for (const [x, y] of [
		[bbox[0], bbox[1]],
		[bbox[2], bbox[1]],
		[bbox[0], bbox[3]],
		[bbox[2], bbox[3]],
	]) {
		xs.push(a * x + c * y + e);
		ys.push(b * x + d * y + f);
	}
	const [left, bottom] = [Math.min(...xs), Math.min(...ys)];
	const [width, height] = [Math.max(...xs) - left, Math.max(...ys) - bottom];
	const [rx, ry] = [Math.min(rect[0], rect[2]), Math.min(rect[1], rect[3])];
	const [rw, rh] = [Math.abs(rect[2] - rect[0]), Math.abs(rect[3] - rect[1])];
	if (!(width > 0 && height > 0 && rw > 0 && rh > 0)) return null;
	const [sx, sy] = [rw / width, rh / height];
	return [sx, 0, 0, sy, rx - left * sx, ry - bottom * sy].map(fmt).join(' ');
}

function uniqueName(taken: PDFDict, counter: { next: number }): PDFName {
	for (;;) {
		const name = NAME(`FaxAnnot${counter.next++}`);
		if (!taken.has(name)) return name;
	}
}

/** Drawings per appended content stream: each is compressed in one go. */
const DRAWINGS_PER_STREAM = 1000;

/**
 * Appends the drawings to the page: the original content wrapped in q/Q, then each one (in
 * streams of DRAWINGS_PER_STREAM, letting the event loop run between them).
 */
async function drawOnPage(
	context: PDFContext,
	page: PDFDict,
	drawings: Array<[PDFRef, string]>,
	budget: WorkBudget,
): Promise<void> {
	const current = page.get(NAME('Contents'));
	const resolved = context.lookup(current);
	const original = resolved instanceof PDFArray ? resolved.asArray() : current ? [current] : [];
	const resources = context.lookup(page.get(NAME('Resources')));
	const ownResources = resources instanceof PDFDict ? resources.clone(context) : context.obj({});
	const xobjects = context.lookup(ownResources.get(NAME('XObject')));
	const ownXObjects = xobjects instanceof PDFDict ? xobjects.clone(context) : context.obj({});
	const counter = { next: 0 };
	const operators = drawings.map(([ref, matrix]) => {
		const name = uniqueName(ownXObjects, counter);
		ownXObjects.set(name, ref);
		return `q ${matrix} cm ${name.asString()} Do Q`;
	});
	ownResources.set(NAME('XObject'), ownXObjects);
	page.set(NAME('Resources'), ownResources);
	const before = context.register(context.flateStream('q\n'));
	const after: PDFRef[] = [context.register(context.flateStream('\nQ\n'))];
	for (let start = 0; start < operators.length; start += DRAWINGS_PER_STREAM) {
		const part = operators.slice(start, start + DRAWINGS_PER_STREAM).join('\n');
		after.push(context.register(context.flateStream(`\n${part}\n`)));
		budget.work(DRAWINGS_PER_STREAM);
		await budget.pause();
	}
	page.set(NAME('Contents'), context.obj([before, ...original, ...after]));
}

/** Draws every printable annotation into its page's content (see above). */
export async function flattenPrintableAnnotations(
	doc: PDFDocument,
	budget: WorkBudget,
): Promise<void> {
	const { context } = doc;
	const seenArrays = new Set<PDFArray>();
	const seenAnnotations = new Set<PDFDict>();
	let printed = 0;
	for (const page of doc.getPages()) {
		const leaf = page.node;
		// Inherited resources become the page's own before drawings are added to them.
		const inherited = leaf.getInheritableAttribute(NAME('Resources'));
		const annotations = context.lookup(leaf.get(NAME('Annots')));
		if (!(annotations instanceof PDFArray) || seenArrays.has(annotations)) continue;
		seenArrays.add(annotations);
		const drawings: Array<[PDFRef, string]> = [];
		for (let index = 0; index < annotations.size(); index++) {
			budget.work(1);
			await budget.pause();
			const annotation = context.lookup(annotations.get(index));
			if (!(annotation instanceof PDFDict) || seenAnnotations.has(annotation)) continue;
			seenAnnotations.add(annotation);
			const appearance = printedAppearance(context, annotation);
			const stream = appearance && context.lookup(appearance);
			if (!appearance || !(stream instanceof PDFStream)) continue;
			const matrix = placement(context, annotation, stream);
			if (!matrix) continue;
			if (++printed > budget.limits.maxPrintedAnnotations) {
				throw new WorkLimitError('printedAnnotations');
			}
			if (!stream.dict.has(NAME('Subtype'))) stream.dict.set(NAME('Subtype'), NAME('Form'));
			drawings.push([appearance, matrix]);
		}
		if (drawings.length > 0) {
			if (inherited !== undefined && !leaf.has(NAME('Resources'))) {
				leaf.set(NAME('Resources'), inherited);
			}
			await drawOnPage(context, leaf, drawings, budget);
		}
		await budget.pause();
	}
}
