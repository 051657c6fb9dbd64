import { FaxInputError } from '../helpers/errors';

export type IdKind = 'fax' | 'scheduledFax' | 'contact';

/** A provider's own rule for one kind of ID, where its docs give one. */
export interface IdFormat {
	pattern: RegExp;
	/** What the docs say IDs look like, for the message: "lowercase letters and digits". */
	looksLike: string;
}

export const ID_FIELDS: Record<IdKind, { field: string; label: string; hint: string }> = {
	fax: {
		field: 'faxId',
		label: 'Fax ID',
		hint: 'Map the "id" of a fax item from Send or List, e.g. {{ $json.id }}.',
	},
	scheduledFax: {
		field: 'scheduledFaxId',
		label: 'Scheduled Fax ID',
		hint: 'Map the "id" of a scheduled fax from Schedule or List.',
	},
	contact: {
		field: 'contactId',
		label: 'Contact ID',
		hint: 'Map the "id" of a contact from Create or List.',
	},
};

export const MAX_ID_LENGTH = 128;

/**
 * Where a provider's docs are silent about its IDs, any ID made of letters, digits and
 * `_ - . : ~` is accepted: every ID format we know of fits, and none of them can change the
 * request's path (no `/`, `\`, `?`, `#`, `%`, whitespace, and never `.` or `..` alone).
 */
const SAFE_ID = /^[A-Za-z0-9._:~-]+$/;

/**
 * Why `id` can't be a `kind` ID of this provider, in words that never repeat the value (it may
 * be text mapped from the wrong field), or undefined when it can.
 */
export function idProblem(
	id: string,
	kind: IdKind,
	providerName: string,
	format?: IdFormat,
): string | undefined {
	const { label } = ID_FIELDS[kind];
	if (id === '') return `${label} is empty`;
	if (id.length > MAX_ID_LENGTH)
		return `${label} is ${id.length} characters long; an ID has at most ${MAX_ID_LENGTH}`;
	if (/\s/.test(id)) return `${label} contains spaces or line breaks, which an ID never has`;
	if (/^\.+$/.test(id)) return `${label} is only dots, not an ID`;
	if (!SAFE_ID.test(id))
		return `${label} contains characters an ID never has (such as / ? # % or punctuation)`;
	if (format && !format.pattern.test(id))
		return `${label} is not a ${providerName} ID: those are ${format.looksLike}`;
	return undefined;
}

/** The trimmed ID, or a FaxInputError naming the field (not the value). */
export function checkedId(
	value: unknown,
	kind: IdKind,
	providerName: string,
	format?: IdFormat,
): string {
	const id = typeof value === 'string' || typeof value === 'number' ? String(value).trim() : '';
	const problem = idProblem(id, kind, providerName, format);
	if (problem) {
		const { field, hint } = ID_FIELDS[kind];
		throw new FaxInputError(
			id === '' ? 'missingField' : 'invalidId',
			problem,
			`${hint} Nothing was sent to ${providerName}.`,
			field,
		);
	}
	return id;
}

/** A checked ID as one URL path segment. */
export function idSegment(
	value: string,
	kind: IdKind,
	providerName: string,
	format?: IdFormat,
): string {
	return encodeURIComponent(checkedId(value, kind, providerName, format));
}
