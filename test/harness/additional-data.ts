import type { ExecutionLifecycleHooks } from 'n8n-core';
import type { ICredentialsHelper, IWorkflowExecuteAdditionalData } from 'n8n-workflow';
import { ApplicationError } from 'n8n-workflow';

import type { HarnessEnvironment } from './environment';

export const INSTANCE_BASE_URL = 'http://localhost:5678';

export interface AdditionalDataOptions {
	env: HarnessEnvironment;
	credentialsHelper: ICredentialsHelper;
	hooks?: ExecutionLifecycleHooks;
	/** What `getExecutionId()` returns. Unset for poll/webhook/hook contexts, as in n8n. */
	executionId?: string;
	/** Base of production webhook URLs (`<base>/<webhookId>/<path>`). */
	webhookBaseUrl?: string;
}

/**
 * A real `IWorkflowExecuteAdditionalData` with the fields n8n-core reads while executing nodes
 * (what the cli's `WorkflowExecuteAdditionalData.getBase()` provides), minus the features the
 * harness does not host: sub-workflow execution, task runners (Code node), AI event logging.
 */
export function buildAdditionalData(
	options: AdditionalDataOptions,
): IWorkflowExecuteAdditionalData {
	const webhookBaseUrl = options.webhookBaseUrl ?? `${INSTANCE_BASE_URL}/webhook`;
	return {
		credentialsHelper: options.credentialsHelper,
		hooks: options.hooks,
		executionId: options.executionId,
		currentNodeExecutionIndex: 0,
		restApiUrl: `${INSTANCE_BASE_URL}/rest`,
		instanceBaseUrl: INSTANCE_BASE_URL,
		formWaitingBaseUrl: `${INSTANCE_BASE_URL}/form-waiting`,
		webhookBaseUrl,
		webhookWaitingBaseUrl: `${INSTANCE_BASE_URL}/webhook-waiting`,
		webhookTestBaseUrl: `${INSTANCE_BASE_URL}/webhook-test`,
		variables: {},
		externalSecretsProxy: options.env.externalSecretsProxy,
		setExecutionStatus: () => {},
		logAiEvent: () => {},
		executeWorkflow: async () => {
			throw new ApplicationError('The n8n harness does not execute sub-workflows');
		},
		getRunExecutionData: async () => undefined,
		startRunnerTask: async () => {
			throw new ApplicationError('The n8n harness has no task runners');
		},
	};
}
