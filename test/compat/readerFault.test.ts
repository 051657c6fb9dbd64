/**
 * An unexpected exception while reading a PDF is never reported as the user's document being
 * damaged (issue 15: with n8n-workflow 2.41 the timer the build injects threw "… is not a
 * function", and every larger PDF was called "a damaged PDF that can't be read"). The BUILT
 * package runs in a child process whose n8n-workflow is the pinned 2.41 copy with `sleep`
 * removed, as a future n8n-workflow might; with the real copies, damaged files stay damaged.
 */
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';

import { makePng } from '../unit/fixtures';
import { PACKAGE_DIR, PIN_HOOK, SUPPORTED_N8N_WORKFLOW } from './n8nWorkflowVersions';

const run = promisify(execFile);
const MARKER = 'SECRET-PATIENT-MARKER-4711';

const SCRIPT = `
const path = require('node:path');
const { PDFDocument } = require(path.resolve('dist/vendor/pdf-lib.js'));
const { buildFaxDocument, inspectPdf } = require(path.resolve('dist/nodes/Fax/document'));
const { toNodeError } = require(path.resolve('dist/nodes/Fax/actions/shared/nodeErrors.js'));
// The one thing toNodeError asks of n8n's execute context.
const ctx = { getNode: () => ({ name: 'Fax', type: 'n8n-nodes-fax.fax', typeVersion: 1, parameters: {} }) };
async function outcome(bytes, convert = false) {
	try {
		if (!convert) return await inspectPdf(bytes, 'data');
		const inputs = Array.from({ length: 20 }, (_, i) => ({ data: bytes, propertyName: 'image' + i }));
		const fax = await buildFaxDocument(inputs, { target: 'pdf', pageSize: 'Letter', providerName: 'FaxDrop', itemIndex: 0 });
		return { mimeType: fax.mimeType, pageCount: fax.pageCount };
	} catch (error) {
		const nodeError = toNodeError(ctx, error, 0);
		return { error: error.name, code: error.code ?? null, nodeError: nodeError.constructor.name, message: nodeError.message };
	}
}
(async () => {
	// Built by hand: pdf-lib can't save one when the timer is broken.
	const pages = 150;
	let body = '%PDF-1.7\\n';
	const offsets = [];
	const obj = (text) => { offsets.push(body.length); body += offsets.length + ' 0 obj\\n' + text + '\\nendobj\\n'; };
	obj('<< /Type /Catalog /Pages 2 0 R >>');
	obj('<< /Type /Pages /Count ' + pages + ' /Kids [' + Array.from({ length: pages }, (_, i) => (i + 3) + ' 0 R').join(' ') + '] >>');
	// 200 numbers per page: more values than the work budget reads before it must yield (20 000
	// units), so the reader yields whatever the machine's speed (its 20 ms clock may never fire).
	const pad = '0 '.repeat(200);
	for (let i = 0; i < pages; i++) obj('<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Pad [' + pad + '] >>');
	const xref = body.length;
	body += 'xref\\n0 ' + (offsets.length + 1) + '\\n0000000000 65535 f \\n' + offsets.map((o) => String(o).padStart(10, '0') + ' 00000 n \\n').join('');
	body += 'trailer\\n<< /Size ' + (offsets.length + 1) + ' /Root 1 0 R >>\\nstartxref\\n' + xref + '\\n%%EOF\\n';
	process.stdout.write(JSON.stringify({
		good: await outcome(Buffer.from(body, 'latin1')),
		damaged: await outcome(Buffer.from('%PDF-1.7\\n${MARKER} garbage')),
		// 20 images merged into one PDF: pdf-lib reads nothing, but yields while writing it.
		png: await outcome(Buffer.from('${makePng(40, 40).toString('base64')}', 'base64'), true),
	}));
})();
`;

async function readWith(
	workflowModule: string,
): Promise<Record<'good' | 'damaged' | 'png', Record<string, unknown>>> {
	const { stdout } = await run(process.execPath, ['-r', PIN_HOOK, '-e', SCRIPT], {
		cwd: PACKAGE_DIR,
		env: { ...process.env, N8N_WORKFLOW_MODULE: workflowModule, NODE_PATH: '' },
	});
	return JSON.parse(stdout) as Record<'good' | 'damaged' | 'png', Record<string, unknown>>;
}

test('when the PDF reader itself fails (n8n-workflow without the timer it uses), the node says internal error, never "damaged PDF"', async () => {
	const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'n8n-nodes-fax-broken-workflow-'));
	try {
		const real = require.resolve('n8n-workflow-2.41', { paths: [PACKAGE_DIR] });
		const stub = path.join(dir, 'n8n-workflow-without-sleep.js');
		fs.writeFileSync(
			stub,
			`module.exports = Object.assign({}, require(${JSON.stringify(real)}));\ndelete module.exports.sleep;\n`,
		);
		const result = await readWith(stub);
		for (const outcome of [result.good, result.damaged, result.png]) {
			expect(outcome).toEqual({
				error: 'PdfReaderFault',
				code: null,
				nodeError: 'NodeOperationError',
				message: expect.stringMatching(
					/^Unexpected internal error of the Fax node while handling PDFs \(not a problem with the document\): (?:[a-z ]+: )?TypeError: .*sleep\) is not a function\. This n8n-nodes-fax version does not work with this n8n version/,
				),
			});
			expect(outcome.message).not.toMatch(/damaged/i);
			expect(JSON.stringify(outcome)).not.toContain(MARKER);
		}
	} finally {
		fs.rmSync(dir, { recursive: true, force: true });
	}
}, 60000);

test.each(SUPPORTED_N8N_WORKFLOW)(
	'with n8n-workflow $version a damaged PDF is still reported as damaged, and a good one is read',
	async ({ module }) => {
		const result = await readWith(module);
		expect(result.good).toEqual({ pageCount: 150 });
		expect(result.png).toEqual({ mimeType: 'application/pdf', pageCount: 20 });
		expect(result.damaged).toEqual({
			error: 'DocumentError',
			code: 'corruptPdf',
			nodeError: 'NodeOperationError',
			message: `Binary property 'data' is a damaged PDF that can't be read (field "data", item 0)`,
		});
	},
	60000,
);
