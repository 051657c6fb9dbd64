/**
 * `npm run bench`: every benchmark against a baseline measured in the same run, printed as a
 * table and written to docs/benchmarks.md. Loopback only (simulator on 127.0.0.1).
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import { startSimulator } from '../../simulator';
import { runInfo } from '../lib/runInfo';
import { openHarness, PACKAGE_DIR } from '../lib/setup';
import { startSimProcess } from '../lib/simProcess';
import { measureBreakdown } from './breakdown';
import { benchConfig } from './config';
import { measureCrafted } from './crafted';
import { craftedBlock, craftedSection } from './craftedReport';
import { documentRatioSection, measureDocumentRatio } from './documentRatio';
import { measureDocumentBounds } from './documentBounds';
import { measureMemory, type MemoryResult } from './memory';
import { measurePacing, type PacingResult } from './ratePacing';
import { renderReport, summaryTable } from './report';
import { markedBlock, withMarkedBlock } from './sections';
import { measureThroughput, type ThroughputResult } from './throughput';
import { measureTrigger, type TriggerResult } from './triggerRequests';

const log = (text: string) => process.stdout.write(`${text}\n`);

async function main(): Promise<void> {
	const config = benchConfig();
	const wants = (name: string) => !config.only || config.only.includes(name);
	const harness = await openHarness();
	const simProcess = await startSimProcess({ rateLimits: false });
	const sim = await startSimulator({ speed: 0, startTime: '2026-03-02T12:00:00.000Z' });
	try {
		const throughput: ThroughputResult[] = [];
		for (const provider of wants('throughput') ? (['sendFaxMail', 'faxRocks'] as const) : []) {
			log(
				`throughput: ${provider}, ${config.throughputItems} × ${config.throughputBytes} bytes, ${config.throughputRounds} rounds`,
			);
			throughput.push(
				await measureThroughput(harness, simProcess, provider, {
					items: config.throughputItems,
					documentBytes: config.throughputBytes,
					rounds: config.throughputRounds,
				}),
			);
		}
		const breakdown: Awaited<ReturnType<typeof measureBreakdown>> = [];
		if (wants('throughput')) {
			log('breakdown: where a send spends its time');
			breakdown.push(...(await measureBreakdown(simProcess, config.throughputBytes)));
		}
		const memory: MemoryResult[] = [];
		for (const provider of wants('memory') ? (['sendFaxMail', 'faxDrop'] as const) : []) {
			log(
				`memory: ${provider}, ${config.memoryItems} × ${config.memoryBytes} bytes vs one, a process each`,
			);
			memory.push(
				await measureMemory(simProcess, provider, {
					items: config.memoryItems,
					documentBytes: config.memoryBytes,
				}),
			);
		}
		const trigger: TriggerResult[] = [];
		for (const provider of wants('trigger') ? (['faxRocks', 'sendFaxMail'] as const) : []) {
			log(`trigger: ${provider}, ${config.triggerHistory} faxes of history`);
			trigger.push(
				await measureTrigger(harness, sim, provider, {
					smallHistory: config.triggerSmallHistory,
					largeHistory: config.triggerHistory,
					cycles: config.triggerCycles,
				}),
			);
		}
		const pacing: PacingResult[] = [];
		for (const speed of wants('pacing') ? config.pacingSpeeds : []) {
			log(`pacing: FaxDrop batch of 10 at 3/min, clock ×${speed}`);
			pacing.push(await measurePacing(harness, sim, { scale: config.pacingScale, speed }));
		}

		let documentBounds;
		if (wants('documents')) {
			log(
				`documents: a ${config.bombBytes}-byte PDF bomb and an ordinary ${config.ordinaryBytes}-byte PDF`,
			);
			documentBounds = await measureDocumentBounds(simProcess, config);
		}

		const crafted = wants('crafted') ? await measureCrafted(simProcess, log) : undefined;
		let documentRatio;
		if (wants('documentRatio')) {
			log('documentRatio: SendFAXMail 1 MB and 10 MB, Remove Hidden Content on, vs raw client');
			documentRatio = await measureDocumentRatio(harness, simProcess, config.throughputRounds);
		}

		const results = {
			config,
			throughput,
			breakdown,
			memory,
			trigger,
			pacing,
			documentBounds,
			crafted,
			documentRatio,
		};
		log('');
		log(summaryTable(results));
		if (crafted) log(`\n${craftedSection(crafted)}`);
		const file = path.resolve(PACKAGE_DIR, config.output);
		const partial = (config.only ?? []).filter(
			(name) => name !== 'crafted' && name !== 'documentRatio',
		);
		if (config.only && partial.length === 0 && config.output !== '-') {
			// These two alone: only their sections of the report are rewritten, each dated.
			const load = os.loadavg().map((value) => value.toFixed(1));
			const header = `Run on its own (\`BENCH_ONLY=${config.only.join(',')}\`): ${runInfo()}; load average at the end ${load.join(' / ')} (1 / 5 / 15 min) on ${os.cpus().length} cores.\n\n`;
			let report = existsSync(file) ? readFileSync(file, 'utf8') : '# Benchmarks\n';
			if (crafted) report = withMarkedBlock(report, 'crafted-files', craftedBlock(crafted, header));
			if (documentRatio) {
				const block = markedBlock('document-ratio', documentRatioSection(documentRatio, header));
				report = withMarkedBlock(report, 'document-ratio', block);
			}
			writeFileSync(file, report);
			log(`\nsections written to ${path.relative(PACKAGE_DIR, file)}`);
		} else if (config.only) log('\n(partial run: BENCH_ONLY set, no report written)');
		if (config.output !== '-' && !config.only) {
			writeFileSync(file, renderReport(results));
			log(`\nwritten to ${path.relative(PACKAGE_DIR, file)}`);
		}
	} finally {
		await sim.stop();
		await simProcess.stop();
		await harness.close();
	}
}

main().catch((error: unknown) => {
	process.stderr.write(
		`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
	);
	process.exitCode = 1;
});
