import { runScenario } from './scenarioProcess';
import type { ProviderName } from '../lib/setup';
import type { SimProcess } from '../lib/simProcess';

export interface MemoryScenario {
	provider: string;
	items: number;
	sent: number;
	documentBytes: number;
	rssBeforeBytes: number;
	maxRssBytes: number;
	/** Heap + array buffers after the run and a full garbage collection. */
	retainedBytes: number;
}

export interface MemoryResult {
	provider: ProviderName;
	idle: MemoryScenario;
	single: MemoryScenario;
	batch: MemoryScenario;
	/** Peak RSS of the batch ÷ peak RSS of the one-document process. */
	ratio: number;
	/** The same, counting only what each scenario added over the idle process. */
	growthRatio: number;
}

async function scenario(
	sim: SimProcess,
	provider: ProviderName,
	items: number,
	bytes: number,
): Promise<MemoryScenario> {
	const result = await runScenario<MemoryScenario>(
		'memoryScenario.js',
		[provider, String(items), String(bytes), JSON.stringify(sim.baseUrls)],
		['--expose-gc'],
	);
	if (result.sent !== items)
		throw new Error(`${provider}: ${result.sent} of ${items} sends returned an id`);
	return result;
}

/** Peak RSS sending `items` documents of `bytes` vs one such document, each in a fresh process. */
export async function measureMemory(
	sim: SimProcess,
	provider: ProviderName,
	options: { items: number; documentBytes: number },
): Promise<MemoryResult> {
	await sim.control('POST', '/reset');
	await sim.control('POST', '/config', { rateLimits: false });
	const idle = await scenario(sim, provider, 0, options.documentBytes);
	const single = await scenario(sim, provider, 1, options.documentBytes);
	await sim.control('POST', '/reset');
	await sim.control('POST', '/config', { rateLimits: false });
	const batch = await scenario(sim, provider, options.items, options.documentBytes);
	await sim.control('POST', '/reset');
	return {
		provider,
		idle,
		single,
		batch,
		ratio: batch.maxRssBytes / single.maxRssBytes,
		growthRatio:
			(batch.maxRssBytes - idle.maxRssBytes) / Math.max(1, single.maxRssBytes - idle.maxRssBytes),
	};
}
