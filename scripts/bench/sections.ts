/**
 * Sections of docs/benchmarks.md that a partial run (`BENCH_ONLY=crafted`, `BENCH_ONLY=documentRatio`)
 * rewrites in place, between HTML-comment markers, leaving the rest of the report as it was.
 */
const markers = (name: string) => [`<!-- ${name}:start -->`, `<!-- ${name}:end -->`] as const;

export function markedBlock(name: string, body: string): string {
	const [start, end] = markers(name);
	return `${start}\n${body.trimEnd()}\n${end}\n`;
}

/** `report` with its `name` block replaced by (or, if it has none, followed by) `block`. */
export function withMarkedBlock(report: string, name: string, block: string): string {
	const [startMarker, endMarker] = markers(name);
	const start = report.indexOf(startMarker);
	const end = report.indexOf(endMarker);
	if (start < 0 || end < start) return `${report.trimEnd()}\n\n${block}`;
	return `${report.slice(0, start)}${block}${report.slice(end + endMarker.length + 1)}`;
}
