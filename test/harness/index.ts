export { createHarness, type Harness, type HarnessOptions } from './harness';
export { loadPackage, type LoadedPackage, type LoadPackageOptions } from './load-package';
export { HarnessCredentialsHelper, credentialReference } from './credentials-helper';
export { HarnessCredentialTypes, HarnessNodeTypes, type AnyNodeType } from './types-registry';
export {
	DEFAULT_SETTINGS,
	type CredentialsData,
	type HarnessContext,
	type HarnessNode,
} from './context';
export type { RunWorkflowOptions, WorkflowRunResult } from './run-workflow';
export type { NodeOptions, NodeRunResult, RunNodeOptions } from './run-node';
export type { Poller, PollerOptions, PollMode, PollResult } from './run-poll';
export type {
	ReceivedWebhookCall,
	WebhookHost,
	WebhookHostOptions,
	WebhookLifecycleCall,
	WebhookSetupMethod,
} from './webhook-host';
export type { WebhookRequest, WebhookResponse } from './webhook-http';
export type { CredentialTestResult } from './credential-tester';
export type { ListSearchOptions } from './load-options';
export {
	HARNESS_SOURCE_NAME,
	HARNESS_SOURCE_TYPE,
	HarnessSource,
	type BinaryInput,
	type HarnessInputItem,
} from './source-node';
export { harnessLogger, type HarnessEnvironment } from './environment';
export type { HarnessLogger, LogEntry } from './logger';
export {
	startTestServer,
	type RecordedRequest,
	type TestHandler,
	type TestResponse,
	type TestServer,
} from './test-server';
export { Container as n8nCoreContainer, LoggerToken } from './core-internals';
