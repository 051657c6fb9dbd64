import { config } from '@n8n/node-cli/eslint';

// n8n's default config from @n8n/node-cli, Cloud support on (the rules verified community nodes
// must pass). Every rule applies to the published code, nodes/ and credentials/, and to
// package.json, with two narrow exceptions, both for Shared State = Redis (self-hosted queue
// mode only; on n8n Cloud, n8n manages its own Redis and no node is ever pointed at one):
// - the `redis` credential: the Fax node and the two triggers reference n8n's BUILT-IN Redis
//   credential (shown only when Shared State = Redis), so users reuse the connection they
//   already configured for n8n's queue. The Cloud rules only know this package's own
//   credentials; each of those three lines carries its own eslint-disable-next-line naming
//   the three rules, nothing wider.
// - nodes/Fax/sharedState/redisClient.ts (below): loads n8n's own copy of node-redis lazily,
//   on first use of Shared State = Redis, instead of bundling a socket client.
export default [
	{
		ignores: ['dist/**', 'editions/*/dist/**', 'build/**', 'coverage/**', 'node_modules/**', 'e2e/.data/**', 'e2e/n8n-*/**', 'e2e/node24/**', '*.js', '*.mjs'],
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
		// Only this one file, whose single job is to `require` the `redis` package that n8n ships
		// for its Redis node (and n8n-nodes-base, to find it in a nested install) at run time.
		// It is not a dependency of this package and is never bundled; see the file's comment.
		files: ['nodes/Fax/sharedState/redisClient.ts'],
		rules: {
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
