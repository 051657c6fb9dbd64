import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

/**
 * Runs a scenario script of this folder (e.g. `memoryScenario.js`) in a process of its own, so
 * its peak RSS is its own, and returns the JSON line it printed last.
 */
export async function runScenario<T>(
	script: string,
	args: string[],
	nodeFlags: string[] = [],
): Promise<T> {
	const { stdout } = await run(
		process.execPath,
		[...nodeFlags, path.join(__dirname, script), ...args],
		{ maxBuffer: 1024 * 1024 },
	);
	const last = stdout.trim().split('\n').pop();
	if (!last) throw new Error(`${script} printed no result`);
	return JSON.parse(last) as T;
}
