import { Credentials, getAdditionalKeys } from 'n8n-core';
import type {
	ICredentialDataDecryptedObject,
	ICredentialsExpressionResolveValues,
	IExecuteData,
	IHttpRequestHelper,
	IHttpRequestOptions,
	INode,
	INodeCredentialsDetails,
	INodeParameters,
	INodeProperties,
	INodeType,
	INodeTypes,
	IRequestOptionsSimplified,
	IWorkflowDataProxyAdditionalKeys,
	IWorkflowExecuteAdditionalData,
	WorkflowExecuteMode,
} from 'n8n-workflow';
import {
	ICredentialsHelper,
	NodeHelpers,
	UnexpectedError,
	Workflow,
	isExpression,
} from 'n8n-workflow';

import type { HarnessCredentialTypes } from './types-registry';

/** The `{ id, name }` a harness node uses to reference the stored credential of a type. */
export function credentialReference(type: string): INodeCredentialsDetails {
	return { id: `harness-${type}`, name: `${type} (harness)` };
}

const mockNode: INode = {
	id: 'mock',
	name: '',
	typeVersion: 1,
	type: 'mock',
	position: [0, 0],
	parameters: {},
};

const mockNodeTypes: INodeTypes = {
	getByName: () => ({ description: { properties: [] } }) as unknown as INodeType,
	getByNameAndVersion: () => ({ description: { properties: [] } }) as unknown as INodeType,
	getKnownTypes: () => ({}),
};

/**
 * `ICredentialsHelper` for the harness: one stored credential per credential type, kept
 * encrypted with n8n-core's `Credentials` class (instance encryption key), and applied to
 * requests with the same logic as the n8n cli's `CredentialsHelper`:
 * - `authenticate` as a function is called with (credentials, requestOptions);
 * - `authenticate` `{ type: 'generic', properties }` resolves every key and value as an n8n
 *   expression with `$credentials` (via `workflow.expression.getSimpleParameterValue`) and
 *   assigns it into `requestOptions[headers|qs|body|auth]`;
 * - `getDecrypted` adds the credential properties' defaults and resolves expressions in the
 *   data (`applyDefaultsAndOverwrites`);
 * - `preAuthentication` runs for credentials with an expirable hidden property, and the
 *   refreshed data is written back to the store (like the cli writes it to the database).
 */
export class HarnessCredentialsHelper extends ICredentialsHelper {
	private readonly store = new Map<string, Credentials>();

	/** Every request options object that went through `authenticate` (after authentication). */
	readonly authenticatedRequests: Array<{ type: string; options: IHttpRequestOptions }> = [];

	constructor(
		readonly credentialTypes: HarnessCredentialTypes,
		data: Record<string, ICredentialDataDecryptedObject> = {},
	) {
		super();
		for (const [type, values] of Object.entries(data)) this.setCredentials(type, values);
	}

	setCredentials(type: string, data: ICredentialDataDecryptedObject): void {
		const { id, name } = credentialReference(type);
		const credentials = new Credentials({ id, name }, type);
		credentials.setData(data);
		this.store.set(type, credentials);
	}

	hasCredentials(type: string): boolean {
		return this.store.has(type);
	}

	/** The stored (raw, decrypted) data — reflects `preAuthentication` / OAuth token updates. */
	getStoredData(type: string): ICredentialDataDecryptedObject | undefined {
		return this.store.get(type)?.getData();
	}

	getParentTypes(name: string): string[] {
		return this.credentialTypes.getParentTypes(name);
	}

	async authenticate(
		credentials: ICredentialDataDecryptedObject,
		typeName: string,
		incomingRequestOptions: IHttpRequestOptions | IRequestOptionsSimplified,
		workflow?: Workflow,
		node?: INode,
	): Promise<IHttpRequestOptions> {
		const requestOptions = incomingRequestOptions;
		const credentialType = this.credentialTypes.getByName(typeName);

		if (credentialType.authenticate) {
			if (typeof credentialType.authenticate === 'function') {
				const result = await credentialType.authenticate(
					credentials,
					requestOptions as IHttpRequestOptions,
				);
				this.authenticatedRequests.push({ type: typeName, options: result });
				return result;
			}

			if (typeof credentialType.authenticate === 'object') {
				if (!workflow || !node) {
					throw new UnexpectedError(
						'Workflow and node are required for declarative credential authentication',
					);
				}
				const { authenticate } = credentialType;
				if (requestOptions.headers === undefined) requestOptions.headers = {};

				if (authenticate.type === 'generic') {
					const target = requestOptions as unknown as Record<string, Record<string, unknown>>;
					for (const [outerKey, outerValue] of Object.entries(authenticate.properties)) {
						for (const [key, value] of Object.entries(outerValue as Record<string, string>)) {
							const keyResolved = this.resolveValue(
								key,
								{ $credentials: credentials },
								workflow,
								node,
							);
							const valueResolved = this.resolveValue(
								value,
								{ $credentials: credentials },
								workflow,
								node,
							);
							if (!target[outerKey]) target[outerKey] = {};
							target[outerKey][keyResolved] = valueResolved;
						}
					}
				}
			}
		}

		this.authenticatedRequests.push({
			type: typeName,
			options: requestOptions as IHttpRequestOptions,
		});
		return requestOptions as IHttpRequestOptions;
	}

	async preAuthentication(
		helpers: IHttpRequestHelper,
		credentials: ICredentialDataDecryptedObject,
		typeName: string,
		node: INode,
		credentialsExpired: boolean,
	): Promise<ICredentialDataDecryptedObject | undefined> {
		const credentialType = this.credentialTypes.getByName(typeName);
		const expirableProperty = credentialType.properties.find(
			(property) => property.type === 'hidden' && property?.typeOptions?.expirable === true,
		);
		if (expirableProperty?.name === undefined) return undefined;

		// Same check as the cli: the credential tester's temp node.
		const isTestingCredentials =
			node?.parameters?.temp === '' && node?.type === 'n8n-nodes-base.noOp';

		if (typeof credentialType.preAuthentication === 'function') {
			if (
				credentials[expirableProperty.name] === '' ||
				credentialsExpired ||
				isTestingCredentials
			) {
				const output = await credentialType.preAuthentication.call(helpers, credentials);
				if (output[expirableProperty.name] === undefined) return undefined;
				if (node.credentials) {
					const stored = this.getStoredData(typeName) ?? {};
					const dataToPersist: ICredentialDataDecryptedObject = { ...stored };
					for (const [key, value] of Object.entries(output as ICredentialDataDecryptedObject)) {
						if (key === expirableProperty.name || !isExpression(stored[key])) {
							dataToPersist[key] = value;
						}
					}
					this.setCredentials(typeName, dataToPersist);
					return Object.assign(credentials, output);
				}
			}
		}
		return undefined;
	}

	async getCredentials(
		_nodeCredentials: INodeCredentialsDetails,
		type: string,
	): Promise<Credentials> {
		const credentials = this.store.get(type);
		if (!credentials) {
			throw new UnexpectedError(`The harness has no credentials of type "${type}"`, {
				extra: { known: [...this.store.keys()] },
			});
		}
		return credentials;
	}

	async getDecrypted(
		additionalData: IWorkflowExecuteAdditionalData,
		nodeCredentials: INodeCredentialsDetails,
		type: string,
		mode: WorkflowExecuteMode,
		executeData?: IExecuteData,
		raw?: boolean,
		expressionResolveValues?: ICredentialsExpressionResolveValues,
	): Promise<ICredentialDataDecryptedObject> {
		const credentials = await this.getCredentials(nodeCredentials, type);
		const decryptedDataOriginal = credentials.getData();
		if (raw === true) return decryptedDataOriginal;
		return await this.applyDefaultsAndOverwrites(
			additionalData,
			decryptedDataOriginal,
			type,
			mode,
			executeData,
			expressionResolveValues,
		);
	}

	/** Same steps as the cli's `applyDefaultsAndOverwrites` (there are no overwrites here). */
	async applyDefaultsAndOverwrites(
		additionalData: IWorkflowExecuteAdditionalData,
		decryptedDataOriginal: ICredentialDataDecryptedObject,
		type: string,
		mode: WorkflowExecuteMode,
		executeData?: IExecuteData,
		expressionResolveValues?: ICredentialsExpressionResolveValues,
	): Promise<ICredentialDataDecryptedObject> {
		const credentialsProperties = this.getCredentialsProperties(type);
		let decryptedData = NodeHelpers.getNodeParameters(
			credentialsProperties,
			{ ...decryptedDataOriginal } as INodeParameters,
			true,
			false,
			null,
			null,
		) as ICredentialDataDecryptedObject;

		if (decryptedDataOriginal.oauthTokenData !== undefined) {
			decryptedData.oauthTokenData = decryptedDataOriginal.oauthTokenData;
		}

		const additionalKeys = getAdditionalKeys(additionalData, mode, null);

		if (expressionResolveValues) {
			try {
				decryptedData = expressionResolveValues.workflow.expression.getParameterValue(
					decryptedData as INodeParameters,
					expressionResolveValues.runExecutionData,
					expressionResolveValues.runIndex,
					expressionResolveValues.itemIndex,
					expressionResolveValues.node.name,
					expressionResolveValues.connectionInputData,
					mode,
					additionalKeys,
					executeData,
					false,
					decryptedData,
				) as ICredentialDataDecryptedObject;
			} catch (e) {
				e.message += ' [Error resolving credentials]';
				// eslint-disable-next-line @n8n/community-nodes/require-node-api-error -- same rethrow as the cli's CredentialsHelper
				throw e;
			}
		} else {
			const workflow = new Workflow({
				nodes: [{ ...mockNode }],
				connections: {},
				active: false,
				nodeTypes: mockNodeTypes,
			});
			decryptedData = workflow.expression.getComplexParameterValue(
				mockNode,
				decryptedData as INodeParameters,
				mode,
				additionalKeys,
				undefined,
				undefined,
				decryptedData,
			) as ICredentialDataDecryptedObject;
		}
		return decryptedData;
	}

	async updateCredentials(
		_nodeCredentials: INodeCredentialsDetails,
		type: string,
		data: ICredentialDataDecryptedObject,
	): Promise<void> {
		this.setCredentials(type, data);
	}

	async updateCredentialsOauthTokenData(
		_nodeCredentials: INodeCredentialsDetails,
		type: string,
		data: ICredentialDataDecryptedObject,
	): Promise<void> {
		const stored = this.getStoredData(type) ?? {};
		this.setCredentials(type, { ...stored, oauthTokenData: data.oauthTokenData });
	}

	getCredentialsProperties(type: string): INodeProperties[] {
		return this.credentialTypes.getCredentialsProperties(type);
	}

	private resolveValue(
		parameterValue: string,
		additionalKeys: IWorkflowDataProxyAdditionalKeys,
		workflow: Workflow,
		node: INode,
	): string {
		if (!isExpression(parameterValue)) return parameterValue;
		const returnValue = workflow.expression.getSimpleParameterValue(
			node,
			parameterValue,
			'internal',
			additionalKeys,
			undefined,
			'',
		);
		if (!returnValue) return '';
		return returnValue.toString();
	}
}
