import { appendFileSync } from 'node:fs';

import type { ExecutionError, INodeExecutionData } from 'n8n-workflow';

import type { Harness } from '../../test/harness';
import {
	HARNESS_SOURCE_TYPE,
	registerPayload,
	releasePayload,
} from '../../test/harness/source-node';
import { FAX_NODE, simCredentials, type ProviderName, type SimUrls } from '../lib/setup';
import type { IntendedFax } from './intended';

/** The Fax node's Request Timeout in the soak: the `hang` fault meets it. */
export const SOAK_REQUEST_TIMEOUT_SECONDS = 2;

/** What the user sees for one intended fax after the execution. */
export interface Observed {
	fax: IntendedFax;
	/** Output items paired with the fax's input item (one per recipient). */
	items: INodeExecutionData[];
	/** The node's error when its run failed (after n8n's retries): shown on the execution. */
	error?: ExecutionError;
	/** The run of the Fax node that handled it never happened (an earlier run failed). */
	notRun: boolean;
}

export type Shape = 'oneRun' | 'twoRuns';

const FAX = 'Fax';

/**
 * One workflow execution in real n8n-core. `oneRun`: Source → Fax. `twoRuns`: Source A → Fax and
 * Source A → Source B → Fax, so the Fax node runs twice in the execution, as in a loop.
 * The node has Retry On Fail on (3 tries, no wait).
 */
export async function runExecution(
	harness: Harness,
	sim: SimUrls,
	provider: ProviderName,
	shape: Shape,
	faxes: IntendedFax[],
): Promise<{
	observed: Observed[];
	executionError?: unknown;
	errorTexts: unknown[];
	outputs: INodeExecutionData[];
}> {
	const batches =
		shape === 'oneRun'
			? [faxes]
			: [faxes.slice(0, Math.ceil(faxes.length / 2)), faxes.slice(Math.ceil(faxes.length / 2))];
	const payloads = batches.map((batch) =>
		registerPayload(
			batch.map((fax) => ({
				json: { to: fax.to },
				binary: {
					data: { data: fax.document, fileName: 'referral.pdf', mimeType: 'application/pdf' },
				},
			})),
		),
	);
	const sources = payloads.map((_, index) => `Source ${String.fromCharCode(65 + index)}`);
	try {
		const result = await harness.runWorkflow({
			nodes: [
				...sources.map((name, index) => ({
					name,
					type: HARNESS_SOURCE_TYPE,
					typeVersion: 1,
					parameters: { payloadId: payloads[index] },
				})),
				{
					name: FAX,
					type: FAX_NODE,
					parameters: {
						provider,
						resource: 'fax',
						operation: 'send',
						toNumber: '={{ $json.to }}',
						binaryPropertyName: 'data',
						// A hung request ends as the uncertain outcome after this, not after minutes.
						options: { requestTimeoutSeconds: SOAK_REQUEST_TIMEOUT_SECONDS },
					},
					retryOnFail: true,
					maxTries: 3,
					waitBetweenTries: 0,
				},
			],
			connections: Object.fromEntries(
				sources.map((name, index) => [
					name,
					{
						main: [
							[
								{ node: FAX, type: 'main', index: 0 },
								...(sources[index + 1]
									? [{ node: sources[index + 1], type: 'main' as const, index: 0 }]
									: []),
							],
						],
					},
				]),
			),
			credentials: simCredentials(sim),
			startNode: sources[0],
		});

		// Which Fax run handled which batch: the run's input comes from one source.
		const runs = result.taskData(FAX);
		const observed: Observed[] = [];
		const outputs: INodeExecutionData[] = [];
		batches.forEach((batch, batchIndex) => {
			const runIndex = runs.findIndex(
				(task) => task.source?.[0]?.previousNode === sources[batchIndex],
			);
			const task = runIndex >= 0 ? runs[runIndex] : undefined;
			const items = task?.data?.main?.[0] ?? [];
			outputs.push(...items);
			batch.forEach((fax, itemIndex) => {
				observed.push({
					fax,
					items: items.filter((item) => {
						const paired = Array.isArray(item.pairedItem) ? item.pairedItem[0] : item.pairedItem;
						return typeof paired === 'object' && paired?.item === itemIndex;
					}),
					error: task?.error,
					notRun: task === undefined,
				});
			});
		});
		const executionError = result.run.data.resultData.error;
		// SOAK_FAILED_EXECUTIONS=<file>: one JSON line per failed execution (error, description with
		// the sends before it, each Fax run's error and output size), to tell which request failed.
		const dump = process.env.SOAK_FAILED_EXECUTIONS;
		if (executionError && dump) {
			const describe = (error: unknown) => error as { message?: string; description?: string };
			const line = {
				message: describe(executionError).message,
				description: describe(executionError).description,
				runs: runs.map((task) => ({
					source: task.source?.[0]?.previousNode,
					error: describe(task.error).message,
					description: describe(task.error).description,
					items: task.data?.main?.[0]?.length,
					executionTime: task.executionTime,
				})),
				batches: batches.map((batch) => batch.map((fax) => fax.to)),
			};
			appendFileSync(dump, `${JSON.stringify(line)}\n`);
		}
		return {
			observed,
			executionError,
			errorTexts: [executionError, ...runs.map((task) => task.error)].filter(Boolean),
			outputs,
		};
	} finally {
		payloads.forEach(releasePayload);
	}
}
