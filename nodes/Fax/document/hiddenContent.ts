import {
	PDFArray,
	PDFDict,
	PDFName,
	PDFRawStream,
	PDFRef,
	type PDFContext,
	type PDFDocument,
	type PDFObject,
} from 'pdf-lib';

import { WorkBudget } from './workBudget';

/**
 * "Remove Hidden Content": what a fax can't carry but a provider that keeps the original PDF
 * (faxrocks offers it for download) would keep. Removed before upload:
 *
 * - attachments: the document's embedded files (/Names /EmbeddedFiles, /AF) and file
 *   attachment annotations, plus sound, movie, screen and rich-media annotations;
 * - JavaScript: document scripts (/Names /JavaScript), the open action (/OpenAction) and every
 *   additional action (/AA) of the document, pages, form fields and annotations;
 * - actions of links and form fields (/A: submit form, launch, URI, JavaScript, …) and XFA
 *   forms (/AcroForm /XFA, which carry their own scripts);
 * - metadata: the XMP stream (/Metadata) of the document and its pages, page /PieceInfo, and
 *   the document information dictionary (title, author, subject, keywords, custom entries).
 *   An information dictionary holding only the producing software's names and the dates is
 *   no reason on its own to rewrite a file; it goes whenever the file is rewritten.
 *
 * Visible page content, form field values and annotation appearances stay. Objects no longer
 * referenced are dropped from the file, so the removed bytes are not uploaded either.
 */

const name = (value: string) => PDFName.of(value);

const CATALOG_KEYS = ['OpenAction', 'AA', 'Metadata', 'AF'];
const PAGE_KEYS = ['AA', 'Metadata', 'PieceInfo', 'AF'];
const ANNOTATION_KEYS = ['A', 'AA', 'AF'];
const FIELD_KEYS = ['A', 'AA'];
const NAME_TREE_KEYS = ['EmbeddedFiles', 'JavaScript'];
const DROPPED_ANNOTATIONS = new Set(['FileAttachment', 'Sound', 'Movie', 'Screen', 'RichMedia']);
const SOFTWARE_AND_DATES = new Set(['Producer', 'Creator', 'CreationDate', 'ModDate', 'Trapped']);

function deleteKeys(dict: PDFDict, keys: string[]): boolean {
	let removed = false;
	for (const key of keys) {
		if (dict.has(name(key))) {
			dict.delete(name(key));
			removed = true;
		}
	}
	return removed;
}

function asDict(context: PDFContext, value: PDFObject | undefined): PDFDict | undefined {
	const resolved = value instanceof PDFRef ? context.lookup(value) : value;
	if (resolved instanceof PDFDict) return resolved;
	if (resolved instanceof PDFRawStream) return resolved.dict;
	return undefined;
}

function asArray(context: PDFContext, value: PDFObject | undefined): PDFArray | undefined {
	const resolved = value instanceof PDFRef ? context.lookup(value) : value;
	return resolved instanceof PDFArray ? resolved : undefined;
}

/**
 * Cleans one page's annotations. An /Annots array or annotation shared by several pages (a
 * crafted file: 1000 pages × one array of 20 000 links) is visited once, not once per page.
 */
function cleanAnnotations(context: PDFContext, page: PDFDict, seen: Set<PDFObject>): boolean {
	const annots = asArray(context, page.get(name('Annots')));
	if (!annots || seen.has(annots)) return false;
	seen.add(annots);
	let removed = false;
	for (let index = annots.size() - 1; index >= 0; index--) {
		const annotation = asDict(context, annots.get(index));
		if (!annotation) continue;
		const subtype = annotation.get(name('Subtype'));
		if (subtype instanceof PDFName && DROPPED_ANNOTATIONS.has(subtype.decodeText())) {
			annots.remove(index);
			removed = true;
			continue;
		}
		if (seen.has(annotation)) continue;
		seen.add(annotation);
		if (deleteKeys(annotation, ANNOTATION_KEYS)) removed = true;
	}
	return removed;
}

/**
 * Form fields and their ancestors/kids carry actions too (widgets are cleaned as annotations).
 * Walked with a list, not recursion: a crafted chain of nested fields can be 100 000 deep.
 */
function cleanFields(context: PDFContext, fields: PDFArray | undefined): boolean {
	let removed = false;
	const seen = new Set<PDFDict>();
	const pending: PDFArray[] = fields ? [fields] : [];
	while (pending.length > 0) {
		const list = pending.pop() as PDFArray;
		for (let index = 0; index < list.size(); index++) {
			const field = asDict(context, list.get(index));
			if (!field || seen.has(field)) continue;
			seen.add(field);
			if (deleteKeys(field, FIELD_KEYS)) removed = true;
			const kids = asArray(context, field.get(name('Kids')));
			if (kids) pending.push(kids);
		}
	}
	return removed;
}

function cleanCatalog(doc: PDFDocument): boolean {
	const { catalog, context } = doc;
	let removed = deleteKeys(catalog, CATALOG_KEYS);
	const names = asDict(context, catalog.get(name('Names')));
	if (names && deleteKeys(names, NAME_TREE_KEYS)) removed = true;
	const acroForm = asDict(context, catalog.get(name('AcroForm')));
	if (acroForm) {
		if (deleteKeys(acroForm, ['XFA'])) removed = true;
		if (cleanFields(context, asArray(context, acroForm.get(name('Fields'))))) {
			removed = true;
		}
	}
	return removed;
}

/**
 * Deletes every indirect object not reachable from the trailer's /Root (and /Info if kept).
 * Yields to the event loop as it goes (the walk visits every value of the document once).
 */
async function dropUnreferenced(doc: PDFDocument, budget: WorkBudget): Promise<void> {
	const { context } = doc;
	const reachable = new Set<string>();
	const pending: PDFObject[] = [];
	const roots = [context.trailerInfo.Root, context.trailerInfo.Info];
	for (const root of roots) if (root) pending.push(root);
	while (pending.length > 0) {
		const object = pending.pop() as PDFObject;
		budget.spend(1);
		if (object instanceof PDFRef) {
			const key = object.tag;
			if (reachable.has(key)) continue;
			reachable.add(key);
			const target = context.lookup(object);
			if (target) pending.push(target);
			await budget.pause();
		} else if (object instanceof PDFDict) {
			for (const [, value] of object.entries()) pending.push(value);
		} else if (object instanceof PDFRawStream) {
			pending.push(object.dict);
		} else if (object instanceof PDFArray) {
			for (let index = 0; index < object.size(); index++) pending.push(object.get(index));
		}
	}
	for (const [ref] of context.enumerateIndirectObjects()) {
		if (!reachable.has(ref.tag)) context.delete(ref);
	}
}

/**
 * Removes attachments, JavaScript, actions and metadata (see above) from a loaded document in
 * place, yielding to the event loop between pages. Resolves to whether anything was removed;
 * only then must the document be saved again instead of sending the original bytes.
 */
export async function removeHiddenContent(
	doc: PDFDocument,
	budget: WorkBudget = new WorkBudget(),
): Promise<boolean> {
	let removed = cleanCatalog(doc);
	const seen = new Set<PDFObject>();
	for (const page of doc.getPages()) {
		const visited = seen.size;
		if (deleteKeys(page.node, PAGE_KEYS)) removed = true;
		if (cleanAnnotations(doc.context, page.node, seen)) removed = true;
		budget.spend(1 + seen.size - visited);
		await budget.pause();
	}
	const { trailerInfo } = doc.context;
	const info = asDict(doc.context, trailerInfo.Info);
	const personal = info?.keys().some((key) => !SOFTWARE_AND_DATES.has(key.decodeText()));
	if (trailerInfo.Info && (personal || removed)) {
		trailerInfo.Info = undefined;
		removed = true;
	}
	if (removed) await dropUnreferenced(doc, budget);
	return removed;
}
