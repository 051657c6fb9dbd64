import type { LoggerLike } from './core-internals';

export type LogLevel = 'error' | 'warn' | 'info' | 'debug';

export interface LogEntry {
	level: LogLevel;
	message: string;
	metadata?: object;
}

const MAX_ENTRIES = 2000;

/**
 * Logger registered in n8n-core's container in place of `@n8n/backend-common`'s winston logger.
 * Keeps the most recent entries in memory (tests can inspect them); set `N8N_HARNESS_LOG=debug`
 * (or `error`/`warn`/`info`) to also print them to stderr.
 */
export class HarnessLogger implements LoggerLike {
	readonly entries: LogEntry[] = [];

	private readonly printLevels: LogLevel[];

	constructor() {
		const order: LogLevel[] = ['error', 'warn', 'info', 'debug'];
		const wanted = process.env.N8N_HARNESS_LOG as LogLevel | undefined;
		const index = wanted ? order.indexOf(wanted) : -1;
		this.printLevels = index >= 0 ? order.slice(0, index + 1) : [];
	}

	error(message: string, metadata?: object): void {
		this.log('error', message, metadata);
	}

	warn(message: string, metadata?: object): void {
		this.log('warn', message, metadata);
	}

	info(message: string, metadata?: object): void {
		this.log('info', message, metadata);
	}

	debug(message: string, metadata?: object): void {
		this.log('debug', message, metadata);
	}

	scoped(): LoggerLike {
		return this;
	}

	clear(): void {
		this.entries.length = 0;
	}

	private log(level: LogLevel, message: string, metadata?: object): void {
		this.entries.push({ level, message, metadata });
		if (this.entries.length > MAX_ENTRIES) this.entries.shift();
		if (this.printLevels.includes(level)) {
			process.stderr.write(`[n8n-harness ${level}] ${message}\n`);
		}
	}
}
