import {
	PDFArray,
	PDFDict,
	PDFName,
	PDFNull,
	PDFRawStream,
	PDFRef,
	PDFStream,
	type PDFContext,
	type PDFObject,
} from 'pdf-lib';

import { NAME, pruneResources, type ContentReader } from './pageContent';
import type { WorkBudget } from './workBudget';

/**
 * Copies objects a page draws with from one document into another, visiting each source
 * object once (a work queue, not recursion through references, so long chains can't overflow
 * the stack). What is copied is only what rendering needs:
 *
 * - references up into the document (a parent, an annotation's page, a structure element)
 *   and actions are never followed, and a reference that leads to a page, the page tree, the
 *   catalog, an annotation, an outline, an embedded file or a file specification becomes null;
 * - with `dropMetadata`, XMP metadata and editing applications' private data (/Metadata,
 *   /PieceInfo, /LastModified) of images and drawings are left out;
 * - the resources of drawings (form XObjects) and tiling patterns keep only the entries their
 *   own content names (see `pruneResources`).
 */

const NEVER_COPIED = new Set([
	'Parent',
	'P',
	'A',
	'AA',
	'AF',
	'Ref',
	'OPI',
	'StructParent',
	'StructParents',
]);
const METADATA = new Set(['Metadata', 'PieceInfo', 'LastModified']);
const NOT_DRAWN_TYPES = new Set([
	'Page',
	'Pages',
	'Catalog',
	'Annot',
	'Outlines',
	'EmbeddedFile',
	'Filespec',
	'Action',
]);

export interface CopierOptions {
	dropMetadata: boolean;
}

export class VisibleCopier {
	private readonly copies = new Map<PDFRef, PDFRef>();
	private readonly queue: Array<[PDFObject, PDFRef]> = [];

	constructor(
		private readonly source: PDFContext,
		private readonly dest: PDFContext,
		private readonly content: ContentReader,
		private readonly budget: WorkBudget,
		private readonly options: CopierOptions,
	) {}

	/** The copy of `ref` if it was copied (or queued) already. */
	copyOf(ref: PDFRef): PDFRef | undefined {
		return this.copies.get(ref);
	}

	/** Copies a value; objects behind references are queued and copied by `drain`. */
	value(object: PDFObject | undefined): PDFObject {
		this.budget.work(1);
		if (object === undefined) return PDFNull;
		if (object instanceof PDFRef) return this.reference(object);
		// Streams are indirect objects (copied by `drain`); a direct one keeps all its resources.
		if (object instanceof PDFStream) return this.dest.register(this.stream(object));
		if (object instanceof PDFDict) return this.dict(object);
		if (object instanceof PDFArray) {
			const array = this.dest.obj([]);
			for (let index = 0; index < object.size(); index++) array.push(this.value(object.get(index)));
			return array;
		}
		// Names, numbers, strings, booleans and null are immutable values.
		return object;
	}

	/** Copies every queued object, pausing for other work between objects. */
	async drain(): Promise<void> {
		while (this.queue.length > 0) {
			const [object, ref] = this.queue.pop() as [PDFObject, PDFRef];
			if (object instanceof PDFStream) {
				this.dest.assign(ref, this.stream(object, await this.prunedOwnResources(object)));
			} else {
				this.dest.assign(ref, this.value(object));
			}
			await this.budget.pause();
		}
	}

	private reference(ref: PDFRef): PDFObject {
		const known = this.copies.get(ref);
		if (known) return known;
		const target = this.source.lookup(ref);
		if (target === undefined || isNotDrawn(target)) return PDFNull;
		const copy = this.dest.nextRef();
		this.copies.set(ref, copy);
		this.queue.push([target, copy]);
		return copy;
	}

	private dict(source: PDFDict, resources?: PDFDict): PDFDict {
		const copy = this.dest.obj({});
		for (const [key, value] of source.entries()) {
			const name = key.decodeText();
			if (NEVER_COPIED.has(name)) continue;
			if (this.options.dropMetadata && METADATA.has(name)) continue;
			if (name === 'Resources' && resources) copy.set(key, this.value(resources));
			else copy.set(key, this.value(value));
		}
		return copy;
	}

	private stream(source: PDFStream, resources?: PDFDict): PDFRawStream {
		const dict = this.dict(source.dict, resources);
		if (source instanceof PDFRawStream) return PDFRawStream.of(dict, source.contents);
		// A stream pdf-lib generated (a form field's appearance, a few hundred bytes) goes out
		// unencoded: compressing thousands of them one by one costs more than it saves.
		dict.delete(NAME('Filter'));
		dict.delete(NAME('DecodeParms'));
		const generated = source as unknown as { getUnencodedContents(): Uint8Array };
		return PDFRawStream.of(dict, generated.getUnencodedContents());
	}

	/** A drawing's or tiling pattern's own resources, pruned to what its content names. */
	private async prunedOwnResources(source: PDFStream): Promise<PDFDict | undefined> {
		const subtype = source.dict.get(NAME('Subtype'));
		const isForm = subtype instanceof PDFName && subtype.decodeText() === 'Form';
		if (!isForm && !source.dict.has(NAME('PatternType'))) return undefined;
		const resources = this.source.lookup(source.dict.get(NAME('Resources')));
		if (!(resources instanceof PDFDict)) return undefined;
		const used = new Set<string>();
		if (!(await this.content.namesIn(source, used))) return undefined;
		return await pruneResources(this.source, resources, used, this.budget);
	}
}

function isNotDrawn(object: PDFObject): boolean {
	const dict = object instanceof PDFStream ? object.dict : object;
	if (!(dict instanceof PDFDict)) return false;
	const type = dict.get(NAME('Type'));
	return type instanceof PDFName && NOT_DRAWN_TYPES.has(type.decodeText());
}
