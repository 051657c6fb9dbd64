/**
 * One crafted-document case in its own process (so peak RSS belongs to it alone): build the
 * file, load the harness, optionally send it once through the Fax node (faxrocks, whose 50 MiB
 * limit lets every case reach the parser; continueOnFail), then print the result as JSON.
 * Usage: node craftedScenario.js <caseId> <run: 0|1> <baseUrlsJson>
 */
import { craftedCase } from '../lib/craftedCases';
import { openHarness } from '../lib/setup';
import { NOT_SENT, intervalGapMeter, timedSend, type TimedSend } from './timedSend';

export interface CraftedScenarioResult extends TimedSend {
	id: string;
	run: boolean;
	documentBytes: number;
	maxRssBytes: number;
}

async function main(): Promise<void> {
	const [id, runArg, baseUrlsJson] = process.argv.slice(2);
	const baseUrls = JSON.parse(baseUrlsJson) as {
		faxRocks: string;
		faxDrop: string;
		sendFaxMail: string;
	};
	// pdf-lib warns (offsets only) about the objects it skips.
	// eslint-disable-next-line no-console
	console.warn = () => undefined;
	const entry = craftedCase(id);
	const data = entry.make();
	const harness = await openHarness();
	const sent =
		runArg === '1'
			? await timedSend(harness, {
					provider: 'faxRocks',
					sim: { baseUrls },
					document: { data, fileName: entry.fileName, mimeType: entry.mimeType },
					meter: intervalGapMeter,
				})
			: NOT_SENT;
	await harness.close();
	const output: CraftedScenarioResult = {
		id,
		run: runArg === '1',
		documentBytes: data.length,
		...sent,
		maxRssBytes: process.resourceUsage().maxRSS * 1024,
	};
	process.stdout.write(`${JSON.stringify(output)}\n`);
}

main().catch((error: unknown) => {
	process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
	process.exitCode = 1;
});
