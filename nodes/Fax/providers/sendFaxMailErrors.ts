import type { IDataObject } from 'n8n-workflow';

import type { AnsweredRequest, ProviderErrorInfo } from '../transport/types';
import { messageIn, textField } from './errorText';
import { toNumberOrNull } from './normalize';
import type { FaxStatus, UnifiedFax } from './types';

/**
 * SendFAXMail's error texts: a refused request (documented `{ error: { type, message } }`) and
 * a fax's own error. Only strings are taken, whatever the shape, so never "[object Object]".
 */

const HINTS: Record<string, string> = {
	unauthorized: 'Check the API key in the SendFAXMail credential (Dashboard → Developers).',
	plan_upgrade_required:
		'The SendFAXMail REST API needs the Business or Enterprise plan. Upgrade the plan of the key owner.',
	forbidden:
		'The API key lacks the scope this operation needs. Create a key with the scope at Dashboard → Developers.',
	send_failed: 'SendFAXMail refused the send (quota reached, BAA required, or no active number).',
	rate_limited: 'Too many requests for this key; wait and try again.',
};

/** A 409's hint depends on what was asked: only a cancel conflicts with a claimed scheduled fax. */
function conflictHint(request: AnsweredRequest | undefined): string {
	if (request?.method === 'DELETE' && /^\/v1\/scheduled\//.test(request.path))
		return 'The scheduled fax was already claimed or sent and can no longer be cancelled.';
	if (request?.method === 'POST' && request.path === '/v1/contacts')
		return 'A contact with this fax number already exists on the account; find it with List.';
	return 'SendFAXMail reports a conflict with the current state of the resource.';
}

export function parseError(
	statusCode: number,
	body: unknown,
	request?: AnsweredRequest,
): ProviderErrorInfo {
	const object = (body && typeof body === 'object' ? body : {}) as IDataObject;
	const error = (
		object.error && typeof object.error === 'object' ? object.error : object
	) as IDataObject;
	const type = textField(error.type) ?? textField(error.code) ?? String(statusCode);
	return {
		// Documented: `{ error: { type, message } }`; other shapes are read safely.
		message: messageIn(object.error) ?? messageIn(object) ?? `HTTP ${statusCode}`,
		hint: type === 'conflict' || statusCode === 409 ? conflictHint(request) : HINTS[type],
		code: type,
		retryAfterSeconds: toNumberOrNull(object.retry_after ?? error.retry_after) ?? undefined,
	};
}

/** A fax's own error: `{ code, message }` or a string as seen, other shapes read safely. */
export function faxError(body: IDataObject, status: FaxStatus): UnifiedFax['error'] {
	const error = body.error;
	if (error && typeof error === 'object' && !Array.isArray(error)) {
		const object = error as IDataObject;
		return {
			code: textField(object.code) ?? textField(object.type) ?? null,
			message: messageIn(object) ?? `Fax ${status}`,
		};
	}
	const text = messageIn(error);
	if (text) return { code: null, message: text };
	return status === 'failed' || status === 'partial'
		? { code: null, message: `Fax ${status}` }
		: null;
}
