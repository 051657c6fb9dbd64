import type { IDataObject } from 'n8n-workflow';
import { sleep } from 'n8n-workflow';

import { settle } from '../helpers/settle';
import { processStore } from '../sharedState/memoryStore';
import type { SharedStore } from '../sharedState/types';
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
import { RequestFailures, idempotencyKeyOf } from './failures';
import { classifyNetworkCode, neverLeft, networkErrorCode } from './networkErrors';
import type { TransportContext } from './httpCall';
import { callProvider } from './httpCall';
import type { PatienceOptions } from './patience';
import { createPatience } from './patience';
import { parseRetryAfter } from './rateLimitHeaders';
import { recordRateLimitHeaders } from './rateLimiter';
import {
	BACKOFF_MS,
	DEFAULT_TIMEOUT_MS,
	MAX_RATE_LIMITED_TRIES,
	MAX_SAME_ORIGIN_REDIRECTS,
	afterFailure,
	mayCreateFax,
	rateLimitWaitMs,
} from './retryPolicy';
import type { ProviderRequest, ProviderResponse, ProviderTransport } from './types';

export type { TransportContext } from './httpCall';
export type { TransportProvider } from './account';

export interface TransportOptions extends PatienceOptions {
	/** Timeout of one HTTP request (no answer for this long), in milliseconds. */
	requestTimeoutMs?: number;
	/** Where rate-limit windows and pauses are kept (default: this process). */
	sharedStore?: SharedStore;
}

/**
 * The authenticated requests of one provider account: the request itself (httpCall), reading
 * the answer (answer), whether and when to repeat it (retryPolicy, rateLimiter, patience) and
 * the error it ends with (failures).
 */
export async function createTransport(
	ctx: TransportContext,
	provider: TransportProvider,
	options: TransportOptions,
): Promise<ProviderTransport> {
	const account = await resolveAccount(ctx, provider, options.itemIndex);
	const store = options.sharedStore ?? processStore;
	const patience = createPatience(ctx, provider.displayName, options, store);
	const timeoutMs = options.requestTimeoutMs ?? DEFAULT_TIMEOUT_MS;
	const fail = new RequestFailures(
		ctx.getNode(),
		provider.displayName,
		account.baseUrl,
		options.itemIndex,
		timeoutMs,
	);

	/** Keeps the answer's rate-limit windows in the store; a store failure only logs. */
	async function recordWindows(bucketKey: string, headers: IDataObject, retryAfterMs = 0) {
		const recorded = await settle(
			async () => await recordRateLimitHeaders(store, bucketKey, headers, Date.now(), retryAfterMs),
		);
		if (!recorded.ok) ctx.logger.warn(`Fax node: ${(recorded.error as Error).message}`);
	}

	/** A same-origin redirect a read may follow, else undefined. */
	function followable(req: ProviderRequest, target: URL | undefined, redirects: number) {
		return !mayCreateFax(req.retry) &&
			(req.method === 'GET' || req.method === 'HEAD') &&
			target?.origin === account.origin &&
			redirects < MAX_SAME_ORIGIN_REDIRECTS
			? target
			: undefined;
	}

	async function request<T>(req: ProviderRequest): Promise<ProviderResponse<T>> {
		const bucketKey = `${account.accountKey}:${req.rateLimitBucket ?? 'default'}`;
		const creates = mayCreateFax(req.retry);
		let url = `${account.baseUrl}${req.path}`;
		let waitedMs = 0;
		let attempt = 0;
		let rateLimited = 0;
		let redirects = 0;
		// What an earlier attempt got that may have created the fax (a 5xx, a dropped
		// connection): from then on the send ends `sent` or uncertain, never "nothing sent".
		let reached: string | undefined;
		const ending = (error: Error): Error =>
			creates && reached ? fail.afterEarlierAttempt(req, reached, error) : error;
		for (;;) {
			const allowed = await settle(async () => await patience.untilAllowed(bucketKey, waitedMs));
			if (!allowed.ok) throw ending(allowed.error as Error);
			waitedMs = allowed.value;
			attempt++;
			const outcome = await callProvider(ctx, provider.credentialType, url, req, timeoutMs);
			if (!outcome.ok) {
				// Never rethrow the HTTP client's error: it carries the request body (the document).
				const code = networkErrorCode(outcome.error) ?? 'network error';
				const kind = classifyNetworkCode(code);
				const decision = afterFailure(req.retry, { kind: 'network', code }, attempt);
				if (decision === 'retry') {
					if (!neverLeft(kind)) reached ??= `got no answer (${code})`;
					await sleep(BACKOFF_MS[attempt - 1]);
					continue;
				}
				if (decision === 'uncertain') throw fail.noAnswer(req, code, true);
				throw ending(
					neverLeft(kind) ? fail.unreachable(code, kind) : fail.noAnswer(req, code, false),
				);
			}
			const { statusCode, body } = outcome.value;
			const headers = lowerCaseHeaders(outcome.value.headers as IDataObject);
			// The request is done (a fax may exist): a store failure now must not fail it.
			await recordWindows(bucketKey, headers);

			if (isRedirect(statusCode)) {
				const target = redirectTarget(headers.location, url);
				const next = followable(req, target, redirects);
				if (next) {
					redirects++;
					attempt--;
					url = next.href;
					continue;
				}
				throw fail.redirect(
					req,
					statusCode,
					target ? target.host || target.protocol : 'an unreadable address',
				);
			}

			if (statusCode >= 200 && statusCode < 300) {
				if (req.responseType === 'buffer') {
					return { statusCode, headers, body: asBuffer(body) as T, attempts: attempt };
				}
				const reading = readJson(body, statusCode === 204 || req.method === 'DELETE');
				if (!reading.ok) throw fail.notJson(req, statusCode, reading.what);
				return { statusCode, headers, body: reading.value as T, attempts: attempt };
			}

			const info = provider.parseError(statusCode, readErrorBody(body), {
				method: req.method,
				path: req.path,
			});
			if (statusCode === 429) {
				// A refused request was not acted on, so even a send may be repeated, a few times.
				rateLimited++;
				if (rateLimited >= MAX_RATE_LIMITED_TRIES)
					throw ending(fail.rateLimitedTooOften(info, rateLimited));
				const announced = parseRetryAfter(headers['retry-after'], Date.now());
				await recordWindows(
					bucketKey,
					headers,
					rateLimitWaitMs(announced ?? info.retryAfterSeconds),
				);
				attempt--;
				continue;
			}
			if (statusCode >= 500) {
				const decision = afterFailure(req.retry, { kind: 'serverError' }, attempt);
				if (decision === 'retry') {
					reached ??= `got HTTP ${statusCode} (${info.message})`;
					await sleep(BACKOFF_MS[attempt - 1]);
					continue;
				}
				if (decision === 'uncertain')
					throw fail.serverErrorUncertain(req, statusCode, info.message);
			}
			if (creates && statusCode === 409 && idempotencyKeyOf(req)) throw fail.keyConflict(req, info);
			throw ending(fail.provider(statusCode, info));
		}
	}

	return {
		request,
		credentialDefaults: account.credentialDefaults,
		baseUrl: account.baseUrl,
		accountKey: account.accountKey,
		stateKeys: account.stateKeys,
		sharedStore: store,
	};
}
