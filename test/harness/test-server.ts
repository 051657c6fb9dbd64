import {
	createServer,
	type IncomingHttpHeaders,
	type IncomingMessage,
	type ServerResponse,
} from 'node:http';
import type { AddressInfo } from 'node:net';

export interface RecordedRequest {
	method: string;
	/** Path and query, e.g. `/events?since=3`. */
	url: string;
	path: string;
	query: URLSearchParams;
	headers: IncomingHttpHeaders;
	rawBody: Buffer;
	/** Parsed JSON body when the request had one, else the body as text (or undefined). */
	body: unknown;
}

export interface TestResponse {
	status?: number;
	headers?: Record<string, string>;
	/** Objects are sent as JSON, Buffers and strings as they are. */
	body?: unknown;
}

export type TestHandler = (request: RecordedRequest) => TestResponse | Promise<TestResponse>;

export interface TestServer {
	/** `http://127.0.0.1:<port>` */
	url: string;
	requests: RecordedRequest[];
	/** Replaces the handler. */
	setHandler(handler: TestHandler): void;
	close(): Promise<void>;
}

async function readBody(req: IncomingMessage): Promise<Buffer> {
	const chunks: Buffer[] = [];
	for await (const chunk of req) chunks.push(chunk as Buffer);
	return Buffer.concat(chunks);
}

/**
 * A local HTTP server standing in for a provider API in tests: records every request and
 * answers with the handler's response. `close()` also drops keep-alive connections (axios and
 * fetch keep sockets open), so jest exits without open handles.
 */
export async function startTestServer(
	handler: TestHandler = () => ({ body: {} }),
): Promise<TestServer> {
	let current = handler;
	const requests: RecordedRequest[] = [];

	const respond = async (req: IncomingMessage, res: ServerResponse) => {
		const rawBody = await readBody(req);
		const url = new URL(req.url ?? '/', 'http://127.0.0.1');
		const text = rawBody.toString('utf8');
		let body: unknown = rawBody.length > 0 ? text : undefined;
		if (String(req.headers['content-type'] ?? '').includes('json') && rawBody.length > 0) {
			try {
				body = JSON.parse(text) as unknown;
			} catch {
				body = text;
			}
		}
		const request: RecordedRequest = {
			method: req.method ?? 'GET',
			url: req.url ?? '/',
			path: url.pathname,
			query: url.searchParams,
			headers: req.headers,
			rawBody,
			body,
		};
		requests.push(request);
		const response = await current(request);
		res.statusCode = response.status ?? 200;
		for (const [key, value] of Object.entries(response.headers ?? {})) res.setHeader(key, value);
		if (response.body === undefined) {
			res.end();
		} else if (Buffer.isBuffer(response.body) || typeof response.body === 'string') {
			res.end(response.body);
		} else {
			if (!res.hasHeader('content-type')) res.setHeader('content-type', 'application/json');
			res.end(JSON.stringify(response.body));
		}
	};

	const server = createServer((req, res) => {
		respond(req, res).catch((error: Error) => {
			res.statusCode = 500;
			res.end(JSON.stringify({ message: error.message }));
		});
	});
	await new Promise<void>((resolve, reject) => {
		server.once('error', reject);
		server.listen(0, '127.0.0.1', () => resolve());
	});
	const { port } = server.address() as AddressInfo;

	return {
		url: `http://127.0.0.1:${port}`,
		requests,
		setHandler: (next) => {
			current = next;
		},
		close: async () => {
			server.closeAllConnections();
			await new Promise<void>((resolve) => server.close(() => resolve()));
		},
	};
}
