// Injected by esbuild into the bundled libraries (see vendor.js) in place of the global
// setTimeout / clearTimeout. n8n Cloud does not allow community nodes to use timer globals
// (lint rule @n8n/community-nodes/no-restricted-globals, and n8n's package scanner checks the
// published JavaScript, libraries included); n8n-workflow's sleepWithAbort is the sanctioned
// way to wait. pdf-lib, for one, yields to the event loop with setTimeout(resolve, 0) while it
// parses a large PDF.
import { sleepWithAbort } from 'n8n-workflow';

class TimerHandle {
	constructor() {
		this.controller = new AbortController();
	}
	// Node's Timeout API that libraries call on a handle; n8n runs as a server, so whether a
	// pending timer keeps the process alive does not matter here.
	ref() {
		return this;
	}
	unref() {
		return this;
	}
	hasRef() {
		return true;
	}
}

function startTimer(callback, ms, ...args) {
	const handle = new TimerHandle();
	const delay = Number.isFinite(Number(ms)) ? Math.max(0, Number(ms)) : 0;
	sleepWithAbort(delay, handle.controller.signal).then(
		() => callback(...args),
		() => {
			// cleared before it fired: nothing to run
		},
	);
	return handle;
}

function stopTimer(handle) {
	if (handle instanceof TimerHandle) handle.controller.abort();
}

export { startTimer as setTimeout, stopTimer as clearTimeout };
