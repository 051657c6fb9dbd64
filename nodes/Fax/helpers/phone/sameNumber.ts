import { parsePhoneNumber } from 'libphonenumber-js/max';

import { RecentValues } from '../recentValues';
import { normalizeFaxNumber } from './faxNumber';

/**
 * Whether a number as a provider wrote it is the number a send asked for: `same`, `different`,
 * or `unreadable` (not a number the node can read, so no conclusion either way). Both sides
 * are read the same way as fax numbers typed by a user: `(212) 555-0123`, `2125550123` and
 * `+1 212-555-0123` are all +12125550123 for a send to a +1 number (a number without a country
 * code is read in the requested number's country).
 */
export type NumberMatch = 'same' | 'different' | 'unreadable';

export function compareFaxNumbers(written: string, requestedE164: string): NumberMatch {
	const defaultCountryCode = callingCodeOf(requestedE164);
	try {
		const read = normalizeFaxNumber(written, { defaultCountryCode });
		return read === requestedE164 ? 'same' : 'different';
	} catch {
		return 'unreadable';
	}
}

/** The country calling code of recently sent-to numbers (a batch compares the same few). */
const callingCodes = new RecentValues<string, string | undefined>(1000);

function callingCodeOf(e164: string): string | undefined {
	if (callingCodes.has(e164)) return callingCodes.get(e164);
	let code: string | undefined;
	try {
		code = parsePhoneNumber(e164).countryCallingCode;
	} catch {
		code = undefined;
	}
	callingCodes.set(e164, code);
	return code;
}
