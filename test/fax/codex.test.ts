/**
 * Codex files (`<Node>.node.json`, copied into dist/ by the build) as n8n's loader reads them,
 * and the credentials' documentation links: every link points at a README section that exists.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';

import type { INodeTypeDescription } from 'n8n-workflow';

import { createHarness, type Harness } from '../harness';
import { PACKAGE_DIR } from './helpers';

const packageJson = JSON.parse(readFileSync(path.join(PACKAGE_DIR, 'package.json'), 'utf8')) as {
	homepage: string;
};
const REPO_URL = packageJson.homepage.replace(/#.*$/, '');

/** GitHub's anchor for a Markdown heading. */
function slug(heading: string): string {
	return heading
		.trim()
		.toLowerCase()
		.replace(/[^\p{L}\p{N}\s_-]/gu, '')
		.replace(/\s/g, '-');
}

const README_ANCHORS = new Set(
	readFileSync(path.join(PACKAGE_DIR, 'README.md'), 'utf8')
		.split('\n')
		.filter((line) => /^#{1,6} /.test(line))
		.map((line) => slug(line.replace(/^#+ /, ''))),
);

function expectReadmeLink(url: string | undefined): void {
	expect(url).toBeDefined();
	const [base, anchor] = String(url).split('#');
	expect(base).toBe(`${REPO_URL}?tab=readme-ov-file`);
	expect([...README_ANCHORS]).toContain(anchor);
}

let harness: Harness;
beforeAll(async () => {
	harness = await createHarness({ packageDir: PACKAGE_DIR });
});
afterAll(async () => await harness?.close());

describe.each([
	['n8n-nodes-fax.fax', 'fax-node'],
	['n8n-nodes-fax.faxTrigger', 'fax-trigger-polling'],
	['n8n-nodes-fax.sendFaxMailTrigger', 'sendfaxmail-trigger-webhook'],
])('%s codex', (type, section) => {
	let description: INodeTypeDescription;
	beforeAll(() => {
		description = harness.package.nodeTypes.getByNameAndVersion(type).description;
	});

	it('is loaded by n8n: Communication category and subcategory, fax aliases', () => {
		expect(description.codex?.categories).toEqual(['Communication']);
		expect(description.codex?.subcategories).toEqual({ Communication: ['Fax'] });
		expect(description.codex?.alias).toEqual(expect.arrayContaining(['fax', 'facsimile', 'efax']));
	});

	it('links its README section and the credentials section', () => {
		const { primaryDocumentation, credentialDocumentation } = description.codex?.resources ?? {};
		expect(primaryDocumentation?.map((link) => link.url)).toEqual([
			`${REPO_URL}?tab=readme-ov-file#${section}`,
		]);
		for (const link of [...(primaryDocumentation ?? []), ...(credentialDocumentation ?? [])]) {
			expectReadmeLink(link.url);
		}
	});
});

it.each([
	['faxRocksApi', 'faxrocks-api'],
	['faxDropApi', 'faxdrop-api'],
	['sendFaxMailApi', 'sendfaxmail-api'],
])('credential %s documentationUrl points at its README section', (name, section) => {
	const credential = harness.package.credentialTypes.getByName(name);
	expect(credential.documentationUrl).toBe(`${REPO_URL}?tab=readme-ov-file#${section}`);
	expectReadmeLink(credential.documentationUrl);
});
