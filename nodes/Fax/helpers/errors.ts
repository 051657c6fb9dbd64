/**
 * Typed input errors thrown by the pure building blocks (documents, phone numbers, times).
 *
 * They carry a user-facing `message`, a `hint` that says how to fix the input, and the `field`
 * (node parameter or binary property name) the problem is about. The node layer wraps them into
 * `NodeOperationError` naming the item: `new NodeOperationError(node, err.message,
 * { itemIndex, description: err.hint })`.
 *
 * Messages never contain document bytes or content, and fax numbers only ever appear masked.
 * No `cause` is attached on purpose: library errors (pdf-lib, Intl) can quote input data.
 */
export class FaxInputError<TCode extends string = string> extends Error {
	/** Machine-readable reason, stable for tests and the node layer. */
	readonly code: TCode;

	/** How to fix it, in words a no-code user understands. */
	readonly hint: string;

	/** The node parameter or binary property the problem is about, if any. */
	readonly field: string | null;

	/** The n8n item the error belongs to, when the caller knows it. */
	itemIndex: number | undefined;

	constructor(code: TCode, message: string, hint: string, field: string | null = null) {
		super(message);
		this.name = new.target.name;
		this.code = code;
		this.hint = hint;
		this.field = field;
		this.itemIndex = undefined;
	}
}

export type PhoneNumberErrorCode =
	| 'empty'
	| 'letters'
	| 'extension'
	| 'invalidCharacters'
	| 'missingCountryCode'
	| 'invalidCountryCode'
	| 'unknownCountryCode'
	| 'invalidNumber'
	| 'tooShort'
	| 'tooLong'
	| 'leadingZero'
	| 'invalidNanp'
	| 'invalidList'
	| 'tooManyRecipients';

/** A fax number that can't be turned into E.164. The message shows the number masked. */
export class PhoneNumberError extends FaxInputError<PhoneNumberErrorCode> {}

export type TimeErrorCode =
	| 'invalidFormat'
	| 'invalidDate'
	| 'invalidTimeZone'
	| 'nonexistentTime'
	| 'offsetConflict'
	| 'inPast'
	| 'tooSoon'
	| 'tooFar';

/** A date/time or time zone that can't be used for scheduling. */
export class TimeError extends FaxInputError<TimeErrorCode> {}

export function isFaxInputError(error: unknown): error is FaxInputError {
	return error instanceof FaxInputError;
}
