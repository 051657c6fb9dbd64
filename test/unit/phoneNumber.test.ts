import { PhoneNumberError } from '../../nodes/Fax/helpers/errors';
import {
	isNanp,
	isUsOrCanada,
	maskNumber,
	normalizeCountryCode,
	normalizeFaxNumber,
	normalizeRecipientList,
	parseRecipientList,
} from '../../nodes/Fax/helpers/phoneNumber';

function failure(fn: () => unknown): PhoneNumberError {
	try {
		fn();
	} catch (error) {
		expect(error).toBeInstanceOf(PhoneNumberError);
		return error as PhoneNumberError;
	}
	throw new Error('expected a PhoneNumberError');
}

describe('normalizeFaxNumber', () => {
	const valid: Array<[string, string | undefined, string]> = [
		['+12125550123', undefined, '+12125550123'],
		['+1 (212) 555-0123', undefined, '+12125550123'],
		['+1.212.555.0123', undefined, '+12125550123'],
		['tel:+12125550123', undefined, '+12125550123'],
		['TEL: +1-212-555-0123', undefined, '+12125550123'],
		['  +33 1 23 45 67 89  ', undefined, '+33123456789'],
		['+44 20 7946 0958', undefined, '+442079460958'],
		['0049 30 1234567', undefined, '+49301234567'],
		['0049 30 1234567', '1', '+49301234567'],
		['+49 (0)30 1234567', undefined, '+49301234567'],
		['(+49) 30 1234567', undefined, '+49301234567'],
		['030 1234567', '49', '+49301234567'],
		['030/1234567', '+49', '+49301234567'],
		['030-123 45 67', '0049', '+49301234567'],
		['(212) 555-0123', '1', '+12125550123'],
		['212.555.0123', '1', '+12125550123'],
		['1-212-555-0123', '1', '+12125550123'],
		['2125550123', ' 1 ', '+12125550123'],
		['011 44 20 7946 0958', '1', '+442079460958'],
		['06 1234 5678', '39', '+390612345678'],
		[
			'\uff0b\uff11 \uff12\uff11\uff12 \uff15\uff15\uff15 \uff10\uff11\uff12\uff13',
			undefined,
			'+12125550123',
		],
		['+1\u00a0212\u2011555\u20110123', undefined, '+12125550123'],
		['+1 212 555 0123', '49', '+12125550123'],
	];

	it.each(valid)('%j (country %s) → %s', (inputValue, country, expected) => {
		expect(normalizeFaxNumber(inputValue, { defaultCountryCode: country })).toBe(expected);
	});

	const invalid: Array<[string, string | undefined, PhoneNumberError['code'], RegExp]> = [
		['', undefined, 'empty', /empty/],
		['   ', undefined, 'empty', /empty/],
		['2125550123', undefined, 'missingCountryCode', /'\*{6}0123' has no country code/],
		['030 1234567', undefined, 'missingCountryCode', /no country code/],
		['1-800-FAX-DOCS', undefined, 'letters', /contains letters/],
		['John Smith', undefined, 'letters', /contains letters/],
		['+1 212 555 0123 ext. 45', undefined, 'extension', /extension/],
		['+1 212 555 0123 x45', undefined, 'extension', /extension/],
		['+1 212 555 0123#45', undefined, 'extension', /extension/],
		['+49 30 1234567 Durchwahl 12', undefined, 'extension', /extension/],
		['tel:+12125550123;ext=45', undefined, 'extension', /extension/],
		['+1 212 555 0123,,45', undefined, 'extension', /extension/],
		['+1 212 555 0123, +1 212 555 0199', undefined, 'invalidCharacters', /holds 2 numbers/],
		['12+125550123', undefined, 'invalidCharacters', /'\+' that is not at the start/],
		['+1 212 555 0123 !', undefined, 'invalidCharacters', /not part of a phone number/],
		['+49 123', undefined, 'tooShort', /too short \(5 digits/],
		['+49 1234 5678 9012 3456', undefined, 'tooLong', /too long \(18 digits/],
		['+0 123 456 789', undefined, 'leadingZero', /never start with 0/],
		['+1 212 555 012', undefined, 'invalidNanp', /exactly 10 digits after \+1/],
		['555-0123', '1', 'invalidNanp', /has 7 digits/],
		['212 555 01234', '1', 'invalidNanp', /has 11 digits/],
		['030 1234567', '1', 'invalidNanp', /area code and exchange/],
		['+1 212 055 0123', undefined, 'invalidNanp', /area code and exchange/],
		['x'.repeat(100), undefined, 'invalidCharacters', /too long to be a phone number/],
	];

	it.each(invalid)('rejects %j (country %s) with %s', (inputValue, country, code, message) => {
		const error = failure(() => normalizeFaxNumber(inputValue, { defaultCountryCode: country }));
		expect(error.code).toBe(code);
		expect(error.message).toMatch(message);
		expect(error.hint.length).toBeGreaterThan(10);
		expect(error.field).toBe('toNumber');
	});

	it.each(invalid)('never shows more than the last 4 digits of %j', (inputValue, country) => {
		const error = failure(() => normalizeFaxNumber(inputValue, { defaultCountryCode: country }));
		const digits = inputValue.replace(/\D/g, '');
		const text = `${error.message} ${error.hint}`;
		if (digits.length > 4) expect(text).not.toContain(digits);
		expect(error.message).not.toMatch(/\d{5,}/);
	});

	it('never echoes letters, e.g. a name mapped into the number field', () => {
		const error = failure(() => normalizeFaxNumber('Jane Patient 2125550123'));
		expect(error.message).not.toMatch(/Jane|Patient/);
		expect(error.message).toContain('******0123');
	});

	it('explains how to add the country code', () => {
		const error = failure(() => normalizeFaxNumber('212 555 0123'));
		expect(error.hint).toMatch(/add the country code, e\.g\. \+1…/i);
		expect(error.hint).toMatch(/Default Country Code option/);
	});

	it('uses the given field name', () => {
		expect(failure(() => normalizeFaxNumber('abc', { field: 'faxNumber' })).field).toBe(
			'faxNumber',
		);
	});

	it('reads a number read before the same way, in the country given now (recent numbers are remembered)', () => {
		expect(normalizeFaxNumber('030 1234567', { defaultCountryCode: '49' })).toBe('+49301234567');
		expect(normalizeFaxNumber('030 1234567', { defaultCountryCode: '49' })).toBe('+49301234567');
		expect(
			failure(() => normalizeFaxNumber('030 1234567', { defaultCountryCode: '1' })).field,
		).toBe('toNumber');
		expect(failure(() => normalizeFaxNumber('030 1234567')).code).toBe('missingCountryCode');
		expect(normalizeFaxNumber('2125550123', { defaultCountryCode: '1' })).toBe('+12125550123');
		const again = failure(() =>
			normalizeFaxNumber('212555012', { defaultCountryCode: '1', field: 'toNumbers' }),
		);
		expect(again.field).toBe('toNumbers');
		expect(failure(() => normalizeFaxNumber('212555012', { defaultCountryCode: '1' })).field).toBe(
			'toNumber',
		);
	});

	it('rejects an invalid default country code', () => {
		const error = failure(() => normalizeFaxNumber('030 1234567', { defaultCountryCode: 'DE' }));
		expect(error.code).toBe('invalidCountryCode');
		expect(error.field).toBe('defaultCountryCode');
		expect(() => normalizeCountryCode('0')).toThrow(PhoneNumberError);
		expect(() => normalizeCountryCode('1234')).toThrow(PhoneNumberError);
		expect(normalizeCountryCode('+49')).toBe('49');
		expect(normalizeCountryCode('')).toBeUndefined();
	});
});

describe('maskNumber', () => {
	it.each([
		['+12125550123', '+*******0123'],
		['+1 (212) 555-0123', '+*******0123'],
		['(212) 555-0123', '******0123'],
		['tel:+49301234567', '+*******4567'],
		['(+49) 30 1234567', '+*******4567'],
		['0123', '0123'],
		['123', '123'],
		['1-800-FAX-DOCS', '1800'],
		['no digits', ''],
		['', ''],
	])('%j → %j', (value, expected) => {
		expect(maskNumber(value)).toBe(expected);
	});
});

describe('isNanp and isUsOrCanada', () => {
	it.each([
		['+12125550123', true, true],
		['+14165550123', true, true], // Toronto
		['+19075550123', true, true], // Alaska
		['+18005550123', true, true], // toll-free
		['+18765550123', true, false], // Jamaica
		['+17875550123', true, false], // Puerto Rico
		['+16715550123', true, false], // Guam
		['+11125550123', false, false], // area code starting with 1
		['+12121550123', false, false], // exchange starting with 1
		['+10125550123', false, false], // area code starting with 0
		['+19115550123', false, false], // N11 area code
		['+12129110123', false, false], // N11 exchange
		['+1212555012', false, false], // too short
		['+442079460958', false, false],
		['12125550123', false, false], // not E.164
	])('%s → NANP %s, US/Canada %s', (number, nanp, usCa) => {
		expect(isNanp(number)).toBe(nanp);
		expect(isUsOrCanada(number)).toBe(usCa);
	});
});

describe('parseRecipientList', () => {
	it('splits on commas, semicolons and newlines, trimming and dropping empties', () => {
		expect(parseRecipientList(' +1 212 555 0123, +12125550199;\n+49 30 1234567\r\n\n,; ')).toEqual([
			'+1 212 555 0123',
			'+12125550199',
			'+49 30 1234567',
		]);
	});

	it('takes arrays from expressions, including numbers and separated strings', () => {
		expect(
			parseRecipientList(['+12125550123', ' +12125550199 ', 12125550100, null, '', '+1 1, +1 2']),
		).toEqual(['+12125550123', '+12125550199', '12125550100', '+1 1', '+1 2']);
	});

	it('takes a JSON array written as text', () => {
		expect(parseRecipientList('["+12125550123", "+12125550199"]')).toEqual([
			'+12125550123',
			'+12125550199',
		]);
	});

	it('returns an empty list for nothing', () => {
		expect(parseRecipientList(undefined)).toEqual([]);
		expect(parseRecipientList(null)).toEqual([]);
		expect(parseRecipientList('')).toEqual([]);
		expect(parseRecipientList([])).toEqual([]);
	});

	it('de-duplicates exact entries only when asked', () => {
		const value = '+12125550123, +12125550123, +1 212 555 0123';
		expect(parseRecipientList(value)).toHaveLength(3);
		expect(parseRecipientList(value, { dedupe: true })).toEqual([
			'+12125550123',
			'+1 212 555 0123',
		]);
	});

	it('rejects objects with a hint to map the number field', () => {
		const error = failure(() => parseRecipientList(['+12125550123', { fax: '+12125550199' }]));
		expect(error.code).toBe('invalidList');
		expect(error.message).toBe('Recipient 2 in the list is an object, not a fax number');
		expect(error.field).toBe('toNumbers');
		expect(failure(() => parseRecipientList({ fax: '1' })).code).toBe('invalidList');
		expect(failure(() => parseRecipientList(true)).code).toBe('invalidList');
	});
});

describe('normalizeRecipientList', () => {
	it('normalises every entry and removes duplicates after normalisation', () => {
		expect(
			normalizeRecipientList('+1 212 555 0123\n(212) 555-0123; 0049 30 1234567', {
				defaultCountryCode: '1',
			}),
		).toEqual(['+12125550123', '+49301234567']);
	});

	it('keeps duplicates with dedupe: false', () => {
		expect(normalizeRecipientList(['+12125550123', '+1 212 555 0123'], { dedupe: false })).toEqual([
			'+12125550123',
			'+12125550123',
		]);
	});

	it('names the position of a bad entry and masks it', () => {
		const error = failure(() => normalizeRecipientList('+12125550123, 2125550199, +12125550100'));
		expect(error.code).toBe('missingCountryCode');
		expect(error.message).toBe("Recipient 2 of 3: The fax number '******0199' has no country code");
		expect(error.field).toBe('toNumbers');
	});

	it('enforces the maximum after de-duplication', () => {
		const eleven = Array.from(
			{ length: 11 },
			(_, i) => `+1212555${String(100 + i).padStart(4, '0')}`,
		);
		const error = failure(() =>
			normalizeRecipientList(eleven, { maxRecipients: 10, providerName: 'faxrocks' }),
		);
		expect(error.code).toBe('tooManyRecipients');
		expect(error.message).toBe(
			'11 recipients were given; faxrocks sends to at most 10 numbers at once',
		);
		expect(
			normalizeRecipientList([...eleven.slice(0, 10), eleven[0]], { maxRecipients: 10 }),
		).toHaveLength(10);
	});

	it('rejects an empty list', () => {
		expect(failure(() => normalizeRecipientList(' , ;')).code).toBe('empty');
	});
});

describe('national formats with each country’s own trunk prefix (libphonenumber-js)', () => {
	// Example/fictional ranges: libphonenumber's example numbers, Ofcom's drama range
	// (020 7946 0XXX), ACMA's (02/03 5550 XXXX), NANP 555-01XX.
	const national: Array<[string, string, string, string]> = [
		['US', '1', '(201) 555-0123', '+12015550123'],
		['Canada', '1', '1 (506) 234-5678', '+15062345678'],
		['UK', '44', '020 7946 0958', '+442079460958'],
		['Germany', '49', '030 123456', '+4930123456'],
		['France', '33', '01 23 45 67 89', '+33123456789'],
		['Italy (keeps the 0)', '39', '06 1234 5678', '+390612345678'],
		['Spain (no trunk prefix)', '34', '912 34 56 78', '+34912345678'],
		['Netherlands', '31', '020 123 4567', '+31201234567'],
		['Belgium', '32', '012 34 56 78', '+3212345678'],
		['Switzerland', '41', '044 668 18 00', '+41446681800'],
		['Austria', '43', '01 234567', '+431234567'],
		['Russia (trunk 8)', '7', '8 495 123 45 67', '+74951234567'],
		['Russia, brackets', '7', '8 (495) 123-45-67', '+74951234567'],
		['Hungary (trunk 06)', '36', '06 1 234 5678', '+3612345678'],
		['Poland (no trunk prefix)', '48', '12 345 67 89', '+48123456789'],
		['Sweden', '46', '08-12 34 56', '+468123456'],
		['Norway (no trunk prefix)', '47', '21 23 45 67', '+4721234567'],
		['Denmark (no trunk prefix)', '45', '32 12 34 56', '+4532123456'],
		['Finland', '358', '09 1234567', '+35891234567'],
		['Ireland', '353', '01 234 5678', '+35312345678'],
		['Portugal (no trunk prefix)', '351', '212 345 678', '+351212345678'],
		['Australia', '61', '(02) 5550 1234', '+61255501234'],
		['New Zealand', '64', '03-234 5678', '+6432345678'],
		['Japan', '81', '03-1234-5678', '+81312345678'],
		['India', '91', '011 2345 6789', '+911123456789'],
		['Brazil', '55', '(11) 2345-6789', '+551123456789'],
		['Mexico (no trunk prefix)', '52', '55 1234 5678', '+525512345678'],
		['South Africa', '27', '021 123 4567', '+27211234567'],
		['Israel', '972', '02-123-4567', '+97221234567'],
		['South Korea', '82', '02-312-3456', '+8223123456'],
		['China', '86', '010 1234 5678', '+861012345678'],
		['Turkey', '90', '0212 345 67 89', '+902123456789'],
		['Greece (no trunk prefix)', '30', '21 2345 6789', '+302123456789'],
		['Czechia (no trunk prefix)', '420', '212 345 678', '+420212345678'],
	];

	it.each(national)('%s: %j with country %s → %s', (_country, code, typed, expected) => {
		expect(normalizeFaxNumber(typed, { defaultCountryCode: code })).toBe(expected);
	});

	it('covers at least 20 countries', () => {
		expect(
			new Set(national.map(([country]) => country.split(' ')[0].replace(',', ''))).size,
		).toBeGreaterThanOrEqual(20);
	});

	it.each(national)('%s: the international form gives the same number', (_c, _code, _t, e164) => {
		expect(normalizeFaxNumber(e164.replace(/^\+/, '00'), { defaultCountryCode: '49' })).toBe(e164);
	});
});

describe('numbers no one can dial are refused before sending', () => {
	it.each([
		[
			'+1 200 555 0123',
			'invalidNanp',
			/'\+\*{7}0123' is not a valid \+1 number: its area code or exchange is not in service/,
		],
		['+1 555 555 0123', 'invalidNanp', /not in service/],
		[
			'+99 123 456 789',
			'unknownCountryCode',
			/'\+\*{7}6789' does not start with a country calling code in use/,
		],
		['+999 1234 5678', 'unknownCountryCode', /country calling code in use/],
		['+49 30 12', 'invalidNumber', /not a valid number in Germany \(\+49\)/],
		[
			'+33 9 99 99 99 99 99',
			'tooLong',
			/too long \(13 digits with country code\) for a number in France \(\+33\)/,
		],
	] as const)('%j → %s', (typed, code, message) => {
		const error = failure(() => normalizeFaxNumber(typed));
		expect(error.code).toBe(code);
		expect(error.message).toMatch(message);
		expect(error.message).not.toMatch(/\d{5,}/);
	});

	it('uses the max metadata: a Russian number of the right length in an unassigned range is refused', () => {
		// libphonenumber's min metadata (length + leading digits only) accepts this number.
		const error = failure(() => normalizeFaxNumber('8 453 535 04 09', { defaultCountryCode: '7' }));
		expect(error.code).toBe('invalidNumber');
		expect(error.message).toBe(
			"The fax number '+*******0409' is not a valid number in country code +7: no phone numbers are assigned in that range or with that length",
		);
		expect(error.field).toBe('toNumber');
	});

	it('refuses a Default Country Code no country uses', () => {
		const error = failure(() => normalizeFaxNumber('030 123456', { defaultCountryCode: '999' }));
		expect(error.code).toBe('invalidCountryCode');
		expect(error.field).toBe('defaultCountryCode');
	});

	it.each([
		['Jane Doe 0207 946 0958', '44'],
		['DOB 1970-01-01', '1'],
		['+1 200 555 0123', undefined],
		['8 453 535 04 09', '7'],
		['++44 20 7946 0958', undefined],
	])('never quotes the typed text of %j', (typed, code) => {
		const error = failure(() => normalizeFaxNumber(typed, { defaultCountryCode: code }));
		const text = `${error.message} ${error.hint}`;
		expect(text).not.toContain(typed);
		expect(text).not.toMatch(/Jane|Doe|DOB|1970/);
	});
});
