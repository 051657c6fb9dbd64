'use strict';
/**
 * Child processes (the simulator, n8n) started in their own process groups, so that stopping
 * one also stops what it started (n8n's task runner), with their output in log files.
 * Everything still running when this process exits is killed.
 */
const { spawn } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');

const running = new Set();

function killGroup(child, signal) {
	try {
		process.kill(-child.pid, signal);
	} catch {
		try {
			child.kill(signal);
		} catch {
			// already gone
		}
	}
}

process.on('exit', () => {
	for (const managed of running) killGroup(managed.child, 'SIGKILL');
});

class ManagedProcess {
	/**
	 * @param {string} name
	 * @param {string} command
	 * @param {string[]} args
	 * @param {{ cwd?: string, env?: NodeJS.ProcessEnv, logFile: string, onLine?: (line: string) => void }} options
	 */
	constructor(name, command, args, { cwd, env, logFile, onLine }) {
		this.name = name;
		this.logFile = logFile;
		this.exited = false;
		this.exitCode = undefined;
		const log = fs.createWriteStream(logFile, { flags: 'a' });
		this.child = spawn(command, args, { cwd, env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
		running.add(this);
		let pending = '';
		const onData = (chunk) => {
			log.write(chunk);
			if (!onLine) return;
			pending += chunk.toString('utf8');
			const lines = pending.split('\n');
			pending = lines.pop() ?? '';
			for (const line of lines) onLine(line);
		};
		this.child.stdout.on('data', onData);
		this.child.stderr.on('data', onData);
		this.exitPromise = new Promise((resolve) => {
			this.child.on('exit', (code, signal) => {
				this.exited = true;
				this.exitCode = signal ? signal : code;
				running.delete(this);
				log.end();
				resolve(this.exitCode);
			});
			this.child.on('error', (error) => {
				this.exited = true;
				this.exitCode = error.message;
				running.delete(this);
				resolve(this.exitCode);
			});
		});
	}

	get pid() {
		return this.child.pid;
	}

	/** SIGTERM to the whole group, SIGKILL after `graceMs`; resolves when the process has exited. */
	async stop(graceMs = 15000) {
		if (this.exited) return this.exitCode;
		killGroup(this.child, 'SIGTERM');
		const timer = setTimeout(() => killGroup(this.child, 'SIGKILL'), graceMs);
		try {
			return await this.exitPromise;
		} finally {
			clearTimeout(timer);
			// Anything left in the group (e.g. a task runner that ignored SIGTERM) goes too.
			killGroup(this.child, 'SIGKILL');
		}
	}
}

/**
 * What a stack starts: its data folder (with `n8n-user` and `n8n-files` below it) and the
 * processes it started, stopped in reverse order by `stop()`.
 */
function newStack(dataDir, extra = {}) {
	fs.mkdirSync(dataDir, { recursive: true });
	const stack = {
		dataDir,
		userFolder: path.join(dataDir, 'n8n-user'),
		filesDir: path.join(dataDir, 'n8n-files'),
		processes: [],
		...extra,
	};
	stack.stop = async () => {
		for (const managed of stack.processes.reverse()) await managed.stop();
		stack.processes = [];
	};
	return stack;
}

module.exports = { ManagedProcess, newStack, runningProcesses: running };
