import { check, fixed, markdownTable, mb } from '../lib/table';
import type { DocumentBoundsResult } from './documentBounds';

const BOMB_MS_TARGET = 2000;
const BOMB_RSS_TARGET = 200 * 1000 * 1000;

/** The summary rows: the bomb's refusal time and extra memory, against an ordinary send. */
export function documentBoundsRows(result: DocumentBoundsResult): Array<Array<string | number>> {
	const { bomb, ordinary } = result;
	const ok = bomb.refused && bomb.ms < BOMB_MS_TARGET && result.bombExtraRssBytes < BOMB_RSS_TARGET;
	const [before, bounded] = result.checks;
	return [
		[
			`PDF bomb (${mb(bomb.documentBytes)} inflating to ~${fixed(bomb.documentBytes / 1e6, 0)} GB), Fax node Send`,
			`${bomb.refused ? 'refused' : '**sent**'} in ${fixed(bomb.ms / 1000)} s (${fixed(bomb.cpuMs / 1000)} s CPU), +${mb(result.bombExtraRssBytes)} RSS`,
			`${fixed(ordinary.ms / 1000)} s (${fixed(ordinary.cpuMs / 1000)} s CPU; ordinary ${mb(ordinary.documentBytes)}, 50 pages, sent)`,
			`${fixed(bomb.ms / ordinary.ms)}×`,
			'< 2 s, < 200 MB',
			check(ok),
		],
		[
			`Document checks, ordinary ${mb(ordinary.documentBytes)} 50-page PDF`,
			`${fixed(bounded.ms, 1)} ms (bounded load + page walk)`,
			`${fixed(before.ms, 1)} ms (pdf-lib load + page walk, unbounded)`,
			`${fixed(bounded.ms / before.ms)}×`,
			'≤ 1.10×',
			check(bounded.ms / before.ms <= 1.1),
		],
	];
}

/** The "Document bounds" section of docs/benchmarks.md. */
export function documentBoundsSection(result: DocumentBoundsResult): string {
	const scenarios = markdownTable(
		[
			'Scenario (own process)',
			'file',
			'Send wall time',
			'CPU time',
			'longest event-loop block',
			'peak RSS',
			'outcome',
		],
		[
			['bomb, idle (harness + file loaded)', result.bombIdle, '–'],
			['bomb, sent once', result.bomb, null],
			['ordinary, idle', result.ordinaryIdle, '–'],
			['ordinary, sent once', result.ordinary, null],
		].map(([label, scenario, outcome]) => {
			const s = scenario as DocumentBoundsResult['bomb'];
			return [
				label as string,
				mb(s.documentBytes),
				s.run ? `${fixed(s.ms, 0)} ms` : '–',
				s.run ? `${fixed(s.cpuMs, 0)} ms` : '–',
				s.run ? `${fixed(s.maxBlockMs, 0)} ms` : '–',
				mb(s.maxRssBytes),
				(outcome as string | null) ?? (s.refused ? `refused: ${s.message ?? ''}` : 'sent'),
			];
		}),
	);
	const checks = markdownTable(
		['Step (ordinary document, medians)', 'ms', '× unbounded load'],
		result.checks.map((row) => [row.step, fixed(row.ms, 1), fixed(row.ms / result.checks[0].ms)]),
	);
	return `## PDF decompression bomb and document checks

A PDF bomb built at run time (\`scripts/lib/pdfBomb.ts\`: one page plus an object stream of
whitespace that inflates about 1000-fold) is sent once through the Fax node (SendFAXMail,
continueOnFail), each scenario in its own process so its peak RSS is its own. Extra RSS is the
peak of the sending process minus the peak of the same process that built the bomb but sent
nothing. Before the bounds, a 3 MB bomb took 78 s and 5.4 GB and was then sent; pdf-lib
inflates object and cross-reference streams in JavaScript while loading. Now their inflated
size is capped at 16 MB per document (also parse time at 10 s and pages at 1000).

${scenarios}

Wall time includes n8n-core's execution and the machine's other load (2 cores shared); CPU
time is the sending process's own. What the checks cost an ordinary document (50 pages,
${mb(result.ordinary.documentBytes)}, shaped like a scan), in this process, steps sampled in turn: the bounded load
against pdf-lib's plain load, the node's whole PDF check, and the whole document step with
Remove Hidden Content off and on (on re-saves the PDF only when it has something to remove;
this one carries producer and dates only, so it goes out unchanged).

${checks}
`;
}
