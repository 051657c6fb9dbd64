import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';

import { request } from 'undici';

import { PACKAGE_DIR } from './setup';

/** The built simulator (`dist/simulator/cli.js`) in its own process on 127.0.0.1. */
export interface SimProcess {
	url: string;
	baseUrls: { faxRocks: string; faxDrop: string; sendFaxMail: string };
	pid: number;
	control<T = unknown>(
		method: 'GET' | 'POST' | 'DELETE',
		route: string,
		body?: unknown,
	): Promise<T>;
	stop(): Promise<void>;
}

function waitForUrl(child: ChildProcess): Promise<string> {
	return new Promise((resolve, reject) => {
		let output = '';
		const onData = (chunk: Buffer) => {
			output += chunk.toString('utf8');
			const match = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(output);
			if (match) {
				child.stdout?.off('data', onData);
				child.stdout?.resume();
				resolve(match[1]);
			}
		};
		child.stdout?.on('data', onData);
		child.once('exit', (code) => reject(new Error(`simulator exited early (${code}): ${output}`)));
	});
}

export async function startSimProcess(
	options: { speed?: number; rateLimits?: boolean } = {},
): Promise<SimProcess> {
	const args = [
		path.join(PACKAGE_DIR, 'dist/simulator/cli.js'),
		'--port',
		'0',
		'--speed',
		String(options.speed ?? 0),
	];
	if (options.rateLimits === false) args.push('--no-rate-limits');
	// Bench tooling, not part of the published package: the simulator in its own process.
	// eslint-disable-next-line @n8n/community-nodes/no-dangerous-functions
	const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'inherit'] });
	const url = await waitForUrl(child);
	const control = async <T>(
		method: 'GET' | 'POST' | 'DELETE',
		route: string,
		body?: unknown,
	): Promise<T> => {
		const response = await request(`${url}/_sim${route}`, {
			method,
			headers: body === undefined ? {} : { 'content-type': 'application/json' },
			body: body === undefined ? undefined : JSON.stringify(body),
		});
		const text = await response.body.text();
		if (response.statusCode >= 400)
			throw new Error(`simulator ${method} ${route}: ${response.statusCode} ${text}`);
		return JSON.parse(text) as T;
	};
	const info = await control<{ baseUrls: SimProcess['baseUrls'] }>('GET', '');
	return {
		url,
		baseUrls: info.baseUrls,
		pid: child.pid ?? 0,
		control,
		stop: async () =>
			await new Promise<void>((resolve) => {
				if (child.exitCode !== null) return resolve();
				child.once('exit', () => resolve());
				child.kill('SIGTERM');
			}),
	};
}
