import { createHash } from 'node:crypto';

import type { IDataObject } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { checkBaseUrl } from './baseUrl';
import { stateKeysFrom, type StateKeys } from '../sharedState/stateKeys';
import type { TransportContext } from './httpCall';
import type { ProviderErrorParser } from './types';

export interface TransportProvider {
	displayName: string;
	credentialType: string;
	parseError: ProviderErrorParser;
	/** A reason the credential can't work, found without a request (e.g. a malformed key). */
	credentialProblem?: (credentials: IDataObject) => string | undefined;
}

export interface ProviderAccount {
	/** The credential's Base URL without trailing slashes. */
	baseUrl: string;
	/** Scheme, host and port of the Base URL: the only origin the API key is sent to. */
	origin: string;
	/** Identifies the account (Base URL + key) without revealing the key: rate limits are per key. */
	accountKey: string;
	/** Keyed hashes and sealing for the shared store, from the credential's secret (never stored). */
	stateKeys: StateKeys;
	/** Non-secret credential fields (e.g. FaxDrop's default sender). */
	credentialDefaults: IDataObject;
}

/** The credential, checked before anything is sent: https Base URL (or loopback), usable key. */
export async function resolveAccount(
	ctx: TransportContext,
	provider: TransportProvider,
	itemIndex: number,
): Promise<ProviderAccount> {
	const credentials = await ctx.getCredentials(provider.credentialType, itemIndex);
	const checked = checkBaseUrl(credentials.baseUrl, provider.displayName);
	if (!checked.ok) {
		throw new NodeOperationError(ctx.getNode(), checked.problem, {
			itemIndex,
			description: checked.hint,
		});
	}
	const problem = provider.credentialProblem?.(credentials);
	if (problem) {
		throw new NodeOperationError(ctx.getNode(), `${provider.displayName} credential: ${problem}`, {
			itemIndex,
			description: `Open the ${provider.displayName} credential and paste the key again. Nothing was sent.`,
		});
	}
	const secret = Object.entries(credentials)
		.filter(([key]) => /key|token/i.test(key))
		.map(([, value]) => String(value))
		.join('|');
	const credentialDefaults: IDataObject = {};
	for (const [key, value] of Object.entries(credentials)) {
		if (!/key|token|secret|password/i.test(key))
			credentialDefaults[key] = value as IDataObject[string];
	}
	return {
		baseUrl: checked.baseUrl,
		origin: checked.origin,
		accountKey: createHash('sha256')
			.update(`${checked.baseUrl}|${secret}`)
			.digest('hex')
			.slice(0, 16),
		stateKeys: stateKeysFrom(`${checked.baseUrl}|${secret}`),
		credentialDefaults,
	};
}
