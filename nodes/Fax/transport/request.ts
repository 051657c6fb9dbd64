import { createHash } from 'node:crypto';

import type {
	IExecuteFunctions,
	IDataObject,
	IHttpRequestOptions,
	IHookFunctions,
	ILoadOptionsFunctions,
	IN8nHttpFullResponse,
	IPollFunctions,
	IWebhookFunctions,
} from 'n8n-workflow';
import { NodeOperationError, sleep } from 'n8n-workflow';

import { settle } from '../helpers/settle';
import { processStore } from '../sharedState/memoryStore';
import type { SharedStore } from '../sharedState/types';
import {
	NOT_SENT_CODES,
	UncertainOutcomeError,
	networkErrorCode,
	providerApiError,
} from './errors';
import {
	blockUntil,
	millisecondsUntilAllowed,
	parseRetryAfter,
	recordRateLimitHeaders,
} from './rateLimiter';
import type {
	ProviderErrorParser,
	ProviderRequest,
	ProviderResponse,
	ProviderTransport,
} from './types';

/** Every n8n context the package's nodes make provider requests from. */
export type TransportContext =
	| IExecuteFunctions
	| IPollFunctions
	| IWebhookFunctions
	| IHookFunctions
	| ILoadOptionsFunctions;

export interface TransportProvider {
	displayName: string;
	credentialType: string;
	parseError: ProviderErrorParser;
	/** A reason the credential can't work, found without a request (e.g. a malformed key). */
	credentialProblem?: (credentials: IDataObject) => string | undefined;
}

export interface TransportOptions {
	itemIndex: number;
	/** Longest the node may wait for a provider's rate limit before giving up, in seconds. */
	maxRateLimitWaitSeconds: number;
	/** Told about every wait so the user sees progress, e.g. in the log. */
	onWait?: (seconds: number, reason: string) => void;
	/** Timeout of one HTTP request, in milliseconds. */
	requestTimeoutMs?: number;
	/** What the user can do when a rate limit needs a longer wait than allowed (default: advice for the Fax node). */
	rateLimitAdvice?: string;
	/** Where rate-limit windows and pauses are kept (default: this process). */
	sharedStore?: SharedStore;
}

const SAFE_ATTEMPTS = 3;
const BACKOFF_MS = [1000, 3000];
const DEFAULT_TIMEOUT_MS = 120_000;

function lowerCaseHeaders(headers: IDataObject | undefined): Record<string, string> {
	const result: Record<string, string> = {};
	for (const [key, value] of Object.entries(headers ?? {})) {
		if (value !== undefined && value !== null) result[key.toLowerCase()] = String(value);
	}
	return result;
}

function parseBody(body: unknown, responseType: ProviderRequest['responseType']): unknown {
	if (responseType === 'buffer') return body;
	if (Buffer.isBuffer(body)) body = body.toString('utf8');
	if (typeof body === 'string') {
		if (body.trim() === '') return {};
		try {
			return JSON.parse(body) as unknown;
		} catch {
			return { message: body.slice(0, 500) };
		}
	}
	return body ?? {};
}

/** A buffer answer to a failed download is the provider's JSON error, not a file. */
function errorBody(body: unknown): unknown {
	return Buffer.isBuffer(body) ? parseBody(body, 'json') : body;
}

export async function createTransport(
	ctx: TransportContext,
	provider: TransportProvider,
	options: TransportOptions,
): Promise<ProviderTransport> {
	const credentials = await ctx.getCredentials(provider.credentialType, options.itemIndex);
	const baseUrl = String(credentials.baseUrl ?? '').replace(/\/+$/, '');
	if (!/^https?:\/\//.test(baseUrl)) {
		throw new NodeOperationError(
			ctx.getNode(),
			`The ${provider.displayName} credential's Base URL "${baseUrl}" is not an http(s) URL`,
			{
				itemIndex: options.itemIndex,
				description: 'Open the credential and restore the default Base URL.',
			},
		);
	}
	const problem = provider.credentialProblem?.(credentials);
	if (problem) {
		throw new NodeOperationError(ctx.getNode(), `${provider.displayName} credential: ${problem}`, {
			itemIndex: options.itemIndex,
			description: `Open the ${provider.displayName} credential and paste the key again. Nothing was sent.`,
		});
	}
	const secret = Object.entries(credentials)
		.filter(([key]) => /key|token/i.test(key))
		.map(([, value]) => String(value))
		.join('|');
	const accountKey = createHash('sha256').update(`${baseUrl}|${secret}`).digest('hex').slice(0, 16);
	const credentialDefaults: IDataObject = {};
	for (const [key, value] of Object.entries(credentials)) {
		if (!/key|token|secret|password/i.test(key))
			credentialDefaults[key] = value as IDataObject[string];
	}

	const maxWaitMs = options.maxRateLimitWaitSeconds * 1000;
	const store = options.sharedStore ?? processStore;

	async function waitFor(ms: number, reason: string, waitedMs: number): Promise<number> {
		if (waitedMs + ms > maxWaitMs) {
			throw new NodeOperationError(
				ctx.getNode(),
				`${provider.displayName} rate limit: the next request is allowed in ${Math.ceil(ms / 1000)} s, longer than the maximum wait of ${options.maxRateLimitWaitSeconds} s`,
				{
					itemIndex: options.itemIndex,
					description:
						options.rateLimitAdvice ??
						'Raise "Max Rate-Limit Wait" in the node options, send fewer faxes per run, or try again later. Nothing was sent by this request.',
				},
			);
		}
		options.onWait?.(Math.ceil(ms / 1000), reason);
		ctx.logger.info(`Fax node waiting ${Math.ceil(ms / 1000)} s: ${reason}`);
		await sleep(ms);
		return waitedMs + ms;
	}

	async function request<T>(req: ProviderRequest): Promise<ProviderResponse<T>> {
		const bucketKey = `${accountKey}:${req.rateLimitBucket ?? 'default'}`;
		let waitedMs = 0;
		let attempt = 0;
		for (;;) {
			attempt++;
			// Fails (Redis down) before the request is made: nothing is sent.
			const blockedMs = await millisecondsUntilAllowed(store, bucketKey, Date.now());
			if (blockedMs > 0) {
				waitedMs = await waitFor(blockedMs, `${provider.displayName} rate limit window`, waitedMs);
			}

			const httpOptions: IHttpRequestOptions = {
				method: req.method,
				url: `${baseUrl}${req.path}`,
				qs: req.qs,
				headers: {
					Accept: 'application/json',
					...(Buffer.isBuffer(req.body) ? { 'Content-Type': 'application/json' } : {}),
					...req.headers,
				},
				body: req.body as IHttpRequestOptions['body'],
				json: !(req.body instanceof FormData),
				returnFullResponse: true,
				ignoreHttpStatusErrors: true,
				timeout: options.requestTimeoutMs ?? DEFAULT_TIMEOUT_MS,
				...(req.responseType === 'buffer' ? { encoding: 'arraybuffer' as const, json: false } : {}),
			};

			const outcome = await settle(
				async () =>
					(await ctx.helpers.httpRequestWithAuthentication.call(
						ctx,
						provider.credentialType,
						httpOptions,
					)) as IN8nHttpFullResponse,
			);
			if (!outcome.ok) {
				// Never rethrow the HTTP client's error: it carries the request body (the document).
				const code = networkErrorCode(outcome.error) ?? 'network error';
				const certainlyNotSent = NOT_SENT_CODES.has(code);
				if ((req.retry === 'safe' || certainlyNotSent) && attempt < SAFE_ATTEMPTS) {
					await sleep(BACKOFF_MS[attempt - 1]);
					continue;
				}
				if (req.retry === 'once' && !certainlyNotSent) {
					throw new UncertainOutcomeError(provider.displayName, `no answer (${code})`);
				}
				throw new NodeOperationError(
					ctx.getNode(),
					`Could not reach ${provider.displayName} (${code})`,
					{
						itemIndex: options.itemIndex,
						description: `Check the network and the credential's Base URL (${baseUrl}).`,
					},
				);
			}
			const response = outcome.value;

			const headers = lowerCaseHeaders(response.headers as IDataObject);
			// The request is done (a fax may exist): a store failure now must not fail it.
			const recorded = await settle(
				async () => await recordRateLimitHeaders(store, bucketKey, headers, Date.now()),
			);
			if (!recorded.ok) ctx.logger.warn(`Fax node: ${(recorded.error as Error).message}`);
			const { statusCode } = response;

			if (statusCode >= 200 && statusCode < 300) {
				return {
					statusCode,
					headers,
					body: parseBody(response.body, req.responseType) as T,
				};
			}

			const info = provider.parseError(statusCode, parseBody(errorBody(response.body), 'json'));
			if (statusCode === 429) {
				// A refused request was not acted on, so even a send may be repeated.
				const seconds =
					parseRetryAfter(headers['retry-after'], Date.now()) ?? info.retryAfterSeconds ?? 1;
				await blockUntil(store, bucketKey, Date.now() + seconds * 1000);
				waitedMs = await waitFor(
					seconds * 1000,
					`${provider.displayName} answered 429 (rate limited)`,
					waitedMs,
				);
				attempt--;
				continue;
			}
			if (statusCode >= 500) {
				if (req.retry === 'safe' && attempt < SAFE_ATTEMPTS) {
					await sleep(BACKOFF_MS[attempt - 1]);
					continue;
				}
				if (req.retry === 'once') {
					throw new UncertainOutcomeError(
						provider.displayName,
						`the provider answered ${statusCode} (${info.message})`,
					);
				}
			}
			throw providerApiError(
				ctx.getNode(),
				provider.displayName,
				statusCode,
				info,
				options.itemIndex,
			);
		}
	}

	return { request, credentialDefaults, baseUrl, accountKey, sharedStore: store };
}
