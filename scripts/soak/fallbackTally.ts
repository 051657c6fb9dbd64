import type {
	ICredentialDataDecryptedObject,
	INodeExecutionData,
	INodeParameters,
} from 'n8n-workflow';

import type { SimFaxView, Simulator } from '../../simulator';
import type { Harness, NodeOptions } from '../../test/harness';
import { FAX_NODE, simCredentials, type ProviderName } from '../lib/setup';
import type { IntendedFax } from './intended';
import { errorText, type LeakScanner } from './scan';

/**
 * The shared-state scenarios of the soak (a provider answering 5xx then 4xx, Redis stopping
 * mid-batch) run the Fax node with Failed Sends = Output as Item With Outcome and then do what
 * a fallback workflow does: send every item whose `outcome` is `not_sent` again. A wrong
 * `not_sent` becomes a duplicate; nothing must be missing or claimed without a fax.
 */
export interface FallbackTally {
	scenario: string;
	provider: ProviderName;
	intended: number;
	/** Items reporting each outcome (before the fallback). */
	sent: number;
	uncertain: number;
	notSent: number;
	/** Faxes the provider had before the fallback ran / after it. */
	createdBefore: number;
	createdAfter: number;
	/** Faxes beyond one per intended fax after the fallback. */
	duplicates: number;
	/**
	 * No item for the fax; `sent` without a fax (or with another fax's id); `not_sent` although
	 * the fax existed (the fallback then duplicates it).
	 */
	silentLosses: number;
	/** Intended faxes with no fax at the end (only `uncertain` ones may be: the user checks). */
	missingAtEnd: number;
	examples: string[];
}

export interface ItemsRun {
	/** One entry per intended fax: its output item (undefined when none came out). */
	items: Array<INodeExecutionData | undefined>;
	nodeError?: unknown;
}

/** One execution of the Fax node (Send) over `faxes`, one item each, as Output as Item. */
export async function runItems(
	harness: Harness,
	provider: ProviderName,
	faxes: IntendedFax[],
	options: {
		credentials: Record<string, ICredentialDataDecryptedObject>;
		parameters?: INodeParameters;
		executionId: string;
		scanner: LeakScanner;
		label: string;
	},
): Promise<ItemsRun> {
	const run = await harness.runNode({
		type: FAX_NODE,
		workflowId: `wf-soak-${options.label}`,
		parameters: {
			provider,
			resource: 'fax',
			operation: 'send',
			toNumber: '={{ $json.to }}',
			binaryPropertyName: 'data',
			failureMode: 'outputItems',
			options: { requestTimeoutSeconds: 5 },
			...(options.parameters ?? {}),
		},
		credentials: options.credentials,
		items: faxes.map((fax) => ({
			json: { to: fax.to },
			binary: {
				data: { data: fax.document, fileName: 'referral.pdf', mimeType: 'application/pdf' },
			},
		})),
		executionId: options.executionId,
		nodeOptions: { retryOnFail: true, maxTries: 3, waitBetweenTries: 0 } as NodeOptions,
	});
	for (const item of run.items) {
		options.scanner.scanDocument(`${options.label} item`, JSON.stringify(item.json));
		const json = item.json as { error?: unknown };
		if (json.error)
			options.scanner.scanAll(`${options.label} item error`, JSON.stringify(json.error));
	}
	if (run.nodeError)
		options.scanner.scanAll(`${options.label} node error`, errorText(run.nodeError));
	const items = faxes.map((_, index) =>
		run.items.find((item) => {
			const paired = Array.isArray(item.pairedItem) ? item.pairedItem[0] : item.pairedItem;
			return typeof paired === 'object' && paired?.item === index;
		}),
	);
	return { items, nodeError: run.nodeError };
}

/** The fallback: every `not_sent` item sent again, straight to the simulator without faults. */
export async function runFallback(
	harness: Harness,
	sim: Simulator,
	provider: ProviderName,
	faxes: IntendedFax[],
	run: ItemsRun,
	scanner: LeakScanner,
	label: string,
): Promise<void> {
	const again = faxes.filter((_, index) => outcomeOf(run.items[index]) === 'not_sent');
	if (!again.length) return;
	await runItems(harness, provider, again, {
		credentials: simCredentials(sim),
		executionId: `exec-${label}-fallback`,
		scanner,
		label: `${label}-fallback`,
	});
}

function outcomeOf(item: INodeExecutionData | undefined): string | undefined {
	return item ? String((item.json as { outcome?: unknown }).outcome) : undefined;
}

export function tallyFallback(
	scenario: string,
	provider: ProviderName,
	faxes: IntendedFax[],
	run: ItemsRun,
	before: SimFaxView[],
	after: SimFaxView[],
): FallbackTally {
	const result: FallbackTally = {
		scenario,
		provider,
		intended: faxes.length,
		sent: 0,
		uncertain: 0,
		notSent: 0,
		createdBefore: 0,
		createdAfter: 0,
		duplicates: 0,
		silentLosses: 0,
		missingAtEnd: 0,
		examples: [],
	};
	const example = (text: string) => {
		if (result.examples.length < 6) result.examples.push(text);
	};
	faxes.forEach((fax, index) => {
		const had = before.filter((created) => created.to === fax.to);
		const has = after.filter((created) => created.to === fax.to);
		result.createdBefore += had.length;
		result.createdAfter += has.length;
		if (has.length > 1) {
			result.duplicates += has.length - 1;
			example(`${has.length} faxes for one intended fax (outcome ${outcomeOf(run.items[index])})`);
		}
		const item = run.items[index];
		const json = (item?.json ?? {}) as { outcome?: unknown; id?: unknown };
		if (json.outcome === 'sent') result.sent++;
		if (json.outcome === 'uncertain') result.uncertain++;
		if (json.outcome === 'not_sent') result.notSent++;
		const id = typeof json.id === 'string' && json.id ? json.id : undefined;
		const lost =
			!item ||
			(json.outcome === 'sent' && (had.length === 0 || (id && !had.some((f) => f.id === id)))) ||
			(json.outcome === 'not_sent' && had.length > 0);
		if (lost) {
			result.silentLosses++;
			example(
				`silent loss: outcome ${String(json.outcome ?? 'no item')}, ${had.length} fax(es) before the fallback`,
			);
		}
		if (has.length === 0 && json.outcome !== 'uncertain') result.missingAtEnd++;
	});
	return result;
}

/** A markdown table of the scenario tallies. */
export function fallbackTable(tallies: FallbackTally[]): string {
	const header =
		'| Scenario | Provider | intended | sent | uncertain | not_sent | faxes before fallback | after fallback | duplicates | silent losses | missing at end |';
	const rows = tallies.map(
		(t) =>
			`| ${t.scenario} | ${t.provider} | ${t.intended} | ${t.sent} | ${t.uncertain} | ${t.notSent} | ${t.createdBefore} | ${t.createdAfter} | ${t.duplicates} | ${t.silentLosses} | ${t.missingAtEnd} |`,
	);
	return [header, '|---|---|---|---|---|---|---|---|---|---|---|', ...rows].join('\n');
}

export function fallbackClean(tallies: FallbackTally[]): boolean {
	return tallies.every((t) => t.duplicates === 0 && t.silentLosses === 0 && t.missingAtEnd === 0);
}

/**
 * What both fallback scenarios do after their run: send every `not_sent` item again (as a
 * fallback workflow would) and tally the faxes of these recipients before and after it.
 */
export async function fallbackAndTally(
	harness: Harness,
	sim: Simulator,
	scenario: string,
	provider: ProviderName,
	faxes: IntendedFax[],
	run: ItemsRun,
	scanner: LeakScanner,
	label: string,
): Promise<FallbackTally> {
	const mine = new Set(faxes.map((fax) => fax.to));
	const ours = () => sim.faxes({ provider }).filter((fax) => mine.has(fax.to));
	const before = ours();
	await runFallback(harness, sim, provider, faxes, run, scanner, label);
	return tallyFallback(scenario, provider, faxes, run, before, ours());
}
