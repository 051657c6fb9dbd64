import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';

import {
	checkScheduleWindow,
	formatWallClockUnambiguous,
	resolveScheduleTimeZone,
	wallClockToUtc,
} from '../../helpers/wallClock';
import { FaxInputError } from '../../helpers/errors';
import type { FaxProviderAdapter } from '../../providers/types';
import { binaryPropertyField, toNumbersField } from '../common.descriptions';
import { runSend, type Deliver } from '../send/runSend';
import { failureModeField, sendOptionsCollection } from './send.fields';

const showFor = { resource: ['fax'], operation: ['schedule'] };
const WAIT_OPTIONS = ['waitForCompletion', 'timeoutSeconds', 'failOnTimeout'];

export const description: INodeProperties[] = [
	{
		...toNumbersField,
		displayName: 'Fax Number(s)',
		description:
			'One or up to 10 recipient fax numbers, separated by commas or new lines, or an array from an expression',
		displayOptions: { show: showFor },
	},
	{ ...binaryPropertyField, displayOptions: { show: showFor } },
	{
		displayName: 'Send At',
		name: 'scheduledAt',
		type: 'dateTime',
		required: true,
		default: '',
		description:
			'When to send, as the clock on the wall reads it in the time zone below (e.g. 08:00 on Monday). A time skipped by a daylight-saving change is an error; a time that happens twice means the earlier one. A time with its own offset (-05:00) must agree with the time zone; one ending in Z is that exact UTC instant.',
		displayOptions: { show: showFor },
	},
	{
		displayName: 'Time Zone',
		name: 'timezone',
		type: 'string',
		default: '',
		placeholder: 'e.g. America/New_York',
		description:
			'IANA time zone of "Send At", e.g. America/Chicago. Sent to the provider under its canonical name (us/central → America/Chicago). Leave empty to use the workflow\'s time zone.',
		hint: 'Empty = the workflow time zone (Workflow Settings → Timezone)',
		displayOptions: { show: showFor },
	},
	{ ...failureModeField, displayOptions: { show: showFor } },
	{
		...sendOptionsCollection,
		options: sendOptionsCollection.options?.filter((option) => !WAIT_OPTIONS.includes(option.name)),
		displayOptions: { show: showFor },
	},
];

function readWallClock(value: unknown): string | Date {
	// A JS Date is an exact instant with no zone of its own.
	if (value instanceof Date) return value;
	if (value && typeof value === 'object' && 'toISO' in value) {
		// A Luxon DateTime from an expression carries its own offset, checked against the zone.
		return String((value as { toISO: () => string }).toISO());
	}
	const text = String(value ?? '').trim();
	if (!text)
		throw new FaxInputError(
			'missingField',
			'Send At is empty',
			'Pick the date and time to send the fax.',
			'scheduledAt',
		);
	return text;
}

/** Schedule's own checks (provider, time zone, window), run before anything else is read. */
export function planSchedule(
	ctx: IExecuteFunctions,
	itemIndex: number,
	adapter: FaxProviderAdapter,
): { deliver: Deliver; sendAtUtc: Date } {
	const window = adapter.capabilities.scheduleWindowSeconds;
	const schedule = adapter.schedule?.bind(adapter);
	if (!window || !schedule) {
		throw new FaxInputError(
			'unsupportedOperation',
			`${adapter.displayName} can't schedule faxes`,
			'Use faxrocks or SendFAXMail to schedule, or put a Wait node before a Send.',
		);
	}
	// Canonical IANA name (`us/central` → `America/Chicago`) for the provider and the output.
	// The error names the field and never quotes it: it may hold a mis-mapped note.
	const timezone = resolveScheduleTimeZone(
		String(ctx.getNodeParameter('timezone', itemIndex, '') || '').trim() || ctx.getTimezone(),
	);
	const local = readWallClock(ctx.getNodeParameter('scheduledAt', itemIndex));
	const sendAtUtc = wallClockToUtc(local, timezone);
	checkScheduleWindow(
		sendAtUtc,
		new Date(),
		{ minSeconds: window.min, maxSeconds: window.max },
		adapter.displayName,
	);
	const deliver: Deliver = async (transport, request) =>
		await schedule(transport, {
			...request,
			sendAtUtc,
			// A repeated clock time carries the chosen (earlier) occurrence's offset.
			wallClock: formatWallClockUnambiguous(sendAtUtc, timezone),
			timezone,
		});
	return { deliver, sendAtUtc };
}

export async function execute(
	this: IExecuteFunctions,
	itemIndex: number,
	adapter: FaxProviderAdapter,
): Promise<INodeExecutionData[]> {
	return await runSend(
		this,
		itemIndex,
		adapter,
		'toNumbers',
		() => planSchedule(this, itemIndex, adapter).deliver,
	);
}
