/**
 * How the rebuild of a document reports its work, so a caller can bound it (throw from
 * `onWork`) and let other executions run (`yieldNow`). One unit is one object copied, one
 * array or dictionary entry visited, one annotation looked at, or one KiB of page content
 * scanned.
 */
export interface WorkHooks {
	/** Called synchronously with the units done since the last call; may throw to stop. */
	onWork?: (units: number) => void;
	/** Awaited between objects every few thousand units (default: one `setImmediate`). */
	yieldNow?: () => Promise<void>;
}

const REPORT_EVERY = 1024;
const YIELD_EVERY = 8192;

const nextTurn = () => new Promise<void>((resolve) => setImmediate(resolve));

export class WorkMeter {
	private unreported = 0;
	private sinceYield = 0;

	constructor(private readonly hooks: WorkHooks = {}) {}

	/** Counts `units` of work; reports to `onWork` in batches (which may throw). */
	work(units: number): void {
		this.unreported += units;
		this.sinceYield += units;
		if (this.unreported >= REPORT_EVERY) this.flush();
	}

	flush(): void {
		const units = this.unreported;
		this.unreported = 0;
		if (units > 0) this.hooks.onWork?.(units);
	}

	/** Lets other work run when enough has been done since the last pause. */
	async pause(): Promise<void> {
		if (this.sinceYield < YIELD_EVERY) return;
		this.sinceYield = 0;
		this.flush();
		await (this.hooks.yieldNow ?? nextTurn)();
	}
}
