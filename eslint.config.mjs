import { config } from '@n8n/node-cli/eslint';

// n8n's default config from @n8n/node-cli, Cloud support on (the rules verified community nodes
// must pass). Every rule applies to the published code, nodes/ and credentials/, and to
// package.json; no rule is turned off there.
export default [
	{
		ignores: ['dist/**', 'build/**', 'coverage/**', 'node_modules/**', 'e2e/.data/**', 'e2e/n8n/**', '*.js', '*.mjs'],
	},
	...config,
	{
		files: ['simulator/**/*.ts', 'scripts/**/*.ts', 'test/**/*.ts'],
		rules: {
			// The fax simulator, the benchmarks and the tests are development tools that are never
			// published (package.json "files"), so n8n Cloud's sandbox rules do not concern them:
			// they run their own HTTP servers and child processes (node:http, process, timers) and
			// load n8n-core. These two rules are the ones n8n's config adds only for Cloud support.
			'@n8n/community-nodes/no-restricted-globals': 'off',
			'@n8n/community-nodes/no-restricted-imports': 'off',
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
