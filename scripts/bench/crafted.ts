import { CRAFTED_CASES, type CraftedCase } from '../lib/craftedCases';
import { runScenario } from './scenarioProcess';
import type { SimProcess } from '../lib/simProcess';
import type { CraftedScenarioResult } from './craftedScenario';

export interface CraftedResult {
	entry: Pick<CraftedCase, 'id' | 'label' | 'issue'>;
	idle: CraftedScenarioResult;
	sent: CraftedScenarioResult;
	/** Peak RSS of the sending process over the idle one (same file built, harness loaded). */
	extraRssBytes: number;
}

async function scenario(
	sim: SimProcess,
	id: string,
	send: boolean,
): Promise<CraftedScenarioResult> {
	return await runScenario<CraftedScenarioResult>('craftedScenario.js', [
		id,
		send ? '1' : '0',
		JSON.stringify(sim.baseUrls),
	]);
}

/**
 * Every crafted case (`BENCH_CRAFTED=id,id` for some), each sent once through the Fax node in
 * its own process, beside the same process idle.
 */
export async function measureCrafted(
	sim: SimProcess,
	log: (text: string) => void,
): Promise<CraftedResult[]> {
	const only = process.env.BENCH_CRAFTED?.split(',');
	const results: CraftedResult[] = [];
	for (const entry of CRAFTED_CASES) {
		if (only && !only.includes(entry.id)) continue;
		log(`crafted: ${entry.label}`);
		const idle = await scenario(sim, entry.id, false);
		const sent = await scenario(sim, entry.id, true);
		results.push({
			entry: { id: entry.id, label: entry.label, issue: entry.issue },
			idle,
			sent,
			extraRssBytes: Math.max(0, sent.maxRssBytes - idle.maxRssBytes),
		});
	}
	await sim.control('POST', '/reset');
	return results;
}
