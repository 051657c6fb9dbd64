import type { INode, JsonObject } from 'n8n-workflow';
import { NodeApiError } from 'n8n-workflow';

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
	return new NodeApiError(node, response, {
		// n8n marks a failed execution "canceled" when the error message contains that word
		// (e.g. SendFAXMail's "…can't be canceled"); the other spelling keeps it an error.
		// The provider's exact text stays in the error response.
		message: `${providerName}: ${message.replace(/canceled/g, 'cancelled')}`,
		description: hint,
		httpCode: String(statusCode),
		itemIndex,
	});
}

/**
 * The network error code (ECONNRESET, ECONNREFUSED, ECONNABORTED for a timeout, …) anywhere
 * in a cause chain. n8n 2.8 wraps the HTTP client's error in a NodeApiError that loses its
 * cause but keeps the code as `httpCode`.
 */
export function networkErrorCode(error: unknown): string | undefined {
	let current: unknown = error;
	for (let depth = 0; depth < 5 && current && typeof current === 'object'; depth++) {
		for (const field of ['code', 'httpCode'] as const) {
			const code = (current as Record<string, unknown>)[field];
			if (typeof code === 'string' && /^E[A-Z_]+$/.test(code)) return code;
		}
		current = (current as { cause?: unknown }).cause;
	}
	return undefined;
}

/** Codes that prove the request never reached the provider. */
export const NOT_SENT_CODES = new Set([
	'ECONNREFUSED',
	'ENOTFOUND',
	'EAI_AGAIN',
	'EHOSTUNREACH',
	'ENETUNREACH',
]);
