const path = require('path');
const { task, src, dest, parallel, series } = require('gulp');
const { bundleDependencies } = require('./packaging/vendor');

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

task('build:icons', parallel(copyNodeAssets, copyCredentialAssets));
task('build:bundle', bundleLibraries);
task('build', series('build:icons', 'build:bundle'));
