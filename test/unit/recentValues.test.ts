import { RecentValues } from '../../nodes/Fax/helpers/recentValues';

describe('RecentValues', () => {
	it('keeps at most its size, dropping the oldest entry first', () => {
		const recent = new RecentValues<string, number>(2);
		recent.set('a', 1);
		recent.set('b', 2);
		recent.set('a', 10);
		expect(recent.size).toBe(2);
		recent.set('c', 3);
		expect(recent.size).toBe(2);
		expect(recent.has('a')).toBe(false);
		expect(recent.get('b')).toBe(2);
		expect(recent.get('c')).toBe(3);
	});

	it('tells a kept undefined from a missing entry', () => {
		const recent = new RecentValues<string, string | undefined>(3);
		recent.set('unreadable', undefined);
		expect(recent.has('unreadable')).toBe(true);
		expect(recent.has('other')).toBe(false);
	});
});
