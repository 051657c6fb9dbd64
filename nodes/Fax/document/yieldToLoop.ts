import { sleep } from 'n8n-workflow';

import { PdfReaderFault } from './errors';

/**
 * Lets other executions run (n8n-workflow's `sleep`, which every supported n8n has). If that
 * fails, n8n-workflow has changed under the package: an internal fault, never the document's.
 */
export async function yieldToLoop(): Promise<void> {
	// Called inside then(): a missing sleep throws there, not out of this function.
	const failure = await Promise.resolve()
		.then(async () => await sleep(0))
		.then(
			() => undefined,
			(error: unknown) => error ?? new Error('sleep failed'),
		);
	if (failure === undefined) return;
	const what = failure instanceof Error ? `${failure.name}: ${failure.message}` : String(failure);
	throw new PdfReaderFault(`yielding to other executions failed: ${what.slice(0, 300)}`);
}
