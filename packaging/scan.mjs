// n8n's verification scanner (@n8n/scan-community-package, what `npx @n8n/scan-community-package
// n8n-nodes-fax` runs on a published version) applied to a local build, without the registry:
// its source leg lints nodes/, credentials/ and package.json of the repository, its tarball leg
// every .js file and the package.json of the unpacked `npm pack` output, both with n8n's Cloud
// rules and with eslint-disable comments ignored. The provenance check needs a version published
// from GitHub Actions and is left to the registry (see .github/workflows/publish.yml).
//
//   node packaging/scan.mjs <unpacked tarball folder> [<source folder>]
//
// Prints one JSON line { passed, tarball, source } and exits 1 when a leg fails.
import path from 'node:path';
import {
	analyzePackage,
	SOURCE_FILE_PATTERNS,
} from '@n8n/scan-community-package/scanner/scanner.mjs';

const [tarballDir, sourceDir = path.resolve(import.meta.dirname, '..')] = process.argv.slice(2);
if (!tarballDir) {
	process.stderr.write('usage: node packaging/scan.mjs <unpacked tarball folder> [<source folder>]\n');
	process.exit(2);
}

const summary = (result) => ({ passed: result.passed, message: result.message, details: result.details });
const tarball = summary(await analyzePackage(path.resolve(tarballDir), ['**/*.js', 'package.json']));
const source = summary(await analyzePackage(path.resolve(sourceDir), SOURCE_FILE_PATTERNS));
const passed = tarball.passed && source.passed;
process.stdout.write(`${JSON.stringify({ passed, tarball, source })}\n`);
process.exit(passed ? 0 : 1);
