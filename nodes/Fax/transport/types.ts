import type { IDataObject, IHttpRequestMethods } from 'n8n-workflow';

import type { SharedStore } from '../sharedState/types';

/**
 * How a request may be repeated when it fails or its answer is lost:
 * - `safe`: repeating it cannot create a second fax (reads, or a send the provider
 *   de-duplicates by Idempotency-Key). Retried on 429, 5xx and network errors.
 * - `once`: it may create a fax. Repeated only when the provider certainly did not act on
 *   it (a 429, or a connection that was never opened); otherwise the caller learns the
 *   outcome is uncertain through `UncertainOutcomeError`.
 */
export type RetryPolicy = 'safe' | 'once';

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

export interface ProviderResponse<T = IDataObject> {
	statusCode: number;
	headers: Record<string, string>;
	body: T;
}

export interface ProviderTransport {
	request<T = IDataObject>(request: ProviderRequest): Promise<ProviderResponse<T>>;
	/** Non-secret credential fields the adapter may need (e.g. FaxDrop's default sender). */
	readonly credentialDefaults: IDataObject;
	/** The credential's base URL, without a trailing slash. */
	readonly baseUrl: string;
	/** Identifies the provider account (a hash of base URL and key), for shared-state keys. */
	readonly accountKey: string;
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

export type ProviderErrorParser = (statusCode: number, body: unknown) => ProviderErrorInfo;
