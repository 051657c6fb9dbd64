import { yieldToLoop } from './yieldToLoop';

/**
 * Bounds on the work one document may cost across the whole pipeline (read, draw forms and
 * printable annotations into the pages, rebuild the pages from what they draw, convert images,
 * save), so that no file, however crafted, blocks n8n or exhausts its memory. Counts, not time:
 * the same file always gets the same answer.
 */
export interface WorkLimits {
	/** Bytes the object and cross-reference streams of one PDF may inflate to, in total. */
	maxInflatedBytes: number;
	/** Time one PDF may take to parse (a backstop; the counts below bind first). */
	maxParseMs: number;
	/** Pages one PDF may have. */
	maxPages: number;
	/** Indirect objects one PDF may hold (those inside object streams included). */
	maxObjects: number;
	/** Values (numbers, names, strings, references, array and dictionary entries) in one PDF. */
	maxValues: number;
	/** Values one object may hold: it is read in one go, without yielding. */
	maxValuesPerObject: number;
	/** How deep arrays and dictionaries may nest. */
	maxDepth: number;
	/** Bytes outside streams read in one go: one object, string, comment or run of junk. */
	maxBytesPerStep: number;
	/** Bytes outside streams read in total (re-reads included). */
	maxScannedBytes: number;
	/** Distinct names (`/Font`, `/F1`, …) in one PDF: pdf-lib keeps each for the life of the process. */
	maxNames: number;
	/** Annotations over all pages, each page's counted (an array shared by pages counts per page). */
	maxPageAnnotations: number;
	/**
	 * Printable annotations (stamps, signatures, ink, filled fields…) drawn into the pages of one
	 * document: each is placed, drawn and copied, hundreds of times the work of a link.
	 */
	maxPrintedAnnotations: number;
	/**
	 * Values the rebuild writes or visits: values copied, resource entries pruned, annotations
	 * and form fields looked at, KiB of page content scanned (attributes inherited by many pages
	 * count per page).
	 */
	maxCopiedValues: number;
	/** Bytes the page content (content streams and drawings) of one PDF may decode to, in total. */
	maxContentBytes: number;
}

export const WORK_LIMITS: WorkLimits = {
	// Real files hold well under 1 MB of object streams per 100 pages.
	maxInflatedBytes: 16 * 1024 * 1024,
	maxParseMs: 10_000,
	maxPages: 1000,
	// A 1000-page text document holds some 30 000 objects and 300 000 values.
	maxObjects: 100_000,
	maxValues: 1_000_000,
	maxValuesPerObject: 50_000,
	maxDepth: 100,
	maxBytesPerStep: 4 * 1000 * 1000,
	maxScannedBytes: 64 * 1000 * 1000,
	maxNames: 20_000,
	// Link-heavy documents carry a few hundred per page.
	maxPageAnnotations: 100_000,
	// Real files carry a few dozen stamps and signatures, or a form's few hundred fields.
	maxPrintedAnnotations: 10_000,
	maxCopiedValues: 2_000_000,
	// A dense vector page is a few MB; a scanned page's content is a few bytes.
	maxContentBytes: 32 * 1024 * 1024,
};

export type WorkLimitKind =
	| 'inflatedBytes'
	| 'parseTime'
	| 'pages'
	| 'structure'
	| 'objects'
	| 'values'
	| 'objectValues'
	| 'depth'
	| 'objectBytes'
	| 'scannedBytes'
	| 'names'
	| 'pageAnnotations'
	| 'printedAnnotations'
	| 'copiedValues'
	| 'contentBytes';

/** Thrown when a document exceeds a bound; turned into a `DocumentError` by the caller. */
export class WorkLimitError extends Error {
	constructor(
		readonly kind: WorkLimitKind,
		/** How much the file needed, where known (e.g. 20 000 000 annotations). */
		readonly needed?: number,
	) {
		super(`Document work limit exceeded: ${kind}`);
		this.name = 'WorkLimitError';
	}
}

/** Work between two yields to the event loop, at most (whichever comes first). */
const YIELD_AFTER_MS = 20;
const YIELD_AFTER_UNITS = 20_000;

/**
 * One document's budget: what it has used so far, and when it last let the event loop run.
 * Every stage calls `spend` for the work it does and `pause` between pieces of work; `pause`
 * yields (`yieldToLoop`) once 20 ms or 20 000 units of
 * work have passed, so other executions, timers and HTTP keep running.
 */
export class WorkBudget {
	private lastYield = Date.now();
	private unitsSinceYield = 0;
	/** How often this budget has yielded (tests check that long work does). */
	yields = 0;
	copiedValues = 0;
	pixels = 0;

	constructor(readonly limits: WorkLimits = WORK_LIMITS) {}

	/** Counts `units` of work (about one value or one pixel row each). */
	spend(units: number): void {
		this.unitsSinceYield += units;
	}

	/** True once enough work has passed since the last yield that the caller should yield now. */
	due(): boolean {
		return (
			this.unitsSinceYield >= YIELD_AFTER_UNITS || Date.now() - this.lastYield >= YIELD_AFTER_MS
		);
	}

	/** The caller is about to yield (pdf-lib's own tick, for instance). */
	yielded(): void {
		this.yields++;
		this.unitsSinceYield = 0;
		this.lastYield = Date.now();
	}

	/** Yields to the event loop if due. */
	async pause(): Promise<void> {
		if (!this.due()) return;
		this.yielded();
		await yieldToLoop();
	}

	/**
	 * Counts `units` of rebuild work (see `maxCopiedValues`): towards the next yield and
	 * against the bound.
	 */
	work(units: number): void {
		this.spend(units);
		this.chargeCopy(units);
	}

	/** Charges values written by a copy of the pages against `maxCopiedValues`. */
	chargeCopy(values: number): void {
		this.copiedValues += values;
		if (this.copiedValues > this.limits.maxCopiedValues) {
			throw new WorkLimitError('copiedValues', this.copiedValues);
		}
	}
}
