/**
 * The shipped JavaScript uses only n8n-workflow exports that every supported n8n-workflow has
 * (issue 15: n8n-workflow 2.34 removed `sleepWithAbort`, and every PDF of more than ~100
 * objects failed on n8n 2.41). Reads the built dist/ (nodes, credentials, vendor bundles);
 * needs no n8n install, only the pinned n8n-workflow copies (test/compat/n8nWorkflowVersions.ts).
 */
import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';

import {
	CHECKED_UNSUPPORTED_N8N_WORKFLOW,
	PACKAGE_DIR,
	SUPPORTED_N8N_WORKFLOW,
} from './n8nWorkflowVersions';
import { collectWorkflowImports, listJsFiles } from './workflowImports';

const run = promisify(execFile);
const SHIPPED_DIRS = ['nodes', 'credentials', 'vendor'].map((dir) =>
	path.join(PACKAGE_DIR, 'dist', dir),
);

const shipped = collectWorkflowImports(
	SHIPPED_DIRS.flatMap((dir) => listJsFiles(dir)),
	PACKAGE_DIR,
);

/** The names (of those given) that the pinned module does not export, in a plain Node process. */
async function missingIn(
	module: string,
	names: string[],
): Promise<{ version: string; missing: string[] }> {
	const script = `
		const exported = require(${JSON.stringify(module)});
		const { version } = require(${JSON.stringify(`${module}/package.json`)});
		const missing = ${JSON.stringify(names)}.filter((name) => !(name in exported) || exported[name] === undefined);
		process.stdout.write(JSON.stringify({ version, missing }));
	`;
	const { stdout } = await run(process.execPath, ['-e', script], { cwd: PACKAGE_DIR });
	return JSON.parse(stdout) as { version: string; missing: string[] };
}

test('the reader finds what the built code takes from n8n-workflow, and every use names what it takes', () => {
	const names = [...shipped.names.keys()];
	// From tsc output (nodes) and from esbuild output (the vendor bundles' timer).
	expect(names).toEqual(expect.arrayContaining(['NodeOperationError', 'NodeApiError', 'sleep']));
	expect(shipped.names.get('sleep')).toContain('dist/vendor/pdf-lib.js');
	expect(shipped.opaque).toEqual([]);
});

test('the reader recognises each form in which built code can take a name', () => {
	const fs = jest.requireActual<typeof import('node:fs')>('node:fs');
	const os = jest.requireActual<typeof import('node:os')>('node:os');
	const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'n8n-nodes-fax-api-'));
	try {
		fs.writeFileSync(
			path.join(dir, 'forms.js'),
			`
			const n8n_workflow_1 = require("n8n-workflow");
			var import_n8n_workflow = __toESM(require("n8n-workflow"));
			var import_lazy;
			function init() { import_lazy = require("n8n-workflow"); }
			import_lazy.FromLazy;
			const { Destructured, Original: Renamed } = require('n8n-workflow');
			new n8n_workflow_1.FromTsc();
			(0, import_n8n_workflow.FromEsbuild)();
			require("n8n-workflow").Direct;
			n8n_workflow_1["Indexed"];
			helper(n8n_workflow_1);
			`,
		);
		const found = collectWorkflowImports([path.join(dir, 'forms.js')], dir);
		expect([...found.names.keys()].sort()).toEqual([
			'Destructured',
			'Direct',
			'FromEsbuild',
			'FromLazy',
			'FromTsc',
			'Indexed',
			'Original',
		]);
		expect(found.opaque).toEqual(['forms.js: helper(n8n_workflow_1)']);
	} finally {
		fs.rmSync(dir, { recursive: true, force: true });
	}
});

test.each([...SUPPORTED_N8N_WORKFLOW, ...CHECKED_UNSUPPORTED_N8N_WORKFLOW])(
	'every name the shipped code takes exists in n8n-workflow $version ($module)',
	async ({ module, version }) => {
		const names = [...shipped.names.keys()].sort();
		const result = await missingIn(module, names);
		expect(result.version).toBe(version);
		const missing = Object.fromEntries(
			result.missing.map((name) => [name, [...shipped.names.get(name)!].sort()]),
		);
		expect(missing).toEqual({});
	},
);
