import type { IDataObject } from 'n8n-workflow';
import { NodeOperationError, sleep } from 'n8n-workflow';

import type { TransportProvider } from './account';
import { resolveAccount } from './account';
import {
	asBuffer,
	isRedirect,
	lowerCaseHeaders,
	readErrorBody,
	readJson,
	redirectTarget,
} from './answer';
import {
	NON_JSON_ANSWER,
	UNEXPECTED_REDIRECT,
	UncertainOutcomeError,
	networkErrorCode,
	providerApiError,
	transportApiError,
} from './errors';
import type { TransportContext } from './httpCall';
import { callProvider } from './httpCall';
import type { PatienceOptions } from './patience';
import { createPatience } from './patience';
import { describeWindow, exhaustedWindow, parseRetryAfter } from './rateLimitHeaders';
import { blockUntil } from './rateLimiter';
import {
	BACKOFF_MS,
	DEFAULT_TIMEOUT_MS,
	MAX_RATE_LIMITED_TRIES,
	MAX_SAME_ORIGIN_REDIRECTS,
	afterFailure,
	isTimeout,
	mayCreateFax,
	rateLimitWaitMs,
} from './retryPolicy';
import type { ProviderRequest, ProviderResponse, ProviderTransport } from './types';

export type { TransportContext } from './httpCall';
export type { TransportProvider } from './account';

export interface TransportOptions extends PatienceOptions {
	/** Timeout of one HTTP request (no answer for this long), in milliseconds. */
	requestTimeoutMs?: number;
}

/**
 * The authenticated requests of one provider account: the request itself (httpCall), reading
 * the answer (answer), whether and when to repeat it (retryPolicy, rateLimiter, patience).
 */
export async function createTransport(
	ctx: TransportContext,
	provider: TransportProvider,
	options: TransportOptions,
): Promise<ProviderTransport> {
	const account = await resolveAccount(ctx, provider, options.itemIndex);
	const patience = createPatience(ctx, provider.displayName, options);
	const timeoutMs = options.requestTimeoutMs ?? DEFAULT_TIMEOUT_MS;
	const name = provider.displayName;

	function uncertain(req: ProviderRequest, reason: string): UncertainOutcomeError {
		const key = Object.entries(req.headers ?? {}).find(
			([header]) => header.toLowerCase() === 'idempotency-key',
		)?.[1];
		return new UncertainOutcomeError(name, reason, key);
	}

	function recordWindows(bucketKey: string, headers: IDataObject): void {
		const nowMs = Date.now();
		const window = exhaustedWindow(headers, nowMs);
		if (window) blockUntil(bucketKey, window.resetAtMs, nowMs, describeWindow(window));
	}

	async function request<T>(req: ProviderRequest): Promise<ProviderResponse<T>> {
		const bucketKey = `${account.accountKey}:${req.rateLimitBucket ?? 'default'}`;
		let url = `${account.baseUrl}${req.path}`;
		let waitedMs = 0;
		let attempt = 0;
		let rateLimited = 0;
		let redirects = 0;
		for (;;) {
			waitedMs = await patience.untilAllowed(bucketKey, waitedMs);
			attempt++;
			const outcome = await callProvider(ctx, provider.credentialType, url, req, timeoutMs);
			if (!outcome.ok) {
				// Never rethrow the HTTP client's error: it carries the request body (the document).
				const code = networkErrorCode(outcome.error) ?? 'network error';
				const decision = afterFailure(req.retry, { kind: 'network', code }, attempt);
				if (decision === 'retry') {
					await sleep(BACKOFF_MS[attempt - 1]);
					continue;
				}
				const silence = isTimeout(code)
					? `no answer within ${Math.round(timeoutMs / 1000)} s`
					: `no answer (${code})`;
				if (decision === 'uncertain') throw uncertain(req, silence);
				throw new NodeOperationError(
					ctx.getNode(),
					isTimeout(code)
						? `${name} did not answer within ${Math.round(timeoutMs / 1000)} s`
						: `Could not reach ${name} (${code})`,
					{
						itemIndex: options.itemIndex,
						description: `Check the network and the credential's Base URL (${account.baseUrl}), or try again later.`,
					},
				);
			}
			const response = outcome.value;
			const headers = lowerCaseHeaders(response.headers as IDataObject);
			recordWindows(bucketKey, headers);
			const { statusCode } = response;

			if (isRedirect(statusCode)) {
				const target = redirectTarget(headers.location, url);
				const followable =
					!mayCreateFax(req.retry) &&
					(req.method === 'GET' || req.method === 'HEAD') &&
					target?.origin === account.origin &&
					redirects < MAX_SAME_ORIGIN_REDIRECTS;
				if (followable && target) {
					redirects++;
					attempt--;
					url = target.href;
					continue;
				}
				const where = target ? target.host || target.protocol : 'an unreadable address';
				if (mayCreateFax(req.retry)) {
					throw uncertain(
						req,
						`it answered with a redirect (HTTP ${statusCode}) to ${where} instead of a fax; the node did not follow it`,
					);
				}
				throw transportApiError(
					ctx.getNode(),
					name,
					statusCode,
					UNEXPECTED_REDIRECT,
					`answered with a redirect (HTTP ${statusCode}) to ${where}; the node does not follow it, so the API key stays with ${name}`,
					`The Base URL may be outdated, or something between n8n and ${name} (a proxy, a login page) answered instead. Check the Base URL in the ${name} credential.`,
					options.itemIndex,
				);
			}

			if (statusCode >= 200 && statusCode < 300) {
				if (req.responseType === 'buffer') {
					return { statusCode, headers, body: asBuffer(response.body) as T, attempts: attempt };
				}
				const reading = readJson(response.body, statusCode === 204 || req.method === 'DELETE');
				if (reading.ok) return { statusCode, headers, body: reading.value as T, attempts: attempt };
				if (mayCreateFax(req.retry)) {
					throw uncertain(
						req,
						`the provider answered (HTTP ${statusCode}), but with ${reading.what} instead of a fax`,
					);
				}
				throw transportApiError(
					ctx.getNode(),
					name,
					statusCode,
					NON_JSON_ANSWER,
					`answered HTTP ${statusCode} with ${reading.what} instead of the API's JSON`,
					`The Base URL may point at a login page or a proxy, or ${name} is having problems. Check the Base URL in the ${name} credential and try again.`,
					options.itemIndex,
				);
			}

			const info = provider.parseError(statusCode, readErrorBody(response.body));
			if (statusCode === 429) {
				// A refused request was not acted on, so even a send may be repeated, a few times.
				rateLimited++;
				if (rateLimited >= MAX_RATE_LIMITED_TRIES) {
					throw providerApiError(
						ctx.getNode(),
						name,
						statusCode,
						{
							...info,
							hint: `${name} refused this request as rate-limited ${rateLimited} times in a row, so the node stopped asking. Nothing was sent by this request. Try again in a few minutes.`,
						},
						options.itemIndex,
					);
				}
				const nowMs = Date.now();
				const announced = parseRetryAfter(headers['retry-after'], nowMs) ?? info.retryAfterSeconds;
				const window = exhaustedWindow(headers, nowMs);
				blockUntil(
					bucketKey,
					Math.max(nowMs + rateLimitWaitMs(announced), window?.resetAtMs ?? 0),
					nowMs,
					window ? describeWindow(window) : undefined,
				);
				attempt--;
				continue;
			}
			if (statusCode >= 500) {
				const decision = afterFailure(req.retry, { kind: 'serverError' }, attempt);
				if (decision === 'retry') {
					await sleep(BACKOFF_MS[attempt - 1]);
					continue;
				}
				if (decision === 'uncertain') {
					throw uncertain(req, `the provider answered ${statusCode} (${info.message})`);
				}
			}
			throw providerApiError(ctx.getNode(), name, statusCode, info, options.itemIndex);
		}
	}

	return {
		request,
		credentialDefaults: account.credentialDefaults,
		baseUrl: account.baseUrl,
	};
}
