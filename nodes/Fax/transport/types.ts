import type { IDataObject, IHttpRequestMethods } from 'n8n-workflow';

import type { SharedStore } from '../sharedState/types';
import type { StateKeys } from '../sharedState/stateKeys';

/**
 * How a request may be repeated when it fails or its answer is lost (see retryPolicy.ts):
 * - `safe`: repeating it cannot create a fax (reads, deletes). Retried on 429, 5xx and
 *   network errors; a timeout is repeated once (never more: it only multiplies the wait).
 * - `once`: it may create a fax. Repeated only when the provider certainly did not act on
 *   it (a 429, or a connection that was never opened); otherwise the caller learns the
 *   outcome is uncertain through `UncertainOutcomeError`.
 * - `idempotent`: it may create a fax, but it carries an Idempotency-Key the provider
 *   de-duplicates by. Also repeated (same key) after a dropped connection or a 5xx; a
 *   timeout, a redirect, an answer that is not JSON, or retries used up end as
 *   `UncertainOutcomeError` carrying the key.
 */
export type RetryPolicy = 'safe' | 'once' | 'idempotent';

export interface ProviderRequest {
	method: IHttpRequestMethods;
	/** Path below the credential's baseUrl, starting with '/'. */
	path: string;
	qs?: IDataObject;
	/** JSON object, JSON already encoded (see `jsonWithBase64Document`), or a FormData for multipart uploads. */
	body?: IDataObject | Buffer | FormData;
	headers?: Record<string, string>;
	/** 'json' (default) parses the body; 'buffer' returns the raw bytes (file downloads). */
	responseType?: 'json' | 'buffer';
	retry: RetryPolicy;
	/** Name of the provider's rate-limit bucket this request counts against, e.g. 'send'. */
	rateLimitBucket?: string;
}

/**
 * A 2xx answer. With `responseType: 'json'` the body is parsed JSON (an object or array),
 * never text: a 2xx that is not JSON never gets here (reads: NodeApiError with code
 * NON_JSON_ANSWER; sends: UncertainOutcomeError).
 */
export interface ProviderResponse<T = IDataObject> {
	statusCode: number;
	headers: Record<string, string>;
	body: T;
	/** How many times the request went out: > 1 means an Idempotency-Key replay may be our own. */
	attempts: number;
}

export interface ProviderTransport {
	request<T = IDataObject>(request: ProviderRequest): Promise<ProviderResponse<T>>;
	/** Non-secret credential fields the adapter may need (e.g. FaxDrop's default sender). */
	readonly credentialDefaults: IDataObject;
	/** The credential's base URL, without a trailing slash. */
	readonly baseUrl: string;
	/** Identifies the provider account (a hash of base URL and key), for shared-state keys. */
	readonly accountKey: string;
	/** Keyed hashes and sealing for what goes to the shared store (secret from the credential). */
	readonly stateKeys: StateKeys;
	/** State shared with other executions and, with Redis, other n8n processes (e.g. fax id claims). */
	readonly sharedStore: SharedStore;
}

/** What an adapter reads out of a provider's error body. */
export interface ProviderErrorInfo {
	message: string;
	hint?: string;
	/** The provider's machine-readable code, e.g. `rate_limited`, `plan_upgrade_required`. */
	code?: string;
	/** Seconds to wait, when the body says so (the Retry-After header wins). */
	retryAfterSeconds?: number;
}

/** The request an error answered, so a parser can word its hint for it (a 409 on a cancel…). */
export interface AnsweredRequest {
	method: string;
	path: string;
}

export type ProviderErrorParser = (
	statusCode: number,
	body: unknown,
	request?: AnsweredRequest,
) => ProviderErrorInfo;
