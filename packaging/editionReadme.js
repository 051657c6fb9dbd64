'use strict';
/**
 * Each edition's README.md, generated from the sections of the main README.md (the one place
 * the nodes are documented) and one shared template below, so no text is copied by hand and
 * nothing drifts: `node packaging/editionReadme.js` rewrites them, `--check` fails when a
 * committed one is out of date (test/package/editions.test.ts runs the check).
 *
 * From the main README a section is taken as it is, except that blocks (paragraphs, list items,
 * table rows, code blocks) about other providers only are left out, the provider columns of a
 * table are cut to this provider's, and links that leave the edition's README point at the
 * repository on GitHub.
 */
const fs = require('node:fs');
const path = require('node:path');

const { EDITIONS, EDITIONS_DIR, editionManifest } = require('./editions');

const ROOT = path.resolve(__dirname, '..');
const REPOSITORY = 'https://github.com/n8n-nodes-fax/n8n-nodes-fax';

/** How the README names each provider, and what marks a block as being about it. */
const PROVIDERS = {
	faxRocks: { label: 'faxrocks', credential: 'faxrocks API', pattern: /faxrocks/i },
	faxDrop: { label: 'FaxDrop', credential: 'FaxDrop API', pattern: /faxdrop|fd_live/i },
	sendFaxMail: { label: 'SendFAXMail', credential: 'SendFAXMail API', pattern: /sendfaxmail|sfm_live/i },
};

/** The main README's sections each edition takes, in order; `when` limits one to some nodes. */
const FAX_NODE_SECTIONS = [
	'Send',
	'The document: what the node checks and changes before upload',
	'Send Batch',
	'Fax numbers',
	'Schedule',
	'Check (dry run)',
	'Allowed Fax Numbers',
	'Outcome and fallback (Failed Sends)',
	'Audit record',
	'Get Status, Wait for Final Status, List, Download',
	'Picking a fax, scheduled fax or contact (From List / By ID)',
	'Errors',
];
const TRIGGER_SECTIONS = [
	{ heading: 'Fax Trigger (polling)', node: 'FaxTrigger' },
	{ heading: 'SendFAXMail Trigger (webhook)', node: 'SendFaxMailTrigger' },
];

function anchorOf(heading) {
	return heading
		.toLowerCase()
		.replace(/[^\p{L}\p{N} _-]/gu, '')
		.replace(/ /g, '-');
}

/** The section under `## heading` / `### heading` (to the next heading as high), without it. */
function section(readme, heading) {
	const lines = readme.split('\n');
	const start = lines.findIndex((line) => /^#{2,3} /.test(line) && line.replace(/^#+ /, '') === heading);
	if (start === -1) throw new Error(`README.md has no section "${heading}"`);
	const level = lines[start].indexOf(' ');
	let end = start + 1;
	while (end < lines.length && !(/^#{1,6} /.test(lines[end]) && lines[end].indexOf(' ') <= level)) end++;
	return lines.slice(start + 1, end).join('\n').trim();
}

/** Blocks: fenced code, then paragraphs, each list item and each table row on its own. */
function blocks(text) {
	const result = [];
	let current = [];
	let fence = false;
	const flush = () => {
		if (current.length) result.push(current.join('\n'));
		current = [];
	};
	for (const line of text.split('\n')) {
		if (fence) {
			current.push(line);
			if (line.startsWith('```')) {
				fence = false;
				flush();
			}
			continue;
		}
		if (line.startsWith('```')) {
			flush();
			fence = true;
			current.push(line);
		} else if (line.trim() === '') {
			flush();
			result.push('');
		} else if (/^(\s*[-*] |\s*\d+\. |\|)/.test(line)) {
			flush();
			current.push(line);
		} else current.push(line);
	}
	flush();
	return result;
}

/** A table whose columns are the three providers, cut to the edition's column. */
function projectProviderTable(rows, provider) {
	const cells = (row) => row.split('|').slice(1, -1).map((cell) => cell.trim());
	const header = cells(rows[0]);
	const columns = Object.values(PROVIDERS).map(({ label }) => header.indexOf(label));
	if (columns.some((column) => column === -1)) return undefined;
	const keep = header.indexOf(PROVIDERS[provider].label);
	return rows
		.map(cells)
		.filter((row, index) => index < 2 || !/^[–-](\s|$)/.test(row[keep]))
		.map((row) => `| ${row[0]} | ${row[keep]} |`);
}

/** Drops what is about other providers only; rewrites links for a README in editions/<dir>/. */
function forEdition(text, provider, anchors) {
	const own = PROVIDERS[provider].pattern;
	const others = Object.entries(PROVIDERS)
		.filter(([name]) => name !== provider)
		.map(([, { pattern }]) => pattern);
	const kept = [];
	let table = [];
	const flushTable = () => {
		if (table.length) kept.push(...(projectProviderTable(table, provider) ?? table));
		table = [];
	};
	for (const block of blocks(text)) {
		const aboutOthersOnly = others.some((pattern) => pattern.test(block)) && !own.test(block);
		// Parameters as a workflow holds them: an edition has no `provider` parameter.
		const aboutProviderParameter = /^```/.test(block) && /"provider":/.test(block);
		if (block.startsWith('|')) {
			if (!aboutOthersOnly || table.length < 2) table.push(block);
			continue;
		}
		flushTable();
		if (aboutOthersOnly || aboutProviderParameter || /^- \*\*Provider\*\*/.test(block)) continue;
		kept.push(block);
	}
	flushTable();
	return kept
		.join('\n')
		.replace(/\n{3,}/g, '\n\n')
		.replace(/\]\(#([^)]+)\)/g, (link, anchor) => (anchors.has(anchor) ? link : `](${REPOSITORY}#${anchor})`))
		.replace(/\]\((?!https?:|#|mailto:)([^)]+)\)/g, (_link, target) => `](${REPOSITORY}/blob/main/${target})`)
		.trim();
}

function has(manifest, node) {
	return manifest.n8n.nodes.some((entry) => entry.endsWith(`/${node}.node.js`));
}

function checklist(manifest, edition) {
	const name = manifest.name;
	const label = PROVIDERS[edition.provider].label;
	const rows = [
		['Package name `n8n-nodes-…`, keyword `n8n-community-node-package`, nodes and credential listed under `n8n` in package.json', 'passes: n8n\'s scanner (its `package.json` rules) and `test/package/editions.test.ts`'],
		['One third-party service per package (a trigger for the same service included)', `passes: ${label} only — one credential, no provider picker (\`test/package/editions.test.ts\` reads every node's description)`],
		['`n8n.strict: true`; n8n\'s Cloud lint rules', 'passes: n8n\'s scanner on this folder and on the packed tarball, zero findings, no exceptions (`test/package/editions.test.ts`)'],
		['No runtime dependencies', 'passes: no `dependencies`; everything bundled into `dist/edition.js`; every node and the credential load with nothing but `n8n-workflow` beside them (`test/package/editions.test.ts`)'],
		['No access to environment variables or the file system; no Redis', 'passes: the tarball\'s JavaScript requires only `n8n-workflow` and `node:crypto` (build check in `packaging/editions.js`) and passes the scanner\'s `no-restricted-globals` / `no-restricted-imports`'],
		[`Linter passes, i.e. \`npx @n8n/scan-community-package ${name}\``, 'passes locally on this folder and the packed tarball (`test/package/editions.test.ts`); the registry run also needs the published version\'s provenance (below)'],
		['Works in n8n', `passes: a fax sent through the packed edition inside n8n-core against the simulator (\`test/package/editions.test.ts\`); \`e2e/tests/editions.e2e.test.js\` installs the tarball into a real n8n and sends one (run with \`npm run test:e2e\`, not part of \`npm test\`)`],
		['Documentation: README with usage and authentication', 'passes: this README, generated from the main README (`packaging/editionReadme.js`; `npm test` fails when it is out of date)'],
		['English only; MIT licence', 'passes: `license` in package.json; the build puts the licence text in the tarball'],
		['Published from GitHub Actions with npm provenance', `ready: \`.github/workflows/publish.yml\` publishes this folder with \`--provenance\` on a \`${name}@<version>\` tag. **Needs a person**: the public GitHub repository, the npm package with a trusted publisher (or an \`NPM_TOKEN\` secret), pushing the tag`],
		['npm repository URL matches the public GitHub repository; same author on npm and GitHub', '**needs a person**: `repository` (with `directory`), `homepage` and `author` in package.json name the intended repository; check them once it exists'],
		['Submit for verification', '**needs a person**: submit the published package in the n8n Creator Portal and answer n8n\'s review'],
	];
	return ['| Guideline | Status |', '|---|---|', ...rows.map(([row, status]) => `| ${row} | ${status} |`)].join('\n');
}

/** The README of one edition. */
function editionReadme(edition, readme = fs.readFileSync(path.join(ROOT, 'README.md'), 'utf8')) {
	const manifest = editionManifest(edition);
	const { label, credential } = PROVIDERS[edition.provider];
	const triggers = TRIGGER_SECTIONS.filter(({ node }) => has(manifest, node));
	const faxSections = FAX_NODE_SECTIONS.filter((heading) => {
		const text = section(readme, heading);
		return forEdition(text, edition.provider, new Set()).length > 0 && !(heading === 'Schedule' && edition.provider === 'faxDrop');
	});
	const headings = [
		'Install in n8n',
		'What differs from n8n-nodes-fax',
		'Credentials',
		credential,
		'Fax node',
		...faxSections,
		'Patient data in n8n',
		...(triggers.length ? ['Triggers', ...triggers.map(({ heading }) => heading)] : []),
		'Verification checklist',
		'Build and tests',
	];
	const anchors = new Set(headings.map(anchorOf));
	const take = (heading) => forEdition(section(readme, heading), edition.provider, anchors);
	const credentialsIntro = forEdition(section(readme, 'Credentials').split('\n### ')[0], edition.provider, anchors);
	const faxIntro = forEdition(section(readme, 'Fax node').split('\n### ')[0], edition.provider, anchors)
		.split('\n')
		.filter((line) => line.startsWith('|'))
		.join('\n');
	const nodeNames = [
		'the **Fax** node',
		...triggers.map(({ heading }) => `the **${heading.replace(/ \(.*\)$/, '')}**`),
	];
	const parts = [
		`<!-- Generated by packaging/editionReadme.js from the main README.md; do not edit by hand. -->`,
		`# ${manifest.name}`,
		manifest.description,
		`The **${label} edition** of [n8n-nodes-fax](${REPOSITORY}#readme), built from the same code: ${nodeNames.join(', ').replace(/, ([^,]*)$/, ' and $1')}, with **${label}** as the only provider and one credential (*${credential}*, \`${manifest.n8n.credentials[0].match(/([A-Za-z]+)\.credentials\.js$/)[1].replace(/^./, (c) => c.toLowerCase())}\`). Operations, options, output, \`outcome\`, \`audit\`, Allowed Fax Numbers and Check (dry run) are those of n8n-nodes-fax with ${label} chosen. It is meant for n8n's verification, so that it can be installed on **n8n Cloud**; on self-hosted n8n it is tested on n8n 2.41.1 (Node 24) and 2.8.4 (Node 20), the legs of the main package's [support matrix](${REPOSITORY}#supported-n8n-and-node-versions).`,
		`## Install in n8n`,
		`**n8n Cloud** (and any instance with verified community nodes), once n8n has verified the package: open the nodes panel (**+**), search for **Fax**, open the *Fax* node of \`${manifest.name}\` and click **Install**.\n\n**Self-hosted n8n**: **Settings → Community Nodes → Install**, enter \`${manifest.name}\`, confirm. Or \`cd ~/.n8n/nodes && npm install ${manifest.name}\` and restart n8n.`,
		`## What differs from n8n-nodes-fax`,
		[
			`- **No Provider parameter**: the nodes always use ${label}. The node types are \`${manifest.name}.fax\`${triggers.map(({ node }) => `, \`${manifest.name}.${node.charAt(0).toLowerCase()}${node.slice(1)}\``).join('')}; workflows made with n8n-nodes-fax keep using that package.`,
			`- **No Shared State parameter, no Redis**: what the nodes remember between items and executions (rate-limit windows, the send memo that stops *Retry On Fail* from sending twice${edition.provider === 'faxRocks' ? ', fax IDs already matched to a send' : ''}${triggers.some(({ node }) => node === 'SendFaxMailTrigger') ? ', SendFAXMail events already started' : ''}) lives in the memory of the n8n process. n8n Cloud manages its own infrastructure and no node is pointed at a Redis. With several n8n processes of your own (queue mode), use [n8n-nodes-fax](${REPOSITORY}#queue-mode) with Shared State = Redis instead.`,
			`- Everything else is documented below as in n8n-nodes-fax's README, taken from it.`,
		].join('\n'),
		`## Credentials`,
		credentialsIntro,
		`### ${credential}`,
		take(credential),
		`## Fax node`,
		`Choose the **Resource** and **Operation**:\n\n${faxIntro}`,
		...faxSections.flatMap((heading) => [`### ${heading}`, take(heading)]),
		`## Patient data in n8n`,
		take('Patient data in n8n'),
		...(triggers.length
			? ['## Triggers', ...triggers.flatMap(({ heading }) => [`### ${heading}`, take(heading)])]
			: []),
		`## Verification checklist`,
		`Where \`${manifest.name}\` stands against n8n's [verification guidelines](https://docs.n8n.io/integrations/creating-nodes/build/reference/verification-guidelines/). Rows marked **needs a person** are steps no test can take.`,
		checklist(manifest, edition),
		`## Build and tests`,
		`Built by \`npm run build\` in [the repository](${REPOSITORY}) ([packaging/editions.js](${REPOSITORY}/blob/main/packaging/editions.js)): esbuild bundles the compiled nodes of n8n-nodes-fax into \`dist/edition.js\` with the provider fixed to ${label} and the shared state kept in the n8n process; the files n8n loads (\`dist/nodes/…\`, \`dist/credentials/…\`) re-export from it, with the icons and codex files beside them. \`npm test\` builds every edition, runs n8n's scanner on this folder and on the packed tarball (zero findings), loads the tarball with nothing but \`n8n-workflow\` beside it, checks each node's description and sends a fax through it inside n8n-core.`,
		`## License`,
		`[MIT](${REPOSITORY}/blob/main/LICENSE.md)`,
	];
	return `${parts.join('\n\n')}\n`;
}

function readmePath(edition) {
	return path.join(EDITIONS_DIR, edition.dir, 'README.md');
}

/** Writes every edition's README; with `check`, lists the out-of-date ones instead. */
function writeEditionReadmes({ check = false } = {}) {
	const stale = [];
	for (const edition of EDITIONS) {
		const text = editionReadme(edition);
		const file = readmePath(edition);
		const current = fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : undefined;
		if (current === text) continue;
		stale.push(path.relative(ROOT, file));
		if (!check) fs.writeFileSync(file, text);
	}
	return stale;
}

module.exports = { editionReadme, writeEditionReadmes, anchorOf };

if (require.main === module) {
	const check = process.argv.includes('--check');
	const stale = writeEditionReadmes({ check });
	if (check && stale.length) {
		process.stderr.write(`Out of date (run node packaging/editionReadme.js): ${stale.join(', ')}\n`);
		process.exit(1);
	}
	process.stdout.write(stale.length ? `Wrote ${stale.join(', ')}\n` : 'Edition READMEs up to date\n');
}
