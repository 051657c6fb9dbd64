import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
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
	return `${new Date().toISOString()} · commit ${commit} · ${n8nInfo()} · Node ${process.version} · ${os.cpus().length} × ${cpu} · ${os.platform()}`;
}

/**
 * Which n8n the figures come from: bench and soak run the nodes inside the test harness's
 * n8n-core (n8n-core 2.8.1 is the core of n8n 2.8.4), not inside an n8n server.
 */
function n8nInfo(): string {
	const versionOf = (name: string) => {
		try {
			const file = require.resolve(`${name}/package.json`, { paths: [PACKAGE_DIR] });
			return (JSON.parse(readFileSync(file, 'utf8')) as { version: string }).version;
		} catch {
			return 'unknown';
		}
	};
	return `n8n-core ${versionOf('n8n-core')} with n8n-workflow ${versionOf('n8n-workflow')} (the core of n8n 2.8.4)`;
}
