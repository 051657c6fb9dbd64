import { execFileSync } from 'node:child_process';
import os from 'node:os';

import { PACKAGE_DIR } from './setup';

/** Where and on what a run happened, for the report's header. */
export function runInfo(): string {
	let commit = 'unknown';
	try {
		// Bench tooling, not part of the published package: reads the commit for the report.
		// eslint-disable-next-line @n8n/community-nodes/no-dangerous-functions
		commit = execFileSync('git', ['rev-parse', '--short', 'HEAD'], {
			cwd: PACKAGE_DIR,
			encoding: 'utf8',
		}).trim();
	} catch {
		// Not a git checkout: leave it unknown.
	}
	const cpu = os.cpus()[0]?.model ?? 'unknown CPU';
	return `${new Date().toISOString()} · commit ${commit} · Node ${process.version} · ${os.cpus().length} × ${cpu} · ${os.platform()}`;
}
