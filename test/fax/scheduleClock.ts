/**
 * Zone arithmetic for the Schedule suites, from Intl only (independent of the node's luxon
 * code), and one Schedule run against the simulator.
 */
import { NUMBERS, runFax, type FaxEnv, type Json } from './helpers';

export const DAY = 86_400_000;

/** UTC offset of a zone at an instant, in minutes. */
export function offsetMinutes(timeZone: string, ms: number): number {
	const name = new Intl.DateTimeFormat('en-US', { timeZone, timeZoneName: 'longOffset' })
		.formatToParts(new Date(ms))
		.find((part) => part.type === 'timeZoneName')?.value;
	const match = /GMT([+-])(\d{2}):(\d{2})/.exec(name ?? '');
	if (!match) return 0;
	return (match[1] === '-' ? -1 : 1) * (Number(match[2]) * 60 + Number(match[3]));
}

/** The calendar date (yyyy-MM-dd) of an instant in a zone. */
export function localDate(timeZone: string, ms: number): string {
	return new Intl.DateTimeFormat('en-CA', {
		timeZone,
		year: 'numeric',
		month: '2-digit',
		day: '2-digit',
	}).format(new Date(ms));
}

/** The Fax node's Schedule operation for one recipient (NUMBERS.ok unless overridden), on `env`. */
export function scheduleRunner(env: FaxEnv) {
	return async (
		provider: 'faxRocks' | 'sendFaxMail' | 'faxDrop',
		parameters: Record<string, unknown>,
		settings = {},
	) =>
		await runFax(env, {
			provider,
			operation: 'schedule',
			parameters: { toNumbers: NUMBERS.ok, ...parameters } as Json,
			settings,
		});
}
