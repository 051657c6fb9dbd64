import type { INode, JsonObject } from 'n8n-workflow';
import { NodeApiError, NodeOperationError } from 'n8n-workflow';

import { maskNumbersInText } from '../helpers/redact';
import type { ProviderErrorInfo } from './types';

/**
 * The request may have reached the provider and created a fax, but no answer came back
 * (connection dropped, timeout, 5xx). Repeating it could send the fax twice, so the caller
 * reports the uncertain outcome instead.
 */
export class UncertainOutcomeError extends Error {
	constructor(
		readonly providerName: string,
		readonly reason: string,
		/** The Idempotency-Key the request carried: re-sending with it cannot duplicate the fax. */
		readonly idempotencyKey?: string,
	) {
		super(`${providerName} may or may not have accepted the fax: ${reason}`);
		this.name = 'UncertainOutcomeError';
	}
}

/** `code` in the error response of a 2xx answer that was not JSON (a read; sends are uncertain). */
export const NON_JSON_ANSWER = 'NON_JSON_ANSWER';
/** `code` in the error response of a redirect the node refused to follow. */
export const UNEXPECTED_REDIRECT = 'UNEXPECTED_REDIRECT';

/** A provider error the node detected itself (no provider message to quote). */
export function transportApiError(
	node: INode,
	providerName: string,
	statusCode: number,
	code: string,
	message: string,
	hint: string,
	itemIndex: number,
): NodeApiError {
	return new NodeApiError(
		node,
		{ provider: providerName, statusCode, code, message },
		{
			message: `${providerName}: ${message}`,
			description: hint,
			httpCode: String(statusCode),
			itemIndex,
		},
	);
}

/** A provider's error as n8n shows it: the provider's own message and hint, numbers masked. */
export function providerApiError(
	node: INode,
	providerName: string,
	statusCode: number,
	info: ProviderErrorInfo,
	itemIndex: number,
): NodeApiError {
	const message = maskNumbersInText(info.message);
	const hint = info.hint ? maskNumbersInText(info.hint) : undefined;
	const response: JsonObject = {
		provider: providerName,
		statusCode,
		code: info.code ?? null,
		message,
	};
	const error = new NodeApiError(node, response, {
		// n8n marks a failed execution "canceled" when the error message contains that word
		// (e.g. SendFAXMail's "…can't be canceled"); the other spelling keeps it an error.
		// The provider's exact text stays in the error response.
		message: `${providerName}: ${message.replace(/canceled/g, 'cancelled')}`,
		description: hint,
		httpCode: String(statusCode),
		itemIndex,
	});
	// Without a hint n8n would describe the error with the provider's message again.
	if (!hint) error.description = undefined;
	return error;
}

/**
 * A request that never reached the provider (connection refused, unknown host, TLS handshake
 * refused, or a rate-limit wait longer than allowed): nothing can exist, so a send failing
 * with it is `not_sent`. `nothingSent` and `networkCode` are what the send outcome reads; the
 * message is kept as written (n8n would replace a message naming a network code with its own
 * words).
 */
export class NothingSentError extends NodeOperationError {
	readonly nothingSent = true;

	constructor(
		node: INode,
		message: string,
		options: { itemIndex: number; description: string },
		/** ECONNREFUSED, ENOTFOUND, DEPTH_ZERO_SELF_SIGNED_CERT…; undefined for a rate-limit wait. */
		readonly networkCode?: string,
	) {
		super(node, message, options);
		this.message = message;
	}
}

/** Whether an error says, in its structured fields, that the request never left. */
export function isNothingSent(error: unknown): boolean {
	return (
		Boolean(error) &&
		typeof error === 'object' &&
		(error as { nothingSent?: unknown }).nothingSent === true
	);
}
