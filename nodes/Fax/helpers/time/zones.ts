import { IANAZone } from 'luxon';

import { TimeError } from '../errors';

const TIME_ZONE_HINT =
	'Use an IANA time zone name such as Europe/Berlin or America/New_York (the "TZ identifier" column of https://en.wikipedia.org/wiki/List_of_tz_database_time_zones).';

/**
 * Zones IANA renamed whose old spelling ICU (and so Node's Intl, which luxon uses) still
 * reports as canonical. Providers validating against the IANA list (e.g. PHP's) know only the
 * new names. Links between different countries' zones (Europe/Bratislava → Europe/Prague) are
 * deliberately not followed: the user's own country's name stays.
 */
const IANA_RENAMES: Record<string, string> = {
	'Africa/Asmera': 'Africa/Asmara',
	'America/Buenos_Aires': 'America/Argentina/Buenos_Aires',
	'America/Catamarca': 'America/Argentina/Catamarca',
	'America/Coral_Harbour': 'America/Atikokan',
	'America/Cordoba': 'America/Argentina/Cordoba',
	'America/Godthab': 'America/Nuuk',
	'America/Indianapolis': 'America/Indiana/Indianapolis',
	'America/Jujuy': 'America/Argentina/Jujuy',
	'America/Louisville': 'America/Kentucky/Louisville',
	'America/Mendoza': 'America/Argentina/Mendoza',
	'Asia/Calcutta': 'Asia/Kolkata',
	'Asia/Katmandu': 'Asia/Kathmandu',
	'Asia/Rangoon': 'Asia/Yangon',
	'Asia/Saigon': 'Asia/Ho_Chi_Minh',
	'Atlantic/Faeroe': 'Atlantic/Faroe',
	'Europe/Kiev': 'Europe/Kyiv',
	'Pacific/Enderbury': 'Pacific/Kanton',
	'Pacific/Ponape': 'Pacific/Pohnpei',
	'Pacific/Truk': 'Pacific/Chuuk',
};

/**
 * Time zone abbreviations people type for a region's local time. Some are IANA names of a
 * fixed offset (`EST` is UTC-5 all year, an hour off in summer for anyone meaning New York
 * time), some are read by the runtime as a surprising zone (`BST` as Bangladesh, `IST` as
 * India, `AST` as Alaska), the rest are no zone at all: each is refused with the region zones
 * that follow the clock people mean.
 */
const ABBREVIATIONS: Record<string, string> = {
	EST: 'America/New_York (US Eastern time), or America/Toronto',
	EDT: 'America/New_York (US Eastern time), or America/Toronto',
	CST: 'America/Chicago (US Central time), or America/Winnipeg; for China Asia/Shanghai',
	CDT: 'America/Chicago (US Central time), or America/Winnipeg',
	MST: 'America/Denver (US Mountain time), or America/Phoenix for Arizona (no daylight saving)',
	MDT: 'America/Denver (US Mountain time), or America/Edmonton',
	PST: 'America/Los_Angeles (US Pacific time), or America/Vancouver',
	PDT: 'America/Los_Angeles (US Pacific time), or America/Vancouver',
	HST: 'Pacific/Honolulu (Hawaii)',
	HDT: 'America/Adak (Aleutian Islands)',
	AKST: 'America/Anchorage (Alaska)',
	AKDT: 'America/Anchorage (Alaska)',
	AST: 'America/Halifax (Atlantic time), or America/Puerto_Rico (no daylight saving)',
	ADT: 'America/Halifax (Atlantic time)',
	NST: 'America/St_Johns (Newfoundland)',
	NDT: 'America/St_Johns (Newfoundland)',
	BST: 'Europe/London',
	IST: 'Europe/Dublin, Asia/Kolkata or Asia/Jerusalem',
	CEST: "Europe/Berlin, Europe/Paris or your own country's zone",
	EEST: "Europe/Athens, Europe/Helsinki or your own country's zone",
	WEST: 'Europe/Lisbon',
	MSK: 'Europe/Moscow',
	AEST: 'Australia/Sydney, or Australia/Brisbane (no daylight saving)',
	AEDT: 'Australia/Sydney',
	ACST: 'Australia/Adelaide, or Australia/Darwin',
	ACDT: 'Australia/Adelaide',
	AWST: 'Australia/Perth',
	NZST: 'Pacific/Auckland',
	NZDT: 'Pacific/Auckland',
	SST: 'Pacific/Pago_Pago (American Samoa)',
	CHST: 'Pacific/Guam',
};

/** The region zones to use instead of an abbreviation such as `EST`, or undefined. */
function abbreviationAdvice(timeZone: string): string | undefined {
	return ABBREVIATIONS[timeZone.trim().toUpperCase()];
}

/** True when `timeZone` is an IANA time zone name this runtime knows (`UTC` included). */
export function isValidTimeZone(timeZone: unknown): timeZone is string {
	if (typeof timeZone !== 'string') return false;
	const name = timeZone.trim();
	// Bare offsets ("+02:00") are accepted by newer engines but aren't IANA names.
	if (name === '' || /^[+-]/.test(name) || /^\d/.test(name)) return false;
	return IANAZone.isValidZone(name);
}

/**
 * The canonical IANA name of a valid zone, as providers expect it: any case
 * (`america/chicago` → `America/Chicago`), old links resolved (`US/Eastern` →
 * `America/New_York`, `Asia/Calcutta` → `Asia/Kolkata`). Otherwise throws `TimeError` naming
 * the field, never quoting its content (a mis-mapped field could hold a patient note).
 */
export function resolveTimeZone(timeZone: string, field = 'timezone'): string {
	if (!isValidTimeZone(timeZone)) {
		const given: unknown = timeZone;
		const empty = typeof given !== 'string' || given.trim() === '';
		throw new TimeError(
			'invalidTimeZone',
			empty
				? 'The time zone is empty; use a name like "Europe/Berlin"'
				: 'The time zone is not a valid IANA time zone name; use a name like "Europe/Berlin"',
			TIME_ZONE_HINT,
			field,
		);
	}
	const icuName = new Intl.DateTimeFormat('en-US', { timeZone: timeZone.trim() }).resolvedOptions()
		.timeZone;
	return IANA_RENAMES[icuName] ?? icuName;
}

/**
 * The time zone a fax is scheduled in: `resolveTimeZone`, and abbreviations such as `EST` or
 * `PDT` refused with the region zones to use (a schedule follows the local clock of a region;
 * an abbreviation is ambiguous or a fixed offset). Displaying a time (a cover page) may still
 * use them.
 */
export function resolveScheduleTimeZone(timeZone: string, field = 'timezone'): string {
	const advice = typeof timeZone === 'string' ? abbreviationAdvice(timeZone) : undefined;
	if (advice) {
		// Quoting it is safe: it is one of the abbreviations above.
		const abbreviation = timeZone.trim().toUpperCase();
		throw new TimeError(
			'invalidTimeZone',
			`The time zone "${abbreviation}" is an abbreviation, not a region's time zone: abbreviations are ambiguous or fixed offsets that ignore daylight saving`,
			`Use the region's IANA time zone in the Time Zone field instead: ${advice}. (An empty Time Zone field uses the workflow's time zone, Workflow Settings → Timezone.)`,
			field,
		);
	}
	return resolveTimeZone(timeZone, field);
}
