'use strict';
/**
 * Zero runtime dependencies: every npm package the nodes and credentials import (except
 * `n8n-workflow`, a peer dependency that n8n provides) is bundled with esbuild into
 * `dist/vendor/<import>.js`, and the compiled modules under `dist/nodes` and
 * `dist/credentials` are pointed at those files. The package then installs and loads with
 * nothing but n8n itself, as n8n Cloud requires of verified community nodes.
 *
 * Why one bundle per library rather than one bundle per node: the compiled modules stay one
 * file per source file, so the Fax node and the two triggers keep sharing one copy of the
 * package's module state (the transport's rate-limit memory, the in-memory shared-state
 * store) the way they do when n8n `require`s them. Per-node bundles would give every node its
 * own copy. Each library is bundled once, whichever node uses it.
 */
const fs = require('node:fs');
const path = require('node:path');
const { isBuiltin } = require('node:module');
const esbuild = require('esbuild');

const ROOT = path.resolve(__dirname, '..');
const DIST = path.join(ROOT, 'dist');
/** The compiled package code that n8n loads (tsc output; dist/simulator is not shipped). */
const PACKAGE_DIRS = ['nodes', 'credentials'].map((dir) => path.join(DIST, dir));
const VENDOR_DIR = path.join(DIST, 'vendor');
const LICENSES_FILE = path.join(VENDOR_DIR, 'THIRD-PARTY-LICENSES.md');
/** Provided by n8n at run time (peer dependency); never bundled. */
const PROVIDED = ['n8n-workflow'];

const REQUIRE_CALL = /\brequire\((["'])([^"'\n]+)\1\)/g;

function isProvided(specifier) {
	return PROVIDED.some((name) => specifier === name || specifier.startsWith(`${name}/`));
}

function listJsFiles(dir) {
	if (!fs.existsSync(dir)) return [];
	return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
		const full = path.join(dir, entry.name);
		if (entry.isDirectory()) return listJsFiles(full);
		return entry.name.endsWith('.js') ? [full] : [];
	});
}

/** `dist/vendor/<specifier>.js` for an npm import such as `pdf-lib` or `libphonenumber-js/min`. */
function vendorFile(specifier) {
	return path.join(VENDOR_DIR, `${specifier}.js`);
}

/**
 * The npm import a `require` argument stands for, or undefined for relative modules, Node
 * built-ins and n8n-workflow. A path into dist/vendor (written by an earlier build: tsc's
 * incremental build does not re-emit unchanged files) maps back to its import.
 */
function npmImportOf(specifier, fromFile) {
	if (specifier.startsWith('.')) {
		const target = path.resolve(path.dirname(fromFile), specifier);
		if (!target.startsWith(`${VENDOR_DIR}${path.sep}`)) return undefined;
		return path.relative(VENDOR_DIR, target).replace(/\.js$/, '').split(path.sep).join('/');
	}
	if (isBuiltin(specifier) || isProvided(specifier)) return undefined;
	return specifier;
}

/** Rewrites each npm `require` of one compiled module to its vendor bundle; returns the imports. */
function pointAtVendor(file) {
	const imports = new Set();
	const source = fs.readFileSync(file, 'utf8');
	const rewritten = source.replace(REQUIRE_CALL, (call, quote, specifier) => {
		const npmImport = npmImportOf(specifier, file);
		if (npmImport === undefined) return call;
		imports.add(npmImport);
		let relative = path.relative(path.dirname(file), vendorFile(npmImport)).split(path.sep).join('/');
		if (!relative.startsWith('.')) relative = `./${relative}`;
		return `require(${quote}${relative}${quote})`;
	});
	if (rewritten !== source) fs.writeFileSync(file, rewritten);
	return imports;
}

/**
 * esbuild options for one library bundle: CommonJS for Node, n8n-workflow left to n8n, and
 * the two things n8n Cloud refuses in community code replaced (see timers.mjs).
 */
function libraryBuildOptions({ contents, sourcefile, outfile }) {
	return {
		stdin: { contents, resolveDir: ROOT, sourcefile },
		outfile,
		bundle: true,
		platform: 'node',
		format: 'cjs',
		target: 'node20',
		// ES module builds where a package has them: esbuild converts them and drops dead code.
		mainFields: ['module', 'main'],
		external: PROVIDED,
		// Libraries' own console warnings would bypass n8n's logger (and n8n's scanner refuses
		// console calls in community packages); the nodes report problems as n8n errors.
		drop: ['console'],
		inject: [path.join(__dirname, 'timers.mjs')],
		legalComments: 'inline',
		metafile: true,
		logLevel: 'warning',
	};
}

async function bundleOne(npmImport) {
	const result = await esbuild.build(
		libraryBuildOptions({
			contents: `module.exports = require(${JSON.stringify(npmImport)});`,
			sourcefile: `vendor:${npmImport}`,
			outfile: vendorFile(npmImport),
		}),
	);
	return Object.keys(result.metafile.inputs);
}

/** The npm package (name and folder) an esbuild input path belongs to. */
function packageOfInput(input) {
	const parts = input.split('/');
	const at = parts.lastIndexOf('node_modules');
	if (at === -1) return undefined;
	const nameParts = parts[at + 1]?.startsWith('@') ? parts.slice(at + 1, at + 3) : parts.slice(at + 1, at + 2);
	return { name: nameParts.join('/'), dir: path.join(ROOT, ...parts.slice(0, at + 1 + nameParts.length)) };
}

function licenseText(dir) {
	const file = fs.readdirSync(dir).find((name) => /^(licen[cs]e|copying)(\.|$)/i.test(name));
	return file ? fs.readFileSync(path.join(dir, file), 'utf8').trim() : undefined;
}

/** The licence of every package that went into a vendor bundle (MIT and the like ask for it). */
function writeLicenses(inputs) {
	const packages = new Map();
	for (const input of inputs) {
		const found = packageOfInput(input);
		if (found && !packages.has(found.name)) packages.set(found.name, found.dir);
	}
	const sections = [...packages.entries()]
		.sort(([a], [b]) => a.localeCompare(b))
		.map(([name, dir]) => {
			const manifest = JSON.parse(fs.readFileSync(path.join(dir, 'package.json'), 'utf8'));
			const text = licenseText(dir) ?? `License: ${manifest.license ?? 'see the package'}`;
			return `## ${name} ${manifest.version}\n\n${text}\n`;
		});
	fs.writeFileSync(
		LICENSES_FILE,
		`# Third-party licences\n\nThe files in this folder bundle these npm packages.\n\n${sections.join('\n')}`,
	);
}

/** Every `require` left in a shipped file is relative and exists, a Node built-in, or n8n-workflow. */
function assertSelfContained(files) {
	const problems = [];
	for (const file of files) {
		for (const [, , specifier] of fs.readFileSync(file, 'utf8').matchAll(REQUIRE_CALL)) {
			if (isBuiltin(specifier) || isProvided(specifier)) continue;
			const target = specifier.startsWith('.') ? path.resolve(path.dirname(file), specifier) : undefined;
			const exists =
				target !== undefined &&
				[target, `${target}.js`, path.join(target, 'index.js')].some(
					(candidate) => fs.existsSync(candidate) && fs.statSync(candidate).isFile(),
				);
			if (!exists) problems.push(`${path.relative(ROOT, file)} requires "${specifier}"`);
		}
	}
	if (problems.length > 0) {
		throw new Error(`the built package would need modules it does not ship:\n  ${problems.join('\n  ')}`);
	}
}

async function bundleDependencies() {
	const compiled = PACKAGE_DIRS.flatMap((dir) => listJsFiles(dir));
	const npmImports = new Set();
	for (const file of compiled) for (const found of pointAtVendor(file)) npmImports.add(found);

	fs.rmSync(VENDOR_DIR, { recursive: true, force: true });
	const inputs = [];
	for (const npmImport of [...npmImports].sort()) inputs.push(...(await bundleOne(npmImport)));
	if (npmImports.size > 0) writeLicenses(inputs);

	assertSelfContained([...compiled, ...listJsFiles(VENDOR_DIR)]);
	return [...npmImports].sort();
}

module.exports = { bundleDependencies, libraryBuildOptions };
