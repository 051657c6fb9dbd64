import type { IncomingHttpHeaders } from 'node:http';

/** A fully read incoming request. */
export interface SimRequest {
	method: string;
	/** Path without the query string. */
	path: string;
	query: URLSearchParams;
	headers: IncomingHttpHeaders;
	rawBody: Buffer;
	/** `http://host:port` as the client addressed the simulator. */
	origin: string;
}

/** What a handler answers; the server writes it (or drops it, for fault injection). */
export interface SimResponse {
	status: number;
	headers?: Record<string, string>;
	/** Serialised as JSON unless `body` is given. */
	json?: unknown;
	body?: Buffer;
	contentType?: string;
}

export type Handler<A = undefined> = (
	request: SimRequest,
	params: Record<string, string>,
	auth: A,
) => SimResponse | Promise<SimResponse>;

export function json(status: number, body: unknown, headers?: Record<string, string>): SimResponse {
	return { status, json: body, headers };
}

export function pdf(bytes: Buffer, filename: string): SimResponse {
	return {
		status: 200,
		body: bytes,
		contentType: 'application/pdf',
		headers: { 'Content-Disposition': `attachment; filename="${filename}"` },
	};
}

export function header(request: SimRequest, name: string): string | undefined {
	const value = request.headers[name.toLowerCase()];
	return Array.isArray(value) ? value[0] : value;
}

/** The Bearer token of the Authorization header, or null. */
export function bearerToken(request: SimRequest): string | null {
	const value = header(request, 'authorization');
	if (!value) return null;
	const match = /^Bearer\s+(\S+)\s*$/i.exec(value);
	return match ? match[1] : null;
}

/** The JSON body as an object, `null` when empty, or `undefined` when it is not valid JSON. */
export function parseJsonBody(request: SimRequest): unknown {
	if (request.rawBody.length === 0) return null;
	try {
		return JSON.parse(request.rawBody.toString('utf8')) as unknown;
	} catch {
		return undefined;
	}
}

export function isPlainObject(value: unknown): value is Record<string, unknown> {
	return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Compile a route pattern such as `/v1/faxes/{id}` (also `:id`). With `prefix`, the pattern
 * also matches any deeper path (`/v1/faxes` matches `/v1/faxes/abc`).
 */
export function compilePattern(pattern: string, prefix = false): RegExp {
	const source = pattern
		.split('/')
		.map((segment) => {
			if (/^\{[^}]+\}$/.test(segment) || /^:[A-Za-z_]\w*$/.test(segment)) return '([^/]+)';
			return segment.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
		})
		.join('/');
	return new RegExp(`^${source}${prefix ? '(?:/.*)?' : '/?'}$`);
}

export interface Route<A = undefined> {
	pattern: string;
	regex: RegExp;
	names: string[];
	methods: Partial<Record<string, Handler<A>>>;
}

export function route<A>(pattern: string, methods: Partial<Record<string, Handler<A>>>): Route<A> {
	const names = pattern
		.split('/')
		.filter((segment) => /^\{[^}]+\}$/.test(segment))
		.map((segment) => segment.slice(1, -1));
	return { pattern, regex: compilePattern(pattern), names, methods };
}

export type RouteMatch<A> =
	| { kind: 'ok'; handler: Handler<A>; params: Record<string, string>; route: Route<A> }
	| { kind: 'method'; allowed: string[]; route: Route<A> }
	| { kind: 'none' };

/** Find the route of `path`; a known path with another method is a 405. */
export function matchRoute<A>(
	routes: ReadonlyArray<Route<A>>,
	method: string,
	path: string,
): RouteMatch<A> {
	for (const candidate of routes) {
		const match = candidate.regex.exec(path);
		if (!match) continue;
		const params: Record<string, string> = {};
		candidate.names.forEach((name, index) => {
			params[name] = safeDecode(match[index + 1]);
		});
		const handler = candidate.methods[method];
		if (handler) return { kind: 'ok', handler, params, route: candidate };
		return { kind: 'method', allowed: Object.keys(candidate.methods), route: candidate };
	}
	return { kind: 'none' };
}

function safeDecode(value: string): string {
	try {
		return decodeURIComponent(value);
	} catch {
		return value;
	}
}
