#!/usr/bin/env node
/**
 * `npm run simulator`: start the fax-provider simulator on 127.0.0.1:4010 (or --port /
 * FAX_SIM_PORT), real-time speed 1 (or --speed), print the base URLs and fictional keys.
 */
import { MAGIC_NUMBERS } from './magic';
import { SIM_KEYS } from './keys';
import { startSimulator } from './simulator';

function argValue(args: readonly string[], name: string): string | undefined {
	const index = args.findIndex((arg) => arg === `--${name}` || arg.startsWith(`--${name}=`));
	if (index < 0) return undefined;
	const arg = args[index];
	return arg.includes('=') ? arg.slice(arg.indexOf('=') + 1) : args[index + 1];
}

function numberOption(value: string | undefined, name: string, fallback: number): number {
	if (value === undefined || value === '') return fallback;
	const parsed = Number(value);
	if (!Number.isFinite(parsed) || parsed < 0) throw new Error(`--${name} must be a number >= 0`);
	return parsed;
}

async function main(): Promise<void> {
	const args = process.argv.slice(2);
	if (args.includes('--help') || args.includes('-h')) {
		process.stdout.write(
			'Usage: node dist/simulator/cli.js [--port 4010] [--host 127.0.0.1] [--speed 1] [--no-rate-limits]\n' +
				'  env FAX_SIM_PORT overrides the default port. See simulator/README.md.\n',
		);
		return;
	}
	const port = numberOption(argValue(args, 'port') ?? process.env.FAX_SIM_PORT, 'port', 4010);
	const speed = numberOption(argValue(args, 'speed'), 'speed', 1);
	const host = argValue(args, 'host') ?? '127.0.0.1';
	const sim = await startSimulator({
		port,
		host,
		speed,
		rateLimits: !args.includes('--no-rate-limits'),
	});

	const lines = [
		`Fax provider simulator listening on ${sim.url} (clock speed ${speed})`,
		'',
		'Credential baseUrl values:',
		`  faxrocks     ${sim.baseUrls.faxRocks}`,
		`  FaxDrop      ${sim.baseUrls.faxDrop}`,
		`  SendFAXMail  ${sim.baseUrls.sendFaxMail}`,
		'',
		'Fictional keys:',
		`  faxrocks token      ${SIM_KEYS.faxRocks.primary}  (second user: ${SIM_KEYS.faxRocks.other})`,
		`  FaxDrop API key     ${SIM_KEYS.faxDrop.primary}`,
		`                      ${SIM_KEYS.faxDrop.other} (second account)`,
		`                      ${SIM_KEYS.faxDrop.revoked} (revoked: 401)`,
		`  SendFAXMail keys    ${SIM_KEYS.sendFaxMail.business} (Business, all scopes)`,
		`                      ${SIM_KEYS.sendFaxMail.starter} (Starter: 403)`,
		`                      ${SIM_KEYS.sendFaxMail.sendOnly} (faxes:send only)`,
		`                      ${SIM_KEYS.sendFaxMail.readOnly} (read scopes only)`,
		'',
		'Magic recipients (last 4 digits):',
		...MAGIC_NUMBERS.map((magic) => `  …${magic.suffix}  ${magic.example}  ${magic.description}`),
		'  anything else: delivered after 30 s',
		'',
		`Control API: ${sim.url}/_sim  (Ctrl+C to stop)`,
		'',
	];
	process.stdout.write(lines.join('\n'));

	let stopping = false;
	const stop = (signal: string): void => {
		if (stopping) return;
		stopping = true;
		process.stdout.write(`\n${signal}: stopping the simulator\n`);
		sim.stop().then(
			() => process.exit(0),
			() => process.exit(1),
		);
	};
	process.on('SIGINT', () => stop('SIGINT'));
	process.on('SIGTERM', () => stop('SIGTERM'));
}

main().catch((error: unknown) => {
	process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
	process.exit(1);
});
