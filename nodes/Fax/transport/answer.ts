import type { IDataObject } from 'n8n-workflow';

/**
 * Reading a provider's answer. Every answer arrives as raw bytes (the transport asks n8n for
 * an arraybuffer), so a JSON string literal and an HTML page can't be confused the way a
 * lenient client's "parse, else keep the text" would confuse them.
 */

export function lowerCaseHeaders(headers: IDataObject | undefined): Record<string, string> {
	const result: Record<string, string> = {};
	for (const [key, value] of Object.entries(headers ?? {})) {
		if (value === undefined || value === null) continue;
		result[key.toLowerCase()] = Array.isArray(value) ? String(value[0]) : String(value);
	}
	return result;
}

function asText(body: unknown): string | undefined {
	if (Buffer.isBuffer(body)) return body.toString('utf8');
	if (body instanceof ArrayBuffer) return Buffer.from(body).toString('utf8');
	if (typeof body === 'string') return body;
	return undefined;
}

export type JsonReading = { ok: true; value: unknown } | { ok: false; what: string };

/**
 * A 2xx body as JSON, or what it is instead, in words that never quote it (an answer may
 * echo a document or patient data). An empty body is accepted only where no content is
 * expected (204, or a DELETE).
 */
export function readJson(body: unknown, emptyAllowed: boolean): JsonReading {
	const text = asText(body);
	if (text === undefined) return { ok: true, value: body ?? {} };
	const trimmed = text.trim();
	if (trimmed === '')
		return emptyAllowed ? { ok: true, value: {} } : { ok: false, what: 'an empty answer' };
	try {
		const value = JSON.parse(trimmed) as unknown;
		if (value !== null && typeof value === 'object') return { ok: true, value };
		return { ok: false, what: 'a bare JSON value instead of a JSON object' };
	} catch {
		if (/^<(!doctype|html|head|body|\?xml)?/i.test(trimmed))
			return { ok: false, what: 'an HTML page' };
		if (/^[[{]/.test(trimmed)) return { ok: false, what: 'cut-off or malformed JSON' };
		return { ok: false, what: 'text that is not JSON' };
	}
}

/** An error body for the adapter's error parser: JSON if it is JSON, else a short text. */
export function readErrorBody(body: unknown): unknown {
	const text = asText(body);
	if (text === undefined) return body ?? {};
	if (text.trim() === '') return {};
	try {
		return JSON.parse(text) as unknown;
	} catch {
		// An HTML error page says nothing useful and may be long; plain text is kept short.
		return /^\s*</.test(text) ? {} : { message: text.slice(0, 200) };
	}
}

export function asBuffer(body: unknown): Buffer {
	if (Buffer.isBuffer(body)) return body;
	if (body instanceof ArrayBuffer) return Buffer.from(body);
	return Buffer.from(String(body ?? ''), 'utf8');
}

export function isRedirect(statusCode: number): boolean {
	return statusCode >= 300 && statusCode < 400 && statusCode !== 304;
}

/** Where a redirect points, resolved against the request's URL; undefined if unreadable. */
export function redirectTarget(location: string | undefined, requestUrl: string): URL | undefined {
	if (!location) return undefined;
	try {
		return new URL(location, requestUrl);
	} catch {
		return undefined;
	}
}
