/** A markdown table (also readable as plain text on a terminal). */
export function markdownTable(header: string[], rows: Array<Array<string | number>>): string {
	const cells = [header, ...rows.map((row) => row.map(String))];
	const widths = header.map((_, column) =>
		Math.max(...cells.map((row) => (row[column] ?? '').length)),
	);
	const line = (row: string[]) =>
		`| ${row.map((cell, column) => cell.padEnd(widths[column])).join(' | ')} |`;
	return [
		line(cells[0]),
		`|${widths.map((width) => '-'.repeat(width + 2)).join('|')}|`,
		...cells.slice(1).map(line),
	].join('\n');
}

export const fixed = (value: number, digits = 2): string => value.toFixed(digits);
export const mb = (bytes: number): string => `${(bytes / 1e6).toFixed(0)} MB`;
export const check = (ok: boolean): string => (ok ? 'yes' : '**no**');
