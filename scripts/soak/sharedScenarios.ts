import type { Simulator } from '../../simulator';
import type { Harness } from '../../test/harness';
import type { ProviderName } from '../lib/setup';
import { fallbackClean, fallbackTable, type FallbackTally } from './fallbackTally';
import { REDIS_STOPS, runRedisStops } from './redisStops';
import { RETRY_REFUSED, runRetryRefused } from './retryRefused';
import type { LeakScanner } from './scan';

/** Settings of the two scenarios, from the environment like the rest of the soak. */
function numberFromEnv(name: string, fallback: number): number {
	const value = Number(process.env[name]);
	return process.env[name] !== undefined && Number.isFinite(value) && value >= 0 ? value : fallback;
}

export interface SharedScenarios {
	tallies: FallbackTally[];
	retryRefusedPerProvider: number;
	redisItems: number;
	redisStopAt: number;
	seconds: number;
	clean: boolean;
}

/**
 * After the main soak (issue 16): a provider answering 5xx then 4xx on retries, and Redis
 * stopping mid-batch, each followed by a fallback that re-sends every `not_sent`. Numbers from
 * `offset` on (after the main soak's). `SOAK_SHARED=0` skips them.
 */
export async function runSharedScenarios(
	harness: Harness,
	sim: Simulator,
	providers: ProviderName[],
	options: { offset: number; seed: number; scanner: LeakScanner; progress: (text: string) => void },
): Promise<SharedScenarios | undefined> {
	if (process.env.SOAK_SHARED === '0') return undefined;
	const started = Date.now();
	const retryRefusedPerProvider = Math.max(1, numberFromEnv('SOAK_RETRY_REFUSED_SENDS', 30));
	const redisItems = Math.max(2, numberFromEnv('SOAK_REDIS_ITEMS', 12));
	const redisStopAt = Math.min(redisItems - 1, Math.max(0, numberFromEnv('SOAK_REDIS_STOP_AT', 4)));
	sim.clearFaults();
	options.progress(`soak: ${RETRY_REFUSED}, ${retryRefusedPerProvider} faxes per provider`);
	const refused = await runRetryRefused(harness, sim, providers, {
		count: retryRefusedPerProvider,
		perExecution: 5,
		offset: options.offset,
		seed: options.seed,
		scanner: options.scanner,
	});
	sim.clearFaults();
	options.progress(
		`soak: ${REDIS_STOPS}, ${redisItems} items per provider, stopped at item ${redisStopAt}`,
	);
	const stops = await runRedisStops(sim, providers, {
		count: redisItems,
		stopAt: redisStopAt,
		offset: options.offset + retryRefusedPerProvider * providers.length,
		scanner: options.scanner,
	});
	const tallies = [...refused, ...stops];
	return {
		tallies,
		retryRefusedPerProvider,
		redisItems,
		redisStopAt,
		seconds: (Date.now() - started) / 1000,
		clean: fallbackClean(tallies),
	};
}

/** The report section for docs/soak.md. */
export function renderSharedScenarios(result: SharedScenarios | undefined): string {
	if (!result) return '';
	return `
## Shared state and refusals on retry (issue 16)

Two more scenarios after the faults above, ${result.seconds.toFixed(0)} s, each with Failed Sends = Output
as Item With Outcome and Retry On Fail on, then a **fallback** that sends every item reported
\`not_sent\` again (as a workflow falling back to a second provider would), straight to the
simulator. A wrong \`not_sent\` then shows as a duplicate.

- **${RETRY_REFUSED}** (\`scripts/soak/refusingProxy.ts\`): ${result.retryRefusedPerProvider} faxes per provider in executions
  of 5 items, through a proxy in front of the simulator. Per recipient (seeded draw): 40 % get a
  502 after the simulator created the fax, 40 % a 503 without it being created, 20 % pass; every
  later send to that number through the proxy (the transport's retry with the same
  Idempotency-Key, n8n's Retry On Fail) is refused with 400, 409 or 422 in the
  provider's error shape.
- **${REDIS_STOPS}** (\`scripts/soak/redisStops.ts\`): Shared State = Redis (a redis-server of the
  soak's own), one execution of ${result.redisItems} items per provider; Redis is stopped while the
  simulator holds the upload of item ${result.redisStopAt}.

**Silent loss** here: an intended fax without an output item, an item \`sent\` without that fax
(or with another fax's id), or an item \`not_sent\` although its fax exists. **Missing at end**:
no fax after the fallback for an item that was not reported \`uncertain\`.

${fallbackTable(result.tallies)}

Targets: 0 duplicates, 0 silent losses, 0 missing — ${result.clean ? '**met**' : '**not met**'}.
${
	result.tallies.some((t) => t.examples.length)
		? `\nExamples:\n\n${result.tallies
				.flatMap((t) => t.examples.map((text) => `- ${t.scenario}, ${t.provider}: ${text}`))
				.join('\n')}\n`
		: ''
}`;
}
