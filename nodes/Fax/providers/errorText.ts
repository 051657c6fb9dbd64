/**
 * Text out of a provider's error body, whatever its shape: the documented one, or another
 * (`{ error: { message } }` where a string was documented, arrays, nesting). Only strings are
 * ever taken, so an object never turns into "[object Object]". Messages are shortened here and
 * masked where they are shown (`providerApiError`), as a provider may echo a fax number.
 */

const MESSAGE_KEYS = ['message', 'error', 'detail', 'description', 'title', 'msg', 'text'];
const MAX_LENGTH = 300;
const MAX_DEPTH = 3;

/** A string field as trimmed, single-spaced text; undefined for anything else or empty. */
export function textField(value: unknown): string | undefined {
	if (typeof value !== 'string') return undefined;
	const text = value.replace(/\s+/g, ' ').trim();
	return text ? text.slice(0, MAX_LENGTH) : undefined;
}

/**
 * The first message found in `value`: the value itself if it is text, else its `message`,
 * `error`, `detail`, `description`, `title`, `msg` or `text` (in that order), looking into nested
 * objects and the first entries of arrays.
 */
export function messageIn(value: unknown, depth = 0): string | undefined {
	const text = textField(value);
	if (text !== undefined || depth >= MAX_DEPTH || !value || typeof value !== 'object') return text;
	if (Array.isArray(value)) {
		for (const entry of value.slice(0, 3)) {
			const found = messageIn(entry, depth + 1);
			if (found) return found;
		}
		return undefined;
	}
	const object = value as Record<string, unknown>;
	for (const key of MESSAGE_KEYS) {
		const found = messageIn(object[key], depth + 1);
		if (found) return found;
	}
	return undefined;
}
