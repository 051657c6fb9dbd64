import {
	PDFArray,
	PDFDict,
	PDFName,
	PDFRawStream,
	PDFRef,
	PDFStream,
	type PDFContext,
} from 'pdf-lib';

import { decodeCappedInSteps } from './parseLimits';
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

/** Text scanned for names in one go, at most (then the event loop may run). */
const SCAN_STEP = 256 * 1024;

/** Whether the byte ends a name token (whitespace or a delimiter): a safe place to cut. */
const endsName = (byte: number) =>
	byte <= 0x20 ||
	byte === 0x2f ||
	byte === 0x5b ||
	byte === 0x5d ||
	byte === 0x28 ||
	byte === 0x29 ||
	byte === 0x3c ||
	byte === 0x3e ||
	byte === 0x7b ||
	byte === 0x7d ||
	byte === 0x25;

/**
 * Decoded bytes of content streams, within the document's `maxContentBytes`, decoded and
 * scanned in steps that let the event loop run. Each stream is scanned once per document
 * (an appearance shared by thousands of annotations too).
 */
export class ContentReader {
	private used = 0;
	private readonly maxBytes: number;
	/** Names of each stream scanned so far; `null` for one that could not be decoded. */
	private readonly scanned = new Map<PDFStream, Set<string> | null>();

	constructor(
		private readonly context: PDFContext,
		private readonly budget: WorkBudget,
	) {
		this.maxBytes = budget.limits.maxContentBytes;
	}

	/** The decoded bytes, or `undefined` when the stream can't be decoded (damaged). */
	private async bytesOf(stream: PDFStream): Promise<Uint8Array | undefined> {
		let bytes: Uint8Array | 'tooLarge' | 'damaged';
		if (stream instanceof PDFRawStream) {
			bytes = await decodeCappedInSteps(stream, this.maxBytes - this.used, this.budget);
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
	async namesIn(contents: unknown, into: Set<string>): Promise<boolean> {
		const resolved = contents instanceof PDFRef ? this.context.lookup(contents) : contents;
		const streams: unknown[] =
			resolved instanceof PDFArray ? resolved.asArray() : resolved ? [resolved] : [];
		for (const entry of streams) {
			this.budget.work(1);
			const stream = entry instanceof PDFRef ? this.context.lookup(entry) : entry;
			if (!(stream instanceof PDFStream)) continue;
			const names = await this.namesOf(stream);
			if (!names) return false;
			for (const name of names) into.add(name);
		}
		return true;
	}

	private async namesOf(stream: PDFStream): Promise<Set<string> | null> {
		const known = this.scanned.get(stream);
		if (known !== undefined) return known;
		const bytes = await this.bytesOf(stream);
		const names = bytes ? await this.scan(bytes) : null;
		this.scanned.set(stream, names);
		return names;
	}

	/** Every name token in `bytes`, read in steps cut where no name can be split. */
	private async scan(bytes: Uint8Array): Promise<Set<string>> {
		const names = new Set<string>();
		const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
		for (let start = 0; start < buffer.length; ) {
			let end = Math.min(buffer.length, start + SCAN_STEP);
			// A run without whitespace or delimiters longer than a step is no name a font or image has.
			const limit = Math.min(buffer.length, end + SCAN_STEP);
			while (end < limit && !endsName(buffer[end])) end++;
			const text = buffer.toString('latin1', start, end);
			for (const match of text.matchAll(NAME_TOKEN)) names.add(decodeName(match[1]));
			this.budget.work(Math.ceil((end - start) / 1024));
			await this.budget.pause();
			start = end;
		}
		return names;
	}
}

/**
 * A copy of `resources` (in the same context) keeping, in each category, only the entries
 * whose names are in `used`, plus /ProcSet. Anything else in the dictionary is left out.
 */
export async function pruneResources(
	context: PDFContext,
	resources: PDFDict,
	used: Set<string>,
	budget: WorkBudget,
): Promise<PDFDict> {
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
			await budget.pause();
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
