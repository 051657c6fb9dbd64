import type { Simulator } from '../../simulator';
import type { Harness } from '../../test/harness';
import type { ProviderName } from '../lib/setup';
import { runExecution, type Observed, type Shape } from './execution';
import type { IntendedFax } from './intended';
import { errorText, type LeakScanner } from './scan';

export interface ProviderRun {
	provider: ProviderName;
	observed: Observed[];
	executions: number;
	failedExecutions: number;
	seconds: number;
}

/**
 * Sends `faxes` in executions of `perExecution` items, alternating the one-run and two-run
 * shapes, until done or `deadline` (epoch ms) passes. Every output and error is scanned.
 */
export async function runProvider(
	harness: Harness,
	sim: Simulator,
	provider: ProviderName,
	faxes: IntendedFax[],
	options: {
		perExecution: number;
		concurrency: number;
		deadline: number;
		scanner: LeakScanner;
		progress: (text: string) => void;
	},
): Promise<ProviderRun> {
	const started = Date.now();
	const observed: Observed[] = [];
	const batches: IntendedFax[][] = [];
	for (let offset = 0; offset < faxes.length; offset += options.perExecution) {
		batches.push(faxes.slice(offset, offset + options.perExecution));
	}
	let next = 0;
	let executions = 0;
	let failedExecutions = 0;
	// `concurrency` executions at a time, like several runs of the workflow on one instance.
	const worker = async () => {
		while (next < batches.length && Date.now() < options.deadline) {
			const index = next++;
			const shape: Shape = index % 2 === 0 ? 'oneRun' : 'twoRuns';
			const result = await runExecution(harness, sim, provider, shape, batches[index]);
			executions++;
			if (result.executionError) failedExecutions++;
			observed.push(...result.observed);
			for (const item of result.outputs) {
				const json = item.json as { error?: unknown };
				options.scanner.scanDocument(`${provider} output item`, JSON.stringify(item.json));
				if (json.error)
					options.scanner.scanAll(`${provider} item error`, JSON.stringify(json.error));
			}
			for (const error of result.errorTexts)
				options.scanner.scanAll(`${provider} node error`, errorText(error));
			if (executions % 10 === 0) {
				options.progress(
					`  ${provider}: ${observed.length}/${faxes.length} faxes, ${((Date.now() - started) / 1000).toFixed(0)} s`,
				);
			}
		}
	};
	await Promise.all(Array.from({ length: Math.max(1, options.concurrency) }, worker));
	return {
		provider,
		observed,
		executions,
		failedExecutions,
		seconds: (Date.now() - started) / 1000,
	};
}
