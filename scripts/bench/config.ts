/** Benchmark sizes; every one can be changed through the environment (`BENCH_ITEMS=20 npm run bench`). */
function numberFromEnv(name: string, fallback: number): number {
	const value = Number(process.env[name]);
	return Number.isFinite(value) && value > 0 ? value : fallback;
}

export interface BenchConfig {
	throughputItems: number;
	throughputBytes: number;
	throughputRounds: number;
	memoryItems: number;
	memoryBytes: number;
	triggerHistory: number;
	triggerSmallHistory: number;
	triggerCycles: number;
	pacingScale: number;
	pacingSpeeds: number[];
	/** A PDF bomb of this many bytes (inflating about 1000-fold) must be refused. */
	bombBytes: number;
	/** The ordinary large document it is compared with (50 pages). */
	ordinaryBytes: number;
	/** Comma-separated benchmark names to run (default all); a partial run writes no report. */
	only: string[] | null;
	/** Markdown report path relative to the package, or '-' for none. */
	output: string;
}

export function benchConfig(): BenchConfig {
	return {
		throughputItems: numberFromEnv('BENCH_ITEMS', 50),
		throughputBytes: numberFromEnv('BENCH_DOCUMENT_BYTES', 1_000_000),
		throughputRounds: numberFromEnv('BENCH_ROUNDS', 7),
		memoryItems: numberFromEnv('BENCH_MEMORY_ITEMS', 50),
		// FaxDrop's limit read strictly (4,000,000 bytes): the largest document every provider takes.
		memoryBytes: numberFromEnv('BENCH_MEMORY_BYTES', 4_000_000),
		triggerHistory: numberFromEnv('BENCH_HISTORY', 10_000),
		triggerSmallHistory: 10,
		triggerCycles: numberFromEnv('BENCH_TRIGGER_CYCLES', 4),
		// 10/min × 0.35 = 3/min (and 30/h × 0.35 = 10/h, so the hour window never binds).
		pacingScale: 0.35,
		pacingSpeeds: (process.env.BENCH_PACING_SPEEDS ?? '30,12')
			.split(',')
			.map(Number)
			.filter((speed) => speed > 0),
		bombBytes: numberFromEnv('BENCH_BOMB_BYTES', 3_000_000),
		ordinaryBytes: numberFromEnv('BENCH_ORDINARY_BYTES', 4_000_000),
		only: process.env.BENCH_ONLY ? process.env.BENCH_ONLY.split(',') : null,
		output: process.env.BENCH_OUT ?? 'docs/benchmarks.md',
	};
}
