import {
	PDFArray,
	PDFDict,
	PDFName,
	PDFPage,
	PDFPageLeaf,
	PDFRef,
	PDFStream,
	type PDFContext,
	type PDFDocument,
	type PDFObject,
} from 'pdf-lib';

import type { WorkBudget } from './workBudget';

/**
 * Copies pages from one document into another as pdf-lib's `copyPages` does (same objects, each
 * referenced object copied once, inherited attributes made explicit, no /Parent), but in
 * bounded steps: referenced objects are queued instead of copied recursively (a chain of
 * 100 000 references would overflow the stack), every copied value is charged to the budget,
 * and the event loop runs every 20 ms.
 */
class BoundedCopier {
	private readonly copies = new Map<PDFObject, PDFObject>();
	private readonly queue: Array<[PDFRef, PDFRef]> = [];
	private next = 0;

	constructor(
		private readonly src: PDFContext,
		private readonly dest: PDFContext,
		private readonly budget: WorkBudget,
	) {}

	/** A referenced object: a new reference now, its copy when the queue reaches it. */
	private ref(ref: PDFRef): PDFRef {
		const known = this.copies.get(ref);
		if (known) return known as PDFRef;
		const newRef = this.dest.nextRef();
		this.copies.set(ref, newRef);
		this.queue.push([ref, newRef]);
		return newRef;
	}

	/** A direct value (nesting is bounded when the document is read). */
	private direct(value: PDFObject): PDFObject {
		this.budget.chargeCopy(1);
		this.budget.spend(1);
		if (value instanceof PDFRef) return this.ref(value);
		if (!(value instanceof PDFDict || value instanceof PDFArray || value instanceof PDFStream)) {
			return value.clone();
		}
		const known = this.copies.get(value);
		if (known) return known;
		if (value instanceof PDFArray) {
			const copy = value.clone(this.dest);
			this.copies.set(value, copy);
			for (let index = 0; index < value.size(); index++) {
				copy.set(index, this.direct(value.get(index)));
			}
			return copy;
		}
		const copy = value.clone(this.dest);
		this.copies.set(value, copy);
		const source = value instanceof PDFStream ? value.dict : value;
		const target = copy instanceof PDFStream ? copy.dict : (copy as PDFDict);
		for (const [key, entry] of source.entries()) target.set(key, this.direct(entry));
		return copy;
	}

	/** The page's dict, with what it inherits from the page tree made explicit. */
	page(page: PDFPageLeaf): PDFDict {
		const clone = page.clone();
		for (const key of PDFPageLeaf.InheritableEntries) {
			const name = PDFName.of(key);
			const value = clone.getInheritableAttribute(name);
			if (!clone.get(name) && value) clone.set(name, value);
		}
		clone.delete(PDFName.of('Parent'));
		return this.direct(clone) as PDFDict;
	}

	/** Copies what has been queued, yielding every 20 ms. */
	async drain(): Promise<void> {
		while (this.next < this.queue.length) {
			const [ref, newRef] = this.queue[this.next++];
			const value = this.src.lookup(ref);
			if (value) this.dest.assign(newRef, this.direct(value));
			await this.budget.pause();
		}
	}
}

/** Copies every page of `src` to the end of `out` (see `BoundedCopier`); returns how many. */
export async function copyPagesBounded(
	out: PDFDocument,
	src: PDFDocument,
	budget: WorkBudget,
): Promise<number> {
	await src.flush();
	const copier = new BoundedCopier(src.context, out.context, budget);
	const pages = src.getPages();
	for (const page of pages) {
		const node = copier.page(page.node);
		await copier.drain();
		const ref = out.context.register(node);
		out.addPage(PDFPage.of(node as PDFPageLeaf, ref, out));
	}
	return pages.length;
}
