import type { IDataObject } from 'n8n-workflow';

/**
 * n8n's table view shows an item's keys as columns in their order. The columns people scan
 * come first (the unified fax item's, DESIGN.md), other plain values next, nested objects after
 * them, and the bulky ones last.
 */
const LEADING = [
	'event',
	'provider',
	'id',
	'direction',
	'from',
	'to',
	'status',
	'isFinal',
	'outcome',
	'pages',
	'pagesSent',
	'scheduledAt',
	'sentAt',
	'completedAt',
	'cost',
];
const TRAILING = ['error', 'audit', 'raw'];

function isNested(value: unknown): boolean {
	return value !== null && typeof value === 'object';
}

/** The same item with its keys in table order (values untouched). */
export function tableOrder(json: IDataObject): IDataObject {
	const keys = Object.keys(json);
	const rest = keys.filter((key) => !LEADING.includes(key) && !TRAILING.includes(key));
	const ordered = [
		...LEADING.filter((key) => key in json),
		...rest.filter((key) => !isNested(json[key])),
		...rest.filter((key) => isNested(json[key])),
		...TRAILING.filter((key) => key in json),
	];
	return Object.fromEntries(ordered.map((key) => [key, json[key]]));
}
