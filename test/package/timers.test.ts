/**
 * The timer functions that replace setTimeout / clearTimeout in the bundled libraries
 * (packaging/timers.mjs, injected by esbuild): n8n Cloud forbids the globals, so they run on
 * n8n-workflow's `sleep` and must still behave as the libraries expect, with every supported
 * n8n-workflow (`sleep` ignores an abort signal before 2.34 and honours it from 2.34 on).
 */
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { build } from 'esbuild';

import { PIN_HOOK, SUPPORTED_N8N_WORKFLOW } from '../compat/n8nWorkflowVersions';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const { libraryBuildOptions } = require('../../packaging/vendor') as {
	libraryBuildOptions: (spec: { contents: string; sourcefile: string; outfile: string }) => Parameters<typeof build>[0];
};

const PACKAGE_DIR = path.resolve(__dirname, '..', '..');

/**
 * A library's code bundled exactly as the build bundles pdf-lib, then run with the given
 * n8n-workflow (a pinned copy's module name); returns its output.
 */
async function runAsBundledLibrary(
	code: string,
	workflowModule = 'n8n-workflow',
): Promise<{ bundle: string; output: string }> {
	const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'n8n-nodes-fax-timers-'));
	try {
		const outfile = path.join(dir, 'library.js');
		await build(libraryBuildOptions({ contents: code, sourcefile: 'library.js', outfile }));
		const { stdout } = await promisify(execFile)(process.execPath, ['-r', PIN_HOOK, outfile], {
			env: {
				...process.env,
				NODE_PATH: path.join(PACKAGE_DIR, 'node_modules'),
				N8N_WORKFLOW_MODULE: workflowModule,
			},
		});
		return { bundle: fs.readFileSync(outfile, 'utf8'), output: stdout };
	} finally {
		fs.rmSync(dir, { recursive: true, force: true });
	}
}

test.each(SUPPORTED_N8N_WORKFLOW)(
	'with n8n-workflow $version: setTimeout runs the callback with its arguments, clearTimeout cancels, unref() is there',
	async ({ module }) => {
		const { bundle, output } = await runAsBundledLibrary(
			`
		const events = [];
		const cancelled = setTimeout(() => events.push('cancelled timer fired'), 0);
		clearTimeout(cancelled);
		clearTimeout(undefined);
		const handle = setTimeout((a, b) => {
			events.push('fired ' + a + ' ' + b);
			// pdf-lib's use: yield to the event loop, then go on.
			new Promise((resolve) => setTimeout(resolve, 0)).then(() => {
				events.push('yielded');
				module.exports.done(events);
			});
		}, 5, 'x', 'y');
		events.push(handle.unref() === handle ? 'unref ok' : 'unref broken');
		// Cleared from an earlier timer's callback, when its own delay has also run out (its
		// sleep may already be over: before 2.34, n8n-workflow's sleep can't be aborted).
		let late;
		setTimeout(() => clearTimeout(late), 0);
		late = setTimeout(() => events.push('late cleared timer fired'), 0);
		module.exports.done = (list) => require('node:fs').writeSync(1, JSON.stringify(list));
	`,
			module,
		);
		expect(JSON.parse(output)).toEqual(['unref ok', 'fired x y', 'yielded']);
		// The library's own references now point at the replacement, not at the globals.
		expect(bundle).not.toMatch(/(?<![.\w])(setTimeout|clearTimeout)\(/);
	},
);

test('console calls in a library are dropped', async () => {
	const { bundle, output } = await runAsBundledLibrary(`
		console.warn('a library warning that would bypass n8n logging');
		require('node:fs').writeSync(1, 'ran');
	`);
	expect(output).toBe('ran');
	expect(bundle).not.toContain('console.');
});
