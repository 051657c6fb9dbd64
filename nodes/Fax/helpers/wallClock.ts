import { TimeError } from './errors';

/**
 * Wall-clock time ↔ UTC, using only `Intl.DateTimeFormat` (no date library).
 *
 * "Wall clock" means the time as a person reads it on a clock in a given IANA time zone, e.g.
 * `2026-03-08T09:00:00` in `America/New_York`. Converting it to an instant has two traps around
 * daylight-saving changes, both handled explicitly:
 * - gap (spring forward): some wall times never happen (02:30 on 2026-03-08 in New York);
 * - overlap (fall back): some wall times happen twice (01:30 on 2026-11-01 in New York).
 */

export type GapPolicy = 'error' | 'shiftForward';
export type OverlapPolicy = 'earlier' | 'later';

export interface WallClockOptions {
	/**
	 * A wall time that doesn't exist because the clocks jump forward: `'error'` (default) throws
	 * a `TimeError` suggesting the shifted time; `'shiftForward'` moves it forward by the length
	 * of the jump (02:30 → 03:30), like most calendar apps.
	 */
	gap?: GapPolicy;
	/**
	 * A wall time that happens twice because the clocks go back: `'earlier'` (default) takes the
	 * first occurrence (still on summer time), `'later'` the second.
	 */
	overlap?: OverlapPolicy;
	/** Node parameter for errors (default `scheduledAt`). */
	field?: string;
}

export interface ScheduleWindow {
	/** Earliest allowed time, in seconds from now (inclusive). */
	minSeconds: number;
	/** Latest allowed time, in seconds from now (inclusive). */
	maxSeconds: number;
}

export interface ScheduleWindowOptions {
	/** Also show the time in this zone in messages. */
	timeZone?: string;
	field?: string;
}

const SECOND = 1000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

const TIME_ZONE_HINT =
	'Use an IANA time zone name such as Europe/Berlin or America/New_York (the "TZ identifier" column of https://en.wikipedia.org/wiki/List_of_tz_database_time_zones).';
const FORMAT_HINT =
	'Use the format YYYY-MM-DDTHH:mm:ss, e.g. 2026-07-01T09:30:00 (the time as read on the clock in the chosen time zone), or pick it with the date picker.';

const LOCAL_PATTERN =
	/^(\d{4})-(\d{2})-(\d{2})[T ]\s*(\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d{1,9}))?)?\s*(Z|[+-]\d{2}(?::?\d{2})?)?$/i;

interface WallFields {
	year: number;
	month: number;
	day: number;
	hour: number;
	minute: number;
	second: number;
}

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(timeZone: string): Intl.DateTimeFormat {
	let formatter = formatters.get(timeZone);
	if (!formatter) {
		formatter = new Intl.DateTimeFormat('en-US', {
			timeZone,
			hourCycle: 'h23',
			year: 'numeric',
			month: '2-digit',
			day: '2-digit',
			hour: '2-digit',
			minute: '2-digit',
			second: '2-digit',
		});
		formatters.set(timeZone, formatter);
	}
	return formatter;
}

/** Milliseconds since the epoch of a wall time read as if it were UTC (no 0–99 year quirk). */
function wallAsUtc(fields: WallFields): number {
	const date = new Date(0);
	date.setUTCFullYear(fields.year, fields.month - 1, fields.day);
	date.setUTCHours(fields.hour, fields.minute, fields.second, 0);
	return date.getTime();
}

function wallFieldsAt(instantMs: number, timeZone: string): WallFields {
	const parts = formatterFor(timeZone).formatToParts(new Date(instantMs));
	const get = (type: Intl.DateTimeFormatPartTypes): number => {
		const part = parts.find((p) => p.type === type);
		return part ? Number(part.value) : NaN;
	};
	return {
		year: get('year'),
		month: get('month'),
		day: get('day'),
		// Some engines print midnight as 24 even with h23.
		hour: get('hour') % 24,
		minute: get('minute'),
		second: get('second'),
	};
}

/** The zone's UTC offset in ms at an instant (wall clock minus UTC), to the second. */
function offsetAt(instantMs: number, timeZone: string): number {
	const whole = Math.floor(instantMs / SECOND) * SECOND;
	return wallAsUtc(wallFieldsAt(whole, timeZone)) - whole;
}

function pad(value: number, length = 2): string {
	return String(value).padStart(length, '0');
}

function formatFields(fields: WallFields): string {
	return `${pad(fields.year, 4)}-${pad(fields.month)}-${pad(fields.day)}T${pad(fields.hour)}:${pad(fields.minute)}:${pad(fields.second)}`;
}

/**
 * Echoes user input in a message only when it looks like what was asked for (a date, a zone
 * name): a mis-mapped field could hold anything, including patient data.
 */
function echo(text: string, looksRight: RegExp, max: number): string | null {
	return text.length <= max && looksRight.test(text) ? `'${text}'` : null;
}

const DATE_LIKE = /^[\d\s:.,+\-/TZtz]+$/;
const ZONE_LIKE = /^[A-Za-z][A-Za-z0-9_+\-/]*$/;

/** True when `timeZone` is an IANA time zone name this runtime knows (`UTC` included). */
export function isValidTimeZone(timeZone: unknown): timeZone is string {
	if (typeof timeZone !== 'string') return false;
	const name = timeZone.trim();
	// Bare offsets ("+02:00") are accepted by newer engines but aren't IANA names.
	if (name === '' || /^[+-]/.test(name) || /^\d/.test(name)) return false;
	try {
		formatterFor(name);
		return true;
	} catch {
		return false;
	}
}

/**
 * Returns the canonical spelling of a valid IANA zone (`'europe/berlin'` → `'Europe/Berlin'`),
 * or throws `TimeError` naming it.
 */
export function resolveTimeZone(timeZone: string, field = 'timezone'): string {
	if (!isValidTimeZone(timeZone)) {
		const given: unknown = timeZone;
		const text = typeof given === 'string' ? given.trim() : '';
		const what =
			text === ''
				? 'is empty'
				: `${echo(text, ZONE_LIKE, 64) ?? '(not a zone name)'} is not a valid IANA time zone`;
		throw new TimeError(
			'invalidTimeZone',
			`The time zone ${what}; use a name like "Europe/Berlin"`,
			TIME_ZONE_HINT,
			field,
		);
	}
	return formatterFor(timeZone.trim()).resolvedOptions().timeZone;
}

const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

function daysInMonth(year: number, month: number): number {
	return month === 2 && isLeap(year) ? 29 : DAYS_IN_MONTH[month - 1];
}

function isLeap(year: number): boolean {
	return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

function parseOffset(text: string): number | null {
	if (/^z$/i.test(text)) return 0;
	const match = /^([+-])(\d{2}):?(\d{2})?$/.exec(text);
	if (!match) return null;
	const hours = Number(match[2]);
	const minutes = Number(match[3] ?? '0');
	if (hours > 23 || minutes > 59) return null;
	return (match[1] === '-' ? -1 : 1) * (hours * HOUR + minutes * MINUTE);
}

function invalidFormat(local: string, field: string): TimeError {
	return new TimeError(
		'invalidFormat',
		`The date and time ${echo(local, DATE_LIKE, 40) ?? '(text that is not a date)'} is not in a supported format`,
		FORMAT_HINT,
		field,
	);
}

/**
 * Converts a wall-clock time in an IANA zone to the exact instant (a `Date`, i.e. UTC).
 *
 * `local` is `YYYY-MM-DDTHH:mm[:ss[.fff]]` or the same with a space instead of `T`. If it ends
 * with an explicit offset or `Z` (`2026-03-08T02:30:00-05:00`, as expressions like `$now`
 * produce), **that offset wins and `timeZone` is ignored** — the string already names an exact
 * instant. A `Date` is returned as is.
 *
 * Without an offset, the zone's offset is found with `Intl` and verified at the result, so
 * daylight-saving changes are exact: a time in the spring-forward gap throws `TimeError`
 * (`nonexistentTime`, suggesting the shifted time) unless `gap: 'shiftForward'`; a time in the
 * fall-back overlap resolves to the earlier occurrence unless `overlap: 'later'`.
 */
export function wallClockToUtc(
	local: string | Date,
	timeZone: string,
	opts: WallClockOptions = {},
): Date {
	const field = opts.field ?? 'scheduledAt';
	if (local instanceof Date) {
		if (Number.isNaN(local.getTime())) {
			throw new TimeError(
				'invalidDate',
				'The date and time is not a valid date',
				FORMAT_HINT,
				field,
			);
		}
		return new Date(local.getTime());
	}
	if (typeof local !== 'string' || local.trim() === '') {
		throw new TimeError('invalidFormat', 'The date and time is empty', FORMAT_HINT, field);
	}
	const text = local.trim();
	const match = LOCAL_PATTERN.exec(text);
	if (!match) throw invalidFormat(text, field);

	const fields: WallFields = {
		year: Number(match[1]),
		month: Number(match[2]),
		day: Number(match[3]),
		hour: Number(match[4]),
		minute: Number(match[5]),
		second: Number(match[6] ?? '0'),
	};
	const millis = match[7] ? Math.floor(Number(`0.${match[7]}`) * 1000) : 0;
	if (
		fields.month < 1 ||
		fields.month > 12 ||
		fields.day < 1 ||
		fields.day > daysInMonth(fields.year, fields.month) ||
		fields.hour > 23 ||
		fields.minute > 59 ||
		fields.second > 59
	) {
		throw new TimeError(
			'invalidDate',
			`The date and time '${text}' does not exist in the calendar`,
			'Check the month (1–12), the day of the month, and the time (00:00–23:59).',
			field,
		);
	}

	const target = wallAsUtc(fields);
	if (match[8] !== undefined) {
		const offset = parseOffset(match[8]);
		if (offset === null) throw invalidFormat(text, field);
		return new Date(target - offset + millis);
	}

	const zone = resolveTimeZone(timeZone);
	const offsets = new Set([
		offsetAt(target - DAY, zone),
		offsetAt(target, zone),
		offsetAt(target + DAY, zone),
	]);
	const solutions = [...offsets]
		.map((offset) => target - offset)
		.filter((instant) => offsetAt(instant, zone) === target - instant)
		.sort((a, b) => a - b);

	if (solutions.length > 0) {
		const chosen = opts.overlap === 'later' ? solutions[solutions.length - 1] : solutions[0];
		return new Date(chosen + millis);
	}

	// Spring-forward gap: this wall time is skipped.
	const before = offsetAt(target - DAY, zone);
	const shifted = target - before;
	if (opts.gap === 'shiftForward') return new Date(shifted + millis);

	const transition = findTransition(target - DAY, target + DAY, zone);
	// The wall clock at the moment of the jump, read with the old and with the new offset.
	const jumpFrom = formatFields(wallFieldsOf(transition + before)).slice(11, 16);
	const jumpTo = formatFields(wallFieldsAt(transition, zone)).slice(11, 16);
	const suggestion = formatFields(wallFieldsAt(shifted, zone));
	throw new TimeError(
		'nonexistentTime',
		`${formatFields(fields)} does not exist in ${zone}: the clocks jump from ${jumpFrom} to ${jumpTo} on that date (e.g. daylight saving time starts); use ${suggestion} instead`,
		`That wall-clock time is skipped. Use ${suggestion} (the same time after the change) or any time outside ${jumpFrom}–${jumpTo}.`,
		field,
	);
}

function wallFieldsOf(wallMs: number): WallFields {
	const date = new Date(wallMs);
	return {
		year: date.getUTCFullYear(),
		month: date.getUTCMonth() + 1,
		day: date.getUTCDate(),
		hour: date.getUTCHours(),
		minute: date.getUTCMinutes(),
		second: date.getUTCSeconds(),
	};
}

/** First instant (to the second) in (lo, hi] where the zone's offset differs from that at lo. */
function findTransition(lo: number, hi: number, zone: string): number {
	const start = offsetAt(lo, zone);
	let low = lo;
	let high = hi;
	while (high - low > SECOND) {
		const mid = low + Math.floor((high - low) / 2 / SECOND) * SECOND;
		if (offsetAt(mid, zone) === start) low = mid;
		else high = mid;
	}
	return high;
}

/** Formats an instant as the wall clock in `timeZone`: `YYYY-MM-DDTHH:mm:ss` (no offset). */
export function formatWallClock(date: Date, timeZone: string): string {
	const zone = resolveTimeZone(timeZone);
	if (!(date instanceof Date) || Number.isNaN(date.getTime())) {
		throw new TimeError(
			'invalidDate',
			'The date and time is not a valid date',
			FORMAT_HINT,
			'scheduledAt',
		);
	}
	return formatFields(wallFieldsAt(date.getTime(), zone));
}

/** `2026-03-08T07:30:00Z` — ISO 8601 UTC without milliseconds. */
export function formatUtc(date: Date): string {
	return date.toISOString().replace(/\.\d{3}Z$/, 'Z');
}

function plural(value: number, unit: string): string {
	return `${value} ${unit}${value === 1 ? '' : 's'}`;
}

/** A window bound in words, using the largest unit that divides it: 60 → "1 minute", 15552000 → "180 days". */
export function formatDuration(seconds: number): string {
	const s = Math.round(seconds);
	if (s !== 0 && s % 86400 === 0) return plural(s / 86400, 'day');
	if (s !== 0 && s % 3600 === 0) return plural(s / 3600, 'hour');
	if (s !== 0 && s % 60 === 0) return plural(s / 60, 'minute');
	return plural(s, 'second');
}

/** A distance in time in words, two units at most: "20 seconds", "2 hours 5 minutes", "181 days 3 hours". */
function describeDistance(ms: number): string {
	const total = Math.floor(Math.abs(ms) / SECOND);
	const days = Math.floor(total / 86400);
	const hours = Math.floor((total % 86400) / 3600);
	const minutes = Math.floor((total % 3600) / 60);
	const seconds = total % 60;
	if (days > 0)
		return hours > 0 ? `${plural(days, 'day')} ${plural(hours, 'hour')}` : plural(days, 'day');
	if (hours > 0)
		return minutes > 0
			? `${plural(hours, 'hour')} ${plural(minutes, 'minute')}`
			: plural(hours, 'hour');
	if (minutes > 0)
		return seconds > 0
			? `${plural(minutes, 'minute')} ${plural(seconds, 'second')}`
			: plural(minutes, 'minute');
	return plural(seconds, 'second');
}

/**
 * Throws `TimeError` unless `instant` is between `minSeconds` and `maxSeconds` after `now`
 * (both inclusive). Messages state the provider's window and the time given in UTC, e.g.
 * "The scheduled time 2026-03-08T07:30:00Z is only 20 seconds from now; SendFAXMail schedules
 * between 1 minute and 180 days ahead". Leave a margin in `minSeconds` for the time the upload
 * takes if the provider checks strictly.
 */
export function checkScheduleWindow(
	instant: Date,
	now: Date,
	window: ScheduleWindow,
	providerName: string,
	opts: ScheduleWindowOptions = {},
): void {
	const field = opts.field ?? 'scheduledAt';
	if (!(instant instanceof Date) || Number.isNaN(instant.getTime())) {
		throw new TimeError(
			'invalidDate',
			'The scheduled time is not a valid date',
			FORMAT_HINT,
			field,
		);
	}
	const delta = instant.getTime() - now.getTime();
	const windowText = `${providerName} schedules between ${formatDuration(window.minSeconds)} and ${formatDuration(window.maxSeconds)} ahead`;
	let given = formatUtc(instant);
	if (opts.timeZone && isValidTimeZone(opts.timeZone)) {
		given = `${formatWallClock(instant, opts.timeZone)} ${resolveTimeZone(opts.timeZone)} (${given})`;
	}

	if (delta < 0) {
		throw new TimeError(
			'inPast',
			`The scheduled time ${given} is in the past (${describeDistance(delta)} ago); ${windowText}`,
			'Pick a time in the future — check the date, and that the time zone is the one the time was meant in. To send right away use the Send operation.',
			field,
		);
	}
	if (delta < window.minSeconds * SECOND) {
		throw new TimeError(
			'tooSoon',
			`The scheduled time ${given} is only ${describeDistance(delta)} from now; ${windowText}`,
			'Pick a later time, or use the Send operation to send right away.',
			field,
		);
	}
	if (delta > window.maxSeconds * SECOND) {
		throw new TimeError(
			'tooFar',
			`The scheduled time ${given} is ${describeDistance(delta)} from now; ${windowText}`,
			`Pick a time at most ${formatDuration(window.maxSeconds)} ahead, or schedule it later when the date is within reach (e.g. from a Schedule Trigger workflow).`,
			field,
		);
	}
}
