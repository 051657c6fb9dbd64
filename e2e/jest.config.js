'use strict';
// `npm run test:e2e`: the package in a real n8n server (see e2e/README-section.md).
const path = require('node:path');

/** @type {import('jest').Config} */
module.exports = {
	rootDir: path.join(__dirname, '..'),
	// Only the tests folder: the n8n installs in e2e/n8n-*/node_modules (2-3 GB each) must never be crawled.
	roots: ['<rootDir>/e2e/tests'],
	testMatch: ['**/*.e2e.test.js'],
	testEnvironment: 'node',
	transform: {},
	// Installs n8n on a machine that does not have it yet (5-8 minutes, with progress).
	globalSetup: '<rootDir>/e2e/tests/globalSetup.js',
	testTimeout: 180000,
	maxWorkers: 1,
	verbose: true,
};
