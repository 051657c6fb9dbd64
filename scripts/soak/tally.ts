import type { SimFaxView } from '../../simulator';
import type { ProviderName } from '../lib/setup';
import type { Observed } from './execution';

export type Outcome = 'id' | 'uncertain' | 'acceptedNoId' | 'failedItem' | 'errorShown' | 'missing';

export interface ProviderTally {
	provider: ProviderName;
	intended: number;
	created: number;
	duplicates: number;
	outcomes: Record<Outcome, number>;
	/** Uncertain outcomes reported, and how many of those faxes really exist. */
	uncertainCreated: number;
	/** Errors shown for faxes that nevertheless went out (a re-send by the user duplicates them). */
	errorShownButCreated: number;
	/** Neither sent-and-identified, nor uncertain, nor a visible error: wrong ids, vanished items. */
	silentLosses: number;
	examples: string[];
}

function outcomeOf(entry: Observed): Outcome {
	const [item] = entry.items;
	if (!item) return entry.error || entry.notRun ? 'errorShown' : 'missing';
	const json = item.json as { id?: unknown; status?: unknown; error?: { code?: unknown } | null };
	if (json.error && json.error.code === 'OUTCOME_UNCERTAIN') return 'uncertain';
	if (json.error) return 'failedItem';
	if (typeof json.id === 'string' && json.id) return 'id';
	return 'acceptedNoId';
}

/** Compares what the user saw for every intended fax with the faxes the simulator created. */
export function tally(
	provider: ProviderName,
	observed: Observed[],
	simFaxes: SimFaxView[],
): ProviderTally {
	const byNumber = new Map<string, SimFaxView[]>();
	for (const fax of simFaxes) byNumber.set(fax.to, [...(byNumber.get(fax.to) ?? []), fax]);
	const outcomes: Record<Outcome, number> = {
		id: 0,
		uncertain: 0,
		acceptedNoId: 0,
		failedItem: 0,
		errorShown: 0,
		missing: 0,
	};
	const result: ProviderTally = {
		provider,
		intended: observed.length,
		created: 0,
		duplicates: 0,
		outcomes,
		uncertainCreated: 0,
		errorShownButCreated: 0,
		silentLosses: 0,
		examples: [],
	};
	const example = (text: string) => {
		if (result.examples.length < 8) result.examples.push(text);
	};
	for (const entry of observed) {
		const created = byNumber.get(entry.fax.to) ?? [];
		const outcome = outcomeOf(entry);
		outcomes[outcome]++;
		result.created += created.length;
		if (created.length > 1) {
			result.duplicates += created.length - 1;
			example(`${created.length} faxes created for one intended fax (outcome ${outcome})`);
		}
		if (outcome === 'uncertain' && created.length > 0) result.uncertainCreated++;
		if ((outcome === 'errorShown' || outcome === 'failedItem') && created.length > 0) {
			result.errorShownButCreated++;
			example(
				`error shown, but ${created.length} fax(es) created (${entry.error?.message ?? 'failed item'})`,
			);
		}
		const reportedId = String(entry.items[0]?.json.id ?? '');
		const lost =
			outcome === 'missing' ||
			(outcome === 'id' && !created.some((fax) => fax.id === reportedId)) ||
			(outcome === 'acceptedNoId' && created.length === 0);
		if (lost) {
			result.silentLosses++;
			example(
				`silent loss: outcome ${outcome}, reported id ${reportedId || '-'}, ${created.length} created for the number`,
			);
		}
	}
	return result;
}
