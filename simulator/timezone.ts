/** IANA time zone helpers on top of Intl (no dependencies). */

export function isValidTimeZone(zone: string): boolean {
	if (typeof zone !== 'string' || zone.trim() === '') return false;
	try {
		new Intl.DateTimeFormat('en-US', { timeZone: zone });
		return true;
	} catch {
		return false;
	}
}

/** Offset of `zone` from UTC at instant `utcMs`, in ms (Berlin in winter: +3600000). */
export function zoneOffsetMs(utcMs: number, zone: string): number {
	const parts = new Intl.DateTimeFormat('en-US', {
		timeZone: zone,
		hourCycle: 'h23',
		year: 'numeric',
		month: '2-digit',
		day: '2-digit',
		hour: '2-digit',
		minute: '2-digit',
		second: '2-digit',
	}).formatToParts(new Date(utcMs));
	const value = (type: string): number =>
		Number(parts.find((part) => part.type === type)?.value ?? 0);
	const asUtc = Date.UTC(
		value('year'),
		value('month') - 1,
		value('day'),
		value('hour'),
		value('minute'),
		value('second'),
	);
	return asUtc - Math.floor(utcMs / 1000) * 1000;
}

const ISO_PATTERN =
	/^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?)?\s*(Z|[+-]\d{2}(?::?\d{2})?)?$/i;

export interface ParsedIso {
	utcMs: number;
	/** True when the string carried its own offset (Z or ±hh:mm). */
	hasOffset: boolean;
}

/**
 * Parse an ISO 8601 date-time. Without an offset it is a wall-clock time in `zone`.
 * Returns null when the string is not a valid date-time.
 */
export function parseIsoInZone(value: string, zone: string): ParsedIso | null {
	const match = ISO_PATTERN.exec(value.trim());
	if (!match) return null;
	const [, y, mo, d, h = '00', mi = '00', s = '00', fraction = '0', offset] = match;
	const year = Number(y);
	const month = Number(mo);
	const day = Number(d);
	const hour = Number(h);
	const minute = Number(mi);
	const second = Number(s);
	const ms = Math.floor(Number(`0.${fraction}`) * 1000);
	if (month < 1 || month > 12 || day < 1 || day > 31 || hour > 23 || minute > 59 || second > 59)
		return null;
	const wall = Date.UTC(year, month - 1, day, hour, minute, second, ms);
	const check = new Date(wall);
	if (check.getUTCDate() !== day || check.getUTCMonth() !== month - 1) return null;
	if (offset) {
		if (offset.toUpperCase() === 'Z') return { utcMs: wall, hasOffset: true };
		const sign = offset.startsWith('-') ? -1 : 1;
		const digits = offset.slice(1).replace(':', '');
		const offsetMs =
			sign * (Number(digits.slice(0, 2)) * 60 + Number(digits.slice(2, 4) || '0')) * 60000;
		return { utcMs: wall - offsetMs, hasOffset: true };
	}
	// Wall time in the zone: two passes settle the offset (DST edges included).
	let utc = wall - zoneOffsetMs(wall, zone);
	utc = wall - zoneOffsetMs(utc, zone);
	return { utcMs: utc, hasOffset: false };
}
