import { CredentialTestContext, ExecuteContext, RoutingNode } from 'n8n-core';
import type {
	ICredentialDataDecryptedObject,
	ICredentialsDecrypted,
	ICredentialTestFunction,
	ICredentialTestRequestData,
	IDataObject,
	IExecuteData,
	INode,
	INodeCredentialTestResult,
	INodeExecutionData,
	INodeType,
	INodeTypes,
	ITaskDataConnections,
} from 'n8n-workflow';
import {
	NodeConnectionTypes,
	NodeHelpers,
	UnexpectedError,
	Workflow,
	createRunExecutionData,
} from 'n8n-workflow';

import { buildAdditionalData } from './additional-data';
import { createCredentialsHelper, type HarnessContext } from './context';
import { credentialReference } from './credentials-helper';

export interface CredentialTestResult extends INodeCredentialTestResult {
	/** Extra detail the cli does not return: the HTTP status and n8n's error for failed requests. */
	details?: {
		httpCode?: number;
		/** Message of the thrown error (for 401/403 n8n's `NodeApiError` says "Authorization failed - please check your credentials"). */
		errorMessage?: string;
		/** The provider's message as `NodeApiError` extracted it (`description`). */
		errorDescription?: string | null;
	};
}

// The cli's tester uses n8n-nodes-base's NoOp node as the carrier of the test request.
const noOpNodeType: INodeType = {
	description: {
		displayName: 'No Operation, do nothing',
		name: 'noOp',
		icon: 'fa:arrow-right',
		group: ['organization'],
		version: 1,
		description: 'No Operation',
		defaults: { name: 'No Operation, do nothing', color: '#b0b0b0' },
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		properties: [],
	},
};

function getCredentialTestFunction(
	ctx: HarnessContext,
	credentialType: string,
): ICredentialTestFunction | ICredentialTestRequestData | undefined {
	const type = ctx.credentialTypes.getByName(credentialType);
	if (type.test) return { testRequest: type.test };

	for (const nodeName of ctx.credentialTypes.getSupportedNodes(credentialType)) {
		if (!ctx.nodeTypes.has(nodeName)) continue;
		const node = ctx.nodeTypes.getByName(nodeName);
		const allNodeTypes: INodeType[] =
			'nodeVersions' in node ? Object.values(node.nodeVersions) : [node];
		for (const nodeType of allNodeTypes) {
			for (const { name, testedBy } of nodeType.description.credentials ?? []) {
				if (name !== credentialType || !testedBy) continue;
				if (typeof testedBy === 'string') {
					const fn = nodeType.methods?.credentialTest?.[testedBy];
					if (fn) return fn;
					continue;
				}
				return { nodeType, testRequest: testedBy };
			}
		}
	}
	return undefined;
}

/**
 * Tests credential data like n8n's cli `CredentialsTester.testCredentials`: the credential
 * type's `test` request (or a node's `testedBy`) is put on a temporary NoOp node as a routing
 * request and executed by n8n-core's `RoutingNode` — so `baseURL`/`url` expressions are
 * resolved with `$credentials`, the credential's `authenticate` is applied by the credentials
 * helper and the request is sent by n8n-core's `httpRequestWithAuthentication` (axios).
 *
 * The error handling is the cli's: if the thrown error has `cause.response`, a matching
 * `responseCode` rule → its message, else non-2xx → the status text; `cause.code` → the code;
 * otherwise the error's message. NOTE: in n8n-workflow 2.8.0 `NodeApiError` loses its `cause`
 * (the `cause` class field re-initialises it after `super()`), so with n8n 2.8 every failed
 * request ends in the last branch: the `NodeApiError` message ("Authorization failed - please
 * check your credentials" for 401, "Forbidden - perhaps check your credentials?" for 403, "The
 * service refused the connection - perhaps it is offline" for ECONNREFUSED) and `responseCode`
 * rules never apply. A 2xx response is checked against `responseSuccessBody` rules, otherwise
 * `{ status: 'OK', message: 'Connection successful!' }`.
 */
export async function testCredential(
	ctx: HarnessContext,
	credentialType: string,
	data: ICredentialDataDecryptedObject,
): Promise<CredentialTestResult> {
	const credentialTestFunction = getCredentialTestFunction(ctx, credentialType);
	if (credentialTestFunction === undefined) {
		return { status: 'Error', message: 'No testing function found for this credential.' };
	}

	const credentialsHelper = createCredentialsHelper(ctx, { [credentialType]: data });
	const additionalData = buildAdditionalData({ env: ctx.env, credentialsHelper });
	const reference = credentialReference(credentialType);
	const credentialsDecrypted: ICredentialsDecrypted = {
		id: reference.id as string,
		name: reference.name,
		type: credentialType,
		data,
	};
	try {
		credentialsDecrypted.data = await credentialsHelper.applyDefaultsAndOverwrites(
			additionalData,
			data,
			credentialType,
			'internal',
		);
	} catch (error) {
		return { status: 'Error', message: String(error.message) };
	}

	if (typeof credentialTestFunction === 'function') {
		const context = new CredentialTestContext();
		return await credentialTestFunction.call(context, credentialsDecrypted);
	}

	const nodeType = credentialTestFunction.nodeType ?? noOpNodeType;
	const { version } = nodeType.description;
	const node: INode = {
		id: 'temp',
		parameters: {},
		name: 'Temp-Node',
		type: nodeType.description.name,
		typeVersion: Array.isArray(version) ? version.slice(-1)[0] : version,
		position: [0, 0],
		credentials: { [credentialType]: reference },
	};
	const nodeTypeCopy: INodeType = {
		description: {
			...nodeType.description,
			credentials: [{ name: credentialType, required: true }],
			properties: [
				{
					displayName: 'Temp',
					name: 'temp',
					type: 'string',
					routing: { request: credentialTestFunction.testRequest.request },
					default: '',
				},
			],
		},
	};
	const mockNodeTypes: INodeTypes = {
		getKnownTypes: () => ({}),
		getByName: (name) => {
			if (name !== nodeTypeCopy.description.name)
				throw new UnexpectedError(`Unknown node type ${name}`);
			return nodeTypeCopy;
		},
		getByNameAndVersion: (name, typeVersion) =>
			NodeHelpers.getVersionedNodeType(mockNodeTypes.getByName(name), typeVersion),
	};
	const workflow = new Workflow({
		nodes: [node],
		connections: {},
		active: false,
		nodeTypes: mockNodeTypes,
	});

	const inputData: ITaskDataConnections = { main: [[{ json: {} }]] };
	const connectionInputData: INodeExecutionData[] = [];
	const executeData: IExecuteData = { node, data: {}, source: null };
	const executeFunctions = new ExecuteContext(
		workflow,
		node,
		additionalData,
		'internal',
		createRunExecutionData(),
		0,
		connectionInputData,
		inputData,
		executeData,
		[],
	);
	const routingNode = new RoutingNode(executeFunctions, nodeTypeCopy, credentialsDecrypted);

	const rules = credentialTestFunction.testRequest.rules;
	let response: INodeExecutionData[][] | null | undefined;
	try {
		response = await routingNode.runNode();
	} catch (error) {
		ctx.env.logger.debug('Credential test failed', { error });
		const httpCode = error.cause?.response?.status ?? error.httpCode;
		const details = {
			httpCode: httpCode === undefined || httpCode === null ? undefined : Number(httpCode),
			errorMessage: String(error.message),
			errorDescription: error.description as string | null | undefined,
		};
		if (error.cause?.response) {
			const statusCode = error.cause.response.status as number;
			const statusMessage = error.cause.response.statusText as string | undefined;
			for (const rule of Array.isArray(rules) ? rules : []) {
				if (rule.type === 'responseCode' && statusCode === rule.properties.value) {
					return { status: 'Error', message: rule.properties.message, details };
				}
			}
			if (statusCode < 199 || statusCode > 299) {
				return {
					status: 'Error',
					message: statusMessage || `Received HTTP status code: ${statusCode}`,
					details,
				};
			}
		} else if (error.cause?.code) {
			return { status: 'Error', message: String(error.cause.code), details };
		}
		return { status: 'Error', message: String(error.message), details };
	}

	for (const rule of Array.isArray(rules) ? rules : []) {
		if (rule.type === 'responseSuccessBody') {
			const responseData = response?.[0]?.[0]?.json ?? {};
			if (getPath(responseData, rule.properties.key) === rule.properties.value) {
				return { status: 'Error', message: rule.properties.message };
			}
		}
	}
	return { status: 'OK', message: 'Connection successful!' };
}

function getPath(data: IDataObject, key: string): unknown {
	let value: unknown = data;
	for (const part of key.replace(/\[(\w+)\]/g, '.$1').split('.')) {
		if (part === '') continue;
		// Like lodash `get` (what the cli uses): a string answer has properties too, e.g.
		// `constructor.name` === 'String'.
		if (value === null || value === undefined) return undefined;
		value = (Object(value) as Record<string, unknown>)[part];
	}
	return value;
}
