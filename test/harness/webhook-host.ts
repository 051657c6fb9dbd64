import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

import { HookContext, WebhookContext } from 'n8n-core';
import type {
	IDataObject,
	IHttpRequestMethods,
	INode,
	INodeExecutionData,
	INodeParameters,
	IWebhookData,
	IWebhookDescription,
	IWebhookResponseData,
	IWorkflowExecuteAdditionalData,
	IWorkflowSettings,
	Workflow,
	WorkflowActivateMode,
	WorkflowExecuteMode,
} from 'n8n-workflow';
import { ApplicationError, Node, NodeHelpers } from 'n8n-workflow';

import { buildAdditionalData } from './additional-data';
import {
	createCredentialsHelper,
	createWorkflow,
	normalizeNodes,
	snapshotStaticData,
	type CredentialsData,
	type HarnessContext,
} from './context';
import type { HarnessCredentialsHelper } from './credentials-helper';
import { nodeUnderTest, type NodeOptions } from './run-node';
import {
	toWebhookRequest,
	toWebhookResponse,
	type WebhookRequest,
	type WebhookResponse,
} from './webhook-http';

export type WebhookSetupMethod = 'checkExists' | 'create' | 'delete';

export interface WebhookHostOptions {
	/** Full node type name of the webhook trigger. */
	type: string;
	parameters?: INodeParameters;
	credentials?: CredentialsData;
	/** The node's `webhookId` — the first URL segment after `/webhook/` (default: a UUID). */
	webhookPath?: string;
	/** Workflow static data as stored before activation. */
	staticData?: IDataObject;
	/** Run `webhookMethods.<name>.checkExists/create` on start and `delete` on close (default true). */
	activate?: boolean;
	nodeOptions?: NodeOptions;
	settings?: IWorkflowSettings;
	workflowId?: string;
}

export interface ReceivedWebhookCall {
	method: string;
	/** Path relative to the webhook base (`<webhookId>/<path>`). */
	path: string;
	headers: IncomingMessage['headers'];
	rawBody: Buffer;
	body: unknown;
	/** HTTP status sent to the caller. */
	status: number;
	/** Body sent to the caller (`undefined` when the node answered itself). */
	responseBody?: unknown;
	/** What the node's `webhook()` returned as workflow data (an execution would start with it). */
	workflowData?: INodeExecutionData[][];
	webhookResponse?: unknown;
	noWebhookResponse?: boolean;
	/** Set when `webhook()` threw. */
	error?: Error;
}

export interface WebhookLifecycleCall {
	method: WebhookSetupMethod;
	webhookName: string;
	result?: boolean;
	error?: Error;
}

export interface WebhookHost {
	/** Full URL of the node's `default` webhook (as `getNodeWebhookUrl('default')` returns it). */
	url: string;
	/** Full URLs by webhook name (`default`, `setup`, ...). */
	urls: Record<string, string>;
	/** `http://127.0.0.1:<port>/webhook` */
	baseUrl: string;
	node: INode;
	workflow: Workflow;
	received: ReceivedWebhookCall[];
	/** `webhookMethods` calls with a real n8n-core `HookContext`. */
	lifecycle: WebhookLifecycleCall[];
	credentialsHelper: HarnessCredentialsHelper;
	/** JSON snapshot of the workflow's static data. */
	staticData(): IDataObject;
	/** Resolves when no request is being handled. */
	idle(): Promise<void>;
	/** Runs `delete` (when activated), stops the server, drops open connections. */
	close(): Promise<void>;
}

interface RegisteredWebhook {
	data: IWebhookData;
	method: string;
}

const WEBHOOK_ENDPOINT = 'webhook';

function isWorkflowWebhookMethod(method: string): method is IHttpRequestMethods {
	return ['DELETE', 'GET', 'HEAD', 'OPTIONS', 'PATCH', 'POST', 'PUT'].includes(method);
}

/** The cli's `WebhookService.getNodeWebhooks`: one registration per description and method. */
function getNodeWebhooks(
	workflow: Workflow,
	node: INode,
	additionalData: IWorkflowExecuteAdditionalData,
): RegisteredWebhook[] {
	const nodeType = workflow.nodeTypes.getByNameAndVersion(node.type, node.typeVersion);
	const registered: RegisteredWebhook[] = [];
	for (const description of nodeType.description.webhooks ?? []) {
		const path = workflow.expression.getSimpleParameterValue(
			node,
			description.path,
			'internal',
			{},
		);
		if (path === undefined) continue;
		const isFullPath = workflow.expression.getSimpleParameterValue(
			node,
			description.isFullPath,
			'internal',
			{},
			undefined,
			false,
		) as boolean;
		const restartWebhook = workflow.expression.getSimpleParameterValue(
			node,
			description.restartWebhook,
			'internal',
			{},
			undefined,
			false,
		) as boolean;
		const webhookPath = NodeHelpers.getNodeWebhookPath(
			workflow.id,
			node,
			String(path),
			isFullPath,
			restartWebhook,
		);
		const httpMethod = workflow.expression.getSimpleParameterValue(
			node,
			description.httpMethod,
			'internal',
			{},
			undefined,
			'GET',
		);
		const methods = (Array.isArray(httpMethod) ? httpMethod : [httpMethod]).map((m) =>
			String(m).toUpperCase(),
		);
		for (const method of methods) {
			if (!isWorkflowWebhookMethod(method)) continue;
			registered.push({
				method,
				data: {
					httpMethod: method,
					node: node.name,
					path: webhookPath,
					webhookDescription: description,
					workflowId: workflow.id,
					workflowExecuteAdditionalData: additionalData,
					webhookId: node.webhookId,
				},
			});
		}
	}
	return registered;
}

function descriptionValue(
	workflow: Workflow,
	node: INode,
	description: IWebhookDescription,
	key: string,
	defaultValue?: string | number,
): unknown {
	return workflow.expression.getSimpleParameterValue(
		node,
		description[key] as string | undefined,
		'webhook',
		{},
		undefined,
		defaultValue,
	);
}

/**
 * Hosts a webhook trigger node on a local node:http server (127.0.0.1, random port), handling
 * each request like n8n's webhook handler: body buffered into `req.rawBody` and parsed into
 * `req.body`, a real n8n-core `WebhookContext` (request/response in `additionalData`), the
 * node's `webhook()` called, and the `IWebhookResponseData` answered with n8n's rules:
 * `noWebhookResponse` → the node answered itself; no `workflowData` → `webhookResponse` or
 * `{"message":"Webhook call received"}`; `workflowData` in `onReceived` mode →
 * `webhookResponse` or `{"message":"Workflow was started"}` with the description's
 * `responseCode` (default 200). A thrown error answers 500
 * `{"message":"Workflow Webhook Error: Workflow could not be started!"}`.
 */
export async function startWebhookHost(
	ctx: HarnessContext,
	options: WebhookHostOptions,
): Promise<WebhookHost> {
	const credentialsHelper = createCredentialsHelper(ctx, options.credentials);
	const spec = nodeUnderTest(ctx, options);
	const nodeName = spec.name;
	const [node] = normalizeNodes(
		ctx,
		[{ ...spec, webhookId: options.webhookPath ?? options.nodeOptions?.webhookId ?? randomUUID() }],
		Object.keys(options.credentials ?? {}),
	);
	const workflow = createWorkflow(ctx, {
		id: options.workflowId,
		nodes: [node],
		connections: {},
		settings: options.settings,
		staticData: options.staticData,
		active: true,
	});
	const workflowNode = workflow.getNode(nodeName) as INode;
	const nodeType = workflow.nodeTypes.getByNameAndVersion(
		workflowNode.type,
		workflowNode.typeVersion,
	);
	if (!nodeType.webhook)
		throw new ApplicationError(`Node type ${options.type} has no webhook method`);

	const received: ReceivedWebhookCall[] = [];
	const lifecycle: WebhookLifecycleCall[] = [];
	const inFlight = new Set<Promise<void>>();
	let webhooks: RegisteredWebhook[] = [];
	let baseUrl = '';

	const additionalDataFor = (req?: WebhookRequest, res?: WebhookResponse) => {
		const additionalData = buildAdditionalData({
			env: ctx.env,
			credentialsHelper,
			webhookBaseUrl: baseUrl,
		});
		if (req && res) {
			additionalData.httpRequest = req as unknown as IWorkflowExecuteAdditionalData['httpRequest'];
			additionalData.httpResponse =
				res as unknown as IWorkflowExecuteAdditionalData['httpResponse'];
		}
		return additionalData;
	};

	const respond = (res: WebhookResponse, status: number, body: unknown) => {
		if (res.headersSent || res.writableEnded) return;
		res.status(status);
		if (body === undefined) res.end();
		else res.send(body);
	};

	const handle = async (rawReq: IncomingMessage, rawRes: ServerResponse): Promise<void> => {
		const res = toWebhookResponse(rawRes);
		const parsed = await toWebhookRequest(rawReq);
		if ('error' in parsed) {
			// n8n answers an unparsable body with 422 (UnprocessableRequestError).
			respond(res, 422, { code: 422, message: parsed.error });
			return;
		}
		const req = parsed.request;
		const method = (req.method ?? 'GET').toUpperCase();
		const prefix = `/${WEBHOOK_ENDPOINT}/`;
		const path = req.path.startsWith(prefix) ? decodeURI(req.path.slice(prefix.length)) : '';
		const onPath = webhooks.filter((webhook) => webhook.data.path === path);
		const webhook = onPath.find((w) => w.method === method);
		if (!webhook) {
			const message =
				onPath.length > 0
					? `This webhook is not registered for ${method} requests. Did you mean to make a ${onPath[0].method} request?`
					: `The requested webhook "${method} ${path}" is not registered.`;
			respond(res, 404, { code: 404, message });
			return;
		}

		const call: ReceivedWebhookCall = {
			method,
			path,
			headers: req.headers,
			rawBody: req.rawBody,
			body: req.body,
			status: 0,
		};
		const { webhookDescription } = webhook.data;
		const responseMode = String(
			descriptionValue(workflow, workflowNode, webhookDescription, 'responseMode', 'onReceived'),
		);
		const responseCode = Number(
			descriptionValue(workflow, workflowNode, webhookDescription, 'responseCode', 200),
		);
		const responseData = descriptionValue(
			workflow,
			workflowNode,
			webhookDescription,
			'responseData',
		);

		let result: IWebhookResponseData;
		try {
			const context = new WebhookContext(
				workflow,
				workflowNode,
				additionalDataFor(req, res),
				'webhook' satisfies WorkflowExecuteMode,
				webhook.data,
				[],
				null,
			);
			result =
				nodeType instanceof Node
					? await (
							nodeType.webhook as (context: WebhookContext) => Promise<IWebhookResponseData>
						).call(nodeType, context)
					: await (
							nodeType.webhook as (this: WebhookContext) => Promise<IWebhookResponseData>
						).call(context);
		} catch (error) {
			call.error = error as Error;
			const body = { code: 0, message: 'Workflow Webhook Error: Workflow could not be started!' };
			call.status = 500;
			call.responseBody = body;
			received.push(call);
			respond(res, 500, body);
			return;
		}

		call.workflowData = result.workflowData;
		call.webhookResponse = result.webhookResponse;
		call.noWebhookResponse = result.noWebhookResponse;

		let body: unknown;
		let status = responseCode;
		if (result.noWebhookResponse === true) {
			body = undefined;
		} else if (result.workflowData === undefined) {
			body =
				result.webhookResponse !== undefined
					? result.webhookResponse
					: { message: 'Webhook call received' };
		} else if (responseMode === 'onReceived') {
			if (responseData === 'noData') body = undefined;
			else if (
				responseData &&
				!['firstEntryJson', 'allEntries', 'firstEntryBinary'].includes(String(responseData))
			) {
				body = responseData;
			} else if (result.webhookResponse !== undefined) body = result.webhookResponse;
			else body = { message: 'Workflow was started' };
		} else if (responseMode === 'lastNode') {
			// The trigger is the only (hence last) node of the hosted workflow.
			const first = result.workflowData[0]?.[0];
			if (responseData === 'noData') body = undefined;
			else if (responseData === 'allEntries')
				body = (result.workflowData[0] ?? []).map((item) => item.json);
			else
				body = first?.json ?? {
					message: 'Workflow executed successfully but no data was returned',
				};
		} else {
			status = 500;
			body = {
				code: 0,
				message: `The n8n harness does not support response mode '${responseMode}'`,
			};
		}

		if (result.noWebhookResponse === true) {
			call.status = res.headersSent ? res.statusCode : 0;
			received.push(call);
			return;
		}
		call.status = status;
		call.responseBody = body;
		received.push(call);
		respond(res, status, body);
	};

	const server = createServer((req, res) => {
		const task = handle(req, res)
			.catch((error: Error) => {
				ctx.env.logger.error(`Webhook host failed: ${error.message}`);
				if (!res.headersSent) {
					res.statusCode = 500;
					res.end();
				}
			})
			.finally(() => inFlight.delete(task));
		inFlight.add(task);
	});
	await new Promise<void>((resolve, reject) => {
		server.once('error', reject);
		server.listen(0, '127.0.0.1', () => resolve());
	});
	const { port } = server.address() as AddressInfo;
	baseUrl = `http://127.0.0.1:${port}/${WEBHOOK_ENDPOINT}`;
	webhooks = getNodeWebhooks(workflow, workflowNode, additionalDataFor());

	const urls: Record<string, string> = {};
	for (const { data } of webhooks) urls[data.webhookDescription.name] ??= `${baseUrl}/${data.path}`;

	const runSetupMethod = async (
		webhook: RegisteredWebhook,
		method: WebhookSetupMethod,
		mode: WorkflowExecuteMode,
		activation: WorkflowActivateMode,
	): Promise<boolean | undefined> => {
		const name = webhook.data.webhookDescription.name;
		const fn = nodeType.webhookMethods?.[name]?.[method];
		if (fn === undefined) return undefined;
		const context = new HookContext(
			workflow,
			workflowNode,
			additionalDataFor(),
			mode,
			activation,
			webhook.data,
		);
		try {
			const result = await fn.call(context);
			lifecycle.push({ method, webhookName: name, result });
			return result;
		} catch (error) {
			lifecycle.push({ method, webhookName: name, error: error as Error });
			// eslint-disable-next-line @n8n/community-nodes/require-node-api-error -- the node's own error, unchanged (activation fails with it in n8n)
			throw error;
		}
	};

	const activated = options.activate ?? true;
	let closed = false;
	const stopServer = async () => {
		server.closeAllConnections();
		await new Promise<void>((resolve) => server.close(() => resolve()));
	};

	const close = async () => {
		if (closed) return;
		closed = true;
		ctx.closers.delete(close);
		await Promise.allSettled([...inFlight]);
		try {
			if (activated) {
				// ActiveWorkflowManager.removeWorkflowWebhooks(): mode 'internal', activation 'update'.
				for (const webhook of webhooks)
					await runSetupMethod(webhook, 'delete', 'internal', 'update');
			}
		} finally {
			await stopServer();
		}
	};
	ctx.closers.add(close);

	if (activated) {
		try {
			// WebhookService.createWebhookIfNotExists() on activation (mode 'trigger').
			for (const webhook of webhooks) {
				const exists = await runSetupMethod(webhook, 'checkExists', 'trigger', 'activate');
				if (!exists) await runSetupMethod(webhook, 'create', 'trigger', 'activate');
			}
		} catch (error) {
			closed = true;
			ctx.closers.delete(close);
			await stopServer();
			// eslint-disable-next-line @n8n/community-nodes/require-node-api-error -- the node's own error, unchanged (activation fails with it in n8n)
			throw error;
		}
	}

	return {
		url: urls.default ?? Object.values(urls)[0] ?? baseUrl,
		urls,
		baseUrl,
		node: workflowNode,
		workflow,
		received,
		lifecycle,
		credentialsHelper,
		staticData: () => snapshotStaticData(workflow.staticData),
		idle: async () => {
			while (inFlight.size > 0) await Promise.allSettled([...inFlight]);
		},
		close,
	};
}
