import type { IDataObject } from 'n8n-workflow';

import { UncertainOutcomeError } from '../transport/errors';
import { toStringOrNull, unwrapResource } from './normalize';

/**
 * A 2xx answer that is not what the provider documents for the request: never turned into a
 * success item. The message names what was expected; it never quotes the body.
 */
export class UnexpectedAnswerError extends Error {
	constructor(message: string) {
		super(message);
		this.name = 'UnexpectedAnswerError';
	}
}

const LIST_KEYS = ['data', 'items', 'results', 'faxes'];

/** A list body (`[...]`, `{ data: [...] }`, …): what `/faxes/` answers when the ID was lost. */
export function isListAnswer(body: unknown): boolean {
	if (Array.isArray(body)) return true;
	if (!body || typeof body !== 'object') return false;
	const object = body as IDataObject;
	return !('id' in object) && LIST_KEYS.some((key) => Array.isArray(object[key]));
}

/**
 * The one resource a read by ID answers, or an error when the answer is a list, has no ID, or
 * is about another resource than the one asked for.
 */
export function requestedResource(
	body: unknown,
	providerName: string,
	what: string,
	requestedId: string,
): IDataObject {
	if (isListAnswer(body)) {
		throw new UnexpectedAnswerError(
			`${providerName} answered with a list where one ${what} was asked for; nothing was read`,
		);
	}
	const resource = unwrapResource(body);
	const id = toStringOrNull(resource.id);
	if (id === null) {
		throw new UnexpectedAnswerError(
			`${providerName} answered, but not with a ${what} (the answer has no ID)`,
		);
	}
	if (id !== requestedId) {
		throw new UnexpectedAnswerError(
			`${providerName} answered with a different ${what} (ID ${id}) than the one asked for`,
		);
	}
	return resource;
}

/**
 * A status answer for one fax where the provider may leave the ID out: a list, another fax's
 * answer, or an object with neither ID nor status is an error.
 */
export function requestedStatus(
	body: unknown,
	providerName: string,
	requestedId: string,
): IDataObject {
	if (isListAnswer(body)) return requestedResource(body, providerName, 'fax', requestedId);
	const resource = unwrapResource(body);
	const id = toStringOrNull(resource.id);
	if (id !== null) return requestedResource(resource, providerName, 'fax', requestedId);
	if (toStringOrNull(resource.status) === null) {
		throw new UnexpectedAnswerError(
			`${providerName} answered, but not with a fax status (the answer has no status)`,
		);
	}
	return resource;
}

/**
 * The fax a send created, or the uncertain outcome: the request reached the provider, which
 * answered 2xx but not with a fax, so the fax may or may not exist.
 */
export function createdResource(body: unknown, providerName: string): IDataObject {
	const resource = isListAnswer(body) ? {} : unwrapResource(body);
	if (toStringOrNull(resource.id) === null) throw notAFax(providerName);
	return resource;
}

export function notAFax(providerName: string): UncertainOutcomeError {
	return new UncertainOutcomeError(
		providerName,
		'it answered, but not with a fax; check before re-sending',
	);
}
