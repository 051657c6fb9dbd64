import { DateTime, IANAZone } from 'luxon';

import { TimeError } from '../errors';
import { resolveTimeZone } from './zones';

/**
 * Wall-clock time ↔ instant with luxon. "Wall clock" is the time as read on a clock in an IANA
 * zone, e.g. `2026-03-08T09:00:00` in `America/New_York`. Daylight-saving changes are handled
 * explicitly: a time in the spring-forward gap never happens (an error by default), a time in
 * the fall-back overlap happens twice (the EARLIER instant by default; luxon on its own would
 * pick the later one).
 */

export type GapPolicy = 'error' | 'shiftForward';
export type OverlapPolicy = 'earlier' | 'later';

export interface WallClockOptions {
	/** Gap: `'error'` (default) throws `nonexistentTime`; `'shiftForward'` moves it by the jump (02:30 → 03:30). */
	gap?: GapPolicy;
	/** Overlap: `'earlier'` (default, the first occurrence, still on summer time) or `'later'`. */
	overlap?: OverlapPolicy;
	/** Node parameter for errors (default `scheduledAt`). */
	field?: string;
	/** Node parameter of the time zone, for errors (default `timezone`). */
	timeZoneField?: string;
}

export const FORMAT_HINT =
	'Use the format YYYY-MM-DDTHH:mm:ss, e.g. 2026-07-01T09:30:00 (the time as read on the clock in the chosen time zone), or pick it with the date picker.';

/** The shapes accepted (a guard before luxon, whose ISO parser also takes weeks, ordinals…). */
const ACCEPTED_SHAPE =
	/^\d{4}-\d{2}-\d{2}[T ]\s*(\d{2}):\d{2}(?::\d{2}(?:[.,]\d{1,9})?)?\s*(Z|[+-](\d{2})(?::?(\d{2}))?)?$/i;

const WALL_FORMAT = "yyyy-MM-dd'T'HH:mm:ss";
const MINUTE = 60_000;
const DAY = 86_400_000;

function invalidDate(message: string, field: string): TimeError {
	return new TimeError(
		'invalidDate',
		message,
		'Check the month (1–12), the day of the month, and the time (00:00–23:59).',
		field,
	);
}

function formatOffset(minutes: number): string {
	const sign = minutes < 0 ? '-' : '+';
	const abs = Math.abs(minutes);
	return `${sign}${String(Math.floor(abs / 60)).padStart(2, '0')}:${String(abs % 60).padStart(2, '0')}`;
}

/** An explicit offset must agree with the zone at that instant: otherwise which one is meant? */
function checkOffsetAgrees(instant: DateTime, zone: string, opts: WallClockOptions): void {
	const zoneOffset = IANAZone.create(zone).offset(instant.toMillis());
	if (zoneOffset === instant.offset) return;
	throw new TimeError(
		'offsetConflict',
		`The date and time carries the UTC offset ${formatOffset(instant.offset)}, but ${zone} (the time zone) is at ${formatOffset(zoneOffset)} at that moment; it is unclear which was meant, so nothing was scheduled`,
		`Remove the offset from the date and time (e.g. ${instant.toFormat(WALL_FORMAT)}) to mean the clock time in the time zone, or set the time zone to the one the offset belongs to.`,
		opts.field ?? 'scheduledAt',
	);
}

/** First instant (to the minute) in (lo, hi] where the zone's offset differs from that at lo. */
function findTransition(lo: number, hi: number, zone: IANAZone): number {
	const start = zone.offset(lo);
	let low = lo;
	let high = hi;
	while (high - low > MINUTE) {
		const mid = low + Math.floor((high - low) / 2 / MINUTE) * MINUTE;
		if (zone.offset(mid) === start) low = mid;
		else high = mid;
	}
	return high;
}

function gapError(typed: DateTime, shifted: DateTime, zone: string, field: string): TimeError {
	const iana = IANAZone.create(zone);
	const transition = findTransition(shifted.toMillis() - DAY, shifted.toMillis(), iana);
	const hhmm = (ms: number, offset: number) =>
		DateTime.fromMillis(ms + offset * MINUTE, { zone: 'UTC' }).toFormat('HH:mm');
	const jumpFrom = hhmm(transition, iana.offset(transition - MINUTE));
	const jumpTo = hhmm(transition, iana.offset(transition));
	const suggestion = shifted.toFormat(WALL_FORMAT);
	return new TimeError(
		'nonexistentTime',
		`${typed.toFormat(WALL_FORMAT)} does not exist in ${zone}: the clocks jump from ${jumpFrom} to ${jumpTo} on that date (e.g. daylight saving time starts); use ${suggestion} instead`,
		`That wall-clock time is skipped. Use ${suggestion} (the same time after the change) or any time outside ${jumpFrom}–${jumpTo}.`,
		field,
	);
}

/** luxon's reading, or undefined where luxon's `Settings.throwOnInvalid` makes it throw. */
function readIso(iso: string): DateTime | undefined {
	try {
		return DateTime.fromISO(iso, { zone: 'UTC', setZone: true });
	} catch {
		return undefined;
	}
}

/**
 * Converts a wall-clock time in an IANA zone to the exact instant (a `Date`, i.e. UTC).
 *
 * `local` is `YYYY-MM-DDTHH:mm[:ss[.fff]]` (or with a space instead of `T`). A `Date` is an
 * exact instant and is returned as is, and so is a string ending in `Z` (UTC, as
 * `toISOString()` writes it). A string with a numeric offset is accepted only when that offset
 * is the zone's offset at that instant (`…-05:00` with America/New_York in winter); a
 * disagreement is refused (`offsetConflict`) rather than guessing which was meant.
 * The zone is validated in every case.
 */
export function wallClockToUtc(
	local: string | Date,
	timeZone: string,
	opts: WallClockOptions = {},
): Date {
	const field = opts.field ?? 'scheduledAt';
	if (local instanceof Date) {
		if (Number.isNaN(local.getTime()))
			throw invalidDate('The date and time is not a valid date', field);
		return new Date(local.getTime());
	}
	if (typeof local !== 'string' || local.trim() === '') {
		throw new TimeError('invalidFormat', 'The date and time is empty', FORMAT_HINT, field);
	}
	const text = local.trim();
	const shape = ACCEPTED_SHAPE.exec(text);
	const offsetHours = Number(shape?.[3] ?? 0);
	const offsetMinutes = Number(shape?.[4] ?? 0);
	if (!shape || offsetHours > 23 || offsetMinutes > 59) {
		throw new TimeError(
			'invalidFormat',
			'The date and time is not in a supported format',
			FORMAT_HINT,
			field,
		);
	}
	const iso = `${text.slice(0, 10)}T${text.slice(11).replace(/\s+/g, '')}`;
	// Read in UTC first: no gaps there, so an impossible calendar date shows as such.
	const asWritten = readIso(iso);
	if (!asWritten?.isValid || asWritten.hour !== Number(shape[1])) {
		throw invalidDate('The date and time does not exist in the calendar', field);
	}
	const zone = resolveTimeZone(timeZone, opts.timeZoneField ?? 'timezone');
	if (shape[2] !== undefined) {
		// `Z` is what Date#toISOString() writes: a machine's exact UTC instant, not a clock
		// reading, so any zone goes with it. A numeric offset is someone's clock: it must agree.
		if (!/^z$/i.test(shape[2])) checkOffsetAgrees(asWritten, zone, opts);
		return asWritten.toJSDate();
	}

	const inZone = DateTime.fromISO(iso, { zone });
	if (inZone.toFormat(WALL_FORMAT) !== asWritten.toFormat(WALL_FORMAT)) {
		// luxon moved a skipped time forward by the length of the jump.
		if (opts.gap === 'shiftForward') return inZone.toJSDate();
		throw gapError(asWritten, inZone, zone, field);
	}
	const candidates = inZone.getPossibleOffsets().map((dt) => dt.toMillis());
	const chosen = opts.overlap === 'later' ? Math.max(...candidates) : Math.min(...candidates);
	return new Date(chosen);
}

/** Formats an instant as the wall clock in `timeZone`: `YYYY-MM-DDTHH:mm:ss` (no offset). */
export function formatWallClock(date: Date, timeZone: string): string {
	const zone = resolveTimeZone(timeZone);
	if (!(date instanceof Date) || Number.isNaN(date.getTime())) {
		throw invalidDate('The date and time is not a valid date', 'scheduledAt');
	}
	return DateTime.fromJSDate(date, { zone }).toFormat(WALL_FORMAT);
}

/**
 * `formatWallClock`, plus the UTC offset when that clock time happens twice (fall-back
 * overlap): `2026-11-01T01:30:00-04:00`. For providers that take a wall time and a zone, so
 * that they schedule the instant the node chose instead of picking one occurrence themselves.
 */
export function formatWallClockUnambiguous(date: Date, timeZone: string): string {
	const wall = formatWallClock(date, timeZone);
	const local = DateTime.fromJSDate(date, { zone: resolveTimeZone(timeZone) });
	return local.getPossibleOffsets().length > 1 ? `${wall}${formatOffset(local.offset)}` : wall;
}

/** `2026-03-08T07:30:00Z` — ISO 8601 UTC without milliseconds. */
export function formatUtc(date: Date): string {
	return date.toISOString().replace(/\.\d{3}Z$/, 'Z');
}
