/**
 * The single-provider editions (editions/<dir>, built by packaging/editions.js in `npm run
 * build`): what n8n's verification asks of each (n8n's scanner with zero findings on the folder
 * and on the packed tarball, one service, no dependencies), that each loads with nothing but
 * n8n-workflow, shows only its provider, and sends a real fax inside n8n-core.
 */
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';

import type { IDisplayOptions, INodeProperties, INodeTypeDescription } from 'n8n-workflow';

import { createHarness, type Harness } from '../harness';
import { makePdf, startSimulator, type Simulator } from '../../simulator';
import { FAXDROP_SENDER, NUMBERS, credentialsFor, type Provider } from '../fax/helpers';

const run = promisify(execFile);
const PACKAGE_DIR = path.resolve(__dirname, '..', '..');

// eslint-disable-next-line @typescript-eslint/no-require-imports
const { EDITIONS } = require('../../packaging/editions') as {
	EDITIONS: Array<{ dir: string; provider: Provider }>;
};
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { writeEditionReadmes } = require('../../packaging/editionReadme') as {
	writeEditionReadmes: (options: { check: boolean }) => string[];
};

interface Manifest {
	name: string;
	version: string;
	license: string;
	keywords: string[];
	repository: { type: string; url: string; directory: string };
	files: string[];
	dependencies?: Record<string, string>;
	devDependencies?: Record<string, string>;
	peerDependencies?: Record<string, string>;
	n8n: { strict?: boolean; nodes: string[]; credentials: string[] };
}

/** What each edition must ship: its nodes (description names) and its one credential. */
const EXPECTED: Record<string, { nodes: string[]; credential: string }> = {
	faxrocks: { nodes: ['fax', 'faxTrigger'], credential: 'faxRocksApi' },
	faxdrop: { nodes: ['fax'], credential: 'faxDropApi' },
	sendfaxmail: { nodes: ['fax', 'faxTrigger', 'sendFaxMailTrigger'], credential: 'sendFaxMailApi' },
};

const workDir = fs.mkdtempSync(path.join(os.tmpdir(), 'n8n-nodes-fax-editions-'));
const packed: Record<string, { unpacked: string; files: string[]; manifest: Manifest }> = {};

beforeAll(async () => {
	for (const { dir } of EDITIONS) {
		const destination = path.join(workDir, dir);
		fs.mkdirSync(destination);
		const { stdout } = await run('npm', ['pack', '--json', '--pack-destination', destination], {
			cwd: path.join(PACKAGE_DIR, 'editions', dir),
		});
		const [result] = JSON.parse(stdout) as Array<{
			filename: string;
			files: Array<{ path: string }>;
		}>;
		await run('tar', ['-xzf', path.join(destination, result.filename), '-C', destination]);
		const unpacked = path.join(destination, 'package');
		packed[dir] = {
			unpacked,
			files: result.files.map((file) => file.path).sort(),
			manifest: JSON.parse(
				fs.readFileSync(path.join(unpacked, 'package.json'), 'utf8'),
			) as Manifest,
		};
	}
}, 120000);

afterAll(() => {
	fs.rmSync(workDir, { recursive: true, force: true });
});

test('there are the three editions, one per provider', () => {
	expect(EDITIONS.map(({ dir, provider }) => `${dir}:${provider}`)).toEqual([
		'faxrocks:faxRocks',
		'faxdrop:faxDrop',
		'sendfaxmail:sendFaxMail',
	]);
});

describe.each(EDITIONS)('edition $dir', ({ dir, provider }) => {
	const expected = EXPECTED[dir];

	test('package.json: its own name, strict, the keyword, this repository with directory, MIT, no dependencies, n8n-workflow a peer', () => {
		const { manifest } = packed[dir];
		expect(manifest.name).toBe(`n8n-nodes-${dir}`);
		expect(manifest.version).toMatch(/^\d+\.\d+\.\d+$/);
		expect(manifest.license).toBe('MIT');
		expect(manifest.keywords).toContain('n8n-community-node-package');
		expect(manifest.repository).toEqual({
			type: 'git',
			url: 'git+https://github.com/n8n-nodes-fax/n8n-nodes-fax.git',
			directory: `editions/${dir}`,
		});
		expect(manifest.dependencies).toBeUndefined();
		expect(manifest.devDependencies).toBeUndefined();
		expect(manifest.peerDependencies).toEqual({ 'n8n-workflow': '*' });
		expect(manifest.n8n.strict).toBe(true);
		expect(manifest.n8n.credentials).toHaveLength(1);
	});

	test('the tarball: the bundle, the files n8n loads with their icons and codex, README, licences; nothing else', () => {
		const { files, manifest } = packed[dir];
		for (const entry of [...manifest.n8n.nodes, ...manifest.n8n.credentials])
			expect(files).toContain(entry);
		for (const entry of manifest.n8n.nodes)
			expect(files).toContain(entry.replace(/\.js$/, '.json'));
		expect(files).toEqual(
			expect.arrayContaining([
				'README.md',
				'LICENSE.md',
				'dist/edition.js',
				'dist/THIRD-PARTY-LICENSES.md',
			]),
		);
		const unexpected = files.filter(
			(file) =>
				![
					'package.json',
					'README.md',
					'LICENSE.md',
					'dist/edition.js',
					'dist/THIRD-PARTY-LICENSES.md',
				].includes(file) &&
				!/^dist\/(nodes|credentials)\/[^/]+\/?[^/]*\.(node\.js|node\.json|credentials\.js|svg)$/.test(
					file,
				),
		);
		expect(unexpected).toEqual([]);
		// No Redis code and no other provider's credential in the package.
		const bundle = fs.readFileSync(path.join(packed[dir].unpacked, 'dist/edition.js'), 'utf8');
		expect(bundle).not.toMatch(/require\(["'](redis|@redis\/client|n8n-nodes-base[^"']*)["']\)/);
		expect(bundle).not.toContain('redisCreateClient');
		expect(files.filter((file) => /credentials\.js$/.test(file))).toHaveLength(1);
	});

	test('codex files: this package and provider, documentation links to anchors of the README', () => {
		const { unpacked, manifest } = packed[dir];
		const readme = fs.readFileSync(path.join(unpacked, 'README.md'), 'utf8');
		const anchors = new Set(
			[...readme.matchAll(/^#{1,3} (.+)$/gm)].map(([, heading]) =>
				heading
					.toLowerCase()
					.replace(/[^\p{L}\p{N} _-]/gu, '')
					.replace(/ /g, '-'),
			),
		);
		for (const entry of manifest.n8n.nodes) {
			const codex = JSON.parse(
				fs.readFileSync(path.join(unpacked, entry.replace(/\.js$/, '.json')), 'utf8'),
			);
			expect(codex.node).toMatch(new RegExp(`^${manifest.name}\\.`));
			const others = ['faxrocks', 'faxdrop', 'sendfaxmail'].filter((name) => name !== dir);
			expect(codex.alias.map((alias: string) => alias.toLowerCase())).toEqual(
				expect.not.arrayContaining(others),
			);
			for (const { url } of [
				...codex.resources.primaryDocumentation,
				...codex.resources.credentialDocumentation,
			]) {
				expect(url).toMatch(
					new RegExp(
						`^https://github\\.com/n8n-nodes-fax/n8n-nodes-fax/tree/main/editions/${dir}#`,
					),
				);
				expect(anchors).toContain(url.split('#')[1]);
			}
		}
	});

	test('loads with nothing but n8n-workflow beside it; only its provider: no provider picker, one credential, no Shared State', async () => {
		const { unpacked, manifest } = packed[dir];
		fs.mkdirSync(path.join(unpacked, 'node_modules'), { recursive: true });
		const link = path.join(unpacked, 'node_modules', 'n8n-workflow');
		if (!fs.existsSync(link))
			fs.symlinkSync(path.join(PACKAGE_DIR, 'node_modules', 'n8n-workflow'), link);
		const script = `
			const path = require('node:path');
			const out = { nodes: [], credentials: [] };
			for (const [kind, entries] of [['nodes', ${JSON.stringify(manifest.n8n.nodes)}], ['credentials', ${JSON.stringify(manifest.n8n.credentials)}]]) {
				for (const entry of entries) {
					const className = path.basename(entry).split('.')[0];
					out[kind].push(new (require(path.resolve(entry))[className])().description ?? { name: new (require(path.resolve(entry))[className])().name });
				}
			}
			process.stdout.write(JSON.stringify(out));
		`;
		// NODE_PATH empty: nothing from this repository's node_modules can leak into the resolution.
		const { stdout } = await run(process.execPath, ['-e', script], {
			cwd: unpacked,
			env: { ...process.env, NODE_PATH: '' },
			maxBuffer: 16 * 1024 * 1024,
		});
		const loaded = JSON.parse(stdout) as {
			nodes: INodeTypeDescription[];
			credentials: Array<{ name: string }>;
		};
		expect(loaded.nodes.map((node) => node.name)).toEqual(expected.nodes);
		expect(loaded.credentials.map((credential) => credential.name)).toEqual([expected.credential]);
		for (const node of loaded.nodes) {
			expect(node.credentials).toEqual([{ name: expected.credential, required: true }]);
			const text = JSON.stringify(node.properties);
			expect(node.properties.map((property) => property.name)).not.toContain('provider');
			expect(node.properties.map((property) => property.name)).not.toContain('sharedState');
			// No field waits on a provider choice that no longer exists.
			expect(text).not.toMatch(/"\/?provider":\[/);
			expect(text).not.toContain('sharedState');
		}
		const fax = loaded.nodes.find((node) => node.name === 'fax') as INodeTypeDescription;
		const visible = visibleForProvider(fax, provider);
		expect(visibleForProvider(mainFaxDescription(), provider)).toEqual(visible);
		// The comparison tells providers apart (it would catch a field of another provider).
		for (const other of EDITIONS.filter((edition) => edition.provider !== provider)) {
			expect(visibleForProvider(mainFaxDescription(), other.provider)).not.toEqual(visible);
		}
	}, 60000);

	test("n8n's verification scanner: zero findings on the edition's folder and on its packed tarball", async () => {
		const env = { ...process.env };
		// Without jest's NODE_ENV=test (see tarball.test.ts).
		delete env.NODE_ENV;
		const outcome = await run(
			process.execPath,
			[
				path.join(PACKAGE_DIR, 'packaging', 'scan.mjs'),
				packed[dir].unpacked,
				path.join(PACKAGE_DIR, 'editions', dir),
			],
			{ cwd: PACKAGE_DIR, env, maxBuffer: 16 * 1024 * 1024 },
		).then(
			({ stdout }) => stdout,
			(error: { stdout?: string }) => error.stdout ?? String(error),
		);
		const result = JSON.parse(outcome.trim().split('\n').pop() ?? '{}') as {
			passed: boolean;
			tarball: { passed: boolean; details?: string };
			source: { passed: boolean; details?: string };
		};
		expect({
			tarball: result.tarball.details ?? 'no findings',
			source: result.source.details ?? 'no findings',
		}).toEqual({
			tarball: 'no findings',
			source: 'no findings',
		});
		expect(result.passed).toBe(true);
	}, 300000);
});

test('the edition READMEs are generated from the main README and up to date', () => {
	expect(writeEditionReadmes({ check: true })).toEqual([]);
});

/** The main package's Fax node description (dist of n8n-nodes-fax). */
function mainFaxDescription(): INodeTypeDescription {
	// eslint-disable-next-line @typescript-eslint/no-require-imports
	const { Fax } = require(path.join(PACKAGE_DIR, 'dist/nodes/Fax/Fax.node.js')) as {
		Fax: new () => { description: INodeTypeDescription };
	};
	return new Fax().description;
}

/**
 * What a user of `provider` can see: every parameter (with its options, recursively) shown for
 * that provider, keyed by name, type and its non-provider display conditions, plus the
 * Resource/Operation choices. Same for the edition and for n8n-nodes-fax with that provider
 * chosen means the same operations, fields and options.
 */
function visibleForProvider(description: INodeTypeDescription, provider: Provider): string[] {
	const shownFor = (displayOptions: IDisplayOptions | undefined): boolean => {
		const show = displayOptions?.show ?? {};
		return ['provider', '/provider'].every(
			(key) => !(key in show) || (show[key] as unknown[]).includes(provider),
		);
	};
	const withoutProvider = (displayOptions: IDisplayOptions | undefined) => {
		const show = { ...(displayOptions?.show ?? {}) };
		delete show.provider;
		delete show['/provider'];
		return JSON.stringify(show);
	};
	const walk = (properties: INodeProperties[], prefix: string): string[] =>
		properties
			.filter((property) => !['provider', 'sharedState', 'faxDropNotice'].includes(property.name))
			.filter((property) => shownFor(property.displayOptions))
			.flatMap((property) => {
				const key = `${prefix}${property.name}:${property.type}:${withoutProvider(property.displayOptions)}`;
				const options = (property.options ?? []) as Array<
					INodeProperties | { name: string; value?: unknown }
				>;
				const nested = options.filter((option): option is INodeProperties => 'type' in option);
				const choices = options
					.filter((option) => !('type' in option))
					.map(
						(option) => `${key}=${String((option as { value?: unknown }).value ?? option.name)}`,
					);
				return [key, ...choices, ...walk(nested, `${key}/`)];
			});
	return walk(description.properties, '').sort();
}

describe.each(EDITIONS)('edition $dir in n8n-core', ({ dir, provider }) => {
	let harness: Harness;
	let sim: Simulator;
	const name = `n8n-nodes-${dir}`;

	beforeAll(async () => {
		harness = await createHarness({ packageDir: path.join(PACKAGE_DIR, 'editions', dir) });
		sim = await startSimulator({ speed: 0 });
	});

	afterAll(async () => {
		await sim?.stop();
		await harness?.close();
	});

	test('sends a fax through the edition (no Provider parameter) against the simulator', async () => {
		const pdf = makePdf([['Referral page 1 of 1']]);
		const result = await harness.runNode({
			type: `${name}.fax`,
			parameters: {
				resource: 'fax',
				operation: 'send',
				toNumber: NUMBERS.ok,
				...(provider === 'faxDrop' ? FAXDROP_SENDER : {}),
			},
			credentials: credentialsFor(sim, provider),
			items: [
				{
					json: {},
					binary: { data: { data: pdf, fileName: 'referral.pdf', mimeType: 'application/pdf' } },
				},
			],
		});
		expect(result.nodeError).toBeUndefined();
		expect(result.items).toHaveLength(1);
		const json = result.items[0].json as Record<string, unknown>;
		expect(json).toMatchObject({ provider, to: NUMBERS.ok, outcome: 'sent' });
		expect(typeof json.id).toBe('string');
		expect(json.audit).toMatchObject({ provider });
		expect(sim.faxes({ provider }).map((fax) => fax.id)).toContain(json.id);

		if (EXPECTED[dir].nodes.includes('faxTrigger')) {
			// The edition's Fax Trigger sees that fax once it is final ("Fetch Test Event").
			await sim.advanceClock(31);
			const manual = await harness.runPoll({
				type: `${name}.faxTrigger`,
				parameters: { statuses: ['delivered'] },
				credentials: credentialsFor(sim, provider),
				mode: 'manual',
			});
			expect(manual.items?.[0].map((item) => item.json.id)).toEqual([json.id]);
		}
	});

	// Only the SendFAXMail edition has this trigger.
	if (EXPECTED[dir].nodes.includes('sendFaxMailTrigger'))
		test("the edition's SendFAXMail Trigger starts the workflow for a signed inbound-fax event", async () => {
			const signing = 'whsec_sim_fictional_0123456789';
			const host = await harness.startWebhookHost({
				type: `${name}.sendFaxMailTrigger`,
				parameters: { events: ['fax.received'] },
				credentials: credentialsFor(sim, provider, { extra: { webhookSecret: signing } }),
			});
			try {
				sim.addWebhook({ url: host.url, secret: signing });
				const { fax, deliveries } = await sim.receiveInbound({ from: '+12125550190', pages: 1 });
				expect(deliveries.map((delivery) => delivery.statusCode)).toEqual([200]);
				const started = host.received.filter((call) => call.workflowData);
				expect(started).toHaveLength(1);
				expect(started[0].workflowData?.[0][0].json).toMatchObject({
					event: 'fax.received',
					provider: 'sendFaxMail',
					id: fax.id,
					from: '+12125550190',
				});
			} finally {
				await host.close();
			}
		});
});
