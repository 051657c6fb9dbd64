import { createHmac, timingSafeEqual } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { deflateSync } from 'node:zlib';

import type { Simulator, SimulatorOptions } from '../../simulator';
import { makeSimplePdf, startSimulator } from '../../simulator';

/** Parsed JSON bodies are navigated freely in assertions. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Json = any;

/** A minute boundary, so fixed rate-limit windows start fresh. */
export const START = '2026-03-02T12:00:00.000Z';
export const START_MS = Date.parse(START);

export function start(options: SimulatorOptions = {}): Promise<Simulator> {
	return startSimulator({ speed: 0, startTime: START, ...options });
}

export interface Reply {
	status: number;
	headers: Headers;
	body: Json;
	bytes: Buffer;
}

export async function call(url: string, init: RequestInit = {}): Promise<Reply> {
	const response = await fetch(url, init);
	const bytes = Buffer.from(await response.arrayBuffer());
	let body: Json = null;
	if ((response.headers.get('content-type') ?? '').includes('json') && bytes.length > 0) {
		body = JSON.parse(bytes.toString('utf8'));
	}
	return { status: response.status, headers: response.headers, body, bytes };
}

export function jsonInit(
	method: string,
	body: unknown,
	headers: Record<string, string> = {},
): RequestInit {
	return {
		method,
		headers: { 'Content-Type': 'application/json', Accept: 'application/json', ...headers },
		body: JSON.stringify(body),
	};
}

export const pdf1 = makeSimplePdf(1, 'Test document');
export const pdf3 = makeSimplePdf(3, 'Test document');

/** A valid 1×1 PNG. */
export const png = (() => {
	const crcTable = Array.from({ length: 256 }, (_, n) => {
		let c = n;
		for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
		return c >>> 0;
	});
	const crc = (buf: Buffer): number => {
		let c = 0xffffffff;
		for (const byte of buf) c = crcTable[(c ^ byte) & 0xff] ^ (c >>> 8);
		return (c ^ 0xffffffff) >>> 0;
	};
	const chunk = (type: string, data: Buffer): Buffer => {
		const length = Buffer.alloc(4);
		length.writeUInt32BE(data.length);
		const typed = Buffer.concat([Buffer.from(type, 'latin1'), data]);
		const sum = Buffer.alloc(4);
		sum.writeUInt32BE(crc(typed));
		return Buffer.concat([length, typed, sum]);
	};
	const header = Buffer.alloc(13);
	header.writeUInt32BE(1, 0);
	header.writeUInt32BE(1, 4);
	header[8] = 8;
	header[9] = 2;
	return Buffer.concat([
		Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
		chunk('IHDR', header),
		chunk('IDAT', deflateSync(Buffer.from([0, 255, 255, 255]))),
		chunk('IEND', Buffer.alloc(0)),
	]);
})();

/** JPEG magic bytes followed by filler: enough for type detection. */
export const jpeg = Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), Buffer.alloc(64, 1)]);

/** The docs' verification function, as published. */
export function verifySignature(rawBody: string, header: string, secret: string): boolean {
	const parts = Object.fromEntries(header.split(',').map((kv) => kv.split('=')));
	const expected = createHmac('sha256', secret).update(`${parts.t}.${rawBody}`).digest('hex');
	const a = Buffer.from(expected);
	const b = Buffer.from(parts.v1 || '');
	return a.length === b.length && timingSafeEqual(a, b);
}

export interface Received {
	headers: IncomingHttpHeaders;
	rawBody: string;
}

/** A local webhook receiver that records every POST and answers `status`. */
export async function receiver(status = 200): Promise<{
	url: string;
	received: Received[];
	setStatus: (code: number) => void;
	close: () => Promise<void>;
}> {
	const received: Received[] = [];
	let answer = status;
	const server = createServer((req, res) => {
		const chunks: Buffer[] = [];
		req.on('data', (chunk: Buffer) => chunks.push(chunk));
		req.on('end', () => {
			received.push({ headers: req.headers, rawBody: Buffer.concat(chunks).toString('utf8') });
			res.writeHead(answer, { 'Content-Type': 'text/plain' });
			res.end('ok');
		});
	});
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	const { port } = server.address() as AddressInfo;
	return {
		url: `http://127.0.0.1:${port}/hook`,
		received,
		setStatus: (code) => {
			answer = code;
		},
		close: () =>
			new Promise<void>((resolve) => {
				server.close(() => resolve());
				server.closeAllConnections();
			}),
	};
}

/** A local static file server (for SendFAXMail document_url tests). */
export async function fileServer(
	bytes: Buffer,
	contentType: string,
): Promise<{ url: string; close: () => Promise<void> }> {
	const server = createServer((_req, res) => {
		res.writeHead(200, { 'Content-Type': contentType });
		res.end(bytes);
	});
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	const { port } = server.address() as AddressInfo;
	return {
		url: `http://127.0.0.1:${port}/document.pdf`,
		close: () =>
			new Promise<void>((resolve) => {
				server.close(() => resolve());
				server.closeAllConnections();
			}),
	};
}
