import path from 'node:path';

import type { ICredentialDataDecryptedObject } from 'n8n-workflow';

import { SIM_KEYS, type Simulator } from '../../simulator';
import { HarnessCredentialsHelper, createHarness, type Harness } from '../../test/harness';

/** The package root: the harness loads the built nodes from its `dist/`. */
export const PACKAGE_DIR = path.resolve(__dirname, '../../..');

export const FAX_NODE = 'n8n-nodes-fax.fax';
export const FAX_TRIGGER = 'n8n-nodes-fax.faxTrigger';

export type ProviderName = 'faxRocks' | 'faxDrop' | 'sendFaxMail';
export const PROVIDERS: ProviderName[] = ['faxRocks', 'faxDrop', 'sendFaxMail'];

export interface SimUrls {
	baseUrls: Simulator['baseUrls'];
}

/** Credentials pointing the nodes at the simulator, with its fictional keys. */
export function simCredentials(sim: SimUrls): Record<string, ICredentialDataDecryptedObject> {
	return {
		faxRocksApi: { apiToken: SIM_KEYS.faxRocks.primary, baseUrl: sim.baseUrls.faxRocks },
		faxDropApi: {
			apiKey: SIM_KEYS.faxDrop.primary,
			baseUrl: sim.baseUrls.faxDrop,
			senderName: 'Bench Clinic',
			senderEmail: 'bench@clinic.example',
		},
		sendFaxMailApi: { apiKey: SIM_KEYS.sendFaxMail.business, baseUrl: sim.baseUrls.sendFaxMail },
	};
}

let patched = false;

/**
 * The harness's credentials helper keeps every authenticated request (bodies included) for
 * its self-tests. A benchmark sending hundreds of megabytes must not measure that, so the
 * list is emptied after each request. The request still goes through the same code.
 */
function forgetAuthenticatedRequests(): void {
	if (patched) return;
	patched = true;
	const prototype = HarnessCredentialsHelper.prototype;
	const authenticate = prototype.authenticate;
	prototype.authenticate = async function (this: HarnessCredentialsHelper, ...args) {
		const result = await authenticate.apply(this, args);
		this.authenticatedRequests.length = 0;
		return result;
	};
}

export async function openHarness(): Promise<Harness> {
	forgetAuthenticatedRequests();
	return await createHarness({ packageDir: PACKAGE_DIR });
}

interface RateLimiterModule {
	resetRateLimitState(): void;
}

/** The node's rate-limit memory (module state of the loaded `dist/`), cleared between scenarios. */
export function resetNodeRateLimits(): void {
	// eslint-disable-next-line @typescript-eslint/no-require-imports
	const limiter = require(
		path.join(PACKAGE_DIR, 'dist/nodes/Fax/transport/rateLimiter'),
	) as RateLimiterModule;
	limiter.resetRateLimitState();
}

export function sendParameters(provider: ProviderName, toNumber: string) {
	return {
		provider,
		resource: 'fax',
		operation: 'send',
		toNumber,
		binaryPropertyName: 'data',
	};
}
