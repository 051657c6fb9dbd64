const path = require('path');
const { task, src, dest } = require('gulp');

// tsc compiles the code; n8n also needs each node's and credential's icon, and each node's
// codex file (`<Node>.node.json`: categories, aliases, documentation links), next to the
// compiled file, so copy them to the same place under dist/.
task('build:icons', copyIcons);

function copyIcons() {
	const nodeSource = path.resolve('nodes', '**', '*.{png,svg}');
	const nodeDestination = path.resolve('dist', 'nodes');
	src(nodeSource, { encoding: false }).pipe(dest(nodeDestination));
	src(path.resolve('nodes', '**', '*.node.json')).pipe(dest(nodeDestination));

	const credSource = path.resolve('credentials', '**', '*.{png,svg}');
	const credDestination = path.resolve('dist', 'credentials');
	return src(credSource, { encoding: false }).pipe(dest(credDestination));
}
