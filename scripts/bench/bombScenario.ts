/**
 * One document-bounds scenario in its own process (so peak RSS belongs to it alone): load the
 * harness, build the document, optionally send it once through the Fax node (continueOnFail),
 * then print `{ ms, refused, maxRssBytes, … }` as JSON.
 * Usage: node bombScenario.js <bomb|ordinary> <bytes> <run: 0|1> <baseUrlsJson>
 */
import { exactSize, scanLikePdf } from '../lib/pdf';
import { pdfBomb } from '../lib/pdfBomb';
import { openHarness } from '../lib/setup';
import { NOT_SENT, loopDelayMeter, timedSend, type TimedSend } from './timedSend';

export interface BombScenarioResult extends TimedSend {
	kind: 'bomb' | 'ordinary';
	run: boolean;
	documentBytes: number;
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
	const sent =
		runArg === '1'
			? await timedSend(harness, {
					provider: 'sendFaxMail',
					sim: { baseUrls },
					document: { data: pdf, fileName: 'referral.pdf', mimeType: 'application/pdf' },
					meter: loopDelayMeter,
				})
			: NOT_SENT;
	await harness.close();
	const output: BombScenarioResult = {
		kind: kind as BombScenarioResult['kind'],
		run: runArg === '1',
		documentBytes: pdf.length,
		...sent,
		rssBeforeBytes: rssBefore,
		maxRssBytes: process.resourceUsage().maxRSS * 1024,
	};
	process.stdout.write(`${JSON.stringify(output)}\n`);
}

main().catch((error: unknown) => {
	process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
	process.exitCode = 1;
});
