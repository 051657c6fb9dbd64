import { check, fixed, markdownTable } from '../lib/table';
import type { CraftedResult } from './crafted';
import { markedBlock } from './sections';

/** Issue 17's bounds for every crafted file. */
export const CRAFTED_TARGETS = { ms: 2000, rssBytes: 200 * 1000 * 1000, blockMs: 250 };

const within = (result: CraftedResult) =>
	result.sent.ms < CRAFTED_TARGETS.ms &&
	result.extraRssBytes < CRAFTED_TARGETS.rssBytes &&
	result.sent.maxBlockMs <= CRAFTED_TARGETS.blockMs;

const size = (bytes: number) =>
	bytes >= 1e6 ? `${fixed(bytes / 1e6, 1)} MB` : `${fixed(bytes / 1e3, 0)} kB`;

/** Why a file was refused, without the "Binary property 'data' is a …" preamble. */
function outcome(result: CraftedResult): string {
	if (!result.sent.refused) return 'processed, sent';
	const message = result.sent.message ?? '';
	const reason = message.replace(/^Binary property '[^']*' is (a PDF |an? )?/, '');
	return `refused: ${reason.length > 90 ? `${reason.slice(0, 87)}…` : reason}`;
}

/** The summary row: all crafted files within the bounds, and the worst figures. */
export function craftedRows(results: CraftedResult[]): Array<Array<string | number>> {
	if (results.length === 0) return [];
	const worst = (pick: (result: CraftedResult) => number) => Math.max(...results.map(pick));
	return [
		[
			`Crafted files (${results.length}, Fax node Send, each in its own process)`,
			`worst: ${fixed(worst((r) => r.sent.ms) / 1000)} s, +${fixed(worst((r) => r.extraRssBytes) / 1e6, 0)} MB RSS, ${fixed(
				worst((r) => r.sent.maxBlockMs),
				0,
			)} ms longest block`,
			'the same process idle (RSS)',
			'–',
			'< 2 s, < 200 MB, ≤ 250 ms',
			check(results.every(within)),
		],
	];
}

/** The section between markers, so a crafted-only run can replace it in place. */
export function craftedBlock(results: CraftedResult[], header = ''): string {
	return markedBlock('crafted-files', craftedSection(results, header));
}

/** The "Crafted files" section of docs/benchmarks.md. */
export function craftedSection(results: CraftedResult[], header = ''): string {
	const table = markdownTable(
		[
			'Crafted file',
			'size',
			'outcome',
			'time to refuse / process',
			'CPU time',
			'extra RSS',
			'longest event-loop block',
			'within bounds',
		],
		results.map((result) => [
			`${result.entry.label}${result.entry.issue ? ' (issue 17)' : ''}`,
			size(result.sent.documentBytes),
			outcome(result),
			`${fixed(result.sent.ms / 1000)} s`,
			`${fixed(result.sent.cpuMs / 1000)} s`,
			`${fixed(result.extraRssBytes / 1e6, 0)} MB`,
			`${fixed(result.sent.maxBlockMs, 0)} ms`,
			check(within(result)),
		]),
	);
	return `## Crafted files

${header}Each file (\`scripts/lib/craftedCases.ts\`) is sent once to faxrocks (whose 50 MiB limit lets
every one reach the parser) through the Fax node inside real n8n-core, in a process of its own.
*Time* is the node's whole execution (refusal or upload to the simulator); *extra RSS* is that
process's peak RSS over the same process idle (file built, harness loaded); *longest event-loop
block* is the longest gap of a 1 ms interval timer during the execution, the last stretch
included. Bounds (issue 17): under ${CRAFTED_TARGETS.ms / 1000} s, under ${CRAFTED_TARGETS.rssBytes / 1e6} MB extra RSS, no block over ${CRAFTED_TARGETS.blockMs} ms.
\`BENCH_ONLY=crafted npm run bench\` runs only this table and rewrites only this section.

${table}
`;
}
