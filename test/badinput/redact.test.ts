import { maskNumbersInText } from '../../nodes/Fax/helpers/redact';

describe('maskNumbersInText (errors and logs)', () => {
	it('masks phone numbers to their last 4 digits', () => {
		expect(maskNumbersInText('A contact with fax_number +12125550150 already exists.')).toBe(
			'A contact with fax_number +*******0150 already exists.',
		);
		expect(maskNumbersInText('Call (212) 555-0150 or 0049 30 1234567')).toBe(
			'Call (******0150 or *********4567',
		);
	});

	it('keeps dates readable and still masks a number after one', () => {
		expect(maskNumbersInText('The scheduled time 2027-06-11T09:39:16Z is in the past')).toBe(
			'The scheduled time 2027-06-11T09:39:16Z is in the past',
		);
		expect(maskNumbersInText('on 2026-03-08 07:30 to 2026-03-08 2125550150')).toBe(
			'on 2026-03-08 07:30 to 2026-03-08 ******0150',
		);
	});

	it('keeps fax IDs whose digits are part of an identifier', () => {
		expect(maskNumbersInText('No fax with id fax_000000000000000000000000 on your account.')).toBe(
			'No fax with id fax_000000000000000000000000 on your account.',
		);
		expect(maskNumbersInText('No faxrocks fax with ID "deadbeef00000000000"')).toBe(
			'No faxrocks fax with ID "deadbeef00000000000"',
		);
	});

	it('keeps an Idempotency-Key whose hex starts with a digit run (glued to a letter on the right)', () => {
		const derived = 'n8n-8106958d1b570e225f0a582637960e6cec4aed99';
		expect(maskNumbersInText(`set the option "Idempotency Key" to ${derived} and run`)).toBe(
			`set the option "Idempotency Key" to ${derived} and run`,
		);
		expect(maskNumbersInText('key 2125550150abc, number 2125550150.')).toBe(
			'key 2125550150abc, number ******0150.',
		);
	});

	it('leaves short digit runs, sizes and times alone', () => {
		expect(maskNumbersInText('The document is 4.0001 MB; 10:30:00; item 12')).toBe(
			'The document is 4.0001 MB; 10:30:00; item 12',
		);
	});
});
