import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import { createServer } from 'node:http';

import type { ProviderModule } from './context';
import type { FaultInjector, FaultRule } from './faults';
import { HTML_LOGIN_PAGE, exhaustedRateLimitHeaders } from './faults';
import type { SimRequest, SimResponse } from './http';
import { json } from './http';
import type { RequestLog } from './requestLog';
import { redactHeaders, summarizeBody } from './requestLog';
import type { VirtualClock } from './clock';

/**
 * The HTTP front: reads each request, routes `/_sim/*` to the control API and everything
 * else to the provider mounted at its prefix, with fault injection and the request log.
 */
export const MAX_BODY_BYTES = 50 * 1024 * 1024;

export interface ServerDeps {
	providers: readonly ProviderModule[];
	faults: FaultInjector;
	log: RequestLog;
	clock: VirtualClock;
	/** Runs before each request: clock-driven work (scheduled dispatch, webhooks). */
	beforeRequest(): void;
	control(request: SimRequest): Promise<SimResponse>;
}

/** The whole body, or null when it exceeds `limit` (the rest is drained and discarded). */
function readBody(request: IncomingMessage, limit: number): Promise<Buffer | null> {
	return new Promise((resolve, reject) => {
		const chunks: Buffer[] = [];
		let size = 0;
		request.on('data', (chunk: Buffer) => {
			size += chunk.length;
			if (size <= limit) chunks.push(chunk);
		});
		request.on('end', () => resolve(size > limit ? null : Buffer.concat(chunks)));
		request.on('error', reject);
	});
}

export function writeResponse(res: ServerResponse, response: SimResponse): void {
	if (res.destroyed || res.writableEnded) return;
	const isJson = response.body === undefined;
	const body = isJson
		? Buffer.from(response.json === undefined ? '' : JSON.stringify(response.json), 'utf8')
		: (response.body as Buffer);
	const contentType =
		response.contentType ??
		(isJson ? 'application/json; charset=utf-8' : 'application/octet-stream');
	res.writeHead(response.status, {
		'Content-Type': contentType,
		'Content-Length': String(body.length),
		...response.headers,
	});
	res.end(body);
}

function dropConnection(res: ServerResponse): void {
	res.socket?.destroy();
	res.destroy();
}

function delay(ms: number): Promise<void> {
	return new Promise((resolve) => setTimeout(resolve, ms));
}

function resetUnix(rule: FaultRule, clock: VirtualClock): number {
	return clock.realUnixSecondsAt(clock.now() + (rule.resetSeconds ?? 0) * 1000);
}

/** The answer of a fault that refuses the request without acting on it, else null. */
function refusalFor(
	rule: FaultRule,
	provider: ProviderModule,
	clock: VirtualClock,
): SimResponse | null {
	switch (rule.kind) {
		case '500':
			return provider.faultResponse('500', rule.retryAfter);
		case '429': {
			const response = provider.faultResponse('429', rule.retryAfter);
			if (rule.resetSeconds === null) return response;
			return {
				...response,
				headers: {
					...response.headers,
					...exhaustedRateLimitHeaders(rule.window, resetUnix(rule, clock)),
				},
			};
		}
		case 'redirect':
			return {
				status: rule.status ?? 302,
				headers: { Location: rule.location ?? '/' },
				body: Buffer.from(`Redirecting to ${rule.location ?? '/'}`, 'utf8'),
				contentType: 'text/plain; charset=utf-8',
			};
		case 'html-200':
			return { status: 200, body: HTML_LOGIN_PAGE, contentType: 'text/html; charset=utf-8' };
		case 'answer':
			return { status: rule.status ?? 400, json: rule.body ?? {} };
		default:
			return null;
	}
}

/** The real answer as a fault changes it after the request was performed. */
function afterAccept(rule: FaultRule, response: SimResponse, clock: VirtualClock): SimResponse {
	if (rule.kind === 'truncated-json') {
		const whole = Buffer.from(
			response.json === undefined ? '' : JSON.stringify(response.json),
			'utf8',
		);
		return {
			status: response.status,
			headers: response.headers,
			body: whole.subarray(0, Math.floor(whole.length / 2)),
			contentType: 'application/json; charset=utf-8',
		};
	}
	if (
		rule.kind === 'patch-json' &&
		response.json &&
		typeof response.json === 'object' &&
		!Array.isArray(response.json)
	) {
		return { ...response, json: { ...response.json, ...(rule.body as object) } };
	}
	if (rule.kind === 'rate-limit-reset') {
		return {
			...response,
			headers: {
				...response.headers,
				...exhaustedRateLimitHeaders(rule.window, resetUnix(rule, clock)),
			},
		};
	}
	return response;
}

export function createSimServer(deps: ServerDeps): Server {
	const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
		const method = (req.method ?? 'GET').toUpperCase();
		const url = new URL(req.url ?? '/', 'http://simulator.invalid');
		const rawBody = await readBody(req, MAX_BODY_BYTES);
		if (rawBody === null) {
			writeResponse(res, json(413, { error: 'Request body too large for the simulator (50 MB).' }));
			return;
		}
		const request: SimRequest = {
			method,
			path: url.pathname,
			query: url.searchParams,
			headers: req.headers,
			rawBody,
			origin: `http://${req.headers.host ?? 'localhost'}`,
		};
		if (request.path === '/_sim' || request.path.startsWith('/_sim/')) {
			deps.beforeRequest();
			writeResponse(res, await deps.control(request));
			return;
		}
		const provider = deps.providers.find(
			(candidate) =>
				request.path === candidate.prefix || request.path.startsWith(`${candidate.prefix}/`),
		);
		if (!provider) {
			writeResponse(
				res,
				json(404, {
					error:
						'No simulated provider here. Use /faxrocks/api, /faxdrop, /sendfaxmail or the control API at /_sim.',
				}),
			);
			return;
		}
		deps.beforeRequest();
		const fault = deps.faults.take(method, request.path);
		const entry = deps.log.add({
			at: new Date(deps.clock.now()).toISOString(),
			realAt: new Date().toISOString(),
			provider: provider.name,
			method,
			path: request.path,
			query: Object.fromEntries(request.query.entries()),
			headers: redactHeaders(req.headers),
			body: summarizeBody(request),
			status: null,
			fault: fault?.kind ?? null,
		});
		if (fault?.kind === 'drop-before-accept') {
			dropConnection(res);
			return;
		}
		const refusal = fault ? refusalFor(fault, provider, deps.clock) : null;
		if (refusal) {
			entry.status = refusal.status;
			writeResponse(res, refusal);
			return;
		}
		if (fault?.kind === 'hold') await deps.faults.waitForRelease();
		if (fault?.kind === 'slow') await delay(fault.delayMs);
		const response = await provider.handle(request);
		// A provider's Date header is its own clock: here the virtual one.
		response.headers = { Date: new Date(deps.clock.now()).toUTCString(), ...response.headers };
		deps.beforeRequest();
		if (fault?.kind === 'drop-after-accept') {
			dropConnection(res);
			return;
		}
		// Performed, never answered: the socket stays open until the client gives up; stop()
		// closes what is left.
		if (fault?.kind === 'hang') return;
		entry.status = response.status;
		writeResponse(res, fault ? afterAccept(fault, response, deps.clock) : response);
	};

	return createServer((req, res) => {
		handle(req, res).catch((error: unknown) => {
			process.stderr.write(
				`[fax-simulator] ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
			);
			writeResponse(res, json(500, { error: 'Simulator internal error.' }));
		});
	});
}
