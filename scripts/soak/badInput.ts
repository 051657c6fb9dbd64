import type { Simulator } from '../../simulator';
import type { Harness } from '../../test/harness';
import type { ProviderName } from '../lib/setup';
import { runExecution } from './execution';
import { DOCUMENT_MARKER, type IntendedFax } from './intended';
import { errorText, type LeakScanner } from './scan';

export interface BadInputRun {
	provider: ProviderName;
	executions: number;
	errorsShown: number;
	faxesCreated: number;
}

/**
 * Inputs the node must refuse before any upload — a number too short to dial, a document that
 * is not a PDF but text — so the error paths, too, are scanned for numbers and document content.
 */
export function badInputs(provider: ProviderName): IntendedFax[] {
	return [
		{
			provider,
			to: '+1 219 555 01',
			marker: DOCUMENT_MARKER,
			document: Buffer.from('%PDF-1.4 truncated'),
		},
		{
			provider,
			to: '+12195550199',
			marker: DOCUMENT_MARKER,
			document: Buffer.from(
				`${DOCUMENT_MARKER}: fictional referral typed as plain text, not a PDF\n`,
			),
		},
	];
}

export async function runBadInputs(
	harness: Harness,
	sim: Simulator,
	provider: ProviderName,
	scanner: LeakScanner,
): Promise<BadInputRun> {
	const inputs = badInputs(provider);
	scanner.addIntended(inputs);
	let errorsShown = 0;
	for (const input of inputs) {
		const result = await runExecution(harness, sim, provider, 'oneRun', [input]);
		if (result.executionError) errorsShown++;
		for (const error of result.errorTexts)
			scanner.scanAll(`${provider} bad-input error`, errorText(error));
		for (const item of result.outputs)
			scanner.scanAll(`${provider} bad-input item`, JSON.stringify(item.json));
	}
	const faxesCreated = inputs.reduce(
		(sum, input) => sum + sim.faxes({ provider, to: input.to.replace(/\s/g, '') }).length,
		0,
	);
	return { provider, executions: inputs.length, errorsShown, faxesCreated };
}
