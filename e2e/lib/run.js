'use strict';
const { spawn } = require('node:child_process');
const fs = require('node:fs');

const { formatDuration } = require('./util');

/**
 * Runs a command; its output goes to `logFile` (or is inherited), and while it runs
 * `heartbeat()` is printed every `everyMs` so a long install shows progress.
 */
async function run(command, args, { cwd, logFile, log, heartbeat, everyMs = 15000, env } = {}) {
	const started = Date.now();
	const out = logFile ? fs.openSync(logFile, 'a') : 'inherit';
	const child = spawn(command, args, { cwd, env: env ?? process.env, stdio: ['ignore', out, out] });
	const timer =
		heartbeat && log ? setInterval(() => log(`  … ${formatDuration(Date.now() - started)}${heartbeat()}`), everyMs) : undefined;
	try {
		const code = await new Promise((resolve, reject) => {
			child.on('error', reject);
			child.on('exit', (exitCode, signal) => resolve(signal ? `signal ${signal}` : exitCode));
		});
		if (code !== 0) {
			const where = logFile ? `; see ${logFile}` : '';
			throw new Error(`${command} ${args.join(' ')} failed (${code})${where}`);
		}
	} finally {
		if (timer) clearInterval(timer);
		if (typeof out === 'number') fs.closeSync(out);
	}
	return Date.now() - started;
}

module.exports = { run };
