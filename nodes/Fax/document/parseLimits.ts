import {
	decodePDFRawStream,
	PDFArray,
	PDFDocument,
	PDFName,
	PDFNumber,
	PDFObjectStreamParser,
	PDFPageLeaf,
	PDFPageTree,
	PDFParser,
	PDFRawStream,
	PDFXRefStreamParser,
	type PDFContext,
	type PDFDict,
} from 'pdf-lib';

import { PdfReaderFault } from './errors';

/**
 * Bounds on what reading one PDF may cost, so a crafted file (a "decompression bomb": 1 MB that
 * inflates to 1 GB) is refused in well under a second instead of blocking n8n for minutes.
 *
 * pdf-lib inflates exactly two kinds of stream while loading: object streams (/Type /ObjStm)
 * and cross-reference streams (/Type /XRef); it never decodes page content or images when
 * loading, copying pages or saving. Those two decoding points are wrapped here: each stream is
 * decoded with its buffers capped at what is left of the document's budget. Parsing also checks
 * a deadline after every object. Page trees are walked once, without revisiting a node.
 */
export interface PdfLimits {
	/** Bytes the object and cross-reference streams of one PDF may inflate to, in total. */
	maxInflatedBytes: number;
	/** Time one PDF may take to parse. */
	maxParseMs: number;
	/** Pages one PDF may have. */
	maxPages: number;
}

export const PDF_LIMITS: PdfLimits = {
	// Real files hold well under 1 MB of object streams per 100 pages.
	maxInflatedBytes: 16 * 1024 * 1024,
	maxParseMs: 10_000,
	maxPages: 1000,
};

export type PdfLimitKind = 'inflatedBytes' | 'parseTime' | 'pages' | 'structure';

/** Thrown when a PDF exceeds a bound; turned into a `DocumentError` by the caller. */
export class PdfLimitError extends Error {
	constructor(readonly kind: PdfLimitKind) {
		super(`PDF limit exceeded: ${kind}`);
		this.name = 'PdfLimitError';
	}
}

interface Guard {
	limits: PdfLimits;
	deadline: number;
	inflated: number;
	/**
	 * The first bound exceeded. pdf-lib catches errors thrown while parsing an object (and
	 * skips the object), so the error is kept here and thrown again from the parser's tick,
	 * which runs after every object outside that catch.
	 */
	failure?: PdfLimitError;
}

function fail(guard: Guard, kind: PdfLimitKind): never {
	guard.failure ??= new PdfLimitError(kind);
	throw guard.failure;
}

/** The guard of the document a parser context belongs to (set while `loadBounded` runs). */
const guards = new WeakMap<PDFContext, Guard>();
/** Set synchronously around `PDFDocument.load`, which creates its parser before its first await. */
let pendingGuard: Guard | undefined;

function checkGuard(guard: Guard): void {
	if (guard.failure) throw guard.failure;
	if (Date.now() >= guard.deadline) fail(guard, 'parseTime');
}

type DecodeStreamLike = {
	ensureBuffer?: (requested: number) => Uint8Array;
	stream?: unknown;
	decode(): Uint8Array;
};

/**
 * Decodes a stream through all its filters, pdf-lib's own decoders, with every decoder's buffer
 * capped at `cap` bytes: `'tooLarge'` as soon as one would grow past it, `'damaged'` when a
 * decoder fails.
 */
export function decodeCapped(
	rawStream: PDFRawStream,
	cap: number,
): Uint8Array | 'tooLarge' | 'damaged' {
	let exceeded = false;
	try {
		const decoder = decodePDFRawStream(rawStream) as unknown as DecodeStreamLike;
		// Every filter of a chain is a decoder reading from the next (`stream`); cap each one.
		for (let layer: unknown = decoder; layer && typeof layer === 'object'; ) {
			const current = layer as DecodeStreamLike;
			const ensureBuffer = current.ensureBuffer;
			if (typeof ensureBuffer !== 'function') break;
			current.ensureBuffer = (requested: number) => {
				exceeded ||= requested > cap;
				if (exceeded) throw new RangeError('decoded stream over its cap');
				return ensureBuffer.call(current, requested);
			};
			layer = current.stream;
		}
		const bytes = decoder.decode();
		return bytes.length > cap ? 'tooLarge' : bytes;
	} catch {
		return exceeded ? 'tooLarge' : 'damaged';
	}
}

/** Decodes a structure stream within what is left of the document's budget. */
function decodeBounded(rawStream: PDFRawStream, guard: Guard): Uint8Array {
	checkGuard(guard);
	const bytes = decodeCapped(rawStream, guard.limits.maxInflatedBytes - guard.inflated);
	if (bytes === 'tooLarge') fail(guard, 'inflatedBytes');
	// As before the bounds: pdf-lib skips an object it can't parse (the file may still be fine).
	if (bytes === 'damaged') throw new Error('undecodable stream');
	guard.inflated += bytes.length;
	return bytes;
}

/** The same stream, already decoded (so pdf-lib doesn't decode it a second time). */
function decodedCopy(rawStream: PDFRawStream, guard: Guard): PDFRawStream {
	const bytes = decodeBounded(rawStream, guard);
	const dict = rawStream.dict.clone() as PDFDict;
	dict.delete(PDFName.of('Filter'));
	dict.delete(PDFName.of('DecodeParms'));
	return PDFRawStream.of(dict, bytes);
}

function numberIn(dict: PDFDict, key: string): number {
	const value = dict.lookup(PDFName.of(key));
	return value instanceof PDFNumber ? value.asNumber() : NaN;
}

/** A cross-reference stream announcing more entries than its bytes hold would loop for each. */
function checkXrefShape(stream: PDFRawStream, guard: Guard): void {
	const widths = stream.dict.lookup(PDFName.of('W'));
	const index = stream.dict.lookup(PDFName.of('Index'));
	let entryBytes = 0;
	if (widths instanceof PDFArray) {
		for (let i = 0; i < widths.size(); i++) {
			const width = widths.lookup(i);
			entryBytes += width instanceof PDFNumber ? Math.max(0, width.asNumber()) : 0;
		}
	}
	let entries = 0;
	if (index instanceof PDFArray) {
		for (let i = 1; i < index.size(); i += 2) {
			const count = index.lookup(i);
			entries += count instanceof PDFNumber ? Math.max(0, count.asNumber()) : 0;
		}
	} else {
		entries = Math.max(0, numberIn(stream.dict, 'Size') || 0);
	}
	if (entries * Math.max(entryBytes, 1) > stream.contents.length + 1024) fail(guard, 'structure');
}

let installed = false;

/** Wraps pdf-lib's two decoding points and its parser's per-object tick once per process. */
function installHooks(): void {
	if (installed) return;
	installed = true;
	const objectStreamFor = PDFObjectStreamParser.forStream.bind(PDFObjectStreamParser);
	PDFObjectStreamParser.forStream = (rawStream, shouldWaitForTick) => {
		const guard = guards.get(rawStream.dict.context);
		if (!guard) return objectStreamFor(rawStream, shouldWaitForTick);
		const decoded = decodedCopy(rawStream, guard);
		// Each entry of the offset table takes at least 4 bytes ("1 0 ").
		const count = numberIn(decoded.dict, 'N');
		if (!(count >= 0) || count > decoded.contents.length / 4 + 1) fail(guard, 'structure');
		return objectStreamFor(decoded, shouldWaitForTick);
	};
	const xrefStreamFor = PDFXRefStreamParser.forStream.bind(PDFXRefStreamParser);
	PDFXRefStreamParser.forStream = (rawStream) => {
		const guard = guards.get(rawStream.dict.context);
		if (!guard) return xrefStreamFor(rawStream);
		const decoded = decodedCopy(rawStream, guard);
		checkXrefShape(decoded, guard);
		return xrefStreamFor(decoded);
	};
	const parserFor = PDFParser.forBytesWithOptions.bind(PDFParser);
	PDFParser.forBytesWithOptions = (...args: Parameters<typeof PDFParser.forBytesWithOptions>) => {
		const parser = parserFor(...args);
		const guard = pendingGuard;
		if (!guard) return parser;
		pendingGuard = undefined;
		const internals = parser as unknown as {
			context: PDFContext;
			shouldWaitForTick: () => boolean;
		};
		guards.set(internals.context, guard);
		const shouldWaitForTick = internals.shouldWaitForTick;
		internals.shouldWaitForTick = () => {
			checkGuard(guard);
			return shouldWaitForTick();
		};
		return parser;
	};
}

/**
 * `PDFDocument.load` within `limits`: throws `PdfLimitError` when the file's structure streams
 * inflate past the budget, parsing takes too long, or the structure is impossible; any other
 * error is pdf-lib's own (a damaged file).
 */
export async function loadBounded(
	data: Uint8Array,
	limits: PdfLimits = PDF_LIMITS,
): Promise<PDFDocument> {
	installHooks();
	const guard: Guard = { limits, deadline: Date.now() + limits.maxParseMs, inflated: 0 };
	pendingGuard = guard;
	let loading: Promise<PDFDocument>;
	try {
		loading = PDFDocument.load(data, {
			ignoreEncryption: true,
			updateMetadata: false,
			// Yield to the event loop every 100 objects (pdf-lib's own "slow" pace).
			parseSpeed: 100,
		});
	} finally {
		pendingGuard = undefined;
	}
	const doc = await loading;
	if (guard.failure) throw guard.failure;
	if (!guards.has(doc.context)) {
		// pdf-lib no longer creates its parser synchronously: the bounds were not applied.
		throw new PdfReaderFault('the PDF parser bounds did not attach to pdf-lib');
	}
	guards.delete(doc.context);
	return doc;
}

/**
 * Counts the pages as pdf-lib's own walk does, but visiting each tree node once: a tree with
 * more than `maxPages` pages, or with a node reached twice (a loop, or a shared subtree that
 * makes every walk exponential), is refused before pdf-lib walks it.
 */
export function countPagesBounded(doc: PDFDocument, limits: PdfLimits = PDF_LIMITS): number {
	const root = doc.catalog.Pages();
	const seen = new Set<PDFPageTree>([root]);
	const pending: PDFPageTree[] = [root];
	let pages = 0;
	while (pending.length > 0) {
		const kids = (pending.pop() as PDFPageTree).Kids();
		for (let i = 0; i < kids.size(); i++) {
			const kid = doc.context.lookup(kids.get(i));
			if (kid instanceof PDFPageTree) {
				if (seen.has(kid)) throw new PdfLimitError('structure');
				seen.add(kid);
				pending.push(kid);
			} else if (kid instanceof PDFPageLeaf && ++pages > limits.maxPages) {
				throw new PdfLimitError('pages');
			}
		}
	}
	return pages;
}
