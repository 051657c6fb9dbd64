import { configWithoutCloudSupport } from '@n8n/node-cli/eslint';

export default [
	{
		ignores: ['dist/**', 'build/**', 'coverage/**', 'node_modules/**', 'e2e/.data/**', 'e2e/n8n/**', '*.js', '*.mjs'],
	},
	// This package targets self-hosted n8n, so n8n's config without cloud support is used.
	...configWithoutCloudSupport,
	{
		files: ['package.json'],
		rules: {
			// pdf-lib is the one runtime dependency: it validates, converts and merges the documents
			// before upload (type checks, image→PDF, page counts, cover pages) and has no n8n
			// equivalent. Self-hosted n8n installs community packages with their dependencies.
			'@n8n/community-nodes/no-runtime-dependencies': 'off',
		},
	},
	{
		files: ['test/fixtures/**/*.ts'],
		rules: {
			// Fixture nodes use fixture credentials that the test harness registers in-process;
			// they are test doubles for the harness's own tests, not part of the package.
			'@n8n/community-nodes/valid-credential-references': 'off',
		},
	},
];
