import type { INode } from 'n8n-workflow';
import { NodeApiError, NodeOperationError } from 'n8n-workflow';

import {
	NON_JSON_ANSWER,
	UNEXPECTED_REDIRECT,
	UncertainOutcomeError,
	providerApiError,
	transportApiError,
} from './errors';
import { isTimeout, mayCreateFax } from './retryPolicy';
import type { ProviderErrorInfo, ProviderRequest } from './types';

/**
 * The error a request ends with, by what went wrong. A request that may have created a fax
 * ends as `UncertainOutcomeError` (carrying its Idempotency-Key, if any) wherever the
 * provider may have acted on it; reads end as n8n errors that name the provider.
 */
export class RequestFailures {
	constructor(
		private readonly node: INode,
		private readonly providerName: string,
		private readonly baseUrl: string,
		private readonly itemIndex: number,
		private readonly timeoutMs: number,
	) {}

	private uncertain(req: ProviderRequest, reason: string): UncertainOutcomeError {
		const key = Object.entries(req.headers ?? {}).find(
			([header]) => header.toLowerCase() === 'idempotency-key',
		)?.[1];
		return new UncertainOutcomeError(this.providerName, reason, key);
	}

	private get timeoutSeconds(): number {
		return Math.round(this.timeoutMs / 1000);
	}

	/** No answer: a network error code (a timeout is ECONNABORTED / ETIMEDOUT). */
	noAnswer(req: ProviderRequest, code: string, uncertain: boolean): Error {
		if (uncertain) {
			return this.uncertain(
				req,
				isTimeout(code) ? `no answer within ${this.timeoutSeconds} s` : `no answer (${code})`,
			);
		}
		return new NodeOperationError(
			this.node,
			isTimeout(code)
				? `${this.providerName} did not answer within ${this.timeoutSeconds} s`
				: `Could not reach ${this.providerName} (${code})`,
			{
				itemIndex: this.itemIndex,
				description: `Check the network and the credential's Base URL (${this.baseUrl}), or try again later.`,
			},
		);
	}

	/** A redirect the node does not follow; `where` is the host it pointed to. */
	redirect(req: ProviderRequest, statusCode: number, where: string): Error {
		if (mayCreateFax(req.retry)) {
			return this.uncertain(
				req,
				`it answered with a redirect (HTTP ${statusCode}) to ${where} instead of a fax; the node did not follow it`,
			);
		}
		return transportApiError(
			this.node,
			this.providerName,
			statusCode,
			UNEXPECTED_REDIRECT,
			`answered with a redirect (HTTP ${statusCode}) to ${where}; the node does not follow it, so the API key stays with ${this.providerName}`,
			`The Base URL may be outdated, or something between n8n and ${this.providerName} (a proxy, a login page) answered instead. Check the Base URL in the ${this.providerName} credential.`,
			this.itemIndex,
		);
	}

	/** A 2xx answer that is not JSON; `what` describes it without quoting it. */
	notJson(req: ProviderRequest, statusCode: number, what: string): Error {
		if (mayCreateFax(req.retry)) {
			return this.uncertain(
				req,
				`the provider answered (HTTP ${statusCode}), but with ${what} instead of a fax`,
			);
		}
		return transportApiError(
			this.node,
			this.providerName,
			statusCode,
			NON_JSON_ANSWER,
			`answered HTTP ${statusCode} with ${what} instead of the API's JSON`,
			`The Base URL may point at a login page or a proxy, or ${this.providerName} is having problems. Check the Base URL in the ${this.providerName} credential and try again.`,
			this.itemIndex,
		);
	}

	/** 429 again and again: the node stops asking. Nothing was done by the provider. */
	rateLimitedTooOften(info: ProviderErrorInfo, times: number): NodeApiError {
		return providerApiError(
			this.node,
			this.providerName,
			429,
			{
				...info,
				hint: `${this.providerName} refused this request as rate-limited ${times} times in a row, so the node stopped asking. Nothing was sent by this request. Try again in a few minutes.`,
			},
			this.itemIndex,
		);
	}

	/** A 5xx after which the request may have created a fax. */
	serverErrorUncertain(req: ProviderRequest, statusCode: number, message: string): Error {
		return this.uncertain(req, `the provider answered ${statusCode} (${message})`);
	}

	/** The provider's own error answer. */
	provider(statusCode: number, info: ProviderErrorInfo): NodeApiError {
		return providerApiError(this.node, this.providerName, statusCode, info, this.itemIndex);
	}
}
