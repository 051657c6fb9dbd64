import type {
	IDataObject,
	INode,
	INodeExecutionData,
	INodeType,
	INodeTypeDescription,
	IPollFunctions,
} from 'n8n-workflow';
import { NodeApiError, NodeConnectionTypes, NodeOperationError } from 'n8n-workflow';

import { readOptionsCollection } from '../Fax/actions/fax/send.fields';
import { faxJson, wantsRaw } from '../Fax/actions/shared/faxJson';
import { selectedProvider } from '../Fax/edition';
import { getProvider } from '../Fax/providers';
import type {
	FaxProviderAdapter,
	FaxStatus,
	ListNewestPage,
	ListNewestRequest,
} from '../Fax/providers/types';
import { settle } from '../Fax/helpers/settle';
import { tableOrder } from '../Fax/helpers/tableOrder';
import { sharedStateKind, sharedStateProperty, sharedStore } from '../Fax/sharedState';
import { createTransport } from '../Fax/transport/request';
import type { ProviderTransport } from '../Fax/transport/types';
import { applyPoll } from './applyPoll';
import { pollPace } from './pollBudget';
import type { TriggerState } from './pollState';
import { baseline, isCurrent } from './pollState';
import { planSecondRead } from './readPlan';

const FINAL_STATUS_OPTIONS = [
	{
		name: 'Cancelled',
		value: 'cancelled',
		description:
			'Only if the provider lists cancelled faxes. A cancelled SendFAXMail scheduled fax never becomes a fax, so it never triggers.',
	},
	{ name: 'Delivered', value: 'delivered' },
	{ name: 'Failed', value: 'failed' },
	{
		name: 'Partial',
		value: 'partial',
		description: 'Some pages went through before the call dropped',
	},
];

/** Faxes read by a poll's first request (the newest). A second request, when needed, reads up to the provider's largest page. */
const PAGE_SIZE = 100;

const RETRY_NOTE =
	'The trigger tries again at the next poll; faxes that end meanwhile trigger then, none is lost.';

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
			{
				name: 'sendFaxMailApi',
				required: true,
				displayOptions: { show: { provider: ['sendFaxMail'] } },
			},
			// n8n's own built-in Redis credential (Shared State "Redis"), so users point the nodes at
			// the Redis their queue mode already uses instead of typing it again. The community lint
			// only knows this package's credentials; n8n itself resolves any installed type.
			// eslint-disable-next-line n8n-nodes-base/node-class-description-credentials-name-unsuffixed, @n8n/community-nodes/no-credential-reuse, @n8n/community-nodes/valid-credential-references
			{ name: 'redis', required: true, displayOptions: { show: { sharedState: ['redis'] } } },
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
				displayName:
					'n8n polls at most once a minute (newer n8n refuses shorter Poll Times), so a fax can trigger up to a minute after it ends. To continue the moment a fax you send is final, use "Wait for Completion" on Send or the "Wait for Final Status" operation in the sending workflow instead.',
				name: 'pollTimesNotice',
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
					'Final statuses that start the workflow. Each sent fax triggers once, when it reaches one of them; faxes still in flight when the trigger is activated count, faxes already final are skipped. Received faxes never trigger this node: use the SendFAXMail Trigger for those.',
			},
			sharedStateProperty,
			readOptionsCollection(),
		],
	};

	async poll(this: IPollFunctions): Promise<INodeExecutionData[][] | null> {
		const pace = pollPace(this);
		const adapter = getProvider(selectedProvider(() => this.getNodeParameter('provider')));
		const statuses = this.getNodeParameter('statuses', []) as FaxStatus[];
		if (!statuses.length) {
			throw new NodeOperationError(this.getNode(), 'Choose at least one status under "Trigger On"');
		}
		const listNewest = adapter.listNewest?.bind(adapter);
		if (!listNewest) {
			throw new NodeOperationError(
				this.getNode(),
				`${adapter.displayName} has no fax list to watch, so the Fax Trigger can't use it`,
				{
					description:
						'After sending with FaxDrop, use the Fax node\'s "Wait for Final Status" operation (or the "Wait for Completion" option of Send) to continue when the fax is final.',
				},
			);
		}
		// Rate-limit windows shared with the Fax nodes sending on the same account (with Redis,
		// in every n8n process). The poll memory itself stays in static data: only main polls.
		const shared = await settle(
			async () =>
				await sharedStore(
					sharedStateKind(this.getNodeParameter('sharedState', 'none')),
					async () => await this.getCredentials('redis'),
				),
		);
		if (!shared.ok) {
			throw new NodeOperationError(this.getNode(), (shared.error as Error).message, {
				description: RETRY_NOTE,
			});
		}
		const store = shared.value;
		const transport = await createTransport(this, adapter, {
			itemIndex: 0,
			maxRateLimitWaitSeconds: pace.maxRateLimitWaitSeconds,
			requestTimeoutMs: pace.requestTimeoutMs,
			sharedStore: store,
			rateLimitAdvice: `${adapter.displayName} asked to wait. ${RETRY_NOTE}`,
		});
		const read = async (request: ListNewestRequest) =>
			await readList(this.getNode(), listNewest, transport, request);

		if (this.getMode() === 'manual') {
			return await testEvent(this, adapter, statuses, read);
		}

		const state = this.getWorkflowStaticData('node') as TriggerState & IDataObject;
		const credential = this.getNode().credentials?.[adapter.credentialType]?.id ?? undefined;
		const current = isCurrent(state, adapter.name, credential ?? undefined);
		const first = await read({
			position: 0,
			pageSize: PAGE_SIZE,
			orderHint: current ? state.order : undefined,
			totalHint: current ? state.total : undefined,
		});
		if (!current) {
			replaceState(state, baseline(adapter.name, credential ?? undefined, first));
			return null;
		}
		// At most one more request: catching up after a burst, or looking up a fax still in flight;
		// left to the next poll when n8n's poll budget is half spent.
		const plan = pace.roomForSecondRead()
			? planSecondRead(state, first, adapter.listNewestMaxPageSize ?? PAGE_SIZE)
			: undefined;
		const second = plan
			? {
					plan,
					page: await read({
						position: plan.position,
						pageSize: plan.pageSize,
						extend: plan.extend,
						orderHint: first.order,
						totalHint: first.total,
					}),
				}
			: undefined;
		// Only now, with every read done, is the state changed: a failed request leaves it as it was.
		const outcome = applyPoll(state, first, second, statuses);
		replaceState(state, outcome.state);
		for (const warning of outcome.warnings) this.logger.warn(`Fax Trigger: ${warning}`);
		if (!outcome.emit.length) return null;
		const withRaw = includeRaw(this);
		return [outcome.emit.map((fax) => ({ json: tableOrder(faxJson(fax, withRaw)) }))];
	}
}

/** Option Include Provider Response: `raw` holds full numbers and provider fields. */
function includeRaw(ctx: IPollFunctions): boolean {
	return wantsRaw(ctx.getNodeParameter('options', {}) as IDataObject);
}

function replaceState(target: IDataObject, next: TriggerState): void {
	for (const key of Object.keys(target)) delete target[key];
	Object.assign(target, next);
}

/** A failed read fails the poll; the state is unchanged, so nothing is lost: say so. */
async function readList(
	node: INode,
	listNewest: NonNullable<FaxProviderAdapter['listNewest']>,
	transport: ProviderTransport,
	request: ListNewestRequest,
): Promise<ListNewestPage> {
	const outcome = await settle(async () => await listNewest(transport, request));
	if (outcome.ok) return outcome.value;
	const { error } = outcome;
	if (error instanceof NodeApiError || error instanceof NodeOperationError) {
		const advice = error.description ?? '';
		if (!advice.includes(RETRY_NOTE))
			error.description = advice ? `${advice} ${RETRY_NOTE}` : RETRY_NOTE;
		throw error;
	}
	throw new NodeOperationError(node, error as Error, { description: RETRY_NOTE });
}

async function testEvent(
	ctx: IPollFunctions,
	adapter: FaxProviderAdapter,
	statuses: FaxStatus[],
	read: (request: ListNewestRequest) => Promise<ListNewestPage>,
): Promise<INodeExecutionData[][]> {
	const { entries } = await read({ position: 0, pageSize: PAGE_SIZE });
	const latest = entries.find(
		({ fax, inbound }) => !inbound && fax.isFinal && statuses.includes(fax.status),
	);
	if (!latest) {
		throw new NodeOperationError(
			ctx.getNode(),
			`No ${statuses.join('/')} fax among the ${entries.length} newest ${adapter.displayName} faxes`,
			{ description: 'Send a fax and wait until it is final, then fetch a test event again.' },
		);
	}
	return [[{ json: tableOrder(faxJson(latest.fax, includeRaw(ctx))) }]];
}
