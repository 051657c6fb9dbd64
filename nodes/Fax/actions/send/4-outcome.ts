import type { IDataObject } from 'n8n-workflow';
import { NodeApiError } from 'n8n-workflow';

import { settle } from '../../helpers/settle';
import { UncertainOutcomeError, isNothingSent } from '../../transport/errors';
import { classifyNetworkCode, neverLeft, networkErrorCode } from '../../transport/networkErrors';
import type { ProviderRequest, ProviderResponse, ProviderTransport } from '../../transport/types';

/**
 * What became of a send, for a workflow deciding whether to fall back to another provider:
 * - `not_sent`: refused before upload or by the provider; nothing was created, safe to send elsewhere.
 * - `uncertain`: the provider may have created the fax; never resend automatically.
 * - `sent`: accepted; the delivery status is in `status`.
 */
export type Outcome = 'not_sent' | 'uncertain' | 'sent';

/**
 * Follows the requests an adapter makes for one send, so a failure can be told apart: before
 * any request that creates something, refused by the provider with a 4xx, or after the
 * request may have reached it.
 */
export class CreateTracker {
	private attempted = false;
	private refused = false;
	/** Outcomes decided when the error happened (a batch decides each recipient's at once). */
	private readonly decided = new WeakMap<object, Outcome>();

	/** Forget what earlier recipients did (one-by-one sends). */
	begin(): void {
		this.attempted = false;
		this.refused = false;
	}

	wrap(transport: ProviderTransport): ProviderTransport {
		return {
			credentialDefaults: transport.credentialDefaults,
			baseUrl: transport.baseUrl,
			accountKey: transport.accountKey,
			stateKeys: transport.stateKeys,
			sharedStore: transport.sharedStore,
			request: async <T = IDataObject>(request: ProviderRequest): Promise<ProviderResponse<T>> => {
				const creates = request.method !== 'GET' && request.method !== 'HEAD';
				if (!creates) return await transport.request<T>(request);
				this.attempted = true;
				this.refused = false;
				const result = await settle(async () => await transport.request<T>(request));
				if (result.ok) return result.value;
				this.refused = refusedByProvider(result.error);
				throw result.error;
			},
		};
	}

	/** Fixes the outcome `error` stands for, whatever this tracker follows afterwards. */
	decide(error: unknown, outcome: Outcome): void {
		if (error && typeof error === 'object') this.decided.set(error, outcome);
	}

	/** The outcome of a send that failed with `error`. */
	outcomeOf(error: unknown): Outcome {
		const decided = error && typeof error === 'object' ? this.decided.get(error) : undefined;
		if (decided) return decided;
		if (error instanceof UncertainOutcomeError) return 'uncertain';
		// The provider replayed an earlier fax for a reused Idempotency-Key: this one was not sent.
		if ((error as { code?: unknown })?.code === 'idempotencyKeyReused') return 'not_sent';
		if (!this.attempted || this.refused) return 'not_sent';
		return 'uncertain';
	}
}

/**
 * The provider answered the create request with a refusal, or the request never left. Read
 * from the error's structured fields only: n8n rewrites messages that name a network code.
 * The transport turns any failure after an attempt that may have created the fax into
 * UncertainOutcomeError, so a 4xx here is the provider's answer to the only attempt(s) made.
 */
function refusedByProvider(error: unknown): boolean {
	if (error instanceof UncertainOutcomeError) return false;
	if (isNothingSent(error)) return true;
	if (error instanceof NodeApiError) {
		const status = Number(error.httpCode);
		// A 4xx is a refusal (429 is waited out by the transport); a 5xx or 2xx is not proof.
		if (status >= 400 && status < 500) return true;
	}
	return neverLeft(classifyNetworkCode(networkErrorCode(error)));
}
