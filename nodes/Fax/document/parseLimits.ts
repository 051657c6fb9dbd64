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
	PDFStreamWriter,
	PDFWriter,
	PDFXRefStreamParser,
	type PDFContext,
	type PDFDict,
} from 'pdf-lib';

import { PdfReaderFault } from './errors';
import {
	findEndOfStream,
	readHexString,
	readLiteralString,
	readNameText,
	readNumber,
	skipCrossRefSection,
} from './fastTokens';
import {
	WorkBudget,
	WorkLimitError,
	WORK_LIMITS,
	type WorkLimitKind,
	type WorkLimits,
} from './workBudget';

/**
 * Bounds on what reading one PDF may cost, so a crafted file (a "decompression bomb": 1 MB that
 * inflates to 1 GB; one array of 20 million entries; a 90 MB run of junk) is refused in well
 * under a second instead of blocking n8n for minutes.
 *
 * pdf-lib inflates exactly two kinds of stream while loading: object streams (/Type /ObjStm)
 * and cross-reference streams (/Type /XRef); it never decodes page content or images when
 * loading, copying pages or saving. Those two decoding points are wrapped here: each stream is
 * decoded with its buffers capped at what is left of the document's budget.
 *
 * Everything else pdf-lib's parser does, it does byte by byte through its byte stream and value
 * by value through `parseObject`, and it only lets the event loop run between two objects. Each
 * parser (the file's and each object stream's) is therefore given a counting byte stream and a
 * counting `parseObject`: one object (or the junk, comment or whitespace before the next one)
 * may read at most `maxBytesPerStep` bytes and `maxValuesPerObject` values, nested at most
 * `maxDepth` deep, and the whole document `maxObjects`, `maxValues` and `maxScannedBytes`.
 * Between objects the parser yields to the event loop every 20 ms (pdf-lib's own tick). Page
 * trees are walked once, without revisiting a node.
 */
export type PdfLimits = WorkLimits;
export const PDF_LIMITS: PdfLimits = WORK_LIMITS;
export type PdfLimitKind = WorkLimitKind;
/** Thrown when a PDF exceeds a bound; turned into a `DocumentError` by the caller. */
export const PdfLimitError = WorkLimitError;
export type PdfLimitError = WorkLimitError;

interface Guard {
	limits: PdfLimits;
	budget: WorkBudget;
	deadline: number;
	inflated: number;
	objects: number;
	values: number;
	scanned: number;
	/** Read since the parser last reached the end of an object. */
	stepBytes: number;
	stepValues: number;
	depth: number;
	/** Distinct names read (pdf-lib keeps every distinct name for the life of the process). */
	names: Set<string>;
	/**
	 * The first bound exceeded. pdf-lib catches errors thrown while parsing an object (and
	 * skips the object), so the error is kept here and thrown again on every further byte read
	 * and from the parser's tick, which runs after every object outside that catch.
	 */
	failure?: WorkLimitError;
}

function fail(guard: Guard, kind: PdfLimitKind, needed?: number): never {
	guard.failure ??= new WorkLimitError(kind, needed);
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

/** The end of one object: its counts go to the document's totals, then the next one starts. */
function endStep(guard: Guard): void {
	checkGuard(guard);
	guard.budget.spend(1 + guard.stepValues + guard.stepBytes / 64);
	guard.objects += 1;
	guard.values += guard.stepValues;
	guard.scanned += guard.stepBytes;
	guard.stepValues = 0;
	guard.stepBytes = 0;
	const { limits } = guard;
	if (guard.objects > limits.maxObjects) fail(guard, 'objects');
	if (guard.values > limits.maxValues) fail(guard, 'values');
	if (guard.scanned > limits.maxScannedBytes) fail(guard, 'scannedBytes');
}

interface ByteStreamLike {
	bytes: Uint8Array;
	next(): number;
	offset(): number;
	moveTo(offset: number): void;
}
interface ObjectParserLike {
	bytes: ByteStreamLike;
	parseObject(): unknown;
	parseString(): unknown;
	parseHexString(): unknown;
	parseName(): unknown;
	parseRawNumber(): number;
	parseRawInt(): number;
	findEndOfStreamFallback(startPos: unknown): number;
	maybeParseCrossRefSection?: () => void;
}

/** Gives one pdf-lib parser (the file's or an object stream's) a counting byte stream and `parseObject`. */
function countParser(parser: unknown, guard: Guard): void {
	const internals = parser as ObjectParserLike;
	const { bytes } = internals;
	const next = bytes.next;
	const { maxBytesPerStep, maxValuesPerObject, maxDepth } = guard.limits;
	bytes.next = function (this: ByteStreamLike) {
		if (++guard.stepBytes > maxBytesPerStep || guard.failure) {
			fail(guard, 'objectBytes');
		}
		return next.call(this);
	};
	const charge = (count: number) => {
		guard.stepBytes += count;
		if (guard.stepBytes > maxBytesPerStep) fail(guard, 'objectBytes');
	};
	internals.parseString = function (this: ObjectParserLike) {
		return readLiteralString(this.bytes, charge);
	};
	internals.parseHexString = function (this: ObjectParserLike) {
		return readHexString(this.bytes, charge);
	};
	internals.parseName = function (this: ObjectParserLike) {
		const text = readNameText(this.bytes, charge);
		if (!guard.names.has(text)) {
			guard.names.add(text);
			if (guard.names.size > guard.limits.maxNames) fail(guard, 'names');
		}
		return PDFName.of(text);
	};
	internals.parseRawNumber = function (this: ObjectParserLike) {
		return readNumber(this.bytes, charge, false);
	};
	internals.parseRawInt = function (this: ObjectParserLike) {
		return readNumber(this.bytes, charge, true);
	};
	internals.findEndOfStreamFallback = function (this: ObjectParserLike) {
		return findEndOfStream(this.bytes);
	};
	if (internals.maybeParseCrossRefSection) {
		// Its result is never used by pdf-lib (see skipCrossRefSection).
		internals.maybeParseCrossRefSection = function (this: ObjectParserLike) {
			skipCrossRefSection(this.bytes, charge);
		};
	}
	const parseObject = internals.parseObject;
	internals.parseObject = function (this: ObjectParserLike) {
		if (++guard.stepValues > maxValuesPerObject || guard.failure) fail(guard, 'objectValues');
		if (guard.depth >= maxDepth) fail(guard, 'depth');
		guard.depth++;
		try {
			return parseObject.call(this);
		} finally {
			guard.depth--;
		}
	};
}

type DecodeStreamLike = {
	ensureBuffer?: (requested: number) => Uint8Array;
	stream?: unknown;
	decode(): Uint8Array;
	/** Decoders (not a plain stream without filters) decode block by block. */
	readBlock?: () => void;
	eof?: boolean;
	buffer?: Uint8Array;
	bufferLength?: number;
};

/** pdf-lib's decoder for the stream, every layer's buffer capped at `cap` bytes. */
function cappedDecoder(
	rawStream: PDFRawStream,
	cap: number,
	state: { exceeded: boolean },
): DecodeStreamLike {
	const decoder = decodePDFRawStream(rawStream) as unknown as DecodeStreamLike;
	// Every filter of a chain is a decoder reading from the next (`stream`); cap each one.
	for (let layer: unknown = decoder; layer && typeof layer === 'object'; ) {
		const current = layer as DecodeStreamLike;
		const ensureBuffer = current.ensureBuffer;
		if (typeof ensureBuffer !== 'function') break;
		current.ensureBuffer = (requested: number) => {
			state.exceeded ||= requested > cap;
			if (state.exceeded) throw new RangeError('decoded stream over its cap');
			return ensureBuffer.call(current, requested);
		};
		layer = current.stream;
	}
	return decoder;
}

/**
 * As `decodeCapped`, but block by block, letting the event loop run (`budget.pause`) between
 * blocks: a page's content can decode to tens of MB.
 */
export async function decodeCappedInSteps(
	rawStream: PDFRawStream,
	cap: number,
	budget: WorkBudget,
): Promise<Uint8Array | 'tooLarge' | 'damaged'> {
	const state = { exceeded: false };
	try {
		const decoder = cappedDecoder(rawStream, cap, state);
		if (typeof decoder.readBlock !== 'function') return decodeCapped(rawStream, cap);
		while (!decoder.eof) {
			const before = decoder.bufferLength ?? 0;
			decoder.readBlock();
			budget.spend(Math.ceil(((decoder.bufferLength ?? 0) - before) / 1024) + 1);
			await budget.pause();
		}
		const bytes = (decoder.buffer ?? new Uint8Array()).subarray(0, decoder.bufferLength ?? 0);
		return bytes.length > cap ? 'tooLarge' : bytes;
	} catch {
		return state.exceeded ? 'tooLarge' : 'damaged';
	}
}

/**
 * Decodes a stream through all its filters, pdf-lib's own decoders, with every decoder's buffer
 * capped at `cap` bytes: `'tooLarge'` as soon as one would grow past it, `'damaged'` when a
 * decoder fails.
 */
export function decodeCapped(
	rawStream: PDFRawStream,
	cap: number,
): Uint8Array | 'tooLarge' | 'damaged' {
	const state = { exceeded: false };
	try {
		const bytes = cappedDecoder(rawStream, cap, state).decode();
		return bytes.length > cap ? 'tooLarge' : bytes;
	} catch {
		return state.exceeded ? 'tooLarge' : 'damaged';
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

/** Wraps pdf-lib's two decoding points, its parsers and its writers once per process. */
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
		if (guard.objects + count > guard.limits.maxObjects) fail(guard, 'objects');
		const parser = objectStreamFor(decoded, shouldWaitForTick);
		countParser(parser, guard);
		return parser;
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
		countParser(parser, guard);
		// After every object (the file's and those in object streams): count it, and let the
		// event loop run every 20 ms instead of every 100 objects.
		internals.shouldWaitForTick = () => {
			endStep(guard);
			if (!guard.budget.due()) return false;
			guard.budget.yielded();
			return true;
		};
		return parser;
	};
	hookWriter(PDFWriter);
	hookWriter(PDFStreamWriter);
}

type WriterClass = {
	forContext(context: PDFContext, objectsPerTick: number, ...rest: never[]): unknown;
};

/** Documents being saved under a budget: their writer yields every 20 ms, not every 50 objects. */
const writeBudgets = new WeakMap<PDFContext, WorkBudget>();

function hookWriter(writerClass: WriterClass): void {
	const forContext = writerClass.forContext.bind(writerClass);
	writerClass.forContext = (context: PDFContext, objectsPerTick: number, ...rest: never[]) => {
		const writer = forContext(context, objectsPerTick, ...rest) as {
			shouldWaitForTick: (n: number) => boolean;
		};
		const budget = writeBudgets.get(context);
		if (budget) {
			writer.shouldWaitForTick = (n: number) => {
				budget.spend(n);
				if (!budget.due()) return false;
				budget.yielded();
				return true;
			};
		}
		return writer;
	};
}

/**
 * `doc.save(options)`, yielding to the event loop every 20 ms of work. The values it writes were
 * counted when the pages were copied (see `VisibleCopier`).
 */
export async function saveBounded(
	doc: PDFDocument,
	budget: WorkBudget,
	options: { useObjectStreams?: boolean } = {},
): Promise<Uint8Array> {
	installHooks();
	writeBudgets.set(doc.context, budget);
	try {
		return await doc.save({ ...options, objectsPerTick: Number.MAX_SAFE_INTEGER });
	} finally {
		writeBudgets.delete(doc.context);
	}
}

/**
 * `PDFDocument.load` within `limits`: throws `WorkLimitError` when the file's structure streams
 * inflate past the budget, an object or the whole file is too large or too complex to read
 * in bounded steps, or the structure is impossible; any other error is pdf-lib's own (a
 * damaged file). Yields to the event loop every 20 ms while parsing.
 */
export async function loadBounded(
	data: Uint8Array,
	limits: PdfLimits = PDF_LIMITS,
	budget: WorkBudget = new WorkBudget(limits),
): Promise<PDFDocument> {
	installHooks();
	const guard: Guard = {
		limits,
		budget,
		deadline: Date.now() + limits.maxParseMs,
		inflated: 0,
		objects: 0,
		values: 0,
		scanned: 0,
		stepBytes: 0,
		stepValues: 0,
		depth: 0,
		names: new Set(),
	};
	pendingGuard = guard;
	let loading: Promise<PDFDocument>;
	try {
		loading = PDFDocument.load(data, {
			ignoreEncryption: true,
			updateMetadata: false,
			// Unused: the tick above decides when to yield.
			parseSpeed: 100,
		});
	} finally {
		pendingGuard = undefined;
	}
	let doc: PDFDocument;
	try {
		doc = await loading;
	} catch (error) {
		throw guard.failure ?? error;
	}
	if (guard.failure) throw guard.failure;
	if (!guards.has(doc.context)) {
		// pdf-lib no longer creates its parser synchronously: the bounds were not applied.
		throw new PdfReaderFault('the PDF parser bounds did not attach to pdf-lib');
	}
	// The last object's counts (the trailer after it has no tick of its own).
	guard.objects -= 1;
	endStep(guard);
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
				if (seen.has(kid)) throw new WorkLimitError('structure');
				seen.add(kid);
				pending.push(kid);
			} else if (kid instanceof PDFPageLeaf && ++pages > limits.maxPages) {
				throw new WorkLimitError('pages');
			}
		}
	}
	return pages;
}
