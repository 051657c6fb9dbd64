import path from 'node:path';

import { PDFDocument } from 'pdf-lib';

import { exactSize, scanLikePdf } from '../lib/pdf';
import { PACKAGE_DIR } from '../lib/setup';
import { runScenario } from './scenarioProcess';
import type { SimProcess } from '../lib/simProcess';
import { median } from '../lib/stats';
import type { BombScenarioResult } from './bombScenario';

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
	return await runScenario<BombScenarioResult>('bombScenario.js', [
		kind,
		String(bytes),
		send ? '1' : '0',
		JSON.stringify(sim.baseUrls),
	]);
}

interface DocumentModule {
	loadPdf(data: Buffer): Promise<unknown>;
}
interface LimitsModule {
	loadBounded(data: Buffer): Promise<PDFDocument>;
	countPagesBounded(doc: PDFDocument): number;
}
interface BuildModule {
	buildFaxDocument(inputs: unknown[], options: unknown): Promise<unknown>;
}
// eslint-disable-next-line @typescript-eslint/no-require-imports
const load = <T>(file: string) => require(path.join(PACKAGE_DIR, 'dist/nodes/Fax', file)) as T;

/** Medians of the steps, sampled in turn (A, B, C, A, B, C, …) so drift hits all alike. */
async function interleavedMedians(
	repeats: number,
	steps: Array<() => Promise<unknown>>,
): Promise<number[]> {
	const samples = steps.map(() => [] as number[]);
	for (let round = 0; round < repeats; round++) {
		for (const [index, step] of steps.entries()) {
			const started = performance.now();
			await step();
			samples[index].push(performance.now() - started);
		}
	}
	return samples.map(median);
}

/** What the document checks cost an ordinary large PDF, against pdf-lib's plain load. */
async function measureChecks(bytes: number, repeats: number) {
	const pdf = exactSize(await scanLikePdf(bytes - 16_384, 50, 13), bytes);
	const { loadBounded, countPagesBounded } = load<LimitsModule>('document/parseLimits');
	const { loadPdf } = load<DocumentModule>('document/inspectPdf');
	const { buildFaxDocument } = load<BuildModule>('document/buildFaxDocument');
	const build = (removeHiddenContent: boolean) => async () =>
		await buildFaxDocument([{ data: pdf, propertyName: 'data' }], {
			target: 'pdf',
			pageSize: 'Letter',
			providerName: 'SendFAXMail',
			itemIndex: 0,
			removeHiddenContent,
		});
	const steps: Array<[string, () => Promise<unknown>]> = [
		[
			'pdf-lib load + page walk, unbounded',
			async () => {
				const doc = await PDFDocument.load(pdf, { ignoreEncryption: true, updateMetadata: false });
				return doc.getPages().length;
			},
		],
		[
			'the same load + page walk, bounded (node)',
			async () => {
				const doc = await loadBounded(pdf);
				countPagesBounded(doc);
				return doc.getPages().length;
			},
		],
		['loadPdf: type, encryption and page checks too (node)', async () => await loadPdf(pdf)],
		['buildFaxDocument, Remove Hidden Content off (node)', build(false)],
		['buildFaxDocument, Remove Hidden Content on (node default)', build(true)],
	];
	const medians = await interleavedMedians(
		repeats,
		steps.map(([, step]) => step),
	);
	return steps.map(([step], index) => ({ step, ms: medians[index] }));
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
		checks: await measureChecks(options.ordinaryBytes, 101),
	};
}
