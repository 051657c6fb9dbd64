import { harnessLogger } from '../../test/harness';
import type { LeakScanner } from './scan';

/**
 * Feeds every n8n log entry (the harness logger n8n-core and the node log through) and
 * everything written to stdout/stderr to the scanner, as it happens. `print` still reaches
 * the terminal, unscanned (the soak's own progress lines).
 */
export function captureOutput(scanner: LeakScanner): {
	print: (text: string) => void;
	counts: () => { logs: number; writes: number };
	stop: () => void;
} {
	const logger = harnessLogger();
	const entries = logger.entries;
	const push = entries.push.bind(entries);
	let logs = 0;
	let writes = 0;
	entries.push = (...added) => {
		for (const entry of added) {
			logs++;
			scanner.scanAll(
				`log ${entry.level}`,
				`${entry.message} ${JSON.stringify(entry.metadata ?? {})}`,
			);
		}
		return push(...added);
	};

	const streams = [process.stdout, process.stderr] as const;
	const originals = streams.map((stream) => stream.write.bind(stream));
	streams.forEach((stream, index) => {
		stream.write = ((chunk: string | Uint8Array, ...rest: unknown[]) => {
			writes++;
			scanner.scanAll(
				index === 0 ? 'stdout' : 'stderr',
				typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8'),
			);
			return (originals[index] as (...args: unknown[]) => boolean)(chunk, ...rest);
		}) as typeof stream.write;
	});

	// The capture sees both channels, or its "nothing found" would mean nothing.
	harnessLogger().debug('soak: capture check');
	process.stdout.write('');
	process.stderr.write('');
	if (logs !== 1 || writes !== 2) throw new Error('soak: log/stdout capture is not working');
	logs = 0;
	writes = 0;

	return {
		print: (text) => originals[0](`${text}\n`),
		counts: () => ({ logs, writes }),
		stop: () => {
			entries.push = push;
			streams.forEach((stream, index) => {
				stream.write = originals[index] as typeof stream.write;
			});
		},
	};
}
