/** Sizes in messages use decimal units (1 MB = 1,000,000 bytes), as upload limits usually do. */
const KB = 1000;
const MB = 1000 * 1000;

function trim(value: number, decimals: number): string {
	return value.toFixed(decimals).replace(/\.?0+$/, '');
}

/**
 * Formats a size and a limit in the same unit (MB, or kB for limits under 1 MB), with enough
 * decimals that a size just over the limit doesn't read as equal: [`'4.01'`, `'4'`, `'MB'`].
 */
export function formatSizeAgainstLimit(size: number, limit: number): [string, string, string] {
	const [divisor, unit] = limit >= MB ? [MB, 'MB'] : [KB, 'kB'];
	for (let decimals = 1; decimals <= 6; decimals++) {
		const a = trim(size / divisor, decimals);
		const b = trim(limit / divisor, decimals);
		if (a !== b || size === limit) return [a, b, unit];
	}
	return [String(size / divisor), String(limit / divisor), unit];
}

/** `2.5 MB`, `12.3 kB`, `800 bytes`. */
export function formatBytes(size: number): string {
	if (size >= MB) return `${trim(size / MB, 1)} MB`;
	if (size >= KB) return `${trim(size / KB, 1)} kB`;
	return `${size} bytes`;
}
