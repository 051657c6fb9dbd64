#!/usr/bin/env node
'use strict';
/**
 * `npm start`: n8n with this package, against the local fax simulator, plus a demo.
 *
 *   npm start                       # n8n on 5678 (or a free port), simulator on 4010 (or free)
 *   npm start -- --port 5700 --sim-port 4020 --speed 20
 *   npm start -- --fresh            # forget the previous demo instance (workflows, executions)
 *   npm start -- --no-demo          # skip sending the demo faxes
 *
 * The package must be built first (the npm script does it). Ctrl-C stops n8n and the simulator.
 */
const fs = require('node:fs');
const path = require('node:path');

const paths = require('./lib/paths');
const { nodeOutputs } = require('./lib/n8n');
const { runningProcesses } = require('./lib/processes');
const { startStack, callWebhook } = require('./lib/stack');
const { waitFor } = require('./lib/util');

function argValue(name, fallback) {
	const args = process.argv.slice(2);
	const index = args.findIndex((arg) => arg === `--${name}` || arg.startsWith(`--${name}=`));
	if (index < 0) return fallback;
	const arg = args[index];
	return arg.includes('=') ? arg.slice(arg.indexOf('=') + 1) : args[index + 1];
}
const hasFlag = (name) => process.argv.slice(2).includes(`--${name}`);

const say = (line = '') => process.stdout.write(`${line}\n`);
const step = (line) => say(`» ${line}`);

let stopping = false;
async function shutdown(signal, code = 0) {
	if (stopping) return;
	stopping = true;
	say(`\n${signal}: stopping n8n and the simulator …`);
	for (const managed of [...runningProcesses].reverse()) await managed.stop();
	say('Stopped.');
	process.exit(code);
}
process.on('SIGINT', () => void shutdown('SIGINT'));
process.on('SIGTERM', () => void shutdown('SIGTERM'));
process.on('SIGHUP', () => void shutdown('SIGHUP'));

function table(rows, columns) {
	const widths = columns.map((column) => Math.max(column.length, ...rows.map((row) => String(row[column] ?? '').length)));
	const line = (values) => values.map((value, index) => String(value ?? '').padEnd(widths[index])).join('  ');
	return [line(columns), line(widths.map((width) => '-'.repeat(width))), ...rows.map((row) => line(columns.map((c) => row[c])))].join('\n');
}

async function runDemo(stack) {
	step('Demo: sending the demo PDF through faxrocks, FaxDrop and SendFAXMail (Wait for Completion) …');
	const started = Date.now();
	const { status, body } = await callWebhook(stack, 'fax-demo', {});
	if (status !== 200 || !Array.isArray(body)) {
		throw new Error(`the demo workflow answered ${status}: ${JSON.stringify(body).slice(0, 500)}`);
	}
	say(`   done in ${Math.round((Date.now() - started) / 1000)} s; the workflow's output, one unified fax item per provider:\n`);
	const rows = body.map((fax) => ({
		provider: fax.provider,
		id: fax.id,
		to: fax.to,
		status: fax.status,
		pages: fax.pages,
		sentAt: fax.sentAt,
		completedAt: fax.completedAt,
		error: fax.error ? fax.error.code : '',
	}));
	say(
		table(rows, ['provider', 'id', 'to', 'status', 'pages', 'sentAt', 'completedAt', 'error'])
			.split('\n')
			.map((row) => `   ${row}`)
			.join('\n'),
	);
	say();

	const intake = stack.workflows.intake;
	if (!intake) return;
	step('Demo: a signed inbound fax from +1 312 555 0160 arrives at the SendFAXMail Trigger (intake example) …');
	const before = new Set((await stack.client.listExecutions(intake.id)).map((execution) => execution.id));
	const { fax, deliveries } = await stack.sim.control.inbound({ from: '+13125550160', pages: 2 });
	const delivery = deliveries[0];
	const execution = await waitFor(
		'the intake workflow to run',
		async () => {
			const latest = (await stack.client.listExecutions(intake.id)).find((entry) => !before.has(entry.id));
			return latest && latest.status !== 'running' && latest.status !== 'new' ? latest : undefined;
		},
		{ timeoutMs: 30000, intervalMs: 250 },
	);
	const details = await stack.client.getExecution(execution.id);
	const routed = ['Cardiology', 'Lab results', 'Front desk'];
	const outputs = nodeOutputs(details, 'Route by sender') ?? [];
	const route = routed[outputs.findIndex((items) => items.length > 0)] ?? '(none)';
	say(
		`   webhook answered ${delivery?.statusCode}; execution ${execution.id} ${execution.status}: fax ${fax.id} routed to "${route}",`,
	);
	say(`   saved as ${path.relative(process.cwd(), path.join(stack.filesDir, 'fax-inbox', `cardiology-${fax.id}.pdf`))}`);
	say();
}

async function main() {
	const dataDir = path.join(paths.dataDir, 'demo');
	if (hasFlag('fresh')) fs.rmSync(path.join(dataDir, 'n8n-user'), { recursive: true, force: true });
	const n8nPort = Number(argValue('port', '5678'));
	const simPort = Number(argValue('sim-port', '4010'));
	const speed = Number(argValue('speed', '10'));

	say('n8n-nodes-fax: real n8n + local fax simulator');
	const stack = await startStack({
		dataDir,
		n8nPort,
		simPort,
		speed,
		examples: ['demo', 'referral', 'intake', 'batchSchedule', 'failedFaxAlert'],
		activate: ['demo', 'referral', 'intake', 'failedFaxAlert'],
		log: step,
	});
	if (stack.n8n.port !== n8nPort) say(`   (port ${n8nPort} was taken: n8n is on ${stack.n8n.port})`);
	if (Number(new URL(stack.sim.url).port) !== simPort) say(`   (port ${simPort} was taken: the simulator is on ${stack.sim.url})`);
	const imported = Object.values(stack.workflows);
	step(
		`Credentials "faxrocks (simulator)", "FaxDrop (simulator)", "SendFAXMail (simulator)" point at ${stack.sim.url}; ` +
			`${imported.filter((entry) => entry.imported).length} example workflows imported, ${imported.filter((entry) => !entry.imported).length} kept from the last run`,
	);
	say();

	if (!hasFlag('no-demo')) await runDemo(stack);

	say('┌──────────────────────────────────────────────────────────────');
	say(`│ n8n editor:   ${stack.n8n.url}`);
	say(`│ login:        ${stack.owner.email}  /  ${stack.owner.password}   (fictional demo account)`);
	say(`│ simulator:    ${stack.sim.url}/_sim   (fax APIs: ${stack.sim.baseUrls.faxRocks}, …)`);
	say(`│ workflows:    ${imported.map((entry) => `"${entry.name}"`).join(', ')}`);
	say(`│ demo webhook: curl -X POST ${stack.n8n.url}/webhook/fax-demo`);
	say(`│ referral:     curl -X POST ${stack.n8n.url}/webhook/fax-referral -H 'content-type: application/json' \\`);
	say(`│                 -d '{"faxNumber":"+12125550150","recipientName":"Dr. Jane Example"}'`);
	say(`│ inbound fax:  curl -X POST ${stack.sim.url}/_sim/sendfaxmail/inbound -H 'content-type: application/json' -d '{"from":"+13125550170"}'`);
	say(`│ files:        ${stack.filesDir}   logs: ${path.join(dataDir, 'n8n.log')}`);
	say('└── Ctrl-C stops n8n and the simulator');

	// Keep running until a signal; note if n8n dies on its own.
	stack.n8n.process.exitPromise.then((code) => {
		if (!stopping) {
			say(`n8n exited on its own (${code}); see ${stack.n8n.logFile}`);
			void shutdown('n8n exit', 1);
		}
	});
}

main().catch(async (error) => {
	process.stderr.write(`\nnpm start failed: ${error.message}\n`);
	await shutdown('error', 1);
});
