import type { Harness } from '../../test/harness';
import type { SimProcess } from '../lib/simProcess';
import { median } from '../lib/stats';
import { check, fixed, markdownTable } from '../lib/table';
import { measureThroughput, type ThroughputResult } from './throughput';

/**
 * Issue 17, "fast on honest documents": SendFAXMail sends of a scan-like PDF (its bulk a page
 * image) with Remove Hidden Content on (the default), against a raw client posting the very
 * bytes the node uploads (the rebuilt PDF), same run. The items of a run carry the same file,
 * which the node processes once per run (actions/send/1-documentCache.ts) and encodes once
 * (transport/jsonBody.ts).
 */
export const DOCUMENT_RATIO_CASES = [
	{ documentBytes: 1_000_000, items: 30, target: 0.95 },
	{ documentBytes: 10_000_000, items: 10, target: 0.9 },
];

export interface DocumentRatioResult {
	target: number;
	result: ThroughputResult;
}

export async function measureDocumentRatio(
	harness: Harness,
	sim: SimProcess,
	rounds: number,
): Promise<DocumentRatioResult[]> {
	const results: DocumentRatioResult[] = [];
	for (const entry of DOCUMENT_RATIO_CASES) {
		results.push({
			target: entry.target,
			result: await measureThroughput(harness, sim, 'sendFaxMail', {
				items: entry.items,
				documentBytes: entry.documentBytes,
				rounds,
			}),
		});
	}
	return results;
}

const label = (result: ThroughputResult) =>
	`SendFAXMail, ${result.items} × ${fixed(result.documentBytes / 1e6, 0)} MB, Remove Hidden Content on`;

export function documentRatioRows(results: DocumentRatioResult[]): Array<Array<string | number>> {
	return results.map(({ target, result }) => [
		label(result),
		`${fixed((result.items / median(result.nodeMs)) * 1000, 1)} items/s (Fax node)`,
		`${fixed((result.items / median(result.rawMs)) * 1000, 1)} items/s (raw undici POST of the uploaded bytes)`,
		`${fixed(result.ratio)}×`,
		`≥ ${fixed(target)}×`,
		check(result.ratio >= target),
	]);
}

export function documentRatioSection(results: DocumentRatioResult[], header = ''): string {
	const rounds = markdownTable(
		['Case', 'Fax node, ms per run (rounds)', 'raw undici, ms per run (rounds)', 'ratio (medians)'],
		results.map(({ result }) => [
			label(result),
			result.nodeMs.map((ms) => fixed(ms, 0)).join(', '),
			result.rawMs.map((ms) => fixed(ms, 0)).join(', '),
			`${fixed(result.ratio)}×`,
		]),
	);
	return `## Honest documents with Remove Hidden Content on

${header}One n8n-core execution of the Fax node (Send to SendFAXMail, simulator rate limits off) with
every item carrying the same scan-like PDF (5 pages, each one full-page image), timed by n8n's
\`executionTime\`, against raw undici POSTs of **the bytes the node uploads** (the PDF rebuilt
from its pages), each request built on its own (base64 + JSON), alternating, medians.
Each item reaches the node as its own stored binary. The node reads and hashes each item's
file once, checks and rebuilds a file once per run (items carrying the same bytes share one
result), encodes that result's base64 once and copies it into each item's request
(\`nodes/Fax/transport/jsonBody.ts\`); the raw client encodes for every request.

${markdownTable(['Case', 'Measured', 'Baseline (same run)', 'Ratio', 'Target', 'Met'], documentRatioRows(results))}

${rounds}
`;
}
