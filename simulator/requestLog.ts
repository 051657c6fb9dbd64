import { createHash } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';

import type { SimRequest } from './http';
import type { Provider } from './lifecycle';
import { getBoundary, tryParseMultipart } from './multipart';
import { detectMimeType } from './pdf';

/** What the request log keeps of a document: never its bytes. */
export interface BytesSummary {
	bytes: number;
	sha256: string;
	mimeType: string | null;
}

export interface LoggedRequest {
	seq: number;
	/** Virtual time, ISO. */
	at: string;
	/** Real time, ISO. */
	realAt: string;
	provider: Provider;
	method: string;
	path: string;
	query: Record<string, string>;
	headers: Record<string, string>;
	body: unknown;
	/** Response status; null when the socket was dropped or the request is in flight. */
	status: number | null;
	fault: string | null;
}

export interface RequestFilter {
	provider?: string;
	method?: string;
	/** Exact path or prefix. */
	path?: string;
}

const SECRET_HEADERS = new Set(['authorization', 'x-api-key', 'cookie', 'proxy-authorization']);
/** Strings longer than this that are not documents are replaced by a summary too. */
const LONG_STRING = 512;

export function summarizeBytes(bytes: Buffer): BytesSummary {
	return {
		bytes: bytes.length,
		sha256: createHash('sha256').update(bytes).digest('hex'),
		mimeType: detectMimeType(bytes),
	};
}

/** First 8 characters of a credential + '…' (the scheme of an Authorization header is kept). */
export function redactSecret(value: string): string {
	const match = /^(Bearer|Basic)\s+(.*)$/i.exec(value);
	if (match) return `${match[1]} ${match[2].slice(0, 8)}…`;
	return `${value.slice(0, 8)}…`;
}

export function redactHeaders(headers: IncomingHttpHeaders): Record<string, string> {
	const out: Record<string, string> = {};
	for (const [name, raw] of Object.entries(headers)) {
		if (raw === undefined) continue;
		const value = Array.isArray(raw) ? raw.join(', ') : raw;
		out[name] = SECRET_HEADERS.has(name) ? redactSecret(value) : value;
	}
	return out;
}

/** Base64 whose bytes start like a PDF, PNG or JPEG (`JVBERi0` is `%PDF-`). */
function looksLikeEncodedDocument(value: string): boolean {
	if (value.length < 8 || !/^[A-Za-z0-9+/=\s]+$/.test(value)) return false;
	return detectMimeType(Buffer.from(value.slice(0, 64), 'base64')) !== null;
}

function summarizeJson(value: unknown, key: string | null): unknown {
	if (typeof value === 'string') {
		if ((key === 'data' || key === 'content') && value.length > 0) {
			return summarizeBytes(Buffer.from(value, 'base64'));
		}
		if (looksLikeEncodedDocument(value)) {
			return { ...summarizeBytes(Buffer.from(value, 'base64')), redacted: 'document' };
		}
		if (value.length > LONG_STRING) {
			return { ...summarizeBytes(Buffer.from(value, 'utf8')), redacted: 'long string' };
		}
		return value;
	}
	if (Array.isArray(value)) return value.map((item) => summarizeJson(item, null));
	if (typeof value === 'object' && value !== null) {
		const out: Record<string, unknown> = {};
		for (const [childKey, child] of Object.entries(value))
			out[childKey] = summarizeJson(child, childKey);
		return out;
	}
	return value;
}

/** A body summary safe to keep: JSON with documents replaced, multipart files as summaries. */
export function summarizeBody(request: SimRequest): unknown {
	if (request.rawBody.length === 0) return null;
	const contentType = String(request.headers['content-type'] ?? '');
	const boundary = getBoundary(contentType);
	if (boundary) {
		const parsed = tryParseMultipart(request.rawBody, boundary);
		if (parsed.ok) {
			const out: Record<string, unknown> = {};
			for (const part of parsed.parts) {
				if (part.name in out) continue;
				if (part.filename !== null) {
					out[part.name] = {
						...summarizeBytes(part.data),
						filename: part.filename,
						declaredType: part.contentType,
					};
				} else {
					const text = part.data.toString('utf8');
					out[part.name] =
						text.length > LONG_STRING
							? { ...summarizeBytes(part.data), redacted: 'long field' }
							: text;
				}
			}
			return { multipart: out };
		}
		return { unparsed: summarizeBytes(request.rawBody), contentType };
	}
	try {
		return summarizeJson(JSON.parse(request.rawBody.toString('utf8')) as unknown, null);
	} catch {
		return { unparsed: summarizeBytes(request.rawBody), contentType };
	}
}

export class RequestLog {
	private entries: LoggedRequest[] = [];
	private seq = 0;

	add(entry: Omit<LoggedRequest, 'seq'>): LoggedRequest {
		const logged = { seq: ++this.seq, ...entry };
		this.entries.push(logged);
		return logged;
	}

	list(filter: RequestFilter = {}): LoggedRequest[] {
		return this.entries.filter(
			(entry) =>
				(!filter.provider || entry.provider.toLowerCase() === filter.provider.toLowerCase()) &&
				(!filter.method || entry.method === filter.method.toUpperCase()) &&
				(!filter.path || entry.path === filter.path || entry.path.startsWith(filter.path)),
		);
	}

	clear(): void {
		this.entries = [];
	}
}
