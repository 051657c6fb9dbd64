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
