import {
	PDFArray,
	PDFDict,
	PDFName,
	PDFPage,
	PDFPageLeaf,
	PDFRef,
	type PDFDocument,
	type PDFObject,
} from 'pdf-lib';

import { ContentReader, NAME, pruneResources, dictOf } from './pageContent';
import { VisibleCopier } from './visibleCopier';
import type { WorkBudget } from './workBudget';

/**
 * "Only what is visible goes to the provider": the pages of `source` are rebuilt in `out`
 * (a fresh document) from what they draw. Each new page gets only its size (/MediaBox,
 * /CropBox), /Rotate, /UserUnit, its transparency /Group, its content and the resources that
 * content names — nothing else of the original file: no earlier revisions (only objects the
 * current pages reach are read), no orphaned objects, no unused resources, no document
 * information, XMP, scripts, attachments, outlines, forms, annotations, threads or thumbnails.
 * Forms and printable annotations are drawn into the content beforehand (see flattenForms.ts
 * and printableAnnotations.ts).
 *
 * The optional-content (layer) settings are carried over for the layers the pages use, so a
 * layer switched off in the original stays off.
 */

const PAGE_KEYS = ['MediaBox', 'CropBox', 'Rotate', 'UserUnit', 'Group'];
const INHERITED = new Set(['MediaBox', 'CropBox', 'Rotate']);

export interface RebuildOptions {
	/** Also leave out metadata of the images and drawings the pages use (Remove Hidden Content). */
	dropMetadata: boolean;
}

/** Optional-content groups the rebuilt pages use, with whether each is off. */
export interface LayerState {
	groups: PDFRef[];
	off: PDFRef[];
}

/** Names used by a page's content and by drawings that take the page's resources. */
async function namesUsedBy(
	source: PDFDocument,
	content: ContentReader,
	contents: PDFObject | undefined,
	resources: PDFDict,
	budget: WorkBudget,
): Promise<Set<string> | null> {
	const used = new Set<string>();
	if (!(await content.namesIn(contents, used))) return null;
	const xobjects = dictOf(source.context, resources.get(NAME('XObject')));
	if (!xobjects) return used;
	// A drawing without its own /Resources draws with the page's: its names count too. Each
	// name is looked up once (a work list, not a rescan of every name per drawing).
	const pending = [...used];
	while (pending.length > 0) {
		const entry = xobjects.get(NAME(pending.pop() as string));
		const drawing = entry instanceof PDFRef ? source.context.lookup(entry) : entry;
		const dict = dictOf(source.context, drawing);
		if (!dict || dict.has(NAME('Resources'))) continue;
		const found = new Set<string>();
		if (!(await content.namesIn(drawing, found))) return null;
		for (const name of found) {
			if (used.has(name)) continue;
			used.add(name);
			pending.push(name);
		}
		await budget.pause();
	}
	return used;
}

/** Copies the pages of `source` to the end of `out`, rebuilt from what they draw. */
export async function copyVisiblePages(
	source: PDFDocument,
	out: PDFDocument,
	budget: WorkBudget,
	options: RebuildOptions,
	layers: LayerState,
): Promise<number> {
	const content = new ContentReader(source.context, budget);
	const copier = new VisibleCopier(source.context, out.context, content, budget, options);
	const pages = source.getPages();
	for (const page of pages) {
		await budget.pause();
		const leaf = page.node;
		const copy = PDFPageLeaf.withContextAndParent(
			out.context,
			out.catalog.get(NAME('Pages')) as PDFRef,
		);
		for (const key of PAGE_KEYS) {
			const value = INHERITED.has(key)
				? leaf.getInheritableAttribute(NAME(key))
				: leaf.get(NAME(key));
			if (value !== undefined) copy.set(NAME(key), copier.value(value));
		}
		const contents = leaf.get(NAME('Contents'));
		const resources = dictOf(source.context, leaf.getInheritableAttribute(NAME('Resources')));
		if (contents !== undefined) copy.set(NAME('Contents'), copier.value(contents));
		if (resources) {
			const used = await namesUsedBy(source, content, contents, resources, budget);
			const kept = used ? await pruneResources(source.context, resources, used, budget) : resources;
			copy.set(NAME('Resources'), copier.value(kept));
		}
		const ref = out.context.register(copy);
		out.addPage(PDFPage.of(copy, ref, out));
		await copier.drain();
	}
	collectLayers(source, copier, layers);
	await copier.drain();
	return pages.length;
}

function refsIn(source: PDFDocument, value: PDFObject | undefined): PDFRef[] {
	const array = source.context.lookup(value);
	if (!(array instanceof PDFArray)) return [];
	return array.asArray().filter((entry): entry is PDFRef => entry instanceof PDFRef);
}

/** Adds the layers the copied pages use, and which of them are off, to `layers`. */
function collectLayers(source: PDFDocument, copier: VisibleCopier, layers: LayerState): void {
	const properties = dictOf(source.context, source.catalog.get(NAME('OCProperties')));
	if (!properties) return;
	const config = dictOf(source.context, properties.get(NAME('D')));
	const baseState = config?.get(NAME('BaseState'));
	const allOff = baseState instanceof PDFName && baseState.decodeText() === 'OFF';
	const on = new Set(refsIn(source, config?.get(NAME('ON'))).map((ref) => ref.tag));
	const off = new Set(refsIn(source, config?.get(NAME('OFF'))).map((ref) => ref.tag));
	for (const group of refsIn(source, properties.get(NAME('OCGs')))) {
		const copy = copier.copyOf(group);
		if (!copy) continue;
		layers.groups.push(copy);
		if (allOff ? !on.has(group.tag) : off.has(group.tag)) layers.off.push(copy);
	}
}

/** Writes the collected layers into the rebuilt document's catalog (nothing if none). */
export function writeLayers(out: PDFDocument, layers: LayerState): void {
	if (layers.groups.length === 0) return;
	out.catalog.set(
		NAME('OCProperties'),
		out.context.obj({
			OCGs: layers.groups,
			D: { BaseState: 'ON', OFF: layers.off, Order: layers.groups },
		}),
	);
}
