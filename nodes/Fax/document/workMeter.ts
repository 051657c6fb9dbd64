import { sleep } from 'n8n-workflow';

/**
 * How the rebuild of a document reports its work, so a caller can bound it (throw from
 * `onWork`) and let other executions run (`pause`). One unit is one value copied, one array or
 * dictionary entry visited, one annotation or form field looked at, or one KiB of page content
 * scanned.
 */
export interface WorkHooks {
	/**
	 * Called synchronously with the units done since the last call (in batches of about 1000);
	 * may throw to stop the rebuild: the error reaches the caller of `buildFaxDocument` as is.
	 */
	onWork?: (units: number) => void;
	/**
	 * Awaited between objects; yields to the event loop when it decides to. Default: n8n's `sleep(0)`
	 * every 8192 units.
	 */
	pause?: () => Promise<void>;
}

const REPORT_EVERY = 1024;
const YIELD_EVERY = 8192;


export class WorkMeter {
	private unreported = 0;
	private sinceYield = 0;
	/** The error `onWork` threw, so callers pass it on instead of wrapping it. */
	private stop: unknown;

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
		if (units === 0 || !this.hooks.onWork) return;
		try {
			this.hooks.onWork(units);
		} catch (error) {
			this.stop = error;
			throw error;
		}
	}

	/** Whether `error` is the one `onWork` threw (a budget's), to be passed on unchanged. */
	stoppedBy(error: unknown): boolean {
		return this.stop !== undefined && error === this.stop;
	}

	/** Lets other work run (see `WorkHooks.pause`). */
	async pause(): Promise<void> {
		if (this.hooks.pause) {
			this.flush();
			await this.hooks.pause();
			return;
		}
		if (this.sinceYield < YIELD_EVERY) return;
		this.sinceYield = 0;
		this.flush();
		await sleep(0);
	}
}
