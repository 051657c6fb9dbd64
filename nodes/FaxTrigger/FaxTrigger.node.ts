import type {
	IDataObject,
	INodeExecutionData,
	INodeType,
	INodeTypeDescription,
	IPollFunctions,
} from 'n8n-workflow';
import { NodeConnectionTypes, NodeOperationError } from 'n8n-workflow';

import { getProvider } from '../Fax/providers';
import type { FaxProviderAdapter, FaxStatus, ListNewestPage } from '../Fax/providers/types';
import { createTransport } from '../Fax/transport/request';
import type { ProviderTransport } from '../Fax/transport/types';
import type { PollEntry, TriggerState } from './pollState';
import { applyPoll, missingPending } from './pollState';

const FINAL_STATUS_OPTIONS = [
	{ name: 'Cancelled', value: 'cancelled' },
	{ name: 'Delivered', value: 'delivered' },
	{ name: 'Failed', value: 'failed' },
	{ name: 'Partial', value: 'partial', description: 'Some pages went through before the call dropped' },
];

/** Faxes read per request; with the second page for stragglers, a poll reads at most twice this. */
const PAGE_SIZE = 100;

export class FaxTrigger implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Fax Trigger',
		name: 'faxTrigger',
		icon: { light: 'file:faxTrigger.svg', dark: 'file:faxTrigger.dark.svg' },
		group: ['trigger'],
		version: 1,
		subtitle: '={{ "When a fax is " + $parameter["statuses"].join(", ") }}',
		description: 'Starts the workflow when a sent fax is delivered, fails, or ends otherwise',
		defaults: { name: 'Fax Trigger' },
		polling: true,
		inputs: [],
		outputs: [NodeConnectionTypes.Main],
		credentials: [
			{ name: 'faxRocksApi', required: true, displayOptions: { show: { provider: ['faxRocks'] } } },
			{ name: 'sendFaxMailApi', required: true, displayOptions: { show: { provider: ['sendFaxMail'] } } },
		],
		properties: [
			{
				displayName: 'Provider',
				name: 'provider',
				type: 'options',
				noDataExpression: true,
				options: [
					{ name: 'Faxrocks', value: 'faxRocks' },
					{ name: 'SendFAXMail', value: 'sendFaxMail' },
				],
				default: 'faxRocks',
				description: 'The fax service whose sent faxes to watch',
			},
			{
				displayName:
					'FaxDrop has no endpoint that lists faxes, so it cannot be watched. After a FaxDrop send, use the Fax node\'s "Wait for Final Status" operation (or "Wait for Completion" on Send). For SendFAXMail, the SendFAXMail Trigger (webhook) is instant.',
				name: 'faxDropNotice',
				type: 'notice',
				default: '',
			},
			{
				displayName: 'Trigger On',
				name: 'statuses',
				type: 'multiOptions',
				options: FINAL_STATUS_OPTIONS,
				default: ['cancelled', 'delivered', 'failed', 'partial'],
				required: true,
				description:
					'Final statuses that start the workflow. Each fax triggers once, when it reaches one of them. Faxes that were already final when the trigger was activated are skipped.',
			},
		],
	};

	async poll(this: IPollFunctions): Promise<INodeExecutionData[][] | null> {
		const adapter = getProvider(this.getNodeParameter('provider') as string);
		const statuses = this.getNodeParameter('statuses', []) as FaxStatus[];
		if (!statuses.length) {
			throw new NodeOperationError(this.getNode(), 'Choose at least one status under "Trigger On"');
		}
		const listNewest = adapter.listNewest?.bind(adapter);
		if (!listNewest) {
			throw new NodeOperationError(this.getNode(), `${adapter.displayName} has no fax list to watch`, {
				description: 'Use the Fax node\'s "Wait for Final Status" operation instead.',
			});
		}
		const transport = await createTransport(this, adapter, { itemIndex: 0, maxRateLimitWaitSeconds: 30 });

		if (this.getMode() === 'manual') {
			return await testEvent(this, adapter, transport, statuses, listNewest);
		}

		const state = this.getWorkflowStaticData('node') as TriggerState & IDataObject;
		const first = await listNewest(transport, { page: 1, pageSize: PAGE_SIZE, orderHint: state.order });
		let entries: PollEntry[] = first.entries;
		let windowComplete = !first.hasMore;
		const oldest = entries[entries.length - 1];
		const wholePageIsNew =
			state.initialized && oldest !== undefined && oldest.createdAt >= (state.baselineAt ?? '') && !state.done?.[oldest.fax.id ?? ''];
		if (first.hasMore && state.initialized && (missingPending(state, entries) > 0 || wholePageIsNew)) {
			const second = await listNewest(transport, { page: 2, pageSize: PAGE_SIZE, orderHint: first.order });
			entries = [...entries, ...second.entries];
			windowComplete = !second.hasMore;
		}
		state.order = first.order;
		const emitted = applyPoll(state, adapter.name, entries, statuses, windowComplete);
		if (!emitted.length) return null;
		return [emitted.map((fax) => ({ json: fax as unknown as IDataObject }))];
	}
}

async function testEvent(
	ctx: IPollFunctions,
	adapter: FaxProviderAdapter,
	transport: ProviderTransport,
	statuses: FaxStatus[],
	listNewest: (transport: ProviderTransport, request: { page: number; pageSize: number }) => Promise<ListNewestPage>,
): Promise<INodeExecutionData[][]> {
	const { entries } = await listNewest(transport, { page: 1, pageSize: PAGE_SIZE });
	const latest = entries.find(({ fax }) => fax.isFinal && statuses.includes(fax.status));
	if (!latest) {
		throw new NodeOperationError(
			ctx.getNode(),
			`No ${statuses.join('/')} fax among the ${entries.length} newest ${adapter.displayName} faxes`,
			{ description: 'Send a fax and wait until it is final, then fetch a test event again.' },
		);
	}
	return [[{ json: latest.fax as unknown as IDataObject }]];
}
