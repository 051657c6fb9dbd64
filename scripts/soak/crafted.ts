/**
 * Crafted documents in the soak (issue 17): while the providers' ordinary sends run, one
 * execution after another sends each small crafted file (scripts/lib/craftedCases.ts) through
 * the Fax node to faxrocks, round after round; meanwhile a 10 ms interval timer watches the
 * event loop for the whole soak. A stall is a gap of more than 250 ms: n8n not running other
 * executions, timers or HTTP. Refused files must create no fax.
 */
import type { Simulator } from '../../simulator';
import type { Harness } from '../../test/harness';
import { CRAFTED_CASES } from '../lib/craftedCases';
import { FAX_NODE, sendParameters, simCredentials } from '../lib/setup';

export const STALL_MS = 250;

export interface CraftedSoakRun {
	executions: number;
	refused: number;
	sent: number;
	/** Provider errors (the soak's injected faults), not the document checks. */
	otherErrors: number;
	/** Faxes the simulator holds for refused files' number: must be 0. */
	faxesForRefused: number;
	stalls: number;
	longestBlockMs: number;
	/** Each stall: its gap and the crafted file being processed then (null: none). */
	stallsSeen: Array<{ ms: number; during: string | null }>;
	cases: string[];
}

/** One (fictional) number per case, so the simulator's faxes tell whether a refused file got through. */
const numberOf = (index: number) => `+121955501${String(50 + index).padStart(2, '0')}`;

function stallWatch(during: () => string | null) {
	let last = performance.now();
	let longest = 0;
	const seen: Array<{ ms: number; during: string | null }> = [];
	const timer = setInterval(() => {
		const now = performance.now();
		const gap = now - last - 10;
		if (gap > STALL_MS) seen.push({ ms: gap, during: during() });
		longest = Math.max(longest, gap);
		last = now;
	}, 10);
	return {
		stop() {
			clearInterval(timer);
			return { seen, longest };
		},
	};
}

/**
 * Starts the crafted sends and the stall watch; `finish` stops them once the caller's runs
 * are done (after at least one full round) and reports.
 */
export function startCraftedDocuments(
	harness: Harness,
	sim: Simulator,
	rounds = Number(process.env.SOAK_CRAFTED_ROUNDS ?? 3),
) {
	const cases = CRAFTED_CASES.filter((entry) => entry.small);
	// Built before the watch starts: building a crafted file (150 000 objects) is itself a
	// long synchronous step of this script, not of the node.
	const files = cases.map((entry) => entry.make());
	let current: string | null = null;
	const watch = stallWatch(() => current);
	const run: CraftedSoakRun = {
		executions: 0,
		refused: 0,
		sent: 0,
		otherErrors: 0,
		faxesForRefused: 0,
		stalls: 0,
		longestBlockMs: 0,
		stallsSeen: [],
		cases: cases.map((entry) => entry.label),
	};
	const refusedCases = new Set<number>();
	const sends = (async () => {
		for (let round = 0; round < rounds; round++) {
			for (const [index, entry] of cases.entries()) {
				current = entry.label;
				const result = await harness.runNode({
					type: FAX_NODE,
					parameters: sendParameters('faxRocks', numberOf(index)),
					credentials: simCredentials({ baseUrls: sim.baseUrls }),
					binaries: [
						{ data: { data: files[index], fileName: entry.fileName, mimeType: entry.mimeType } },
					],
					nodeOptions: { continueOnFail: true },
				});
				run.executions++;
				const error = result.items[0]?.json.error as
					| { message?: string }
					| string
					| null
					| undefined;
				const message = typeof error === 'string' ? error : error?.message;
				if (!error) run.sent++;
				else if (message?.startsWith('Binary property')) {
					run.refused++;
					refusedCases.add(index);
				} else run.otherErrors++;
				current = null;
			}
		}
	})();
	return {
		async finish(): Promise<CraftedSoakRun> {
			await sends;
			const { seen, longest } = watch.stop();
			run.stalls = seen.length;
			run.stallsSeen = seen;
			run.longestBlockMs = longest;
			for (const index of refusedCases) {
				run.faxesForRefused += sim.faxes({ provider: 'faxRocks', to: numberOf(index) }).length;
			}
			return run;
		},
	};
}

export function craftedSoakSection(run: CraftedSoakRun): string {
	return `
## Crafted documents

${run.executions} executions of the Fax node (Send to faxrocks) with crafted files, one after
another while the ordinary sends ran: ${run.cases.join('; ')}.
${run.refused} refused by the document checks, ${run.sent} processed and sent, ${run.otherErrors} provider errors
(injected faults); ${run.faxesForRefused} faxes created for a refused file. Event loop over the
whole soak (10 ms interval timer): **${run.stalls} stalls** (gaps over ${STALL_MS} ms), longest gap ${run.longestBlockMs.toFixed(0)} ms.
${run.stallsSeen.map((stall) => `- ${stall.ms.toFixed(0)} ms, ${stall.during ? `while the Fax node processed: ${stall.during}` : 'while no crafted file was being processed'}`).join('\n')}
`;
}
