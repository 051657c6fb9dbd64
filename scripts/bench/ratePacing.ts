import type { Simulator } from '../../simulator';
import type { Harness } from '../../test/harness';
import { makeSimplePdf } from '../../simulator';
import { FAX_NODE, resetNodeRateLimits, simCredentials } from '../lib/setup';

export interface PacingResult {
	faxes: number;
	perMinute: number;
	speed: number;
	/** Real seconds the Fax node ran. */
	wallSeconds: number;
	/** Real seconds until the last window the batch needs opens: the least any client can take. */
	minimumSeconds: number;
	/** wall ÷ minimum. */
	ratio: number;
	/** The minimum rounded up to the whole second `X-RateLimit-Reset` can express, and wall ÷ that. */
	headerMinimumSeconds: number;
	headerRatio: number;
	/** 429s FaxDrop answered (the node waits and repeats them); errors shown to the user that are rate limits. */
	simulator429s: number;
	user429s: number;
	sentWithId: number;
}

const RECIPIENTS = Array.from({ length: 10 }, (_, index) => `+1212555017${index}`);
const WINDOW_MS = 60_000;

/**
 * Send Batch of 10 to FaxDrop with its send limit scaled to `perMinute`/min (10/h stays ≥ 10),
 * the simulator clock running `speed`× real time from a fresh minute window.
 */
export async function measurePacing(
	harness: Harness,
	sim: Simulator,
	options: { scale: number; speed: number },
): Promise<PacingResult> {
	sim.reset();
	sim.configure({ rateLimits: true, rateLimitScale: options.scale });
	resetNodeRateLimits();
	const perMinute = Math.max(1, Math.floor(10 * options.scale));
	const pdf = makeSimplePdf(2, 'Bench referral');

	sim.setSpeed(options.speed);
	const startVirtual = sim.now().getTime();
	const startReal = Date.now();
	const result = await harness.runNode({
		type: FAX_NODE,
		parameters: {
			provider: 'faxDrop',
			resource: 'fax',
			operation: 'sendBatch',
			toNumbers: RECIPIENTS.join('\n'),
			binaryPropertyName: 'data',
		},
		credentials: simCredentials(sim),
		binaries: [{ data: { data: pdf, fileName: 'referral.pdf', mimeType: 'application/pdf' } }],
	});
	const wallSeconds = (Date.now() - startReal) / 1000;
	sim.setSpeed(0);

	const windowsNeeded = Math.ceil(RECIPIENTS.length / perMinute) - 1;
	const lastWindowStart = (Math.floor(startVirtual / WINDOW_MS) + windowsNeeded) * WINDOW_MS;
	const minimumSeconds = (lastWindowStart - startVirtual) / 1000 / options.speed;
	// X-RateLimit-Reset is a whole real second: the earliest a client can know the window is open.
	const headerMinimumSeconds =
		Math.ceil((startReal + minimumSeconds * 1000) / 1000) - startReal / 1000;
	const shownErrors = [
		...result.items
			.map((item) => item.json.error)
			.filter((error) => error !== null && error !== undefined),
		...(result.nodeError ? [result.nodeError] : []),
	];
	const rateLimited = (error: unknown) =>
		/429|rate.?limit/i.test(JSON.stringify(error) + String((error as Error).message));
	return {
		faxes: RECIPIENTS.length,
		perMinute,
		speed: options.speed,
		wallSeconds,
		minimumSeconds,
		ratio: wallSeconds / minimumSeconds,
		headerMinimumSeconds,
		headerRatio: wallSeconds / headerMinimumSeconds,
		simulator429s: sim
			.requests({ provider: 'faxDrop', method: 'POST' })
			.filter((entry) => entry.status === 429).length,
		user429s: shownErrors.filter(rateLimited).length,
		sentWithId: result.items.filter(
			(item) => typeof item.json.id === 'string' && item.json.error === null,
		).length,
	};
}
