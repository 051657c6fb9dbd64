// Injected by esbuild into the bundled libraries (see vendor.js) in place of the global
// setTimeout / clearTimeout. n8n Cloud does not allow community nodes to use timer globals
// (lint rule @n8n/community-nodes/no-restricted-globals, and n8n's package scanner checks the
// published JavaScript, libraries included); n8n-workflow's `sleep` is the sanctioned way to
// wait. pdf-lib, for one, yields to the event loop with setTimeout(resolve, 0) while it parses a
// large PDF.
//
// `sleep` is the one n8n-workflow timer every supported n8n has: `sleepWithAbort` was removed in
// n8n-workflow 2.34 (a PDF with more than ~100 objects then failed with "sleepWithAbort is not a
// function"). From 2.34 on, `sleep(ms, signal)` takes an abort signal; before, it ignores the
// second argument and the timer runs out, so the callback also checks the signal itself.
// test/compat/n8nWorkflowApi.test.ts checks every name the shipped code takes from
// n8n-workflow against each supported version.
import { sleep } from 'n8n-workflow';

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
	const { signal } = handle.controller;
	sleep(delay, signal).then(
		() => {
			if (!signal.aborted) callback(...args);
		},
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
