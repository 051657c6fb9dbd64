/**
 * One crafted-document case in its own process (so peak RSS belongs to it alone): build the
 * file, load the harness, optionally send it once through the Fax node (faxrocks, whose 50 MiB
 * limit lets every case reach the parser; continueOnFail), then print the result as JSON.
 * Usage: node craftedScenario.js <caseId> <run: 0|1> <baseUrlsJson>
 */
import { craftedCase } from '../lib/craftedCases';
import { FAX_NODE, openHarness, sendParameters, simCredentials } from '../lib/setup';

export interface CraftedScenarioResult {
	id: string;
	run: boolean;
	documentBytes: number;
	/** Wall time of the one n8n-core execution of the Fax node. */
	ms: number;
	/** CPU time this process spent in it (user + system). */
	cpuMs: number;
	/** Longest time the event loop did not turn during that execution. */
	maxBlockMs: number;
	refused: boolean;
	message: string | null;
	maxRssBytes: number;
}

/**
 * The longest stretch the event loop did not turn, from a 1 ms interval's gaps (plus the gap
 * from its last tick to the end): unlike `monitorEventLoopDelay`, a single block that lasts
 * the whole execution is seen too.
 */
function blockMeter(): { stop(): number } {
	let last = performance.now();
	let longest = 0;
	const timer = setInterval(() => {
		const now = performance.now();
		longest = Math.max(longest, now - last);
		last = now;
	}, 1);
	return {
		stop() {
			clearInterval(timer);
			return Math.max(longest, performance.now() - last);
		},
	};
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
	let ms = 0;
	let cpuMs = 0;
	let maxBlockMs = 0;
	let refused = false;
	let message: string | null = null;
	if (runArg === '1') {
		const started = performance.now();
		const cpuBefore = process.cpuUsage();
		const meter = blockMeter();
		const result = await harness.runNode({
			type: FAX_NODE,
			parameters: sendParameters('faxRocks', '+12125550150'),
			credentials: simCredentials({ baseUrls }),
			binaries: [{ data: { data, fileName: entry.fileName, mimeType: entry.mimeType } }],
			nodeOptions: { continueOnFail: true },
		});
		maxBlockMs = meter.stop();
		ms = performance.now() - started;
		const cpu = process.cpuUsage(cpuBefore);
		cpuMs = (cpu.user + cpu.system) / 1000;
		const error = result.items[0]?.json.error as { message?: string } | string | null | undefined;
		refused = error !== undefined && error !== null;
		message = typeof error === 'string' ? error : (error?.message ?? null);
	}
	await harness.close();
	const output: CraftedScenarioResult = {
		id,
		run: runArg === '1',
		documentBytes: data.length,
		ms,
		cpuMs,
		maxBlockMs,
		refused,
		message,
		maxRssBytes: process.resourceUsage().maxRSS * 1024,
	};
	process.stdout.write(`${JSON.stringify(output)}\n`);
}

main().catch((error: unknown) => {
	process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
	process.exitCode = 1;
});
