import type { IncomingMessage, ServerResponse } from 'node:http';
import { createBrotliDecompress, createGunzip, createInflate } from 'node:zlib';
import type { Readable } from 'node:stream';

/**
 * The express request n8n hands to webhook nodes, reduced to what nodes and n8n-core read:
 * `headers`, `body` (parsed like n8n's `parseBody`), `rawBody` (the undecoded bytes as a Buffer,
 * as n8n's raw body reader keeps them), `query`, `params`, `method`, `url`/`originalUrl`/`path`,
 * `hostname`, `ip`, `protocol`, `contentType`, `encoding`, `get()`/`header()`, `readRawBody()`.
 */
export interface WebhookRequest extends IncomingMessage {
	body: unknown;
	rawBody: Buffer;
	query: Record<string, string | string[]>;
	params: Record<string, string>;
	path: string;
	originalUrl: string;
	hostname: string;
	ip: string | undefined;
	protocol: 'http';
	contentType: string | undefined;
	encoding: BufferEncoding;
	get(name: string): string | string[] | undefined;
	header(name: string): string | string[] | undefined;
	readRawBody(): Promise<void>;
}

/** The express-style response surface nodes use when answering themselves (`noWebhookResponse`). */
export interface WebhookResponse extends ServerResponse {
	status(code: number): WebhookResponse;
	set(field: string | Record<string, string>, value?: string): WebhookResponse;
	header(field: string, value: string): WebhookResponse;
	get(field: string): string | number | string[] | undefined;
	type(contentType: string): WebhookResponse;
	json(body: unknown): WebhookResponse;
	send(body?: unknown): WebhookResponse;
	sendStatus(code: number): WebhookResponse;
}

async function readStream(stream: Readable): Promise<Buffer> {
	const chunks: Buffer[] = [];
	for await (const chunk of stream)
		chunks.push(Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk));
	return Buffer.concat(chunks);
}

/** Reads the body like n8n's raw body reader (decompressing gzip/deflate/br). */
async function readBody(req: IncomingMessage): Promise<Buffer> {
	const encoding = String(req.headers['content-encoding'] ?? '').toLowerCase();
	if (encoding === 'gzip') return await readStream(req.pipe(createGunzip()));
	if (encoding === 'deflate') return await readStream(req.pipe(createInflate()));
	if (encoding === 'br') return await readStream(req.pipe(createBrotliDecompress()));
	return await readStream(req);
}

function parseQuery(searchParams: URLSearchParams): Record<string, string | string[]> {
	const query: Record<string, string | string[]> = {};
	for (const [key, value] of searchParams) {
		const existing = query[key];
		if (existing === undefined) query[key] = value;
		else query[key] = Array.isArray(existing) ? [...existing, value] : [existing, value];
	}
	return query;
}

/**
 * Turns a node:http request into n8n's webhook request (body read, `rawBody`, `body` parsed).
 * Resolves to `{ error }` when the body cannot be parsed for its content type.
 */
export async function toWebhookRequest(
	req: IncomingMessage,
): Promise<{ request: WebhookRequest } | { error: string }> {
	const url = new URL(req.url ?? '/', `http://${req.headers.host ?? '127.0.0.1'}`);
	const [mediaType, ...contentTypeParams] = String(req.headers['content-type'] ?? '').split(';');
	const charset = contentTypeParams
		.map((part) => part.trim().split('='))
		.find(([key]) => key?.toLowerCase() === 'charset')?.[1];
	const rawBody = await readBody(req);

	const request = req as WebhookRequest;
	const getHeader = (name: string) => req.headers[name.toLowerCase()];
	Object.assign(request, {
		rawBody,
		body: {},
		query: parseQuery(url.searchParams),
		params: {},
		path: url.pathname,
		originalUrl: req.url ?? '/',
		hostname: url.hostname,
		ip: req.socket.remoteAddress,
		protocol: 'http' as const,
		contentType: mediaType.trim().toLowerCase() || undefined,
		encoding: (charset?.toLowerCase() ?? 'utf-8') as BufferEncoding,
		get: getHeader,
		header: getHeader,
		readRawBody: async () => {},
	});

	// n8n's parseBody(): JSON, form-urlencoded and text/plain are decoded; other types
	// (xml and multipart are not supported by the harness) keep only `rawBody`.
	if (rawBody.length > 0) {
		const text = rawBody.toString(request.encoding);
		try {
			if (request.contentType === 'application/json' || request.contentType?.endsWith('+json')) {
				request.body = JSON.parse(text) as unknown;
			} else if (request.contentType === 'application/x-www-form-urlencoded') {
				request.body = parseQuery(new URLSearchParams(text));
			} else if (request.contentType === 'text/plain') {
				request.body = text;
			}
		} catch (error) {
			return { error: `Failed to parse request body: ${(error as Error).message}` };
		}
	}
	return { request };
}

/** Adds express' response helpers to a node:http response. */
export function toWebhookResponse(res: ServerResponse): WebhookResponse {
	const response = res as WebhookResponse;
	const methods: Pick<
		WebhookResponse,
		'status' | 'set' | 'header' | 'get' | 'type' | 'json' | 'send' | 'sendStatus'
	> = {
		status(code) {
			response.statusCode = code;
			return response;
		},
		set(field, value) {
			if (typeof field === 'string') response.setHeader(field, value ?? '');
			else
				for (const [key, headerValue] of Object.entries(field))
					response.setHeader(key, headerValue);
			return response;
		},
		header(field, value) {
			response.setHeader(field, value);
			return response;
		},
		get(field) {
			return response.getHeader(field);
		},
		type(contentType) {
			response.setHeader('Content-Type', contentType);
			return response;
		},
		json(body) {
			if (!response.hasHeader('Content-Type')) {
				response.setHeader('Content-Type', 'application/json; charset=utf-8');
			}
			response.end(JSON.stringify(body));
			return response;
		},
		send(body) {
			if (body === undefined || body === null) {
				response.end();
			} else if (Buffer.isBuffer(body)) {
				if (!response.hasHeader('Content-Type'))
					response.setHeader('Content-Type', 'application/octet-stream');
				response.end(body);
			} else if (typeof body === 'object') {
				return methods.json(body);
			} else {
				if (!response.hasHeader('Content-Type'))
					response.setHeader('Content-Type', 'text/html; charset=utf-8');
				response.end(String(body));
			}
			return response;
		},
		sendStatus(code) {
			response.statusCode = code;
			response.end();
			return response;
		},
	};
	return Object.assign(response, methods);
}
