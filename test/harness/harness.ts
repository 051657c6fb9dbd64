import type {
	ICredentialDataDecryptedObject,
	IBinaryData,
	INodeListSearchResult,
} from 'n8n-workflow';
import { ApplicationError } from 'n8n-workflow';

import type { HarnessContext } from './context';
import { testCredential, type CredentialTestResult } from './credential-tester';
import { acquireEnvironment, releaseEnvironment, type HarnessEnvironment } from './environment';
import { loadPackage, type LoadedPackage, type LoadPackageOptions } from './load-package';
import { runListSearch, type ListSearchOptions } from './load-options';
import { runNode, type NodeRunResult, type RunNodeOptions } from './run-node';
import {
	createPoller,
	runPoll,
	type Poller,
	type PollerOptions,
	type PollResult,
} from './run-poll';
import { runWorkflow, type RunWorkflowOptions, type WorkflowRunResult } from './run-workflow';
import { HARNESS_SOURCE_TYPE, HarnessSource } from './source-node';
import { startWebhookHost, type WebhookHost, type WebhookHostOptions } from './webhook-host';

export interface HarnessOptions extends LoadPackageOptions {
	/** Directory of a community package whose built nodes/credentials should be loaded. */
	packageDir?: string;
}

export interface Harness {
	readonly env: HarnessEnvironment;
	readonly package: LoadedPackage;
	runWorkflow(options: RunWorkflowOptions): Promise<WorkflowRunResult>;
	runNode(options: RunNodeOptions): Promise<NodeRunResult>;
	runPoll(options: PollerOptions): Promise<PollResult>;
	createPoller(options: PollerOptions): Poller;
	startWebhookHost(options: WebhookHostOptions): Promise<WebhookHost>;
	testCredential(type: string, data: ICredentialDataDecryptedObject): Promise<CredentialTestResult>;
	/** A resource locator's list request (`methods.listSearch`) in a real `LoadOptionsContext`. */
	listSearch(options: ListSearchOptions): Promise<INodeListSearchResult>;
	/** Bytes of a stored binary (`BinaryDataService.getAsBuffer`). */
	readBinary(binary: IBinaryData): Promise<Buffer>;
	/** Path of a stored binary in the filesystem store. */
	binaryPath(binary: IBinaryData): string;
	/** Closes webhook hosts and releases the n8n-core environment (deletes the temp dir). */
	close(): Promise<void>;
}

/**
 * Sets up n8n-core (DI services, filesystem binary data in a temp dir), loads the package's
 * built nodes and credentials (plus in-process fixtures) and returns the run helpers.
 * Call `close()` in `afterAll`.
 */
export async function createHarness(options: HarnessOptions = {}): Promise<Harness> {
	const env = await acquireEnvironment();
	let loaded: LoadedPackage;
	try {
		loaded = await loadPackage(options.packageDir, {
			nodes: { [HARNESS_SOURCE_TYPE]: new HarnessSource(), ...(options.nodes ?? {}) },
			credentials: options.credentials,
		});
	} catch (error) {
		await releaseEnvironment();
		// eslint-disable-next-line @n8n/community-nodes/require-node-api-error -- harness setup, not node code
		throw error;
	}

	let executionCounter = 0;
	let closed = false;
	const ctx: HarnessContext = {
		env,
		nodeTypes: loaded.nodeTypes,
		credentialTypes: loaded.credentialTypes,
		nextExecutionId: () => String(++executionCounter),
		closers: new Set(),
	};
	const ensureOpen = () => {
		if (closed) throw new ApplicationError('The harness has been closed');
	};

	return {
		env,
		package: loaded,
		runWorkflow: async (o) => (ensureOpen(), await runWorkflow(ctx, o)),
		runNode: async (o) => (ensureOpen(), await runNode(ctx, o)),
		runPoll: async (o) => (ensureOpen(), await runPoll(ctx, o)),
		createPoller: (o) => (ensureOpen(), createPoller(ctx, o)),
		startWebhookHost: async (o) => (ensureOpen(), await startWebhookHost(ctx, o)),
		testCredential: async (type, data) => (ensureOpen(), await testCredential(ctx, type, data)),
		listSearch: async (o) => (ensureOpen(), await runListSearch(ctx, o)),
		readBinary: async (binary) => await env.binaryDataService.getAsBuffer(binary),
		binaryPath: (binary) => {
			if (!binary.id) throw new ApplicationError('Binary data is not stored (no id)');
			return env.binaryDataService.getPath(binary.id);
		},
		close: async () => {
			if (closed) return;
			closed = true;
			const results = await Promise.allSettled([...ctx.closers].map(async (fn) => await fn()));
			await releaseEnvironment();
			const failed = results.find((r): r is PromiseRejectedResult => r.status === 'rejected');
			if (failed) throw failed.reason;
		},
	};
}
