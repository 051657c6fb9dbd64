'use strict';
/**
 * Single-provider editions (n8n-nodes-faxrocks, n8n-nodes-faxdrop, n8n-nodes-sendfaxmail) built
 * from the same compiled code as n8n-nodes-fax, for n8n's verification (one service per
 * package, nothing n8n's scanner flags). Nothing is copied per edition: the build SELECTS.
 *
 * Each edition's folder (editions/<dir>/) holds its package.json and generated README; its
 * package.json's "n8n" section says which nodes and credential it ships. From tsc's output in
 * dist/ (libraries already bundled into dist/vendor by vendor.js) esbuild makes one bundle per
 * edition, dist/edition.js, with two modules replaced:
 * - nodes/Fax/edition/provider.js: names the edition's provider (EDITION_PROVIDER), so the
 *   nodes use it without a Provider parameter, and each node's description is filtered to that
 *   provider (nodes/Fax/edition/description.ts: no provider picker, no Shared State, one
 *   credential);
 * - nodes/Fax/sharedState/index.js: state in this n8n process only. The Redis store and its
 *   client are never reached, so they are not in the bundle (their `require('redis')` is what
 *   the scanner refuses).
 * One bundle for all of an edition's nodes and its credential, so they share one copy of the
 * module state (rate-limit windows, the in-process store) as n8n-nodes-fax's files do; n8n loads
 * thin files at the usual places (dist/nodes/<Node>/<Node>.node.js) that re-export from it,
 * with the icons and codex file next to them.
 */
const fs = require('node:fs');
const path = require('node:path');
const { isBuiltin } = require('node:module');
const esbuild = require('esbuild');

const ROOT = path.resolve(__dirname, '..');
const DIST = path.join(ROOT, 'dist');
const EDITIONS_DIR = path.join(ROOT, 'editions');
const BUNDLE = 'dist/edition.js';

/** Folder under editions/ → the provider (adapter name) it ships. */
const EDITIONS = [
	{ dir: 'faxrocks', provider: 'faxRocks' },
	{ dir: 'faxdrop', provider: 'faxDrop' },
	{ dir: 'sendfaxmail', provider: 'sendFaxMail' },
];

/** Provider names as the codex aliases of n8n-nodes-fax spell them. */
const PROVIDER_ALIASES = { faxRocks: 'faxrocks', faxDrop: 'FaxDrop', sendFaxMail: 'SendFAXMail' };

const SHARED_STATE_DIR = path.join(DIST, 'nodes', 'Fax', 'sharedState');
const EDITION_PROVIDER_FILE = path.join(DIST, 'nodes', 'Fax', 'edition', 'provider.js');

/** The in-process-only shared state an edition bundles instead of sharedState/index.js. */
const PROCESS_ONLY_SHARED_STATE = `'use strict';
// Edition build: Shared State is this n8n process's memory (no Redis; see packaging/editions.js).
const { processStore } = require('./memoryStore');
const { SharedStateError } = require('./errors');
exports.SharedStateError = SharedStateError;
exports.sharedStateProperty = { displayName: 'Shared State', name: 'sharedState', type: 'hidden', default: 'none' };
exports.sharedStateKind = () => 'none';
exports.sharedStore = async () => processStore;
exports.forgetProcessState = () => processStore.clear();
exports.closeSharedStores = async () => undefined;
`;

function readJson(file) {
	return JSON.parse(fs.readFileSync(file, 'utf8'));
}

function editionManifest(edition) {
	return readJson(path.join(EDITIONS_DIR, edition.dir, 'package.json'));
}

/** `dist/nodes/Fax/Fax.node.js` → { file, className: 'Fax', sourceDir: 'nodes/Fax' }. */
function entryOf(entry) {
	const relative = entry.replace(/^dist\//, '');
	return {
		entry,
		relative,
		className: path.basename(entry).split('.')[0],
		sourceDir: path.dirname(relative),
		compiled: path.join(DIST, relative),
	};
}

function requirePath(fromDir, file) {
	const relative = path.relative(fromDir, file).split(path.sep).join('/');
	return relative.startsWith('.') ? relative : `./${relative}`;
}

/** esbuild plugin: the two replaced modules (see the top of this file). */
function editionModules(provider) {
	const sharedStateIndex = [SHARED_STATE_DIR, `${SHARED_STATE_DIR}.js`, path.join(SHARED_STATE_DIR, 'index.js')];
	const providerFile = [EDITION_PROVIDER_FILE, EDITION_PROVIDER_FILE.replace(/\.js$/, '')];
	return {
		name: 'fax-edition',
		setup(build) {
			build.onResolve({ filter: /^\./ }, (args) => {
				const target = path.resolve(args.resolveDir, args.path);
				if (providerFile.includes(target)) return { path: 'provider', namespace: 'fax-edition' };
				if (sharedStateIndex.includes(target)) return { path: 'shared-state', namespace: 'fax-edition' };
				return undefined;
			});
			build.onLoad({ filter: /.*/, namespace: 'fax-edition' }, (args) =>
				args.path === 'provider'
					? { contents: `'use strict';\nexports.EDITION_PROVIDER = ${JSON.stringify(provider)};\n`, loader: 'js' }
					: { contents: PROCESS_ONLY_SHARED_STATE, loader: 'js', resolveDir: SHARED_STATE_DIR },
			);
		},
	};
}

/** The bundle's entry: every node of the edition wrapped by editionNode, and its credential. */
function entrySource(nodes, credentials) {
	const from = (file) => JSON.stringify(file.split(path.sep).join('/'));
	const lines = [
		`'use strict';`,
		`const { editionNode } = require(${from(path.join(DIST, 'nodes', 'Fax', 'edition', 'index.js'))});`,
		...nodes.map(({ className, compiled }) => `exports.${className} = editionNode(require(${from(compiled)}).${className});`),
		...credentials.map(({ className, compiled }) => `exports.${className} = require(${from(compiled)}).${className};`),
	];
	return `${lines.join('\n')}\n`;
}

function iconFiles(icon) {
	if (!icon) return [];
	const values = typeof icon === 'string' ? [icon] : Object.values(icon);
	return values.filter((value) => value.startsWith('file:')).map((value) => value.slice('file:'.length));
}

/** The codex file of n8n-nodes-fax, for this package, provider and README. */
function editionCodex(sourceCodex, manifest, edition, nodeName) {
	const codex = readJson(sourceCodex);
	const otherProviders = Object.entries(PROVIDER_ALIASES)
		.filter(([name]) => name !== edition.provider)
		.map(([, alias]) => alias);
	const readme = `https://github.com/n8n-nodes-fax/n8n-nodes-fax/tree/main/editions/${edition.dir}`;
	const relink = (links) =>
		(links ?? []).map((link) => ({ url: `${readme}${link.url.replace(/^[^#]*/, '')}` }));
	return {
		...codex,
		node: `${manifest.name}.${nodeName}`,
		alias: codex.alias.filter((alias) => !otherProviders.includes(alias)),
		resources: {
			primaryDocumentation: relink(codex.resources.primaryDocumentation),
			credentialDocumentation: relink(codex.resources.credentialDocumentation),
		},
	};
}

/** Every `require` in the bundle is n8n-workflow or a Node built-in, and no Redis code came in. */
function assertSelfContained(bundleFile, inputs) {
	const problems = [];
	for (const [, , specifier] of fs.readFileSync(bundleFile, 'utf8').matchAll(/\brequire\((["'])([^"'\n]+)\1\)/g)) {
		if (!isBuiltin(specifier) && specifier !== 'n8n-workflow') problems.push(`requires "${specifier}"`);
	}
	for (const input of inputs) if (/redis/i.test(input)) problems.push(`bundles ${input}`);
	if (problems.length > 0) {
		throw new Error(`${path.relative(ROOT, bundleFile)}: ${[...new Set(problems)].join(', ')}`);
	}
}

/** Builds one edition into editions/<dir>/ (dist/, LICENSE.md); returns what it wrote. */
async function buildEdition(edition) {
	const editionDir = path.join(EDITIONS_DIR, edition.dir);
	const manifest = editionManifest(edition);
	const nodes = manifest.n8n.nodes.map(entryOf);
	const credentials = manifest.n8n.credentials.map(entryOf);
	const distDir = path.join(editionDir, 'dist');
	fs.rmSync(distDir, { recursive: true, force: true });

	const bundleFile = path.join(editionDir, BUNDLE);
	const result = await esbuild.build({
		stdin: { contents: entrySource(nodes, credentials), resolveDir: DIST, sourcefile: `edition:${edition.dir}` },
		outfile: bundleFile,
		bundle: true,
		platform: 'node',
		format: 'cjs',
		target: 'node20',
		external: ['n8n-workflow'],
		plugins: [editionModules(edition.provider)],
		legalComments: 'inline',
		metafile: true,
		logLevel: 'warning',
	});
	assertSelfContained(bundleFile, Object.keys(result.metafile.inputs));

	// The files n8n loads: a re-export of the bundle's class, its icons and codex beside it.
	const bundled = require(bundleFile);
	for (const item of [...nodes, ...credentials]) {
		const target = path.join(editionDir, item.entry);
		fs.mkdirSync(path.dirname(target), { recursive: true });
		fs.writeFileSync(
			target,
			`'use strict';\n// The ${item.className} of ${manifest.name}; the code is in ${BUNDLE} (packaging/editions.js).\nexports.${item.className} = require(${JSON.stringify(requirePath(path.dirname(target), bundleFile))}).${item.className};\n`,
		);
		const instance = new bundled[item.className]();
		const description = instance.description ?? instance;
		for (const icon of iconFiles(description.icon)) {
			fs.copyFileSync(path.join(ROOT, item.sourceDir, icon), path.join(path.dirname(target), icon));
		}
		const sourceCodex = path.join(ROOT, item.sourceDir, `${item.className}.node.json`);
		if (item.entry.endsWith('.node.js') && fs.existsSync(sourceCodex)) {
			const codex = editionCodex(sourceCodex, manifest, edition, description.name);
			fs.writeFileSync(target.replace(/\.js$/, '.json'), `${JSON.stringify(codex, null, '\t')}\n`);
		}
	}
	fs.copyFileSync(path.join(DIST, 'vendor', 'THIRD-PARTY-LICENSES.md'), path.join(distDir, 'THIRD-PARTY-LICENSES.md'));
	fs.copyFileSync(path.join(ROOT, 'LICENSE.md'), path.join(editionDir, 'LICENSE.md'));
	return { dir: editionDir, name: manifest.name };
}

async function buildEditions() {
	const built = [];
	for (const edition of EDITIONS) built.push(await buildEdition(edition));
	return built;
}

module.exports = { EDITIONS, EDITIONS_DIR, buildEditions, editionManifest };
