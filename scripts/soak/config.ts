import { PROVIDERS, type ProviderName } from '../lib/setup';

/** Soak settings; each can be changed through the environment (`SOAK_SENDS=300 npm run soak`). */
function numberFromEnv(name: string, fallback: number): number {
	const value = Number(process.env[name]);
	return process.env[name] !== undefined && Number.isFinite(value) && value >= 0 ? value : fallback;
}

export interface SoakConfig {
	/** Intended faxes over all providers (split evenly). */
	sends: number;
	seed: number;
	providers: ProviderName[];
	/** Items per workflow execution. */
	itemsPerExecution: number;
	/** Executions running at the same time per provider. */
	concurrency: number;
	/** Chance that a request to a send route meets a fault. */
	sendFaultRate: number;
	/** Chance that a request to faxrocks' fax list (its id lookup) meets a fault. */
	listFaultRate: number;
	/** No new execution starts after this many seconds; the report counts what ran. */
	maxSeconds: number;
	/** Markdown report path relative to the package, or '-' for none. */
	output: string;
}

export function soakConfig(): SoakConfig {
	const providers = (process.env.SOAK_PROVIDERS ?? PROVIDERS.join(','))
		.split(',')
		.map((name) => name.trim())
		.filter((name): name is ProviderName => (PROVIDERS as string[]).includes(name));
	return {
		sends: numberFromEnv('SOAK_SENDS', 1000),
		seed: numberFromEnv('SOAK_SEED', 20260302),
		providers,
		itemsPerExecution: Math.max(1, numberFromEnv('SOAK_ITEMS_PER_EXECUTION', 10)),
		concurrency: Math.max(1, numberFromEnv('SOAK_CONCURRENCY', 2)),
		sendFaultRate: numberFromEnv('SOAK_FAULT_RATE', 0.2),
		listFaultRate: numberFromEnv('SOAK_LIST_FAULT_RATE', 0.08),
		maxSeconds: numberFromEnv('SOAK_MAX_SECONDS', 270),
		output: process.env.SOAK_OUT ?? 'docs/soak.md',
	};
}
