import type {
	IDataObject,
	IHookFunctions,
	INodeType,
	INodeTypeDescription,
	IWebhookFunctions,
	IWebhookResponseData,
} from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

import { includeRawOption } from '../Fax/actions/fax/send.fields';
import { faxJson, wantsRaw } from '../Fax/actions/shared/faxJson';
import { tableOrder } from '../Fax/helpers/tableOrder';
import { sendFaxMailAdapter, sendFaxMailToUnified } from '../Fax/providers/sendFaxMail';
import { createTransport } from '../Fax/transport/request';
import { settle } from '../Fax/helpers/settle';
import { sharedStateProperty } from '../Fax/sharedState';
import { claimEvent } from './eventOnce';
import { verifySignature } from './signature';

const EVENTS = [
	{ name: 'Fax Delivered', value: 'fax.delivered', description: 'An outbound fax was delivered' },
	{ name: 'Fax Failed', value: 'fax.failed', description: 'An outbound fax failed' },
	{
		name: 'Fax Received',
		value: 'fax.received',
		description: 'An inbound fax arrived on one of your numbers (e.g. a referral)',
	},
];

export class SendFaxMailTrigger implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'SendFAXMail Trigger',
		name: 'sendFaxMailTrigger',
		icon: { light: 'file:sendFaxMailTrigger.svg', dark: 'file:sendFaxMailTrigger.dark.svg' },
		group: ['trigger'],
		version: 1,
		subtitle: '={{ $parameter["events"].join(", ") }}',
		description: 'Starts the workflow when SendFAXMail reports a delivered, failed or received fax',
		defaults: { name: 'SendFAXMail Trigger' },
		inputs: [],
		outputs: [NodeConnectionTypes.Main],
		credentials: [
			{ name: 'sendFaxMailApi', required: true },
			// n8n's own built-in Redis credential (Shared State "Redis"), so users point the nodes at
			// the Redis their queue mode already uses instead of typing it again. The community lint
			// only knows this package's credentials; n8n itself resolves any installed type.
			// eslint-disable-next-line n8n-nodes-base/node-class-description-credentials-name-unsuffixed, @n8n/community-nodes/no-credential-reuse, @n8n/community-nodes/valid-credential-references
			{ name: 'redis', required: true, displayOptions: { show: { sharedState: ['redis'] } } },
		],
		webhooks: [
			{
				name: 'default',
				httpMethod: 'POST',
				responseMode: 'onReceived',
				path: 'sendfaxmail',
			},
		],
		properties: [
			{
				displayName:
					'Register this node\'s Production URL (shown above under "Webhook URLs") in SendFAXMail at Dashboard → Developers → Webhooks, then copy that endpoint\'s signing secret into "Webhook Signing Secret" of the SendFAXMail credential. Deliveries without a valid signature are refused with 401.',
				name: 'setupNotice',
				type: 'notice',
				default: '',
			},
			{
				displayName: 'Events',
				name: 'events',
				type: 'multiOptions',
				options: EVENTS,
				default: ['fax.delivered', 'fax.failed', 'fax.received'],
				required: true,
				description: 'The events that start the workflow; others are acknowledged and ignored',
			},
			{
				displayName: 'Options',
				name: 'options',
				type: 'collection',
				placeholder: 'Add Option',
				default: {},
				options: [
					{
						displayName: 'Download Received Document',
						name: 'downloadDocument',
						type: 'boolean',
						default: true,
						description:
							'Whether to download the PDF of a received fax into binary data, so the next node can read it. Needs the faxes:read scope.',
					},
					{
						displayName: 'Put Document in Field',
						name: 'binaryPropertyName',
						type: 'string',
						default: 'data',
						description: 'Name of the binary field for the received document',
					},
					includeRawOption,
				],
			},
			sharedStateProperty,
		],
	};

	// SendFAXMail registers webhook endpoints only in its dashboard (Dashboard → Developers); its
	// API has no route to create, list or delete them. So n8n has nothing to register: the
	// endpoint the user added there counts as existing, and deactivating the workflow leaves it
	// in place (it is removed in the dashboard).
	webhookMethods = {
		default: {
			async checkExists(this: IHookFunctions): Promise<boolean> {
				return true;
			},
			async create(this: IHookFunctions): Promise<boolean> {
				return true;
			},
			async delete(this: IHookFunctions): Promise<boolean> {
				return true;
			},
		},
	};

	async webhook(this: IWebhookFunctions): Promise<IWebhookResponseData> {
		const request = this.getRequestObject() as unknown as { rawBody?: Buffer; body?: unknown };
		const response = this.getResponseObject();
		const refuse = (status: number, message: string): IWebhookResponseData => {
			this.logger.warn(`SendFAXMail Trigger refused a delivery: ${message}`);
			response.status(status).json({ error: message });
			return { noWebhookResponse: true };
		};

		const credentials = await this.getCredentials('sendFaxMailApi');
		// A secret pasted with a trailing space or line break would fail every delivery.
		const secret = String(credentials.webhookSecret ?? '').trim();
		if (!secret) return refuse(401, 'no Webhook Signing Secret in the SendFAXMail credential');

		const rawBody = Buffer.isBuffer(request.rawBody)
			? request.rawBody
			: Buffer.from(
					typeof request.body === 'string' ? request.body : JSON.stringify(request.body ?? {}),
				);
		const header = this.getHeaderData()['x-sfm-signature'];
		const nowSeconds = Math.floor(Date.now() / 1000);
		const check = verifySignature(
			Array.isArray(header) ? header[0] : header,
			rawBody,
			secret,
			nowSeconds,
		);
		if (!check.valid) return refuse(401, check.reason);

		let event: IDataObject;
		try {
			event = JSON.parse(rawBody.toString('utf8')) as IDataObject;
		} catch {
			return refuse(400, 'body is not JSON');
		}

		// Each event starts the workflow once: a replayed delivery, or the same event sent again
		// with a fresh signature (also to another n8n process), is acknowledged and ignored.
		const key =
			typeof event.id === 'string' && event.id ? `evt:${event.id}` : `sig:${check.signature}`;
		const claim = await claimEvent(this, key, secret);
		if (claim.state === 'unavailable') {
			// Without the shared state the event can't be known to be new: the provider redelivers.
			this.logger.error(`SendFAXMail Trigger: ${claim.reason}`);
			return refuse(503, 'shared state unavailable, deliver again later');
		}
		if (claim.state === 'busy') return refuse(503, 'event is being handled, deliver again later');
		if (claim.state === 'seen') {
			response.status(200).json({ received: true, ignored: 'event already delivered' });
			return { noWebhookResponse: true };
		}
		// Made permanent just before n8n gets the event; see eventOnce.ts for a crash in between.
		const complete = async (): Promise<IWebhookResponseData | undefined> => {
			const kept = await settle(claim.complete);
			if (!kept.ok) {
				this.logger.error(`SendFAXMail Trigger: ${(kept.error as Error).message}`);
				return refuse(503, 'shared state unavailable, deliver again later');
			}
			if (kept.value) return undefined;
			response.status(200).json({ received: true, ignored: 'event handled by another delivery' });
			return { noWebhookResponse: true };
		};

		const type = String(event.type ?? '');
		const wanted = this.getNodeParameter('events', []) as string[];
		if (!wanted.includes(type)) {
			const stop = await complete();
			if (stop) return stop;
			response
				.status(200)
				.json({ received: true, ignored: `event ${type || '(none)'} not selected` });
			return { noWebhookResponse: true };
		}

		const data = (event.data && typeof event.data === 'object' ? event.data : {}) as IDataObject;
		const fax = sendFaxMailToUnified(data);
		if (type === 'fax.received') fax.status = 'delivered';
		const options = this.getNodeParameter('options', {}) as IDataObject;
		const json: IDataObject = {
			event: type,
			eventId: event.id ?? null,
			eventCreatedAt: event.created_at ?? null,
			...faxJson(fax, wantsRaw(options)),
			from: data.from ?? null,
			direction: data.direction ?? (type === 'fax.received' ? 'inbound' : 'outbound'),
		};

		const binary =
			type === 'fax.received' && options.downloadDocument !== false
				? await downloadDocument(this, data, String(options.binaryPropertyName || 'data'))
				: undefined;
		if (binary && 'warning' in binary) json.documentWarning = binary.warning;

		const stop = await complete();
		if (stop) return stop;
		return {
			workflowData: [
				[
					{
						json: tableOrder(json),
						...(binary && 'binary' in binary ? { binary: binary.binary } : {}),
					},
				],
			],
		};
	}
}

/**
 * The inbound document, fetched with the credential, but only from the credential's own base
 * URL so the API key never goes to a host named in a payload.
 */
async function downloadDocument(
	ctx: IWebhookFunctions,
	data: IDataObject,
	propertyName: string,
): Promise<
	| {
			binary: Record<
				string,
				Awaited<ReturnType<IWebhookFunctions['helpers']['prepareBinaryData']>>
			>;
	  }
	| { warning: string }
	| undefined
> {
	const url = typeof data.document_url === 'string' ? data.document_url : undefined;
	if (!url) return undefined;
	const transport = await createTransport(ctx, sendFaxMailAdapter, {
		itemIndex: 0,
		maxRateLimitWaitSeconds: 30,
	});
	if (!url.startsWith(`${transport.baseUrl}/`)) {
		return { warning: 'document_url is not on the SendFAXMail API host; not downloaded' };
	}
	try {
		const response = await transport.request<Buffer>({
			method: 'GET',
			path: url.slice(transport.baseUrl.length),
			responseType: 'buffer',
			headers: { Accept: 'application/pdf' },
			retry: 'safe',
			rateLimitBucket: 'read',
		});
		const bytes = Buffer.from(response.body);
		const fileName = `fax-${String(data.id ?? 'received')}.pdf`;
		return {
			binary: {
				[propertyName]: await ctx.helpers.prepareBinaryData(bytes, fileName, 'application/pdf'),
			},
		};
	} catch (error) {
		// The event itself must still start the workflow; the next node can retry the download.
		ctx.logger.warn(
			`SendFAXMail Trigger could not download a received document: ${(error as Error).message}`,
		);
		return { warning: `document download failed: ${(error as Error).message}` };
	}
}
