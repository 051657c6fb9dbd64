/**
 * The n8n-workflow versions this package supports, pinned as devDependencies (package.json):
 * `n8n-workflow` is the floor (n8n 2.8.x, and what n8n-core 2.8.1 in the test harness uses);
 * `n8n-workflow-2.41` (npm alias) is the newest the registry serves, what n8n 2.41.x ships.
 * Adding a supported version = one aliased devDependency and one line here.
 */
import path from 'node:path';

export const PACKAGE_DIR = path.resolve(__dirname, '..', '..');
export const PIN_HOOK = path.join(__dirname, 'pinN8nWorkflow.js');

export interface PinnedWorkflow {
	/** The name to `require` (the npm alias of the pinned copy). */
	module: string;
	/** The n8n-workflow version expected behind that name (checked by the API test). */
	version: string;
}

export const SUPPORTED_N8N_WORKFLOW: PinnedWorkflow[] = [
	{ module: 'n8n-workflow', version: '2.8.0' },
	{ module: 'n8n-workflow-2.41', version: '2.41.0' },
];

/**
 * Not supported, checked all the same (README, "Supported n8n and Node versions"): the
 * n8n-workflow of n8n 1.123.x, the 1.x line n8n still patches. The API test shows whether the
 * shipped code could load there; nothing here runs n8n 1.x itself.
 */
export const CHECKED_UNSUPPORTED_N8N_WORKFLOW: PinnedWorkflow[] = [
	{ module: 'n8n-workflow-1.120', version: '1.120.31' },
];
