import { parsePhoneNumber } from 'libphonenumber-js/max';

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
	let defaultCountryCode: string | undefined;
	try {
		defaultCountryCode = parsePhoneNumber(requestedE164).countryCallingCode;
	} catch {
		defaultCountryCode = undefined;
	}
	try {
		const read = normalizeFaxNumber(written, { defaultCountryCode });
		return read === requestedE164 ? 'same' : 'different';
	} catch {
		return 'unreadable';
	}
}
