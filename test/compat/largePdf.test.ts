/**
 * A 300-page PDF saved without object streams (what most scanners write: one top-level object
 * per page, content stream, font…) is read by the BUILT package with each supported
 * n8n-workflow. pdf-lib yields to the event loop every 100 objects through the timer the build
 * injects (packaging/timers.mjs); with n8n-workflow 2.41 that timer called the removed
 * `sleepWithAbort` and every such PDF was refused as damaged (issue 15).
 */
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';

import { PACKAGE_DIR, PIN_HOOK, SUPPORTED_N8N_WORKFLOW } from './n8nWorkflowVersions';

const run = promisify(execFile);

// Runs in a plain Node process whose `require('n8n-workflow')` is the pinned copy.
const SCRIPT = `
const path = require('node:path');
const { PDFDocument, StandardFonts } = require(path.resolve('dist/vendor/pdf-lib.js'));
const { inspectPdf } = require(path.resolve('dist/nodes/Fax/document'));
(async () => {
	const doc = await PDFDocument.create();
	const font = await doc.embedFont(StandardFonts.Helvetica);
	for (let page = 1; page <= 300; page++) {
		doc.addPage([612, 792]).drawText('Page ' + page, { x: 72, y: 720, size: 12, font });
	}
	const bytes = Buffer.from(await doc.save({ useObjectStreams: false }));
	const text = bytes.toString('latin1');
	let outcome;
	try {
		outcome = await inspectPdf(bytes, 'data');
	} catch (error) {
		outcome = { error: error.constructor.name + ': ' + error.message, cause: String(error.cause ?? '') };
	}
	process.stdout.write(JSON.stringify({
		topLevelObjects: (text.match(/\\b\\d+ 0 obj\\b/g) ?? []).length,
		objectStreams: text.includes('/ObjStm'),
		workflowVersion: require(require.resolve('n8n-workflow').replace(/dist[\\\\/].*$/, 'package.json')).version,
		outcome,
	}));
})();
`;

test.each(SUPPORTED_N8N_WORKFLOW)(
	'a 300-page PDF without object streams is read by the built package with n8n-workflow $version',
	async ({ module, version }) => {
		const { stdout } = await run(process.execPath, ['-r', PIN_HOOK, '-e', SCRIPT], {
			cwd: PACKAGE_DIR,
			env: { ...process.env, N8N_WORKFLOW_MODULE: module, NODE_PATH: '' },
			maxBuffer: 4 * 1024 * 1024,
		});
		const result = JSON.parse(stdout) as {
			topLevelObjects: number;
			objectStreams: boolean;
			workflowVersion: string;
			outcome: unknown;
		};
		// The process really ran on the pinned n8n-workflow, with a file that makes pdf-lib yield.
		expect(result.workflowVersion).toBe(version);
		expect(result.objectStreams).toBe(false);
		expect(result.topLevelObjects).toBeGreaterThan(600);
		expect(result.outcome).toEqual({ pageCount: 300 });
	},
	60000,
);
