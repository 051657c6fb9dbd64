import type { Simulator } from '../../simulator';
import type { Harness } from '../../test/harness';
import { createRng } from '../lib/rng';
import { simCredentials, type ProviderName } from '../lib/setup';
import { fallbackAndTally, runItems, type FallbackTally } from './fallbackTally';
import { intendedFaxes } from './intended';
import { startRefusingProxy, type EscalationKind } from './refusingProxy';
import type { LeakScanner } from './scan';

export const RETRY_REFUSED = '5xx then 4xx on retries';

/**
 * A provider that answers a send with a 5xx (after creating the fax, or without) and every
 * repeat with a 4xx (see refusingProxy.ts), `count` faxes per provider in executions of
 * `perExecution` items, with Retry On Fail on; then the fallback re-sends every `not_sent`.
 * A fax that may exist must come out `sent` or `uncertain`, never `not_sent`.
 */
export async function runRetryRefused(
	harness: Harness,
	sim: Simulator,
	providers: ProviderName[],
	options: {
		count: number;
		perExecution: number;
		offset: number;
		seed: number;
		scanner: LeakScanner;
	},
): Promise<FallbackTally[]> {
	const rng = createRng(options.seed);
	const plan = new Map<string, EscalationKind>();
	let offset = options.offset;
	const jobs = providers.map((provider) => {
		const faxes = intendedFaxes(provider, options.count, offset);
		offset += options.count;
		options.scanner.addIntended(faxes);
		for (const fax of faxes) {
			const draw = rng();
			plan.set(fax.to, draw < 0.4 ? 'accepted-5xx' : draw < 0.8 ? 'refused-5xx' : 'pass');
		}
		return { provider, faxes };
	});
	const proxy = await startRefusingProxy(sim.baseUrls, plan);
	try {
		return await Promise.all(
			jobs.map(async ({ provider, faxes }) => {
				const credentials = simCredentials({ baseUrls: proxy.baseUrls });
				const items: Awaited<ReturnType<typeof runItems>>['items'] = [];
				for (let start = 0; start < faxes.length; start += options.perExecution) {
					const batch = faxes.slice(start, start + options.perExecution);
					const run = await runItems(harness, provider, batch, {
						credentials,
						executionId: `exec-retry-refused-${provider}-${start}`,
						scanner: options.scanner,
						label: `retry-refused-${provider}`,
					});
					items.push(...run.items);
				}
				const run = { items };
				return await fallbackAndTally(
					harness,
					sim,
					RETRY_REFUSED,
					provider,
					faxes,
					run,
					options.scanner,
					`retry-refused-${provider}`,
				);
			}),
		);
	} finally {
		await proxy.stop();
	}
}
