/**
 * The published artifact, as `npm pack` makes it from the built dist/: what n8n Cloud and n8n's
 * verification ask of a community package (no runtime dependencies, code that passes n8n's
 * scanner) and what makes it install with nothing but n8n (every library bundled).
 */
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);
const PACKAGE_DIR = path.resolve(__dirname, '..', '..');

interface PackManifest {
	dependencies?: Record<string, string>;
	peerDependencies?: Record<string, string>;
	n8n: { strict?: boolean; nodes: string[]; credentials: string[] };
}

let workDir: string;
let unpacked: string;
let files: string[];
let manifest: PackManifest;

beforeAll(async () => {
	workDir = fs.mkdtempSync(path.join(os.tmpdir(), 'n8n-nodes-fax-pack-'));
	const { stdout } = await run('npm', ['pack', '--json', '--pack-destination', workDir], { cwd: PACKAGE_DIR });
	const [packed] = JSON.parse(stdout) as Array<{ filename: string; files: Array<{ path: string }> }>;
	files = packed.files.map((file) => file.path).sort();
	unpacked = path.join(workDir, 'package');
	await run('tar', ['-xzf', path.join(workDir, packed.filename), '-C', workDir]);
	manifest = JSON.parse(fs.readFileSync(path.join(unpacked, 'package.json'), 'utf8')) as PackManifest;
}, 120000);

afterAll(() => {
	if (workDir) fs.rmSync(workDir, { recursive: true, force: true });
});

test('declares no runtime dependencies; n8n-workflow stays a peer dependency; strict n8n lint', () => {
	expect(Object.keys(manifest.dependencies ?? {})).toEqual([]);
	expect(manifest.peerDependencies).toEqual({ 'n8n-workflow': '*' });
	expect(manifest.n8n.strict).toBe(true);
});

test('ships the compiled nodes and credentials, the bundled libraries and the icons, nothing else', () => {
	for (const entry of [...manifest.n8n.nodes, ...manifest.n8n.credentials]) expect(files).toContain(entry);
	expect(files).toContain('dist/vendor/pdf-lib.js');
	expect(files).toContain('dist/vendor/THIRD-PARTY-LICENSES.md');
	const unexpected = files.filter(
		(file) =>
			!['package.json', 'README.md', 'LICENSE.md', 'index.js'].includes(file) &&
			!/^dist\/(nodes|credentials)\/.+\.(js|svg|png|node\.json)$/.test(file) &&
			!/^dist\/vendor\/.+\.js$|^dist\/vendor\/THIRD-PARTY-LICENSES\.md$/.test(file),
	);
	// No TypeScript sources, declarations, source maps, simulator or test code.
	expect(unexpected).toEqual([]);
});

test('every node and credential loads with nothing installed beside it but n8n-workflow', async () => {
	// As in n8n: the package folder, and n8n-workflow resolvable from it (n8n provides it).
	fs.mkdirSync(path.join(unpacked, 'node_modules'));
	fs.symlinkSync(path.join(PACKAGE_DIR, 'node_modules', 'n8n-workflow'), path.join(unpacked, 'node_modules', 'n8n-workflow'));
	const entries = [...manifest.n8n.nodes, ...manifest.n8n.credentials];
	const script = `
		const path = require('node:path');
		for (const entry of ${JSON.stringify(entries)}) {
			const className = path.basename(entry).split('.')[0];
			const Type = require(path.resolve(entry))[className];
			const instance = new Type();
			if (!(instance.description ?? instance).name) throw new Error(entry + ' has no name');
		}
		// The bundled pdf-lib works on its own (it is what checks, converts and merges documents).
		require('./dist/vendor/pdf-lib.js').PDFDocument.create().then(async (pdf) => {
			pdf.addPage();
			const bytes = await pdf.save();
			process.stdout.write(Buffer.from(bytes).subarray(0, 5).toString('latin1'));
		});
	`;
	// NODE_PATH empty: nothing from this repository's node_modules can leak into the resolution.
	const { stdout } = await run(process.execPath, ['-e', script], {
		cwd: unpacked,
		env: { ...process.env, NODE_PATH: '' },
	});
	expect(stdout).toBe('%PDF-');
}, 60000);

test("passes n8n's verification scanner: Cloud lint rules on the sources and on the packed JavaScript", async () => {
	// Without jest's NODE_ENV=test, which switches eslint-plugin-n8n-nodes-base into the mode
	// of its own tests (fixture file names), as no real scan runs.
	const env = { ...process.env };
	delete env.NODE_ENV;
	const outcome = await run(process.execPath, [path.join(PACKAGE_DIR, 'packaging', 'scan.mjs'), unpacked, PACKAGE_DIR], {
		cwd: PACKAGE_DIR,
		env,
		maxBuffer: 16 * 1024 * 1024,
	}).then(
		({ stdout }) => stdout,
		(error: { stdout?: string }) => error.stdout ?? String(error),
	);
	const result = JSON.parse(outcome.trim().split('\n').pop() ?? '{}') as {
		passed: boolean;
		tarball: { details?: string };
		source: { details?: string };
	};
	expect({ tarball: result.tarball.details ?? 'clean', source: result.source.details ?? 'clean' }).toEqual({
		tarball: 'clean',
		source: 'clean',
	});
	expect(result.passed).toBe(true);
}, 300000);
