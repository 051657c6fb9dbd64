/**
 * `npm run soak`: fault soak. Sends (default) 1 000 faxes across faxrocks, FaxDrop and
 * SendFAXMail through the built Fax node in real n8n-core (Retry On Fail on), while the
 * simulator on 127.0.0.1 injects seeded random 500s, 429s, slow answers and dropped
 * connections; then counts what the simulator created per intended fax and scans every
 * output, error and log line for document bytes and unmasked numbers.
 */
import { appendFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';

import { startSimulator } from '../../simulator';
import { openHarness, PACKAGE_DIR, resetNodeRateLimits } from '../lib/setup';
import { runBadInputs } from './badInput';
import { captureOutput } from './capture';
import { craftedSoakSection, startCraftedDocuments } from './crafted';
import { soakConfig } from './config';
import { faultRoutes, faultsMet, installFaultPlan, type PlannedRoute } from './faultPlan';
import { intendedFaxes } from './intended';
import { renderSoakReport, soakTable } from './report';
import { runProvider } from './runProvider';
import { renderSharedScenarios, runSharedScenarios } from './sharedScenarios';
import { assertScannerWorks, LeakScanner } from './scan';
import { tally } from './tally';

async function main(): Promise<void> {
	const config = soakConfig();
	const scanner = new LeakScanner();
	const capture = captureOutput(scanner);
	const harness = await openHarness();
	const sim = await startSimulator({
		speed: 0,
		rateLimits: false,
		startTime: '2026-03-02T12:00:00.000Z',
	});
	const started = Date.now();
	try {
		resetNodeRateLimits();
		const plans: Record<string, PlannedRoute[]> = {};
		let offset = 0;
		const jobs = config.providers.map((provider, index) => {
			// An even split: 1 000 over three providers is 334 + 333 + 333.
			const count =
				Math.floor(config.sends / config.providers.length) +
				(index < config.sends % config.providers.length ? 1 : 0);
			const faxes = intendedFaxes(provider, count, offset);
			offset += count;
			assertScannerWorks(faxes[0]);
			scanner.addIntended(faxes);
			plans[provider] = installFaultPlan(
				sim,
				faultRoutes(provider, count, config.sendFaultRate, config.listFaultRate),
				config.seed + index,
			);
			return { provider, faxes };
		});
		capture.print(
			`soak: ${offset} faxes over ${config.providers.join(', ')}, seed ${config.seed}, ` +
				`fault rate ${config.sendFaultRate} (lists ${config.listFaultRate}), budget ${config.maxSeconds} s`,
		);
		const deadline = started + config.maxSeconds * 1000;
		const crafted = startCraftedDocuments(harness, sim);
		// The providers run side by side, like three workflows on one n8n instance.
		const runs = await Promise.all(
			jobs.map(
				async ({ provider, faxes }) =>
					await runProvider(harness, sim, provider, faxes, {
						perExecution: config.itemsPerExecution,
						concurrency: config.concurrency,
						deadline,
						scanner,
						progress: capture.print,
					}),
			),
		);
		const craftedRun = await crafted.finish();
		// Refused input, after the faults are used up: the error paths are scanned too.
		sim.clearFaults();
		const badInput = await Promise.all(
			config.providers.map(async (provider) => await runBadInputs(harness, sim, provider, scanner)),
		);
		const shared = await runSharedScenarios(harness, sim, config.providers, {
			offset,
			seed: config.seed,
			scanner,
			progress: capture.print,
		});
		const tallies = runs.map((run) =>
			tally(run.provider, run.observed, sim.faxes({ provider: run.provider })),
		);
		const results = {
			config,
			runs,
			tallies,
			badInput,
			faults: Object.fromEntries(
				runs.map((run) => [run.provider, faultsMet(sim, plans[run.provider])]),
			),
			leaks: scanner.leaks,
			scanned: capture.counts(),
			seconds: (Date.now() - started) / 1000,
		};
		capture.print('');
		capture.print(soakTable(results));
		capture.print(renderSharedScenarios(shared));
		capture.print(craftedSoakSection(craftedRun));
		for (const leak of scanner.leaks.slice(0, 10))
			capture.print(`LEAK ${leak.kind} in ${leak.where}: …${leak.excerpt}…`);
		for (const line of tallies.flatMap((entry) =>
			entry.examples.map((text) => `${entry.provider}: ${text}`),
		))
			capture.print(line);
		if (config.output !== '-') {
			const file = path.resolve(PACKAGE_DIR, config.output);
			writeFileSync(file, renderSoakReport(results) + renderSharedScenarios(shared));
			appendFileSync(file, craftedSoakSection(craftedRun));
			capture.print(`\nwritten to ${path.relative(PACKAGE_DIR, file)}`);
		}
		const clean =
			tallies.every((entry) => entry.silentLosses === 0) &&
			scanner.leaks.length === 0 &&
			(shared?.clean ?? true) &&
			craftedRun.stalls === 0 &&
			craftedRun.faxesForRefused === 0 &&
			tallies.every((entry) => entry.provider !== 'sendFaxMail' || entry.duplicates === 0);
		if (!clean) process.exitCode = 1;
	} finally {
		capture.stop();
		await sim.stop();
		await harness.close();
	}
}

main().catch((error: unknown) => {
	process.stderr.write(
		`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
	);
	process.exitCode = 1;
});
