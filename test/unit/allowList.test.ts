import {
	allowListApplies,
	assertAllowed,
	parseAllowList,
	type AllowList,
} from '../../nodes/Fax/actions/send/2-allowList';
import { FaxInputError } from '../../nodes/Fax/helpers/errors';

function list(credential: string, node = ''): AllowList {
	return {
		credential: parseAllowList(credential, 'the credential', 'allowedRecipients'),
		node: parseAllowList(node, 'the node options', 'allowedRecipients'),
		credentialName: 'Clinic fax',
		nodeFromAi: false,
	};
}

function allowed(allowList: AllowList, number: string): boolean {
	try {
		assertAllowed(allowList, number, 'toNumber');
		return true;
	} catch (error) {
		expect(error).toBeInstanceOf(FaxInputError);
		return false;
	}
}

describe('parseAllowList', () => {
	it('reads numbers and prefixes written as people write them', () => {
		expect(
			parseAllowList(
				'+1 (212) 555-0123\n0044 20 7946 0*, +1312555*;\n\n# front desk\n',
				'x',
				'allowedRecipients',
			),
		).toEqual([
			{ digits: '12125550123', prefix: false },
			{ digits: '442079460', prefix: true },
			{ digits: '1312555', prefix: true },
		]);
	});

	it('takes an array from an expression', () => {
		expect(parseAllowList(['+12125550123', '+1*'], 'x', 'f')).toHaveLength(2);
	});

	it.each(['12125550123', '+1212*555', 'Dr Smith', '*', '+123', '+1234567890123456'])(
		'refuses %p, naming only the line',
		(entry) => {
			expect(() => parseAllowList(`+12125550123\n${entry}`, 'the credential', 'f')).toThrow(
				/line 2 is not a fax number or prefix/,
			);
		},
	);
});

describe('assertAllowed', () => {
	it('exact numbers match exactly, prefixes match the start', () => {
		const allowList = list('+12125550123\n+1312555*');
		expect(allowed(allowList, '+12125550123')).toBe(true);
		expect(allowed(allowList, '+121255501234')).toBe(false);
		expect(allowed(allowList, '+13125550150')).toBe(true);
		expect(allowed(allowList, '+13125560150')).toBe(false);
	});

	it('the node list narrows the credential list and never widens it', () => {
		expect(allowed(list('+1212555*', '+12125550123'), '+12125550124')).toBe(false);
		expect(allowed(list('+12125550124', '+1*'), '+12125550123')).toBe(false);
		expect(allowed(list('', '+12125550123'), '+12125550123')).toBe(true);
		expect(allowed(list(''), '+12125550123')).toBe(true);
	});

	it('masks the refused number', () => {
		expect(() => assertAllowed(list('+1212555*'), '+13125550150', 'toNumber')).toThrow(
			/\+\*{7}0150 .*"Clinic fax"/,
		);
	});
});

describe('allowListApplies', () => {
	it('needs a credential list, or a node list the AI did not fill', () => {
		expect(allowListApplies(list(''))).toBe(false);
		expect(allowListApplies(list('+1*'))).toBe(true);
		expect(allowListApplies(list('', '+1*'))).toBe(true);
		expect(allowListApplies({ ...list('', '+1*'), nodeFromAi: true })).toBe(false);
	});
});
