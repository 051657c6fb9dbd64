/**
 * Magic recipient numbers: the last 4 digits of the recipient decide how a fax ends.
 * Use only fictional numbers: North America +1 NXX 555-01XX (e.g. +1 212 555 0111) or, for
 * faxrocks, the UK drama range +44 20 7946 0XXX (e.g. +44 20 7946 0111).
 */
export type FaxOutcome = 'delivered' | 'failed' | 'partial' | 'busy' | 'slow';

export interface MagicError {
	/** Provider-neutral machine code (SendFAXMail `error.code`). */
	code: string;
	/** Human message; `{sent}` and `{pages}` are filled in for partial faxes. */
	message: string;
	/** FaxDrop `errorCode` / `errorType`. */
	faxDropCode: number;
	faxDropType: string;
}

export interface MagicNumber {
	/** Last 4 digits of the recipient. */
	suffix: string;
	outcome: FaxOutcome;
	/** Final status reached this many virtual seconds after the fax starts (created or scheduled time). */
	finalAfterSeconds: number;
	description: string;
	example: string;
	exampleInternational: string;
	error: MagicError | null;
}

export const DEFAULT_TIMING = {
	/** queued → sending */
	queuedSeconds: 5,
	/** sending → final (delivered and ordinary failures), counted from the start */
	finalSeconds: 30,
} as const;

export interface Timing {
	queuedSeconds: number;
	finalSeconds: number;
}

export const NO_ANSWER_ERROR: MagicError = {
	code: 'no_answer',
	message: 'No answer from the receiving fax machine.',
	faxDropCode: 1002,
	faxDropType: 'CALL_ERROR',
};

export const PARTIAL_ERROR: MagicError = {
	code: 'partial_transmission',
	message: 'Transmission interrupted after {sent} of {pages} pages.',
	faxDropCode: 1010,
	faxDropType: 'TRANSMISSION_ERROR',
};

export const BUSY_ERROR: MagicError = {
	code: 'line_busy',
	message: 'Line busy. No answer after 3 attempts.',
	faxDropCode: 1001,
	faxDropType: 'CALL_ERROR',
};

export const FORCED_FAILURE_ERROR: MagicError = {
	code: 'forced_failure',
	message: 'Fax failed (status forced by the simulator).',
	faxDropCode: 1099,
	faxDropType: 'SIMULATED_ERROR',
};

export const MAGIC_NUMBERS: readonly MagicNumber[] = [
	{
		suffix: '0111',
		outcome: 'failed',
		finalAfterSeconds: DEFAULT_TIMING.finalSeconds,
		description: 'No answer: queued 5 s, sending, failed at 30 s',
		example: '+12125550111',
		exampleInternational: '+442079460111',
		error: NO_ANSWER_ERROR,
	},
	{
		suffix: '0122',
		outcome: 'partial',
		finalAfterSeconds: DEFAULT_TIMING.finalSeconds,
		description:
			'Partial: ends at 30 s with some pages sent (pages > 1: ceil(pages / 2) sent; 1 page: 0 sent)',
		example: '+12125550122',
		exampleInternational: '+442079460122',
		error: PARTIAL_ERROR,
	},
	{
		suffix: '0133',
		outcome: 'busy',
		finalAfterSeconds: 180,
		description: 'Busy then failed: stays sending through retries, fails at 3 minutes',
		example: '+12125550133',
		exampleInternational: '+442079460133',
		error: BUSY_ERROR,
	},
	{
		suffix: '0144',
		outcome: 'slow',
		finalAfterSeconds: DEFAULT_TIMING.queuedSeconds + 600,
		description: 'Slow: stays sending for 10 minutes (until 605 s), then delivered',
		example: '+12125550144',
		exampleInternational: '+442079460144',
		error: null,
	},
];

/** The magic entry for a recipient, or undefined (= delivered with the default timing). */
export function magicFor(number: string): MagicNumber | undefined {
	const digits = number.replace(/\D/g, '');
	const suffix = digits.slice(-4);
	return MAGIC_NUMBERS.find((magic) => magic.suffix === suffix);
}

/** Pages sent by a partial fax of `pages` pages. */
export function partialPagesSent(pages: number): number {
	return pages > 1 ? Math.ceil(pages / 2) : 0;
}

export function errorMessage(error: MagicError, pages: number, sent: number): string {
	return error.message.replace('{sent}', String(sent)).replace('{pages}', String(pages));
}
