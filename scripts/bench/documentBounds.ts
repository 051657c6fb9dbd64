import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';

import { PDFDocument } from 'pdf-lib';

import { exactSize, scanLikePdf } from '../lib/pdf';
import { PACKAGE_DIR } from '../lib/setup';
import type { SimProcess } from '../lib/simProcess';
import { median } from '../lib/stats';
import type { BombScenarioResult } from './bombScenario';

const run = promisify(execFile);

export interface DocumentBoundsResult {
	/** The bomb's process without sending (harness loaded, bomb built): the RSS baseline. */
	bombIdle: BombScenarioResult;
	bomb: BombScenarioResult;
	ordinaryIdle: BombScenarioResult;
	/** An ordinary large document sent once: the time baseline. */
	ordinary: BombScenarioResult;
	/** Peak RSS the refusal added over the idle bomb process. */
	bombExtraRssBytes: number;
	/** ms per step for the ordinary document, in this process (medians). */
	checks: Array<{ step: string; ms: number }>;
}

async function scenario(
	sim: SimProcess,
	kind: 'bomb' | 'ordinary',
	bytes: number,
	send: boolean,
): Promise<BombScenarioResult> {
	const script = path.join(__dirname, 'bombScenario.js');
	const { stdout } = await run(
		process.execPath,
		[script, kind, String(bytes), send ? '1' : '0', JSON.stringify(sim.baseUrls)],
		{ maxBuffer: 1024 * 1024 },
	);
	return JSON.parse(stdout.trim().split('\n').pop() as string) as BombScenarioResult;
}

interface DocumentModule {
	loadPdf(data: Buffer): Promise<unknown>;
}
interface BuildModule {
	buildFaxDocument(inputs: unknown[], options: unknown): Promise<unknown>;
}
// eslint-disable-next-line @typescript-eslint/no-require-imports
const load = <T>(file: string) => require(path.join(PACKAGE_DIR, 'dist/nodes/Fax', file)) as T;

async function medianMs(repeats: number, step: () => Promise<unknown>): Promise<number> {
	const samples: number[] = [];
	for (let index = 0; index < repeats; index++) {
		const started = performance.now();
		await step();
		samples.push(performance.now() - started);
	}
	return median(samples);
}

/** What the document checks cost an ordinary large PDF, against pdf-lib's plain load. */
async function measureChecks(bytes: number, repeats: number) {
	const pdf = exactSize(await scanLikePdf(bytes - 16_384, 50, 13), bytes);
	const { loadPdf } = load<DocumentModule>('document/inspectPdf');
	const { buildFaxDocument } = load<BuildModule>('document/buildFaxDocument');
	const build = (removeHiddenContent: boolean) => () =>
		buildFaxDocument([{ data: pdf, propertyName: 'data' }], {
			target: 'pdf',
			pageSize: 'Letter',
			providerName: 'SendFAXMail',
			itemIndex: 0,
			removeHiddenContent,
		});
	return [
		{
			step: 'pdf-lib load + page walk, unbounded (what the node did before)',
			ms: await medianMs(repeats, async () => {
				const doc = await PDFDocument.load(pdf, { ignoreEncryption: true, updateMetadata: false });
				return doc.getPages().length;
			}),
		},
		{
			step: 'loadPdf, bounded (node)',
			ms: await medianMs(repeats, async () => await loadPdf(pdf)),
		},
		{
			step: 'buildFaxDocument, Remove Hidden Content off (node)',
			ms: await medianMs(repeats, build(false)),
		},
		{
			step: 'buildFaxDocument, Remove Hidden Content on (node default)',
			ms: await medianMs(repeats, build(true)),
		},
	];
}

/**
 * A 3 MB decompression bomb (inflating to 3 GB) sent once through the Fax node, each in its
 * own process; baselines: the same process idle, and an ordinary 50-page document.
 */
export async function measureDocumentBounds(
	sim: SimProcess,
	options: { bombBytes: number; ordinaryBytes: number },
): Promise<DocumentBoundsResult> {
	const bombIdle = await scenario(sim, 'bomb', options.bombBytes, false);
	const bomb = await scenario(sim, 'bomb', options.bombBytes, true);
	const ordinaryIdle = await scenario(sim, 'ordinary', options.ordinaryBytes, false);
	const ordinary = await scenario(sim, 'ordinary', options.ordinaryBytes, true);
	await sim.control('POST', '/reset');
	return {
		bombIdle,
		bomb,
		ordinaryIdle,
		ordinary,
		bombExtraRssBytes: bomb.maxRssBytes - bombIdle.maxRssBytes,
		checks: await measureChecks(options.ordinaryBytes, 15),
	};
}
