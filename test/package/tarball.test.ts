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

/**
 * What n8n's scanner reports for this package, all for Shared State = Redis (self-hosted n8n in
 * queue mode), as README's "What n8n's scanner reports for n8n-nodes-fax" lists them: the table
 * between the scanner-findings markers, one row per leg, file and rule with a count. The scanner
 * ignores eslint-disable comments. The test compares the scanner's findings with that table, so
 * it fails when a finding appears, disappears or moves, and when the README stops saying so.
 */
function readmeFindings(): { tarball: string[]; source: string[] } {
	const readme = fs.readFileSync(path.join(PACKAGE_DIR, 'README.md'), 'utf8');
	const table = /<!-- scanner-findings:start -->([\s\S]*?)<!-- scanner-findings:end -->/.exec(readme);
	if (!table) throw new Error('README has no scanner-findings table');
	const listed = { tarball: [] as string[], source: [] as string[] };
	for (const row of table[1].split('\n')) {
		const cells = /^\|\s*(tarball|source)\s*\|\s*`([^`]+)`\s*\|\s*`([^`]+)`\s*\|\s*(\d+)\s*\|/.exec(row);
		if (!cells) continue;
		const [, leg, file, rule, count] = cells;
		for (let n = 0; n < Number(count); n++) listed[leg as 'tarball' | 'source'].push(`${file} ${rule}`);
	}
	return { tarball: listed.tarball.sort(), source: listed.source.sort() };
}

/** "file rule" per finding of the scanner's ESLint report (stylish format), sorted. */
function findings(details: string | undefined, root: string): string[] {
	const found: string[] = [];
	let file = '';
	for (const line of (details ?? '').split('\n')) {
		if (line.startsWith('/')) {
			file = path.relative(root, line.trim()).split(path.sep).join('/');
			continue;
		}
		const finding = /^\s+\d+:\d+\s+(?:error|warning)\s.*\s(\S+)\s*$/.exec(line);
		if (finding) found.push(`${file} ${finding[1]}`);
	}
	return found.sort();
}

test("n8n's verification scanner (Cloud lint rules, sources and packed JavaScript) reports exactly the findings README lists, all for Shared State = Redis", async () => {
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
	expect({
		tarball: findings(result.tarball.details, unpacked),
		source: findings(result.source.details, PACKAGE_DIR),
	}).toEqual(readmeFindings());
	expect(result.passed).toBe(false);
	// The README's table holds the three credential rules per node and both Redis requires.
	expect(readmeFindings().source).toHaveLength(13);
	expect(readmeFindings().tarball).toHaveLength(2);
}, 300000);

// The e2e harness's n8n installs (n8n 2.41 and 2.8, e2e/lib/versions.js), where installed.
const N8N_INSTALLS = ['n8n-2.41', 'n8n-2.8']
	.map((folder) => path.join(PACKAGE_DIR, 'e2e', folder, 'node_modules'))
	.filter((modules) => fs.existsSync(path.join(modules, 'redis', 'package.json')));

(N8N_INSTALLS.length ? test.each(N8N_INSTALLS) : test.skip.each(['(no n8n installed by the e2e harness)']))(
	"the Redis client is not bundled: Shared State = Redis loads n8n's own `redis` (via the NODE_PATH n8n sets), else fails clearly (%s)",
	async (N8N_MODULES) => {
		expect(files.filter((file) => /redis/i.test(file) && file.startsWith('dist/vendor/'))).toEqual([]);
		const script = `
			const { redisCreateClient } = require('./dist/nodes/Fax/sharedState/redisClient.js');
			try {
				const createClient = redisCreateClient('Redis at 127.0.0.1:6379');
				const n8nRedis = require(${JSON.stringify(path.join(N8N_MODULES, 'redis'))});
				process.stdout.write(createClient === n8nRedis.createClient ? 'n8n redis' : 'other client');
			} catch (error) {
				process.stdout.write(error.constructor.name + ': ' + error.message);
			}
		`;
		const load = async (nodePath: string) =>
			(await run(process.execPath, ['-e', script], { cwd: unpacked, env: { ...process.env, NODE_PATH: nodePath } }))
				.stdout;
		// n8n (2.8.4 and 2.41.1 alike) sets NODE_PATH to the node_modules folders above its own
		// code before loading community packages (load-nodes-and-credentials.js).
		expect(await load(N8N_MODULES)).toBe('n8n redis');
		expect(await load('')).toMatch(
			/^SharedStateError: Shared State: could not use Redis at 127\.0\.0\.1:6379 \(n8n's Redis client .* could not be loaded/,
		);
	},
	60000,
);
