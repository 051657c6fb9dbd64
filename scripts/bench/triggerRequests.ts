import { request } from 'undici';

import { SIM_KEYS, makeSimplePdf, type Simulator } from '../../simulator';
import type { Harness } from '../../test/harness';
import { FAX_TRIGGER, simCredentials } from '../lib/setup';

export type TriggerProvider = 'faxRocks' | 'sendFaxMail';

export interface TriggerRun {
	history: number;
	/** How long the simulator took to seed the history (its own `tookMs`). */
	seedMs: number;
	/** Requests of the first poll (the baseline; emits nothing old). */
	firstPoll: number;
	/** Requests of every later poll (new faxes sending, finishing, or nothing new). */
	polls: number[];
	/** Requests of the poll after a burst of more new faxes than one page holds. */
	burstPoll: number;
	emitted: number;
	created: number;
}

export interface TriggerResult {
	provider: TriggerProvider;
	small: TriggerRun;
	large: TriggerRun;
	/** Most requests of any later poll (burst included) with the large history. */
	maxPerPoll: number;
	/** Requests per poll with the large history ÷ with the small one (means). */
	ratio: number;
}

const PDF = makeSimplePdf(1, 'Bench referral');
const BURST = 120;

async function createFax(sim: Simulator, provider: TriggerProvider, to: string): Promise<void> {
	const [url, key, body] =
		provider === 'faxRocks'
			? [
					`${sim.baseUrls.faxRocks}/send`,
					SIM_KEYS.faxRocks.primary,
					{ number: to, data: PDF.toString('base64') },
				]
			: [
					`${sim.baseUrls.sendFaxMail}/v1/faxes`,
					SIM_KEYS.sendFaxMail.business,
					{ to, document: { content: PDF.toString('base64'), content_type: 'application/pdf' } },
				];
	const response = await request(url, {
		method: 'POST',
		headers: {
			authorization: `Bearer ${key}`,
			'content-type': 'application/json',
			accept: 'application/json',
		},
		body: JSON.stringify(body),
	});
	await response.body.text();
	if (response.statusCode !== 201)
		throw new Error(`creating a ${provider} fax answered ${response.statusCode}`);
}

function providerRequests(sim: Simulator, provider: TriggerProvider): number {
	return sim.requests({ provider }).length;
}

async function runWithHistory(
	harness: Harness,
	sim: Simulator,
	provider: TriggerProvider,
	history: number,
	cycles: number,
): Promise<TriggerRun> {
	sim.reset();
	sim.configure({ rateLimits: false });
	const { tookMs: seedMs } = sim.seed({ provider, count: history });
	const poller = harness.createPoller({
		type: FAX_TRIGGER,
		parameters: { provider },
		credentials: simCredentials(sim),
	});
	const pollCounting = async (): Promise<{ requests: number; emitted: number }> => {
		sim.clearRequests();
		const result = await poller.poll();
		return { requests: providerRequests(sim, provider), emitted: result.items?.[0]?.length ?? 0 };
	};

	const first = await pollCounting();
	const polls: number[] = [];
	let emitted = 0;
	let created = 0;
	for (let cycle = 0; cycle < cycles; cycle++) {
		// Three new faxes per cycle; one of them fails (…0111).
		for (const to of ['+12125550150', '+12125550111', `+1212555016${cycle % 10}`]) {
			await createFax(sim, provider, to);
			created++;
		}
		for (const seconds of [10, 30, 0]) {
			await sim.advanceClock(seconds);
			const poll = await pollCounting();
			polls.push(poll.requests);
			emitted += poll.emitted;
		}
	}
	// A burst: more new faxes between two polls than one page (100) holds.
	for (let index = 0; index < BURST; index++) {
		await createFax(sim, provider, `+1213555${String(150 + (index % 50)).padStart(4, '0')}`);
		created++;
	}
	await sim.advanceClock(40);
	const burst = await pollCounting();
	emitted += burst.emitted;
	if (emitted !== created)
		throw new Error(`${provider}: the trigger emitted ${emitted} of ${created} finished faxes`);
	return {
		history,
		seedMs,
		firstPoll: first.requests,
		polls,
		burstPoll: burst.requests,
		emitted,
		created,
	};
}

const mean = (values: number[]) => values.reduce((sum, value) => sum + value, 0) / values.length;

/** Provider requests per poll of the Fax Trigger with `largeHistory` faxes already on the account vs `smallHistory`. */
export async function measureTrigger(
	harness: Harness,
	sim: Simulator,
	provider: TriggerProvider,
	options: { smallHistory: number; largeHistory: number; cycles: number },
): Promise<TriggerResult> {
	const small = await runWithHistory(harness, sim, provider, options.smallHistory, options.cycles);
	const large = await runWithHistory(harness, sim, provider, options.largeHistory, options.cycles);
	return {
		provider,
		small,
		large,
		maxPerPoll: Math.max(...large.polls, large.burstPoll),
		ratio: mean(large.polls) / mean(small.polls),
	};
}
