'use strict';
const net = require('node:net');

/** A TCP port that was free a moment ago on 127.0.0.1. */
async function freePort() {
	return await new Promise((resolve, reject) => {
		const server = net.createServer();
		server.unref();
		server.on('error', reject);
		server.listen(0, '127.0.0.1', () => {
			const { port } = server.address();
			server.close(() => resolve(port));
		});
	});
}

/** Whether nothing listens on 127.0.0.1:port. */
async function isPortFree(port) {
	return await new Promise((resolve) => {
		const server = net.createServer();
		server.unref();
		server.once('error', () => resolve(false));
		server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
	});
}

/** `preferred` when it is free, else any free port. */
async function portOrFree(preferred) {
	if (preferred && (await isPortFree(preferred))) return preferred;
	return await freePort();
}

const delay = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Calls `check` until it returns a truthy value or `timeoutMs` pass (then throws, naming
 * `what` and the last error). An error with `fatal: true` ends the wait at once.
 * Used instead of fixed sleeps everywhere.
 */
async function waitFor(what, check, { timeoutMs = 30000, intervalMs = 250 } = {}) {
	const deadline = Date.now() + timeoutMs;
	let lastError;
	for (;;) {
		try {
			const value = await check();
			if (value) return value;
		} catch (error) {
			if (error && error.fatal) throw error;
			lastError = error;
		}
		if (Date.now() >= deadline) {
			const reason = lastError ? `: ${lastError.message}` : '';
			throw new Error(`Timed out after ${Math.round(timeoutMs / 1000)} s waiting for ${what}${reason}`);
		}
		await delay(intervalMs);
	}
}

function formatDuration(ms) {
	const seconds = Math.round(ms / 1000);
	return seconds >= 60 ? `${Math.floor(seconds / 60)} min ${seconds % 60} s` : `${seconds} s`;
}

module.exports = { freePort, isPortFree, portOrFree, waitFor, delay, formatDuration };
