/**
 * Schedule: the wall-clock time in a time zone becomes faxrocks' `scheduled_at` + `timezone`
 * and SendFAXMail's UTC `send_at`, across daylight-saving changes; the workflow time zone is
 * the default; times outside the window fail before any request; FaxDrop can't schedule.
 * Dates are computed from the real now, so the tests keep working as time passes.
 */
import { NUMBERS, expectUnifiedFax, jsonOf, useFaxEnv, type Json } from './helpers';
import { DAY, localDate, offsetMinutes, scheduleRunner } from './scheduleClock';

const env = useFaxEnv();
const schedule = scheduleRunner(env);

/** The UTC instant of a wall-clock noon (no DST ambiguity at noon). */
function noonUtc(date: string, timeZone: string): number {
	const guess = Date.parse(`${date}T12:00:00Z`);
	return guess - offsetMinutes(timeZone, guess - offsetMinutes(timeZone, guess) * 60_000) * 60_000;
}

/**
 * The local dates just before and just after the zone's next offset change that lies between
 * 2 and 178 days from now (inside SendFAXMail's 180-day window), or undefined if none does.
 */
function nextTransition(timeZone: string): { before: string; after: string } | undefined {
	const now = Date.now();
	for (let day = 2; day < 178; day++) {
		const a = now + day * DAY;
		if (offsetMinutes(timeZone, a) !== offsetMinutes(timeZone, a + DAY)) {
			return { before: localDate(timeZone, a - DAY), after: localDate(timeZone, a + 2 * DAY) };
		}
	}
	return undefined;
}

/** yyyy-MM-ddTHH:mm:ss of an instant in UTC. */
function utcWallClock(ms: number): string {
	return new Date(ms).toISOString().slice(0, 19);
}

function sendAtOnWire(): string[] {
	return env.sim
		.requests({ method: 'POST', path: '/sendfaxmail/v1/scheduled' })
		.map((request) => (request.body as Json).send_at);
}

describe('faxrocks', () => {
	it('sends scheduled_at as wall-clock time plus the time zone', async () => {
		const date = localDate('America/New_York', Date.now() + 3 * DAY);
		const result = await schedule('faxRocks', {
			scheduledAt: `${date}T08:30:00`,
			timezone: 'America/New_York',
		});
		expect(result.run.status).toBe('success');
		const [post] = env.sim.requests({ method: 'POST', path: '/faxrocks/api/send' });
		expect(post.body).toMatchObject({
			number: NUMBERS.ok,
			scheduled_at: `${date}T08:30:00`,
			timezone: 'America/New_York',
		});

		const expected = noonUtc(date, 'America/New_York') - 3.5 * 3600_000;
		const [item] = jsonOf(result.items);
		expectUnifiedFax(item, 'faxRocks');
		const [fax] = env.sim.faxes();
		expect(item).toMatchObject({ id: fax.id, status: 'scheduled', isFinal: false });
		expect(Date.parse(item.scheduledAt)).toBe(expected);
		expect(Date.parse(fax.scheduledAt!)).toBe(expected);
	});

	it('schedules several numbers in one request', async () => {
		const date = localDate('Europe/Berlin', Date.now() + 5 * DAY);
		const result = await schedule('faxRocks', {
			toNumbers: `${NUMBERS.ok}, ${NUMBERS.ok2}`,
			scheduledAt: `${date}T09:00:00`,
			timezone: 'Europe/Berlin',
		});
		const posts = env.sim.requests({ method: 'POST' });
		expect(posts).toHaveLength(1);
		expect(posts[0].body).toMatchObject({
			numbers: [NUMBERS.ok, NUMBERS.ok2],
			scheduled_at: `${date}T09:00:00`,
		});
		const items = jsonOf(result.items);
		expect(items.map((item) => item.status)).toEqual(['scheduled', 'scheduled']);
		expect(items.map((item) => item.id)).toEqual(env.sim.faxes().map((fax) => fax.id));
	});

	it("uses the workflow's time zone when the field is empty", async () => {
		const date = localDate('America/Chicago', Date.now() + 4 * DAY);
		const result = await schedule(
			'faxRocks',
			{ scheduledAt: `${date}T12:00:00`, timezone: '' },
			{ timezone: 'America/Chicago' },
		);
		expect(result.run.status).toBe('success');
		expect(env.sim.requests({ method: 'POST' })[0].body).toMatchObject({
			timezone: 'America/Chicago',
		});
		expect(Date.parse(result.items[0].json.scheduledAt as string)).toBe(
			noonUtc(date, 'America/Chicago'),
		);
	});
});

describe('SendFAXMail', () => {
	it('posts /v1/scheduled with send_at as the UTC instant', async () => {
		const date = localDate('Europe/Berlin', Date.now() + 7 * DAY);
		const result = await schedule('sendFaxMail', {
			scheduledAt: `${date}T12:00:00`,
			timezone: 'Europe/Berlin',
		});
		expect(result.run.status).toBe('success');
		const expected = new Date(noonUtc(date, 'Europe/Berlin')).toISOString();
		expect(sendAtOnWire()).toEqual([expected]);
		const [item] = jsonOf(result.items);
		expectUnifiedFax(item, 'sendFaxMail');
		expect(item).toMatchObject({ status: 'scheduled', scheduledAt: expected, to: NUMBERS.ok });
		expect(item.id).toMatch(/^sched_/);
	});

	it.each(['America/New_York', 'Europe/Berlin'])(
		'converts across the next DST change in %s',
		async (timeZone) => {
			const transition = nextTransition(timeZone);
			const dates = transition
				? [transition.before, transition.after]
				: [localDate(timeZone, Date.now() + 30 * DAY)];
			for (const date of dates) {
				const result = await schedule('sendFaxMail', {
					scheduledAt: `${date}T12:00:00`,
					timezone: timeZone,
				});
				expect(result.run.status).toBe('success');
			}
			const expected = dates.map((date) => new Date(noonUtc(date, timeZone)).toISOString());
			expect(sendAtOnWire()).toEqual(expected);
			if (transition) {
				// Same wall-clock time, an hour more or less between the two instants than whole days.
				const [before, after] = expected.map((iso) => Date.parse(iso));
				expect((after - before) % DAY).not.toBe(0);
				expect(Math.abs(((after - before) % DAY) / 3600_000)).toBe(23);
			}
		},
	);

	it("uses the workflow's time zone when the field is empty", async () => {
		const date = localDate('Asia/Tokyo', Date.now() + 10 * DAY);
		await schedule('sendFaxMail', { scheduledAt: `${date}T12:00:00` }, { timezone: 'Asia/Tokyo' });
		expect(sendAtOnWire()).toEqual([`${date}T03:00:00.000Z`]);
	});

	it('schedules several numbers, each with its own Idempotency-Key', async () => {
		const date = localDate('UTC', Date.now() + 2 * DAY);
		const result = await schedule('sendFaxMail', {
			toNumbers: `${NUMBERS.ok}\n${NUMBERS.ok2}`,
			scheduledAt: `${date}T12:00:00`,
			timezone: 'UTC',
		});
		const posts = env.sim.requests({ method: 'POST', path: '/sendfaxmail/v1/scheduled' });
		expect(posts.map((request) => (request.body as Json).to)).toEqual([NUMBERS.ok, NUMBERS.ok2]);
		expect(sendAtOnWire()).toEqual([`${date}T12:00:00.000Z`, `${date}T12:00:00.000Z`]);
		expect(new Set(posts.map((request) => request.headers['idempotency-key'])).size).toBe(2);
		expect(jsonOf(result.items).map((item) => item.to)).toEqual([NUMBERS.ok, NUMBERS.ok2]);
	});
});

describe('times outside the window fail before any request', () => {
	it.each([
		[
			'sendFaxMail',
			'too soon',
			30_000,
			/only \d+ seconds from now; SendFAXMail schedules between 1 minute and 180 days ahead/,
		],
		['sendFaxMail', 'in the past', -3600_000, /in the past/],
		[
			'sendFaxMail',
			'too far',
			181 * DAY,
			/from now; SendFAXMail schedules between 1 minute and 180 days ahead/,
		],
		['faxRocks', 'too soon', 20_000, /from now; faxrocks schedules between 1 minute and/],
		['faxRocks', 'in the past', -60_000, /in the past/],
		['faxRocks', 'too far', 400 * DAY, /from now; faxrocks schedules between/],
	] as const)('%s: %s', async (provider, _label, offsetMs, message) => {
		const scheduledAt = utcWallClock(Date.now() + offsetMs);
		const result = await schedule(provider, { scheduledAt, timezone: 'UTC' });
		expect(result.run.status).toBe('error');
		// The time is named as it was given (dates are not masked like fax numbers).
		expect(result.nodeError?.message).toContain(scheduledAt.slice(0, 10));
		expect(result.nodeError?.name).toBe('NodeOperationError');
		expect(result.nodeError?.message).toMatch(message);
		expect(result.nodeError?.message).toMatch(/field "scheduledAt"/);
		expect(env.sim.requests()).toHaveLength(0);
	});
});

describe('FaxDrop', () => {
	it('says it cannot schedule and names the alternatives', async () => {
		const result = await schedule('faxDrop', {
			scheduledAt: utcWallClock(Date.now() + DAY),
			timezone: 'UTC',
			senderName: 'Clinic',
			senderEmail: 'desk@clinic.example',
		});
		expect(result.run.status).toBe('error');
		const error = result.nodeError as Json;
		expect(error.message).toBe("FaxDrop can't schedule a fax");
		expect(error.description).toMatch(/faxrocks or SendFAXMail/);
		expect(error.description).toMatch(/Wait node/);
		expect(env.sim.requests()).toHaveLength(0);
	});
});
