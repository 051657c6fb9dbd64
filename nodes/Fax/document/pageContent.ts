import {
	PDFArray,
	PDFDict,
	PDFName,
	PDFRawStream,
	PDFRef,
	PDFStream,
	type PDFContext,
} from 'pdf-lib';

import { decodeCapped } from './parseLimits';
import { WorkLimitError, type WorkBudget } from './workBudget';

/**
 * Which named resources (fonts, images, drawings, graphics states, colour spaces, patterns,
 * shadings, marked-content properties) a content stream can use: every name token in it. Names
 * inside strings or inline image data are counted too, so the set is a superset of what is
 * drawn — a resource is never dropped that a renderer would look up.
 */

export const RESOURCE_CATEGORIES = new Set([
	'Font',
	'XObject',
	'ExtGState',
	'ColorSpace',
	'Pattern',
	'Shading',
	'Properties',
]);

const NAME_TOKEN = /\/([^\s/[\]()<>{}%]+)/g;

function decodeName(token: string): string {
	return token.includes('#')
		? token.replace(/#([0-9a-fA-F]{2})/g, (_, hex: string) =>
				String.fromCharCode(parseInt(hex, 16)),
			)
		: token;
}

/** Decoded bytes of content streams, within the document's `maxContentBytes`. */
export class ContentReader {
	private used = 0;
	private readonly maxBytes: number;

	constructor(
		private readonly context: PDFContext,
		private readonly budget: WorkBudget,
	) {
		this.maxBytes = budget.limits.maxContentBytes;
	}

	/** The decoded bytes, or `undefined` when the stream can't be decoded (damaged). */
	bytesOf(stream: PDFStream): Uint8Array | undefined {
		let bytes: Uint8Array | 'tooLarge' | 'damaged';
		if (stream instanceof PDFRawStream) {
			bytes = decodeCapped(stream, this.maxBytes - this.used);
		} else {
			try {
				// Streams pdf-lib made itself (generated form appearances) are kept unencoded.
				bytes = (
					stream as unknown as { getUnencodedContents(): Uint8Array }
				).getUnencodedContents();
			} catch {
				bytes = 'damaged';
			}
		}
		if (bytes === 'damaged') return undefined;
		if (bytes === 'tooLarge' || this.used + bytes.length > this.maxBytes) {
			throw new WorkLimitError('contentBytes');
		}
		this.used += bytes.length;
		this.budget.work(Math.ceil(bytes.length / 1024));
		return bytes;
	}

	/**
	 * Adds the names used by `contents` (a stream, a reference to one or an array of them) to
	 * `into`. Returns false when a stream could not be decoded: then nothing can be pruned.
	 */
	namesIn(contents: unknown, into: Set<string>): boolean {
		const resolved = contents instanceof PDFRef ? this.context.lookup(contents) : contents;
		const streams: unknown[] =
			resolved instanceof PDFArray ? resolved.asArray() : resolved ? [resolved] : [];
		for (const entry of streams) {
			this.budget.work(1);
			const stream = entry instanceof PDFRef ? this.context.lookup(entry) : entry;
			if (!(stream instanceof PDFStream)) continue;
			const bytes = this.bytesOf(stream);
			if (!bytes) return false;
			const text = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('latin1');
			for (const match of text.matchAll(NAME_TOKEN)) into.add(decodeName(match[1]));
		}
		return true;
	}
}

/**
 * A copy of `resources` (in the same context) keeping, in each category, only the entries
 * whose names are in `used`, plus /ProcSet. Anything else in the dictionary is left out.
 */
export function pruneResources(
	context: PDFContext,
	resources: PDFDict,
	used: Set<string>,
	budget: WorkBudget,
): PDFDict {
	const pruned = context.obj({});
	for (const [key, value] of resources.entries()) {
		const category = key.decodeText();
		if (category === 'ProcSet') {
			pruned.set(key, value);
			continue;
		}
		if (!RESOURCE_CATEGORIES.has(category)) continue;
		const entries = context.lookup(value);
		if (!(entries instanceof PDFDict)) continue;
		const kept = context.obj({});
		for (const [name, entry] of entries.entries()) {
			budget.work(1);
			if (used.has(name.decodeText())) kept.set(name, entry);
		}
		pruned.set(key, kept);
	}
	return pruned;
}

/** The dictionary a value resolves to (a stream's dictionary for a stream). */
export function dictOf(context: PDFContext, value: unknown): PDFDict | undefined {
	const resolved = value instanceof PDFRef ? context.lookup(value) : value;
	if (resolved instanceof PDFStream) return resolved.dict;
	return resolved instanceof PDFDict ? resolved : undefined;
}

export const NAME = (value: string) => PDFName.of(value);
