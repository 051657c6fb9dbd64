import { configWithoutCloudSupport } from '@n8n/node-cli/eslint';

// This package targets self-hosted n8n, where community packages may have runtime
// dependencies (pdf-lib builds and merges the PDFs). n8n Cloud mode forbids them, so the
// config without cloud support is used; every other rule stays on.
export default [
	{ ignores: ['dist/**', 'build/**', 'coverage/**', 'node_modules/**', '*.js', '*.mjs'] },
	...configWithoutCloudSupport,
];
