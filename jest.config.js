/** @type {import('jest').Config} */
module.exports = {
	testEnvironment: 'node',
	roots: ['<rootDir>/test'],
	testMatch: ['**/*.test.ts'],
	globalSetup: '<rootDir>/test/globalSetup.js',
	transform: {
		'^.+\\.ts$': ['ts-jest', { tsconfig: 'tsconfig.tools.json' }],
		'/node_modules/any-ascii/.+\\.js$': '<rootDir>/test/jest/esmToCommonJs.js',
	},
	transformIgnorePatterns: ['/node_modules/(?!any-ascii/)'],
	testTimeout: 60000,
	maxWorkers: 2,
};
