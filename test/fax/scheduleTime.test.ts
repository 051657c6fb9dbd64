/**
 * Schedule through real n8n-core: zone names reach the provider canonical, an explicit offset
 * that disagrees with the Time Zone is refused, a time skipped or repeated by a daylight-saving
 * change is an error or the earlier instant, and no message quotes what a field held.
 * Transitions are searched from the real now, so the tests keep working as time passes.
 */
import { jsonOf, useFaxEnv, type Json } from './helpers';
import { DAY, localDate, offsetMinutes, scheduleRunner } from './scheduleClock';

const env = useFaxEnv();
const schedule = scheduleRunner(env);
const MINUTE = 60_000;

/** yyyy-MM-ddTHH:mm:ss of an instant shifted by `offset` minutes (a wall clock). */
function wall(ms: number, offset: number): string {
	return new Date(ms + offset * MINUTE).toISOString().slice(0, 19);
}

interface Transition {
	zone: string;
	/** The first instant (to the minute) on the new offset. */
	at: number;
	before: number;
	after: number;
}

/** The next offset change of the first zone that has one of the wanted kind in [2, maxDays] days. */
function nextTransition(zones: string[], kind: 'gap' | 'overlap', maxDays: number): Transition {
	const found: Transition[] = [];
	for (const zone of zones) {
		// Whole hours, so the search lands on the transition's exact minute.
		const start = Math.floor((Date.now() + 2 * DAY) / 3_600_000) * 3_600_000;
		for (let day = 0; day < maxDays - 3; day++) {
			const a = start + day * DAY;
			const before = offsetMinutes(zone, a);
			const after = offsetMinutes(zone, a + DAY);
			if (before === after) continue;
			if (after > before !== (kind === 'gap')) break;
			let low = a;
			let high = a + DAY;
			while (high - low > MINUTE) {
				const mid = low + Math.floor((high - low) / 2 / MINUTE) * MINUTE;
				if (offsetMinutes(zone, mid) === before) low = mid;
				else high = mid;
			}
			found.push({ zone, at: high, before, after });
			break;
		}
	}
	found.sort((x, y) => x.at - y.at);
	if (!found.length) throw new Error(`no ${kind} found in ${zones.join(', ')}`);
	return found[0];
}

const ZONES = [
	'America/New_York',
	'Europe/Berlin',
	'Australia/Sydney',
	'America/Santiago',
	'Pacific/Auckland',
	'Europe/London',
];

describe('zone names reach the provider canonical', () => {
	it.each([
		['america/chicago', 'America/Chicago'],
		['US/Eastern', 'America/New_York'],
		['Asia/Calcutta', 'Asia/Kolkata'],
		[' europe/berlin ', 'Europe/Berlin'],
	])('faxrocks: %j is sent and output as %s', async (typed, canonical) => {
		const date = localDate(canonical, Date.now() + 3 * DAY);
		const result = await schedule('faxRocks', {
			scheduledAt: `${date}T10:00:00`,
			timezone: typed,
		});
		expect(result.run.status).toBe('success');
		const [post] = env.sim.requests({ method: 'POST', path: '/faxrocks/api/send' });
		expect(post.body).toMatchObject({ scheduled_at: `${date}T10:00:00`, timezone: canonical });
		expect(JSON.stringify(jsonOf(result.items))).not.toContain(typed.trim());
	});

	it("canonicalises the workflow's time zone when the field is empty", async () => {
		const date = localDate('America/New_York', Date.now() + 3 * DAY);
		const result = await schedule(
			'faxRocks',
			{ scheduledAt: `${date}T10:00:00`, timezone: '' },
			{ timezone: 'US/Eastern' },
		);
		expect(result.run.status).toBe('success');
		expect(env.sim.requests({ method: 'POST' })[0].body).toMatchObject({
			timezone: 'America/New_York',
		});
	});
});

describe('an explicit offset must agree with the Time Zone', () => {
	it('refuses -05:00 with America/Chicago before any request', async () => {
		const date = localDate('America/Chicago', Date.now() + 5 * DAY);
		const chicago = offsetMinutes('America/Chicago', Date.parse(`${date}T14:00:00Z`));
		const foreign = chicago === -300 ? '-06:00' : '-05:00';
		const result = await schedule('sendFaxMail', {
			scheduledAt: `${date}T08:00:00${foreign}`,
			timezone: 'America/Chicago',
		});
		expect(result.run.status).toBe('error');
		expect(result.nodeError?.name).toBe('NodeOperationError');
		expect(result.nodeError?.message).toMatch(
			new RegExp(
				`^The date and time carries the UTC offset ${foreign}, but America/Chicago \\(the time zone\\) is at -0[56]:00 at that moment; it is unclear which was meant, so nothing was scheduled \\(field "scheduledAt", item 0\\)$`,
			),
		);
		expect(env.sim.requests()).toHaveLength(0);
	});

	it('uses an agreeing offset as the exact instant', async () => {
		const date = localDate('America/Chicago', Date.now() + 5 * DAY);
		const own = offsetMinutes('America/Chicago', Date.parse(`${date}T14:00:00Z`));
		const suffix = own === -300 ? '-05:00' : '-06:00';
		const result = await schedule('sendFaxMail', {
			scheduledAt: `${date}T08:00:00${suffix}`,
			timezone: 'America/Chicago',
		});
		expect(result.run.status).toBe('success');
		const [post] = env.sim.requests({ method: 'POST', path: '/sendfaxmail/v1/scheduled' });
		expect((post.body as Json).send_at).toBe(
			new Date(Date.parse(`${date}T08:00:00${suffix}`)).toISOString(),
		);
	});
});

describe('daylight-saving changes', () => {
	it('refuses a time the clocks skip, before any request', async () => {
		const gap = nextTransition(ZONES, 'gap', 360);
		// Half-way into the skipped hour, read on the old offset.
		const skipped = wall(gap.at + ((gap.after - gap.before) / 2) * MINUTE, gap.before);
		const result = await schedule('faxRocks', { scheduledAt: skipped, timezone: gap.zone });
		expect(result.run.status).toBe('error');
		expect(result.nodeError?.message).toContain(`${skipped} does not exist in ${gap.zone}`);
		expect(result.nodeError?.message).toMatch(/\(field "scheduledAt", item 0\)$/);
		expect(env.sim.requests()).toHaveLength(0);
	});

	it('schedules the EARLIER instant of a time the clocks repeat', async () => {
		const overlap = nextTransition(ZONES, 'overlap', 178);
		const repeat = overlap.before - overlap.after;
		// Half-way into the repeated stretch of wall-clock time.
		const repeated = wall(overlap.at + (repeat / 2) * MINUTE, overlap.after);
		const earlier = overlap.at - (repeat / 2) * MINUTE;
		const result = await schedule('sendFaxMail', {
			scheduledAt: repeated,
			timezone: overlap.zone,
		});
		expect(result.run.status).toBe('success');
		const [post] = env.sim.requests({ method: 'POST', path: '/sendfaxmail/v1/scheduled' });
		expect((post.body as Json).send_at).toBe(new Date(earlier).toISOString());
		expect(Date.parse(jsonOf(result.items)[0].scheduledAt)).toBe(earlier);
	});
});

describe('faxrocks gets the occurrence the node chose', () => {
	it('sends a repeated clock time with the earlier occurrence’s offset', async () => {
		const overlap = nextTransition(ZONES, 'overlap', 360);
		const repeat = overlap.before - overlap.after;
		const repeated = wall(overlap.at + (repeat / 2) * MINUTE, overlap.after);
		const earlier = overlap.at - (repeat / 2) * MINUTE;
		const sign = overlap.before < 0 ? '-' : '+';
		const abs = Math.abs(overlap.before);
		const offset = `${sign}${String(Math.floor(abs / 60)).padStart(2, '0')}:${String(abs % 60).padStart(2, '0')}`;
		const result = await schedule('faxRocks', { scheduledAt: repeated, timezone: overlap.zone });
		expect(result.run.status).toBe('success');
		const [post] = env.sim.requests({ method: 'POST', path: '/faxrocks/api/send' });
		expect(post.body).toMatchObject({
			scheduled_at: `${repeated}${offset}`,
			timezone: overlap.zone,
		});
		expect(Date.parse(env.sim.faxes()[0].scheduledAt!)).toBe(earlier);
	});
});

describe('messages name the field, never its content', () => {
	it.each([
		['a note', 'Jane Doe – cardiology follow-up'],
		['a surname', 'Smith'],
	])('Time Zone holding %s', async (_label, note) => {
		const result = await schedule('faxRocks', {
			scheduledAt: '2027-01-05T09:00:00',
			timezone: note,
		});
		expect(result.run.status).toBe('error');
		expect(result.nodeError?.message).toBe(
			'The time zone is not a valid IANA time zone name; use a name like "Europe/Berlin" (field "timezone", item 0)',
		);
		const { message, description } = result.nodeError as Json;
		expect(`${message} ${description}`).not.toContain(note);
		expect(env.sim.requests()).toHaveLength(0);
	});

	it('Send At holding free text', async () => {
		const note = 'call back after 3, DOB 1970-01-01';
		const result = await schedule('faxRocks', { scheduledAt: note, timezone: 'UTC' });
		expect(result.run.status).toBe('error');
		expect(result.nodeError?.message).toBe(
			'The date and time is not in a supported format (field "scheduledAt", item 0)',
		);
		const { message, description } = result.nodeError as Json;
		expect(`${message} ${description}`).not.toContain('1970');
	});
});
