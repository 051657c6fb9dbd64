/**
 * Real sockets on 127.0.0.1 for the "provider unreachable" tests: a port nothing listens on,
 * an HTTPS server whose certificate no client trusts (a self-signed certificate made here, at
 * test time, with node's crypto: no key is committed), and a server that takes one upload,
 * drops the connection and stops listening (a reset after the upload, then refused).
 */
import { generateKeyPairSync, sign } from 'node:crypto';
import { createServer as createHttpServer, type IncomingMessage, type Server } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import net from 'node:net';

/** A TCP port on 127.0.0.1 that was free a moment ago and now refuses connections. */
export async function closedPort(): Promise<number> {
	const server = net.createServer();
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	const { port } = server.address() as net.AddressInfo;
	await new Promise<void>((resolve) => server.close(() => resolve()));
	return port;
}

// ---- a minimal DER writer, enough for one self-signed X.509 v3 certificate -----------------

function tlv(tag: number, content: Buffer): Buffer {
	const length = content.length;
	let header: Buffer;
	if (length < 0x80) header = Buffer.from([tag, length]);
	else {
		const bytes: number[] = [];
		for (let rest = length; rest > 0; rest >>= 8) bytes.unshift(rest & 0xff);
		header = Buffer.from([tag, 0x80 | bytes.length, ...bytes]);
	}
	return Buffer.concat([header, content]);
}

const sequence = (...parts: Buffer[]) => tlv(0x30, Buffer.concat(parts));
const set = (...parts: Buffer[]) => tlv(0x31, Buffer.concat(parts));

function oid(dotted: string): Buffer {
	const [first, second, ...rest] = dotted.split('.').map(Number);
	const bytes = [first * 40 + second];
	for (const value of rest) {
		const chunk: number[] = [value & 0x7f];
		for (let v = value >> 7; v > 0; v >>= 7) chunk.unshift((v & 0x7f) | 0x80);
		bytes.push(...chunk);
	}
	return tlv(0x06, Buffer.from(bytes));
}

function utcTime(date: Date): Buffer {
	const iso = date.toISOString();
	const text = `${iso.slice(2, 4)}${iso.slice(5, 7)}${iso.slice(8, 10)}${iso.slice(11, 13)}${iso.slice(14, 16)}${iso.slice(17, 19)}Z`;
	return tlv(0x17, Buffer.from(text, 'ascii'));
}

function commonName(name: string): Buffer {
	return sequence(set(sequence(oid('2.5.4.3'), tlv(0x0c, Buffer.from(name, 'utf8')))));
}

export interface SelfSigned {
	key: string;
	cert: string;
}

/**
 * An EC P-256 key pair and a certificate for `127.0.0.1` signed by that same key: correct in
 * every field (validity, subject alternative name) except that no one vouches for it, so a
 * client that checks certificates refuses it during the TLS handshake.
 */
export function selfSignedCertificate(): SelfSigned {
	const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
	const ecdsaWithSha256 = sequence(oid('1.2.840.10045.4.3.2'));
	const name = commonName('fax-provider.test.invalid');
	const now = Date.now();
	const subjectAltName = sequence(
		oid('2.5.29.17'),
		tlv(0x04, sequence(tlv(0x87, Buffer.from([127, 0, 0, 1])))),
	);
	const tbs = sequence(
		tlv(0xa0, tlv(0x02, Buffer.from([2]))),
		tlv(0x02, Buffer.from([0x01, ...Array.from({ length: 8 }, (_, i) => (now >> i) & 0xff)])),
		ecdsaWithSha256,
		name,
		sequence(utcTime(new Date(now - 3600_000)), utcTime(new Date(now + 24 * 3600_000))),
		name,
		publicKey.export({ type: 'spki', format: 'der' }),
		tlv(0xa3, sequence(subjectAltName)),
	);
	const signature = sign('sha256', tbs, privateKey);
	const der = sequence(
		tbs,
		ecdsaWithSha256,
		tlv(0x03, Buffer.concat([Buffer.from([0]), signature])),
	);
	const base64 = der.toString('base64').replace(/(.{64})/g, '$1\n');
	return {
		key: privateKey.export({ type: 'pkcs8', format: 'pem' }) as string,
		cert: `-----BEGIN CERTIFICATE-----\n${base64.trim()}\n-----END CERTIFICATE-----\n`,
	};
}

export interface CountingServer {
	url: string;
	/** HTTP requests that reached the server (a refused handshake never makes one). */
	requests: number;
	/** TCP connections accepted. */
	connections: number;
	close: () => Promise<void>;
}

async function listen(server: Server): Promise<string> {
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	return String((server.address() as net.AddressInfo).port);
}

async function closeServer(server: Server): Promise<void> {
	server.closeAllConnections?.();
	await new Promise<void>((resolve) => server.close(() => resolve()));
}

/** An HTTPS server with a self-signed certificate, answering 500 to any request it gets. */
export async function startUntrustedTlsServer(): Promise<CountingServer> {
	const state = { requests: 0, connections: 0 };
	const server = createHttpsServer(selfSignedCertificate(), (_req, res) => {
		state.requests++;
		res.writeHead(500).end();
	});
	server.on('connection', () => state.connections++);
	const port = await listen(server);
	return {
		url: `https://127.0.0.1:${port}`,
		get requests() {
			return state.requests;
		},
		get connections() {
			return state.connections;
		},
		close: async () => await closeServer(server),
	};
}

/**
 * A plain-http server on 127.0.0.1 that reads the first request in full (the upload arrived),
 * destroys its connection without an answer, and stops listening: every later attempt is
 * refused.
 */
export async function startResetThenRefuse(): Promise<CountingServer> {
	const state = { requests: 0, connections: 0 };
	const server: Server = createHttpServer((req: IncomingMessage, res) => {
		state.requests++;
		req.on('data', () => undefined);
		req.on('end', () => {
			server.close();
			res.socket?.destroy();
		});
	});
	server.on('connection', () => state.connections++);
	const port = await listen(server);
	return {
		url: `http://127.0.0.1:${port}`,
		get requests() {
			return state.requests;
		},
		get connections() {
			return state.connections;
		},
		close: async () => {
			if (server.listening) await closeServer(server);
			else server.closeAllConnections?.();
		},
	};
}
