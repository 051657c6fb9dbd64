import path from 'node:path';

import { sleep } from 'n8n-workflow';

import type { Simulator } from '../../simulator';
import { createHarness } from '../../test/harness';
import { Redis } from '../../test/sharedState/redisCredential';
import { startRedisServer } from '../../test/sharedState/redisServer';
import { PACKAGE_DIR, simCredentials, type ProviderName } from '../lib/setup';
import { fallbackAndTally, runItems, type FallbackTally } from './fallbackTally';
import { intendedFaxes } from './intended';
import { SEND_PATHS } from './refusingProxy';
import type { LeakScanner } from './scan';

export const REDIS_STOPS = 'Redis stops mid-batch';

/* eslint-disable-next-line @typescript-eslint/no-require-imports -- the built package's module state */
const nodeSharedState = require(path.join(PACKAGE_DIR, 'dist/nodes/Fax/sharedState')) as {
	closeSharedStores: () => Promise<void>;
};

/**
 * Shared State = Redis, one execution of `count` items per provider (Output as Item With
 * Outcome, Retry On Fail on); Redis is stopped while the provider holds the upload of item
 * `stopAt` (0-based). Every item must come out: those sent as `sent`, the rest `not_sent`
 * naming Redis; the fallback then sends those, with no fax twice.
 */
export async function runRedisStops(
	sim: Simulator,
	providers: ProviderName[],
	options: { count: number; stopAt: number; offset: number; scanner: LeakScanner },
): Promise<FallbackTally[]> {
	const harness = await createHarness({ packageDir: PACKAGE_DIR, credentials: [new Redis()] });
	const tallies: FallbackTally[] = [];
	let offset = options.offset;
	try {
		// One provider at a time: each stops its own Redis.
		for (const provider of providers) {
			const faxes = intendedFaxes(provider, options.count, offset);
			offset += options.count;
			options.scanner.addIntended(faxes);
			const redis = await startRedisServer();
			const route = { method: 'POST', path: SEND_PATHS[provider] };
			for (let n = 0; n < options.stopAt; n++) sim.addFault({ ...route, kind: 'slow', delayMs: 0 });
			sim.addFault({ ...route, kind: 'hold' });
			const sentBefore = sim.requests(route).filter((entry) => entry.path === route.path).length;
			const running = runItems(harness, provider, faxes, {
				credentials: { ...simCredentials(sim), redis: redis.credential },
				parameters: { sharedState: 'redis' },
				executionId: `exec-redis-stops-${provider}`,
				scanner: options.scanner,
				label: `redis-stops-${provider}`,
			});
			let settled = false;
			void running.finally(() => (settled = true)).catch(() => undefined);
			const uploads = () => sim.requests(route).filter((entry) => entry.path === route.path).length;
			// A script, not a test: it looks every 20 ms until the held upload has arrived.
			while (!settled && uploads() < sentBefore + options.stopAt + 1) await sleep(20);
			await redis.stop();
			sim.releaseHeld();
			const run = await running;
			tallies.push(
				await fallbackAndTally(
					harness,
					sim,
					REDIS_STOPS,
					provider,
					faxes,
					run,
					options.scanner,
					`redis-stops-${provider}`,
				),
			);
			await nodeSharedState.closeSharedStores();
		}
	} finally {
		sim.releaseHeld();
		await nodeSharedState.closeSharedStores();
		await harness.close();
	}
	return tallies;
}
