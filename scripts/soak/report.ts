import { runInfo } from '../lib/runInfo';
import { check, markdownTable } from '../lib/table';
import type { SoakConfig } from './config';
import type { BadInputRun } from './badInput';
import { SOAK_REQUEST_TIMEOUT_SECONDS } from './execution';
import { SOAK_FAULTS } from './faultPlan';
import type { ProviderRun } from './runProvider';
import type { Leak } from './scan';
import type { ProviderTally } from './tally';

export interface SoakResults {
	config: SoakConfig;
	runs: ProviderRun[];
	tallies: ProviderTally[];
	badInput: BadInputRun[];
	faults: Record<string, Record<string, number>>;
	leaks: Leak[];
	scanned: { logs: number; writes: number };
	seconds: number;
}

const NAMES: Record<string, string> = {
	sendFaxMail: 'SendFAXMail',
	faxRocks: 'faxrocks',
	faxDrop: 'FaxDrop',
};

export function soakTable({ tallies, leaks }: SoakResults): string {
	const leaksOf = (kind: Leak['kind']) => leaks.filter((leak) => leak.kind === kind).length;
	return (
		markdownTable(
			[
				'Provider',
				'intended',
				'created',
				'duplicates',
				'sent with id',
				'uncertain reported (created)',
				'errors shown (created)',
				'silent losses',
			],
			[
				...tallies.map((entry) => [
					NAMES[entry.provider],
					entry.intended,
					entry.created,
					entry.duplicates,
					entry.outcomes.id + entry.outcomes.acceptedNoId,
					`${entry.outcomes.uncertain} (${entry.uncertainCreated})`,
					`${entry.outcomes.errorShown + entry.outcomes.failedItem} (${entry.errorShownButCreated})`,
					entry.silentLosses,
				]),
			],
		) +
		`\n\nDocument bytes in outputs/errors/logs: ${leaksOf('document')} · unmasked fax numbers in errors/logs: ${leaksOf('number')}`
	);
}

function faultTable(results: SoakResults): string {
	const kinds = Object.keys(SOAK_FAULTS);
	return markdownTable(
		['Provider', 'requests on faulted routes', ...kinds, 'executions (failed)', 'seconds'],
		results.runs.map((run) => {
			const met = results.faults[run.provider] ?? {};
			return [
				NAMES[run.provider],
				met.requests ?? 0,
				...kinds.map((kind) => met[kind] ?? 0),
				`${run.executions} (${run.failedExecutions})`,
				run.seconds.toFixed(0),
			];
		}),
	);
}

function targets(results: SoakResults): string {
	const sfm = results.tallies.find((entry) => entry.provider === 'sendFaxMail');
	const losses = results.tallies.reduce((sum, entry) => sum + entry.silentLosses, 0);
	return markdownTable(
		['Target', 'Result', 'Met'],
		[
			[
				'0 duplicates for SendFAXMail (idempotency)',
				String(sfm?.duplicates ?? 'not run'),
				check((sfm?.duplicates ?? 0) === 0),
			],
			['0 silent losses anywhere', String(losses), check(losses === 0)],
			[
				'no document bytes or unmasked numbers in any output or log line',
				String(results.leaks.length),
				check(results.leaks.length === 0),
			],
		],
	);
}

const FINDINGS = `## What the soak found (and what was fixed)

The first run (120 faxes, before the fixes) showed faxrocks 111 and FaxDrop 114 faxes created for 40
intended each, and 10 SendFAXMail silent losses:

- **Every faxrocks/FaxDrop send went out up to 3 times with Retry On Fail on.** n8n re-runs a node
  with Retry On Fail not only when it throws but whenever its first output item has a
  \`json.error\` field (\`WorkflowExecute\`: \`json.error !== undefined\`), and every unified fax item
  has \`error\` (\`null\` on success). A throw in a later item (e.g. a bad number) likewise re-ran the
  items already sent. Fixed in \`nodes/Fax/actions/send/5-memo.ts\` + \`runSend.ts\`: the node
  remembers, per execution, node, run and item, the faxes it sent (or reported as uncertain), and a
  re-run of that item reports them instead of sending again. (The node is still re-run: with
  Retry On Fail every fax operation runs maxTries times, cheaply, plus n8n's waits. Only leaving
  \`error\` out of items without an error would stop that; that is a change of the item contract.)
- **SendFAXMail lost faxes when the node ran twice in one execution (a loop).** The derived
  Idempotency-Key did not include the run index, so the second run's first item replayed the first
  run's fax. Fixed in \`prepareSend.ts\` (key from execution, node, run, item).
- **faxrocks**: a failed id lookup after an accepted send threw, so Retry On Fail would send the fax
  again. The item now reports the fax as accepted without an id (\`faxRocks.ts\`).

Regression tests: \`test/retry-on-fail/retryOnFail.test.ts\`.

The hostile-provider faults (redirect to another origin, HTML 200, cut-off JSON, hang,
\`Retry-After: 0\`) were added with issue 9. Their first run showed faxrocks with 5 "errors shown
(created)": a hung fax-list lookup (a read) was not repeated after its timeout, so the item failed
and n8n's error covered the whole execution, including the faxes its earlier items had sent. A
timed-out read is now tried once more (\`nodes/Fax/transport/retryPolicy.ts\`); a timed-out send
never is (it may have gone out: it is reported as uncertain). Regression tests:
\`test/fax/hostileNetwork.test.ts\`.`;

/** docs/soak.md */
export function renderSoakReport(results: SoakResults): string {
	const { config } = results;
	const examples = results.tallies.flatMap((entry) =>
		entry.examples.map((text) => `- ${NAMES[entry.provider]}: ${text}`),
	);
	return `# Fault soak

Generated by \`npm run soak\` (\`scripts/soak/\`) — ${runInfo()} · ${results.seconds.toFixed(0)} s.

${results.tallies.reduce((sum, entry) => sum + entry.intended, 0)} intended faxes (split evenly over ${config.providers.map((name) => NAMES[name]).join(', ')}), each to its own fictional
number with its own document, sent by the built Fax node (Send) in real n8n-core workflows of
${config.itemsPerExecution} items (${config.concurrency} executions at a time per provider) with **Retry On Fail** on (\`retryOnFail: true, maxTries: 3, waitBetweenTries: 0\` — n8n reads a wait of 0 as 1 000 ms).
Every second execution routes its items through two source nodes, so the Fax node runs twice in
one execution (as in a loop). The providers run side by side. The simulator (127.0.0.1, rate
limits off) meets each request on a send route with a fault at probability ${config.sendFaultRate}, and each
request of faxrocks' fax list (the id lookup around every faxrocks send) at ${config.listFaultRate}: a 500,
a 429 (\`Retry-After: 1\`, or \`Retry-After: 0\`), a slow answer (0.2–1.5 s), the fax accepted and the connection then
dropped, the connection dropped before anything happened, a redirect (301/302/303/307/308) to another
origin, a 200 HTML login page, the fax accepted and its JSON answer cut in half, or the fax accepted
and no answer at all (a hang; the node's Request Timeout is ${SOAK_REQUEST_TIMEOUT_SECONDS} s) — one seeded random draw per
request (seed ${config.seed}; \`SOAK_SEED\`, \`SOAK_SENDS\`, \`SOAK_FAULT_RATE\`, \`SOAK_LIST_FAULT_RATE\`,
\`SOAK_ITEMS_PER_EXECUTION\`, \`SOAK_CONCURRENCY\`, \`SOAK_PROVIDERS\`, \`SOAK_MAX_SECONDS\` change them).

Afterwards each intended fax is matched with the faxes the simulator created for its number
(\`sim.faxes()\`) and with what the user saw: an item with the fax's id, an item reporting the
uncertain outcome (\`error.code === 'OUTCOME_UNCERTAIN'\`, status \`unknown\`), or the node's error on
the execution. A **silent loss** is an item whose id is not a fax to that number, an item
reporting an accepted fax that doesn't exist, or a fax with neither item nor error.

## Results

${soakTable(results)}

${targets(results)}

"errors shown (created)": faxes the user was told failed although the provider has them — a
re-send would duplicate them. "uncertain reported (created)": the node said it can't know,
and how many of those really went out (the user checks the list or dashboard, as the item says).

Faults the requests met:

${faultTable(results)}

Refused input (after the faults, so the error paths are scanned too): per provider, one item
with a number too short to dial and one whose "PDF" is plain text containing the document
marker — ${results.badInput.reduce((sum, run) => sum + run.executions, 0)} executions, ${results.badInput.reduce((sum, run) => sum + run.errorsShown, 0)} errors shown, ${results.badInput.reduce((sum, run) => sum + run.faxesCreated, 0)} faxes created.

Scanned: every output item (document content), every item error and node error (document
content and fax numbers with more than their last 4 digits), ${results.scanned.logs} n8n log entries and
${results.scanned.writes} writes to stdout/stderr during the run (the scanner and the capture check
themselves first: a full or formatted number, base64 of a document and the marker are found, a
masked number is not). Item fields \`to\` and \`raw\` carry the
recipient's number by design (the unified fax item); error texts and logs must not.

${FINDINGS}

${examples.length ? `Examples:\n\n${examples.join('\n')}\n` : ''}${
		results.leaks.length
			? `\nLeaks:\n\n${results.leaks
					.slice(0, 20)
					.map(
						(leak) => `- ${leak.kind} in ${leak.where}: \`…${leak.excerpt.replace(/`/g, "'")}…\``,
					)
					.join('\n')}\n`
			: ''
	}`;
}
