import type { IExecuteFunctions } from 'n8n-workflow';
import { sleep } from 'n8n-workflow';

import type { FaxProviderAdapter, UnifiedFax } from '../../providers/types';
import type { ProviderTransport } from '../../transport/types';

export const WAIT_TIMEOUT = 'WAIT_TIMEOUT';
export const DEFAULT_WAIT_TIMEOUT_SECONDS = 300;

/**
 * Polls a fax at the provider's cadence until it is final or `timeoutSeconds` have passed.
 * A timeout is not an exception: the item keeps the last known status and says it timed out.
 */
export async function waitForFinal(
	ctx: IExecuteFunctions,
	adapter: FaxProviderAdapter,
	transport: ProviderTransport,
	faxId: string,
	timeoutSeconds: number,
): Promise<UnifiedFax> {
	const started = Date.now();
	for (;;) {
		const fax = await adapter.getStatus(transport, faxId);
		if (fax.isFinal) return fax;
		const elapsed = (Date.now() - started) / 1000;
		const remaining = timeoutSeconds - elapsed;
		if (remaining <= 0) {
			return {
				...fax,
				error: {
					code: WAIT_TIMEOUT,
					message: `Fax still "${fax.status}" after waiting ${Math.round(elapsed)} s; check again later with Get Status or Wait for Final Status`,
				},
			};
		}
		const interval = Math.min(adapter.pollIntervalSeconds(elapsed), remaining);
		ctx.sendMessageToUI(
			`Fax ${faxId}: ${fax.status} after ${Math.round(elapsed)} s; next check in ${Math.ceil(interval)} s`,
		);
		ctx.logger.debug(`Fax ${faxId} is ${fax.status}; checking again in ${Math.ceil(interval)} s`);
		await sleep(interval * 1000);
	}
}

/** Throws when the user asked a timed-out wait to fail the item. */
export function timedOut(fax: UnifiedFax): boolean {
	return fax.error?.code === WAIT_TIMEOUT;
}
