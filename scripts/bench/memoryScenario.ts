/**
 * One memory scenario in its own process (so peak RSS belongs to it alone): load the harness,
 * build one document of `bytes` bytes, send it `items` times in one n8n-core execution of the
 * Fax node, then print `{ items, maxRssBytes, … }` as JSON. `items` 0 measures the idle process.
 * Usage: node memoryScenario.js <provider> <items> <bytes> <baseUrlsJson>
 */
import { exactSize, scanLikePdf } from '../lib/pdf';
import {
	FAX_NODE,
	openHarness,
	sendParameters,
	simCredentials,
	type ProviderName,
} from '../lib/setup';

async function main(): Promise<void> {
	const [provider, itemsArg, bytesArg, baseUrlsJson] = process.argv.slice(2);
	const items = Number(itemsArg);
	const bytes = Number(bytesArg);
	const baseUrls = JSON.parse(baseUrlsJson) as {
		faxRocks: string;
		faxDrop: string;
		sendFaxMail: string;
	};
	const harness = await openHarness();
	const pdf = exactSize(await scanLikePdf(bytes - 4096, 8, 11), bytes);
	const rssBefore = process.memoryUsage().rss;
	let sent = 0;
	const runAndCount = async (): Promise<number> => {
		const result = await harness.runNode({
			type: FAX_NODE,
			parameters: sendParameters(provider as ProviderName, '+12125550150'),
			credentials: simCredentials({ baseUrls }),
			// One Buffer for every item: the input side holds one document, as n8n holds references.
			binaries: Array.from({ length: items }, () => ({
				data: { data: pdf, fileName: 'referral.pdf', mimeType: 'application/pdf' },
			})),
		});
		if (result.nodeError) throw new Error(`Fax node failed: ${result.nodeError.message}`);
		return result.items.filter((item) => typeof item.json.id === 'string').length;
	};
	let retainedBytes: number;
	try {
		if (items > 0) sent = await runAndCount();
		// What the run left behind once garbage is collected (started with --expose-gc).
		const collect = (globalThis as { gc?: () => void }).gc;
		collect?.();
		const usage = process.memoryUsage();
		retainedBytes = usage.heapUsed + usage.arrayBuffers;
	} finally {
		// Also after a failed run: an open harness would keep this process (and the bench) waiting.
		await harness.close();
	}
	process.stdout.write(
		`${JSON.stringify({
			provider,
			items,
			sent,
			documentBytes: pdf.length,
			rssBeforeBytes: rssBefore,
			maxRssBytes: process.resourceUsage().maxRSS * 1024,
			retainedBytes,
		})}\n`,
	);
}

main().catch((error: unknown) => {
	process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
	process.exitCode = 1;
});
