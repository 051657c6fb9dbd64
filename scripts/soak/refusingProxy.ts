import http from 'node:http';
import type { AddressInfo } from 'node:net';

import type { ProviderName } from '../lib/setup';

/**
 * A provider that answers 5xx and then refuses every repeat with a 4xx: an HTTP proxy in front
 * of the simulator (the simulator itself is left as it is). For each recipient number the plan
 * names, the first send request to it meets the planned 5xx — after the simulator created the
 * fax (`accepted-5xx`: a gateway error whose upstream did the work) or without forwarding
 * (`refused-5xx`) — and every later send to that number (the transport's retry with the same
 * Idempotency-Key, n8n's Retry On Fail, a re-run) is refused with 400, 409 or 422 in the
 * provider's documented error shape, without forwarding. Numbers the plan doesn't name, and
 * every other request (faxrocks' list, status reads), pass through untouched.
 */
export type EscalationKind = 'accepted-5xx' | 'refused-5xx' | 'pass';

export const SEND_PATHS: Record<ProviderName, string> = {
	faxRocks: '/faxrocks/api/send',
	faxDrop: '/faxdrop/api/send-fax',
	sendFaxMail: '/sendfaxmail/v1/faxes',
};

const REFUSALS = [400, 409, 422];

function errorBody(provider: ProviderName, status: number): string {
	const message =
		status >= 500
			? 'Upstream gateway error, please retry'
			: status === 409
				? 'A conflicting request is being processed'
				: 'The request was rejected';
	switch (provider) {
		case 'sendFaxMail':
			return JSON.stringify({
				error: {
					type: status >= 500 ? 'api_error' : status === 422 ? 'send_failed' : 'invalid_request',
					message,
				},
			});
		case 'faxDrop':
			return JSON.stringify({
				error: message,
				error_type: status >= 500 ? 'server_error' : 'bad_request',
			});
		case 'faxRocks':
			return JSON.stringify({ message });
	}
}

/** The fictional recipient named in a send body (`+1NXX55501XX`, any spelling), normalised. */
function recipientOf(body: Buffer): string | undefined {
	const match = /(?:\+?1)?[\s().-]*(\d{3})[\s().-]*555[\s.-]*01(\d{2})/.exec(
		body.toString('latin1'),
	);
	return match ? `+1${match[1]}55501${match[2]}` : undefined;
}

export interface RefusingProxy {
	/** Base URLs for the credentials, as the simulator's but through the proxy. */
	baseUrls: Record<ProviderName, string>;
	/** What each planned number met, in order ('5xx:accepted', '5xx:refused', '4xx:409', …). */
	met: Map<string, string[]>;
	stop(): Promise<void>;
}

export async function startRefusingProxy(
	simBaseUrls: Record<ProviderName, string>,
	plan: Map<string, EscalationKind>,
): Promise<RefusingProxy> {
	const target = new URL(simBaseUrls.faxRocks);
	const met = new Map<string, string[]>();
	let refusals = 0;
	const providerOf = (path: string): ProviderName | undefined =>
		(Object.keys(SEND_PATHS) as ProviderName[]).find((name) => SEND_PATHS[name] === path);

	const forward = async (
		req: http.IncomingMessage,
		body: Buffer,
	): Promise<{ status: number; headers: http.IncomingHttpHeaders; body: Buffer }> =>
		await new Promise((resolve, reject) => {
			const upstream = http.request(
				{
					host: target.hostname,
					port: target.port,
					method: req.method,
					path: req.url,
					headers: { ...req.headers, host: target.host, 'content-length': String(body.length) },
				},
				(res) => {
					const chunks: Buffer[] = [];
					res.on('data', (chunk: Buffer) => chunks.push(chunk));
					res.on('end', () =>
						resolve({
							status: res.statusCode ?? 502,
							headers: res.headers,
							body: Buffer.concat(chunks),
						}),
					);
					res.on('error', reject);
				},
			);
			upstream.on('error', reject);
			upstream.end(body);
		});

	const server = http.createServer((req, res) => {
		const chunks: Buffer[] = [];
		req.on('data', (chunk: Buffer) => chunks.push(chunk));
		req.on('end', () => {
			void (async () => {
				const body = Buffer.concat(chunks);
				const path = (req.url ?? '').split('?')[0];
				const provider = req.method === 'POST' ? providerOf(path) : undefined;
				const number = provider ? recipientOf(body) : undefined;
				const kind = number ? plan.get(number) : undefined;
				const answer = (status: number, text: string) => {
					res.writeHead(status, { 'content-type': 'application/json' });
					res.end(text);
				};
				if (!provider || !number || !kind || kind === 'pass') {
					const passed = await forward(req, body);
					res.writeHead(passed.status, passed.headers);
					res.end(passed.body);
					return;
				}
				const seen = met.get(number) ?? [];
				met.set(number, seen);
				if (seen.length === 0) {
					if (kind === 'accepted-5xx') await forward(req, body);
					const status = kind === 'accepted-5xx' ? 502 : 503;
					seen.push(kind === 'accepted-5xx' ? `${status}:accepted` : `${status}:refused`);
					answer(status, errorBody(provider, status));
					return;
				}
				const status = REFUSALS[refusals++ % REFUSALS.length];
				seen.push(String(status));
				answer(status, errorBody(provider, status));
			})().catch(() => {
				res.destroy();
			});
		});
	});
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	const { port } = server.address() as AddressInfo;
	const through = (url: string) => url.replace(new URL(url).host, `127.0.0.1:${port}`);
	return {
		baseUrls: {
			faxRocks: through(simBaseUrls.faxRocks),
			faxDrop: through(simBaseUrls.faxDrop),
			sendFaxMail: through(simBaseUrls.sendFaxMail),
		},
		met,
		stop: async () => {
			server.closeAllConnections();
			await new Promise<void>((resolve) => server.close(() => resolve()));
		},
	};
}
