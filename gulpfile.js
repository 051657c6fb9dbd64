const path = require('path');
const { task, src, dest, parallel, series } = require('gulp');
const { bundleDependencies } = require('./packaging/vendor');
const { buildEditions } = require('./packaging/editions');

// tsc compiles the code; n8n also needs each node's and credential's icon, and each node's
// codex file (<Name>.node.json: categories, aliases, documentation links), next to the
// compiled file, so copy them to the same place under dist/.
function copyNodeAssets() {
	const source = path.resolve('nodes', '**', '*.{png,svg,node.json}');
	return src(source, { encoding: false }).pipe(dest(path.resolve('dist', 'nodes')));
}

function copyCredentialAssets() {
	const source = path.resolve('credentials', '**', '*.{png,svg}');
	return src(source, { encoding: false }).pipe(dest(path.resolve('dist', 'credentials')));
}

// Bundles the npm libraries the nodes import into dist/vendor (see packaging/vendor.js).
async function bundleLibraries() {
	const bundled = await bundleDependencies();
	console.log(`Bundled into dist/vendor: ${bundled.join(', ') || 'nothing'}`);
}

// The single-provider editions under editions/ (see packaging/editions.js), from dist/.
async function bundleEditions() {
	const built = await buildEditions();
	console.log(`Built editions: ${built.map((edition) => edition.name).join(', ')}`);
}

task('build:icons', parallel(copyNodeAssets, copyCredentialAssets));
task('build:bundle', bundleLibraries);
task('build:editions', bundleEditions);
task('build', series('build:icons', 'build:bundle', 'build:editions'));
