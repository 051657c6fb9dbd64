'use strict';
// `npm run test:queue`: the package in n8n queue mode (main + 2 workers + webhook process).
const path = require('node:path');

/** @type {import('jest').Config} */
module.exports = {
	rootDir: path.join(__dirname, '..', '..'),
	roots: ['<rootDir>/e2e/queue'],
	testMatch: ['**/*.queue.test.js'],
	testEnvironment: 'node',
	transform: {},
	// Installs n8n on a machine that does not have it yet (5-8 minutes, with progress).
	globalSetup: '<rootDir>/e2e/tests/globalSetup.js',
	testTimeout: 600000,
	maxWorkers: 1,
	verbose: true,
};
