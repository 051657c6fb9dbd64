import type {
	IBinaryData,
	IExecuteFunctions,
	INodeExecutionData,
	INodeProperties,
} from 'n8n-workflow';

import type { FaxProviderAdapter } from '../../providers/types';
import { checkJson, dryRun, type CheckedOperation } from '../shared/dryRun';
import * as schedule from './schedule.operation';
import * as send from './send.operation';
import * as sendBatch from './sendBatch.operation';

const CAN_SCHEDULE = ['faxRocks', 'sendFaxMail'];
/** Options that only matter once a fax exists; Check ignores them. */
const NOT_FOR_CHECK = ['waitForCompletion', 'timeoutSeconds', 'failOnTimeout', 'includeRaw'];

const OPERATION_OPTIONS = [
	{
		name: 'Schedule',
		value: 'schedule',
		description: 'Check a Schedule with these fields: recipients, document and time',
	},
	{
		name: 'Send',
		value: 'send',
		description: 'Check a Send to one number with these fields',
	},
	{
		name: 'Send Batch',
		value: 'sendBatch',
		description: 'Check a Send Batch to up to 10 numbers with these fields',
	},
];

function checkOperationField(providers: string[], values: string[]): INodeProperties {
	return {
		displayName: 'Operation to Check',
		name: 'checkOperation',
		type: 'options',
		noDataExpression: true,
		options: OPERATION_OPTIONS.filter((option) => values.includes(option.value)),
		default: 'send',
		description:
			'The operation to dry-run. Its fields appear below with the same names, so you can switch this node between Check and that operation without losing them.',
		displayOptions: { show: { provider: providers, resource: ['fax'], operation: ['check'] } },
	};
}

/** The checked operation's own fields, shown for Check with that operation chosen. */
function fieldsFor(
	operation: CheckedOperation,
	fields: INodeProperties[],
	providers?: string[],
): INodeProperties[] {
	return fields
		.filter((field) => field.name !== 'failureMode')
		.map((field) => {
			const show = { ...(field.displayOptions?.show ?? {}) };
			const options =
				field.name === 'options'
					? field.options?.filter(
							(option) => !NOT_FOR_CHECK.includes((option as INodeProperties).name),
						)
					: field.options;
			return {
				...field,
				...(options ? { options } : {}),
				displayOptions: {
					...field.displayOptions,
					show: {
						...show,
						...(providers && !show.provider ? { provider: providers } : {}),
						operation: ['check'],
						checkOperation: [operation],
					},
				},
			} as INodeProperties;
		});
}

export const description: INodeProperties[] = [
	checkOperationField(['faxRocks', 'sendFaxMail'], ['send', 'sendBatch', 'schedule']),
	checkOperationField(['faxDrop'], ['send', 'sendBatch']),
	{
		displayName:
			'Check runs every check of the chosen operation and returns the final document in binary field "data", one item per recipient with ok and reasons. Nothing is sent.',
		name: 'checkNotice',
		type: 'notice',
		default: '',
		displayOptions: { show: { resource: ['fax'], operation: ['check'] } },
	},
	...fieldsFor('send', send.description),
	...fieldsFor('sendBatch', sendBatch.description),
	...fieldsFor('schedule', schedule.description, CAN_SCHEDULE),
];

function readCheckedOperation(ctx: IExecuteFunctions, itemIndex: number): CheckedOperation {
	const value = String(ctx.getNodeParameter('checkOperation', itemIndex, 'send'));
	return value === 'sendBatch' || value === 'schedule' ? value : 'send';
}

export async function execute(
	this: IExecuteFunctions,
	itemIndex: number,
	adapter: FaxProviderAdapter,
): Promise<INodeExecutionData[]> {
	const operation = readCheckedOperation(this, itemIndex);
	const result = await dryRun(this, itemIndex, adapter, operation, () =>
		schedule.planSchedule(this, itemIndex, adapter),
	);
	let binary: IBinaryData | undefined;
	if (result.document) {
		binary = await this.helpers.prepareBinaryData(
			result.document.data,
			result.document.fileName,
			result.document.mimeType,
		);
	}
	const recipients = result.recipients.length ? result.recipients : [{ to: null, reasons: [] }];
	return recipients.map((recipient) => ({
		json: checkJson(adapter, operation, result, recipient),
		...(binary ? { binary: { data: binary } } : {}),
	}));
}
