import type { INode } from 'n8n-workflow';
import { NodeApiError, NodeOperationError } from 'n8n-workflow';

import {
	NON_JSON_ANSWER,
	NothingSentError,
	UNEXPECTED_REDIRECT,
	UncertainOutcomeError,
	providerApiError,
	transportApiError,
} from './errors';
import { isCertificateProblem, tlsProblem, type NetworkFailureKind } from './networkErrors';
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
		return new UncertainOutcomeError(this.providerName, reason, idempotencyKeyOf(req));
	}

	private get timeoutSeconds(): number {
		return Math.round(this.timeoutMs / 1000);
	}

	/** No answer that may have reached the provider: a timeout or a dropped connection. */
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

	/**
	 * The connection never carried the request (refused, unknown host, no route, TLS handshake
	 * refused): nothing was sent. Each says what failed and where to look.
	 */
	unreachable(code: string, kind: NetworkFailureKind): NothingSentError {
		const p = this.providerName;
		const host = hostOf(this.baseUrl);
		const nothing = `Nothing was sent: the request never reached ${p}.`;
		const check = `Check the credential's Base URL (${this.baseUrl})`;
		const texts: Record<string, [string, string]> = {
			refused: [
				`Could not reach ${p}: ${host} refused the connection`,
				`${nothing} ${check} and that ${p} (or the proxy between n8n and ${p}) is up, then try again.`,
			],
			dns: [
				`Could not reach ${p}: the host name ${host} could not be found (DNS lookup failed)`,
				`${nothing} ${check} for a typo, and the DNS settings of the n8n server.`,
			],
			unreachable: [
				`Could not reach ${p}: there is no network route to ${host}`,
				`${nothing} Check the network of the n8n server (firewall, VPN) and the credential's Base URL (${this.baseUrl}).`,
			],
			tls: [
				`Could not reach ${p} securely: TLS failure at ${host}, ${tlsProblem(code) ?? 'the TLS handshake failed'}`,
				isCertificateProblem(code)
					? `${nothing} The connection was closed during the TLS handshake, before any request: either ${p}'s certificate has a problem, or a proxy or firewall between n8n and ${p} intercepts HTTPS with its own certificate (then add that proxy's CA certificate to n8n, e.g. with NODE_EXTRA_CA_CERTS). Do not turn off certificate checks for an API that receives patient documents.`
					: `${nothing} The TLS handshake with ${host} failed before any request: ${check} (https:// and the right port), and whether a proxy or firewall between n8n and ${p} interferes with HTTPS.`,
			],
		};
		const [message, description] = texts[kind] ?? texts.refused;
		return new NothingSentError(
			this.node,
			message,
			{ itemIndex: this.itemIndex, description: `${description} (${code})` },
			code,
		);
	}

	/**
	 * A send whose earlier attempt may have created the fax (`earlier`: what it got), ending with
	 * a later attempt's failure: the fax may exist whatever the later attempt says.
	 */
	afterEarlierAttempt(
		req: ProviderRequest,
		earlier: string,
		later: unknown,
	): UncertainOutcomeError {
		const text = later instanceof Error ? later.message : String(later);
		return this.uncertain(
			req,
			`an earlier attempt of this send ${earlier}, so the fax may exist; the retry then failed: ${text}`,
		);
	}

	/**
	 * 409 Conflict on a send that carries an Idempotency-Key: the key's other request (an
	 * earlier run, a worker that died mid-send) may be in progress or may have created the fax.
	 */
	keyConflict(req: ProviderRequest, info: ProviderErrorInfo): UncertainOutcomeError {
		return this.uncertain(
			req,
			`it answered 409 Conflict (${info.message}) for this send's Idempotency-Key: another request with the same key may be in progress or may have created the fax`,
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

/** `host:port` of a Base URL, as the user typed it in the credential. */
function hostOf(baseUrl: string): string {
	try {
		return new URL(baseUrl).host;
	} catch {
		return 'the Base URL host';
	}
}

/** The Idempotency-Key a request carries, if any. */
export function idempotencyKeyOf(req: ProviderRequest): string | undefined {
	return Object.entries(req.headers ?? {}).find(
		([header]) => header.toLowerCase() === 'idempotency-key',
	)?.[1];
}
