import { TimeError } from '../errors';
import { FORMAT_HINT, formatUtc, formatWallClock } from './wallTime';
import { isValidTimeZone, resolveTimeZone } from './zones';

/** Provider scheduling windows ("between 1 minute and 180 days ahead") and their messages. */

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
