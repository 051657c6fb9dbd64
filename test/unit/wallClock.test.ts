import { TimeError } from '../../nodes/Fax/helpers/errors';
import {
	checkScheduleWindow,
	formatDuration,
	formatUtc,
	formatWallClock,
	formatWallClockUnambiguous,
	isValidTimeZone,
	resolveTimeZone,
	wallClockToUtc,
	type WallClockOptions,
} from '../../nodes/Fax/helpers/wallClock';

const NY = 'America/New_York';
const BERLIN = 'Europe/Berlin';

const utc = (local: string, zone: string, opts?: WallClockOptions): string =>
	formatUtc(wallClockToUtc(local, zone, opts));

function failure(fn: () => unknown): TimeError {
	try {
		fn();
	} catch (error) {
		expect(error).toBeInstanceOf(TimeError);
		return error as TimeError;
	}
	throw new Error('expected a TimeError');
}

describe('wallClockToUtc', () => {
	describe('America/New_York (DST 2026: Mar 8 02:00 → 03:00, Nov 1 02:00 → 01:00)', () => {
		it.each([
			['2026-01-15T09:00:00', '2026-01-15T14:00:00Z'], // EST, UTC−5
			['2026-07-01T09:00', '2026-07-01T13:00:00Z'], // EDT, UTC−4
			['2026-07-01 09:00:30', '2026-07-01T13:00:30Z'], // space separator, seconds
			['2026-03-08T01:59:59', '2026-03-08T06:59:59Z'], // last second before the jump
			['2026-03-08T03:00:00', '2026-03-08T07:00:00Z'], // first second after it
			['2026-03-08T12:00:00', '2026-03-08T16:00:00Z'],
			['2026-11-01T00:59:00', '2026-11-01T04:59:00Z'], // before the overlap, EDT
			['2026-11-01T02:00:00', '2026-11-01T07:00:00Z'], // after the overlap, EST
			['2026-12-31T23:59:59', '2027-01-01T04:59:59Z'], // crosses the year in UTC
		])('%s → %s', (local, expected) => {
			expect(utc(local, NY)).toBe(expected);
		});

		it('rejects a time in the spring-forward gap, suggesting the shifted time', () => {
			const error = failure(() => wallClockToUtc('2026-03-08T02:30:00', NY));
			expect(error.code).toBe('nonexistentTime');
			expect(error.field).toBe('scheduledAt');
			expect(error.message).toBe(
				'2026-03-08T02:30:00 does not exist in America/New_York: the clocks jump from 02:00 to 03:00 on that date (e.g. daylight saving time starts); use 2026-03-08T03:30:00 instead',
			);
			expect(error.hint).toContain('02:00–03:00');
		});

		it('shifts a gap time forward when asked', () => {
			expect(utc('2026-03-08T02:30:00', NY, { gap: 'shiftForward' })).toBe('2026-03-08T07:30:00Z');
			expect(
				formatWallClock(wallClockToUtc('2026-03-08T02:00:00', NY, { gap: 'shiftForward' }), NY),
			).toBe('2026-03-08T03:00:00');
		});

		it('takes the earlier occurrence in the fall-back overlap by default', () => {
			expect(utc('2026-11-01T01:30:00', NY)).toBe('2026-11-01T05:30:00Z'); // 01:30 EDT
			expect(utc('2026-11-01T01:30:00', NY, { overlap: 'earlier' })).toBe('2026-11-01T05:30:00Z');
		});

		it('takes the later occurrence when asked', () => {
			expect(utc('2026-11-01T01:30:00', NY, { overlap: 'later' })).toBe('2026-11-01T06:30:00Z'); // 01:30 EST
		});
	});

	describe('Europe/Berlin (DST 2026: Mar 29 02:00 → 03:00, Oct 25 03:00 → 02:00)', () => {
		it.each([
			['2026-01-15 09:00', '2026-01-15T08:00:00Z'], // CET, UTC+1
			['2026-07-01T09:00:00', '2026-07-01T07:00:00Z'], // CEST, UTC+2
			['2026-03-29T01:59:59', '2026-03-29T00:59:59Z'],
			['2026-03-29T03:00:00', '2026-03-29T01:00:00Z'],
			['2026-10-25T01:59:00', '2026-10-24T23:59:00Z'],
			['2026-10-25T03:00:00', '2026-10-25T02:00:00Z'],
			['2026-01-01T00:30:00', '2025-12-31T23:30:00Z'], // crosses the year backwards
		])('%s → %s', (local, expected) => {
			expect(utc(local, BERLIN)).toBe(expected);
		});

		it('rejects the spring-forward gap', () => {
			const error = failure(() => wallClockToUtc('2026-03-29T02:15', BERLIN));
			expect(error.code).toBe('nonexistentTime');
			expect(error.message).toContain('the clocks jump from 02:00 to 03:00');
			expect(error.message).toContain('use 2026-03-29T03:15:00 instead');
			expect(utc('2026-03-29T02:15', BERLIN, { gap: 'shiftForward' })).toBe('2026-03-29T01:15:00Z');
		});

		it('resolves the fall-back overlap both ways', () => {
			expect(utc('2026-10-25T02:30:00', BERLIN)).toBe('2026-10-25T00:30:00Z'); // CEST
			expect(utc('2026-10-25T02:30:00', BERLIN, { overlap: 'later' })).toBe('2026-10-25T01:30:00Z'); // CET
		});
	});

	describe('other zones', () => {
		it('handles half-hour offsets without DST', () => {
			expect(utc('2026-03-08T02:30', 'Asia/Kolkata')).toBe('2026-03-07T21:00:00Z');
		});

		it('handles the southern hemisphere (Sydney: DST ends Apr 5, starts Oct 4 2026)', () => {
			expect(utc('2026-04-05T02:30', 'Australia/Sydney')).toBe('2026-04-04T15:30:00Z');
			expect(utc('2026-04-05T02:30', 'Australia/Sydney', { overlap: 'later' })).toBe(
				'2026-04-04T16:30:00Z',
			);
			expect(failure(() => wallClockToUtc('2026-10-04T02:30', 'Australia/Sydney')).code).toBe(
				'nonexistentTime',
			);
		});

		it('handles a change at midnight (Santiago: Sep 6 00:00 → 01:00, Apr 5 00:00 → Apr 4 23:00)', () => {
			expect(failure(() => wallClockToUtc('2026-09-06T00:30', 'America/Santiago')).message).toBe(
				'2026-09-06T00:30:00 does not exist in America/Santiago: the clocks jump from 00:00 to 01:00 on that date (e.g. daylight saving time starts); use 2026-09-06T01:30:00 instead',
			);
			expect(utc('2026-04-04T23:30', 'America/Santiago')).toBe('2026-04-05T02:30:00Z');
			expect(utc('2026-04-04T23:30', 'America/Santiago', { overlap: 'later' })).toBe(
				'2026-04-05T03:30:00Z',
			);
		});

		it('handles a half-hour change (Lord Howe: Oct 4 02:00 → 02:30, Apr 5 02:00 → 01:30)', () => {
			expect(
				failure(() => wallClockToUtc('2026-10-04T02:15', 'Australia/Lord_Howe')).message,
			).toContain('the clocks jump from 02:00 to 02:30 on that date');
			expect(utc('2026-04-05T01:45', 'Australia/Lord_Howe')).toBe('2026-04-04T14:45:00Z');
			expect(utc('2026-04-05T01:45', 'Australia/Lord_Howe', { overlap: 'later' })).toBe(
				'2026-04-04T15:15:00Z',
			);
		});

		it('handles UTC and a lower-case zone name', () => {
			expect(utc('2026-07-01T09:00', 'UTC')).toBe('2026-07-01T09:00:00Z');
			expect(utc('2026-07-01T09:00', 'europe/berlin')).toBe('2026-07-01T07:00:00Z');
		});
	});

	describe('explicit offsets', () => {
		it('accepts an offset that agrees with the zone at that instant', () => {
			expect(utc('2026-11-30T08:00:00-05:00', NY)).toBe('2026-11-30T13:00:00Z');
			expect(utc('2026-07-01T09:00:00Z', 'UTC')).toBe('2026-07-01T09:00:00Z');
			expect(utc('2026-07-01T09:00:00z', 'Etc/UTC')).toBe('2026-07-01T09:00:00Z');
			expect(utc('2026-07-01T09:00:00+0530', 'Asia/Kolkata')).toBe('2026-07-01T03:30:00Z');
			expect(utc('2026-07-01T09:00+02', BERLIN)).toBe('2026-07-01T07:00:00Z');
			expect(utc('2026-07-01 09:00 +02:00', BERLIN)).toBe('2026-07-01T07:00:00Z');
		});

		it('takes a Z time (as toISOString() writes it) as the exact UTC instant in any zone', () => {
			expect(utc('2026-07-01T09:00:00Z', BERLIN)).toBe('2026-07-01T09:00:00Z');
			expect(utc('2026-07-01T09:00:00.000z', NY)).toBe('2026-07-01T09:00:00Z');
			expect(failure(() => wallClockToUtc('2026-07-01T09:00:00Z', 'Nowhere/Town')).code).toBe(
				'invalidTimeZone',
			);
		});

		it('lets an agreeing offset pick either occurrence of a repeated time', () => {
			expect(utc('2026-11-01T01:30:00-04:00', NY)).toBe('2026-11-01T05:30:00Z');
			expect(utc('2026-11-01T01:30:00-05:00', NY)).toBe('2026-11-01T06:30:00Z');
			expect(utc('2026-10-25T02:30:00+01:00', BERLIN)).toBe('2026-10-25T01:30:00Z');
		});

		it.each([
			['2026-11-30T08:00:00-05:00', 'America/Chicago', '-05:00', '-06:00'],
			['2026-07-01T09:00:00+00:00', BERLIN, '+00:00', '+02:00'],
			['2026-07-01T09:00:00+0530', NY, '+05:30', '-04:00'],
			// 02:30 never happens in New York that day; -05:00 names an instant when it is -04:00.
			['2026-03-08T02:30:00-05:00', NY, '-05:00', '-04:00'],
		])('refuses %s with Time Zone %s: the offset disagrees', (local, zone, given, actual) => {
			const error = failure(() => wallClockToUtc(local, zone));
			expect(error.code).toBe('offsetConflict');
			expect(error.field).toBe('scheduledAt');
			expect(error.message).toBe(
				`The date and time carries the UTC offset ${given}, but ${zone} (the time zone) is at ${actual} at that moment; it is unclear which was meant, so nothing was scheduled`,
			);
			expect(error.hint).toMatch(
				/Remove the offset from the date and time \(e\.g\. \d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\)/,
			);
		});

		it('names the canonical zone in the conflict, not the spelling typed', () => {
			expect(
				failure(() => wallClockToUtc('2026-11-30T08:00:00-05:00', 'us/central')).message,
			).toContain('but America/Chicago (the time zone) is at -06:00');
		});

		it('still validates the zone when an offset is given', () => {
			const error = failure(() => wallClockToUtc('2026-07-01T09:00:00+02:00', 'Mars/Olympus_Mons'));
			expect(error.code).toBe('invalidTimeZone');
			expect(error.field).toBe('timezone');
		});

		it('keeps milliseconds (as $now.toISO() produces them)', () => {
			expect(wallClockToUtc('2026-07-01T09:00:00.250-04:00', NY).toISOString()).toBe(
				'2026-07-01T13:00:00.250Z',
			);
			expect(wallClockToUtc('2026-07-01T09:00:00.5', NY).toISOString()).toBe(
				'2026-07-01T13:00:00.500Z',
			);
		});

		it('returns a Date as it is', () => {
			const date = new Date('2026-07-01T13:00:00Z');
			expect(wallClockToUtc(date, NY).getTime()).toBe(date.getTime());
		});
	});

	describe('bad input', () => {
		it.each([
			['2026-07-01'],
			['07/01/2026 09:00'],
			['2026-7-1T9:00'],
			['tomorrow at nine'],
			['2026-07-01T09:00:00+25:00'],
		])('rejects the format of %j', (local) => {
			const error = failure(() => wallClockToUtc(local, NY));
			expect(error.code).toBe('invalidFormat');
			expect(error.hint).toContain('YYYY-MM-DDTHH:mm:ss');
		});

		it.each([
			['2026-02-29T10:00'],
			['2026-13-01T10:00'],
			['2026-04-31T10:00'],
			['2026-07-01T24:00'],
			['2026-07-01T10:60'],
		])('rejects the impossible date %j', (local) => {
			expect(failure(() => wallClockToUtc(local, NY)).code).toBe('invalidDate');
		});

		it('never quotes the typed date and time', () => {
			for (const typed of ['07/01/2026 09:00', 'Jane Doe, DOB 1970-01-01', '1970-01-01']) {
				const error = failure(() => wallClockToUtc(typed, NY));
				expect(error.message).toBe('The date and time is not in a supported format');
				expect(`${error.message} ${error.hint}`).not.toContain(typed);
			}
			expect(failure(() => wallClockToUtc('2026-02-30T10:00', NY)).message).toBe(
				'The date and time does not exist in the calendar',
			);
		});

		it('accepts 29 February in a leap year', () => {
			expect(utc('2028-02-29T10:00', 'UTC')).toBe('2028-02-29T10:00:00Z');
		});

		it('rejects an empty value and an invalid Date', () => {
			expect(failure(() => wallClockToUtc('  ', NY)).code).toBe('invalidFormat');
			expect(failure(() => wallClockToUtc(new Date('nope'), NY)).code).toBe('invalidDate');
		});

		it('rejects an unknown time zone, naming the field and giving an example', () => {
			const error = failure(() => wallClockToUtc('2026-07-01T09:00', 'Europe/Berlinn'));
			expect(error.code).toBe('invalidTimeZone');
			expect(error.field).toBe('timezone');
			expect(error.message).toBe(
				'The time zone is not a valid IANA time zone name; use a name like "Europe/Berlin"',
			);
			expect(error.hint).toContain('IANA time zone name');
		});

		it.each(['Jane Doe cardiology', 'Smith', 'Patient/Doe'])(
			'does not quote a Time Zone field holding %j',
			(note) => {
				const error = failure(() => wallClockToUtc('2026-07-01T09:00', note));
				expect(error.code).toBe('invalidTimeZone');
				expect(`${error.message} ${error.hint}`).not.toContain(note);
			},
		);

		it('rejects an empty time zone', () => {
			expect(failure(() => wallClockToUtc('2026-07-01T09:00', '')).message).toContain(
				'The time zone is empty',
			);
		});
	});

	it('round-trips every 15 minutes across both DST changes in both zones', () => {
		const days: Array<[string, string]> = [
			[NY, '2026-03-08T00:00:00Z'],
			[NY, '2026-11-01T00:00:00Z'],
			[BERLIN, '2026-03-28T20:00:00Z'],
			[BERLIN, '2026-10-24T20:00:00Z'],
		];
		for (const [zone, start] of days) {
			for (let step = 0; step < 4 * 24; step++) {
				const instant = new Date(Date.parse(start) + step * 15 * 60 * 1000);
				const wall = formatWallClock(instant, zone);
				const earlier = wallClockToUtc(wall, zone).getTime();
				const later = wallClockToUtc(wall, zone, { overlap: 'later' }).getTime();
				expect([earlier, later]).toContain(instant.getTime());
			}
		}
	});
});

describe('time zones', () => {
	it.each([
		['Europe/Berlin', true],
		['America/New_York', true],
		['UTC', true],
		['Etc/GMT+5', true],
		['europe/berlin', true],
		['Mars/Base', false],
		['', false],
		['+02:00', false],
		['2', false],
	])('isValidTimeZone(%j) is %s', (zone, expected) => {
		expect(isValidTimeZone(zone)).toBe(expected);
	});

	it('rejects non-strings', () => {
		expect(isValidTimeZone(123)).toBe(false);
		expect(isValidTimeZone(undefined)).toBe(false);
	});

	it.each([
		['europe/berlin', 'Europe/Berlin'],
		['america/chicago', 'America/Chicago'],
		['US/Eastern', 'America/New_York'],
		['us/pacific', 'America/Los_Angeles'],
		['Canada/Eastern', 'America/Toronto'],
		['Asia/Calcutta', 'Asia/Kolkata'],
		['asia/kolkata', 'Asia/Kolkata'],
		['Europe/Kiev', 'Europe/Kyiv'],
		['Asia/Saigon', 'Asia/Ho_Chi_Minh'],
		['America/Buenos_Aires', 'America/Argentina/Buenos_Aires'],
		['America/Indianapolis', 'America/Indiana/Indianapolis'],
		['Etc/UTC', 'UTC'],
		['GMT', 'UTC'],
		['Europe/Bratislava', 'Europe/Bratislava'],
	])('resolveTimeZone(%j) is the canonical IANA name %s', (typed, canonical) => {
		expect(resolveTimeZone(typed)).toBe(canonical);
	});

	it('resolves the canonical spelling', () => {
		expect(resolveTimeZone('europe/berlin')).toBe('Europe/Berlin');
		expect(resolveTimeZone(' America/New_York ')).toBe('America/New_York');
		expect(() => resolveTimeZone('Nowhere/Town')).toThrow(TimeError);
	});
});

describe('formatWallClock', () => {
	it.each([
		['2026-03-08T07:30:00Z', NY, '2026-03-08T03:30:00'],
		['2026-03-08T06:30:00Z', NY, '2026-03-08T01:30:00'],
		['2026-11-01T05:30:00Z', NY, '2026-11-01T01:30:00'],
		['2026-11-01T06:30:00Z', NY, '2026-11-01T01:30:00'],
		['2026-07-01T07:00:00Z', BERLIN, '2026-07-01T09:00:00'],
		['2026-01-01T00:00:00Z', 'Asia/Kolkata', '2026-01-01T05:30:00'],
		['2026-01-01T00:00:00Z', 'UTC', '2026-01-01T00:00:00'],
		['2026-06-30T22:00:00Z', BERLIN, '2026-07-01T00:00:00'], // midnight is 00, not 24
	])('%s in %s → %s', (iso, zone, expected) => {
		expect(formatWallClock(new Date(iso), zone)).toBe(expected);
	});

	it('rejects an invalid zone and an invalid date', () => {
		expect(failure(() => formatWallClock(new Date(), 'Nowhere')).code).toBe('invalidTimeZone');
		expect(failure(() => formatWallClock(new Date(NaN), 'UTC')).code).toBe('invalidDate');
	});
});

describe('formatWallClockUnambiguous', () => {
	it.each([
		['2026-11-01T05:30:00Z', NY, '2026-11-01T01:30:00-04:00'], // repeated: first occurrence
		['2026-11-01T06:30:00Z', NY, '2026-11-01T01:30:00-05:00'], // repeated: second occurrence
		['2026-10-25T00:30:00Z', BERLIN, '2026-10-25T02:30:00+02:00'],
		['2026-11-01T07:30:00Z', NY, '2026-11-01T02:30:00'], // after the overlap: no offset
		['2026-07-01T07:00:00Z', BERLIN, '2026-07-01T09:00:00'],
	])('%s in %s → %s', (iso, zone, expected) => {
		expect(formatWallClockUnambiguous(new Date(iso), zone)).toBe(expected);
	});
});

describe('checkScheduleWindow', () => {
	const now = new Date('2026-03-01T12:00:00Z');
	const window = { minSeconds: 60, maxSeconds: 180 * 86400 };
	const at = (seconds: number): Date => new Date(now.getTime() + seconds * 1000);
	const WINDOW_TEXT = 'SendFAXMail schedules between 1 minute and 180 days ahead';

	it('accepts times inside the window, bounds included', () => {
		expect(() => checkScheduleWindow(at(60), now, window, 'SendFAXMail')).not.toThrow();
		expect(() => checkScheduleWindow(at(3600), now, window, 'SendFAXMail')).not.toThrow();
		expect(() => checkScheduleWindow(at(180 * 86400), now, window, 'SendFAXMail')).not.toThrow();
	});

	it('rejects a time in the past', () => {
		const error = failure(() => checkScheduleWindow(at(-3600), now, window, 'SendFAXMail'));
		expect(error.code).toBe('inPast');
		expect(error.message).toBe(
			`The scheduled time 2026-03-01T11:00:00Z is in the past (1 hour ago); ${WINDOW_TEXT}`,
		);
		expect(error.field).toBe('scheduledAt');
	});

	it('rejects a time too soon', () => {
		const error = failure(() => checkScheduleWindow(at(20), now, window, 'SendFAXMail'));
		expect(error.code).toBe('tooSoon');
		expect(error.message).toBe(
			`The scheduled time 2026-03-01T12:00:20Z is only 20 seconds from now; ${WINDOW_TEXT}`,
		);
	});

	it('rejects a time too far ahead', () => {
		const error = failure(() =>
			checkScheduleWindow(at(180 * 86400 + 3 * 3600), now, window, 'SendFAXMail'),
		);
		expect(error.code).toBe('tooFar');
		expect(error.message).toBe(
			`The scheduled time 2026-08-28T15:00:00Z is 180 days 3 hours from now; ${WINDOW_TEXT}`,
		);
		expect(error.hint).toContain('180 days');
		expect(
			failure(() => checkScheduleWindow(at(180 * 86400 + 1), now, window, 'SendFAXMail')).code,
		).toBe('tooFar');
	});

	it('also shows the wall clock when given a zone', () => {
		const error = failure(() =>
			checkScheduleWindow(at(-60), now, window, 'faxrocks', { timeZone: NY }),
		);
		expect(error.message).toContain('2026-03-01T06:59:00 America/New_York (2026-03-01T11:59:00Z)');
	});

	it('rejects an invalid date', () => {
		expect(failure(() => checkScheduleWindow(new Date(NaN), now, window, 'SendFAXMail')).code).toBe(
			'invalidDate',
		);
	});

	it.each([
		[60, '1 minute'],
		[90, '90 seconds'],
		[3600, '1 hour'],
		[7200, '2 hours'],
		[86400, '1 day'],
		[180 * 86400, '180 days'],
		[0, '0 seconds'],
	])('formatDuration(%i) = %s', (seconds, expected) => {
		expect(formatDuration(seconds)).toBe(expected);
	});
});
