import { maskNumber } from '../helpers/phoneNumber';
import { formatWallClock, isValidTimeZone } from '../helpers/wallClock';
import type { ListNewestEntry, LocatorRow } from '../providers/types';

/** `2026-12-01 14:05` in the workflow's time zone (UTC when the zone is unknown). */
export function shortDate(iso: string | null | undefined, timezone: string): string {
	if (!iso) return '';
	const date = new Date(iso);
	if (Number.isNaN(date.getTime())) return '';
	const minutes = (zone: string) => formatWallClock(date, zone).replace('T', ' ').slice(0, 16);
	const zone = timezone || 'UTC';
	return isValidTimeZone(zone) ? minutes(zone) : `${minutes('UTC')} UTC`;
}

function masked(number: string | null | undefined): string {
	return maskNumber(number ?? '') || 'no number';
}

function join(parts: Array<string | null | undefined>): string {
	return parts.filter((part) => part).join(' · ');
}

/** `+*******0123 · 2026-12-01 14:05 · delivered` (received faxes say so). */
export function faxName(entry: ListNewestEntry, timezone: string): string {
	return join([
		entry.inbound ? `received on ${masked(entry.fax.to)}` : masked(entry.fax.to),
		shortDate(entry.createdAt, timezone),
		entry.fax.status,
	]);
}

/** `+*******0123 · send at 2026-12-02 08:00 · pending` */
export function scheduledFaxName(row: LocatorRow, timezone: string): string {
	const date = shortDate(row.date, timezone);
	return join([masked(row.number), date ? `send at ${date}` : '', row.status]);
}

/** `Dr. Jane Smith · +*******0123` */
export function contactName(row: LocatorRow): string {
	return join([row.label ?? '', masked(row.number)]);
}

/**
 * Whether a row matches what the user typed in the list's search box: any word of the ID,
 * status or label, or the digits of the number (so `0123` or the full number finds it; the
 * name shown keeps the number masked).
 */
export function matchesFilter(
	filter: string | undefined,
	id: string | null | undefined,
	number: string | null | undefined,
	...texts: Array<string | null | undefined>
): boolean {
	const wanted = (filter ?? '').trim().toLowerCase();
	if (!wanted) return true;
	if ([id, ...texts].some((text) => (text ?? '').toLowerCase().includes(wanted))) return true;
	const digits = wanted.replace(/[\s()+.-]/g, '');
	return /^\d+$/.test(digits) && (number ?? '').replace(/\D/g, '').includes(digits);
}
