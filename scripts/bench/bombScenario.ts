/**
 * One document-bounds scenario in its own process (so peak RSS belongs to it alone): load the
 * harness, build the document, optionally send it once through the Fax node (continueOnFail),
 * then print `{ ms, refused, maxRssBytes, … }` as JSON.
 * Usage: node bombScenario.js <bomb|ordinary> <bytes> <run: 0|1> <baseUrlsJson>
 */
import { monitorEventLoopDelay } from 'node:perf_hooks';

import { exactSize, scanLikePdf } from '../lib/pdf';
import { pdfBomb } from '../lib/pdfBomb';
import { FAX_NODE, openHarness, sendParameters, simCredentials } from '../lib/setup';

export interface BombScenarioResult {
	kind: 'bomb' | 'ordinary';
	run: boolean;
	documentBytes: number;
	/** Wall time of the one n8n-core execution of the Fax node. */
	ms: number;
	/** CPU time this process spent in it (user + system): less disturbed by other load. */
	cpuMs: number;
	/** Longest the event loop was blocked during that execution. */
	maxBlockMs: number;
	refused: boolean;
	message: string | null;
	rssBeforeBytes: number;
	maxRssBytes: number;
}

async function documentOf(kind: string, bytes: number): Promise<Buffer> {
	// A bomb of `bytes` inflates about 1000-fold; an ordinary document is a 50-page scan.
	if (kind === 'bomb') return pdfBomb({ inflatedBytes: Math.round((bytes / 1.04) * 1024) });
	return exactSize(await scanLikePdf(bytes - 16_384, 50, 13), bytes);
}

async function main(): Promise<void> {
	const [kind, bytesArg, runArg, baseUrlsJson] = process.argv.slice(2);
	const baseUrls = JSON.parse(baseUrlsJson) as {
		faxRocks: string;
		faxDrop: string;
		sendFaxMail: string;
	};
	// pdf-lib warns (offsets only) about the objects it skips.
	// eslint-disable-next-line no-console
	console.warn = () => undefined;
	const harness = await openHarness();
	const pdf = await documentOf(kind, Number(bytesArg));
	const rssBefore = process.memoryUsage().rss;
	const delay = monitorEventLoopDelay({ resolution: 10 });
	let ms = 0;
	let cpuMs = 0;
	let refused = false;
	let message: string | null = null;
	if (runArg === '1') {
		delay.enable();
		const started = performance.now();
		const cpuBefore = process.cpuUsage();
		const result = await harness.runNode({
			type: FAX_NODE,
			parameters: sendParameters('sendFaxMail', '+12125550150'),
			credentials: simCredentials({ baseUrls }),
			binaries: [{ data: { data: pdf, fileName: 'referral.pdf', mimeType: 'application/pdf' } }],
			nodeOptions: { continueOnFail: true },
		});
		ms = performance.now() - started;
		const cpu = process.cpuUsage(cpuBefore);
		cpuMs = (cpu.user + cpu.system) / 1000;
		delay.disable();
		// A sent fax's item has `error: null`; an error item has the message.
		const error = result.items[0]?.json.error as { message?: string } | string | null | undefined;
		refused = error !== undefined && error !== null;
		message = typeof error === 'string' ? error : (error?.message ?? null);
	}
	await harness.close();
	const output: BombScenarioResult = {
		kind: kind as BombScenarioResult['kind'],
		run: runArg === '1',
		documentBytes: pdf.length,
		ms,
		cpuMs,
		maxBlockMs: runArg === '1' ? delay.max / 1e6 : 0,
		refused,
		message,
		rssBeforeBytes: rssBefore,
		maxRssBytes: process.resourceUsage().maxRSS * 1024,
	};
	process.stdout.write(`${JSON.stringify(output)}\n`);
}

main().catch((error: unknown) => {
	process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
	process.exitCode = 1;
});
