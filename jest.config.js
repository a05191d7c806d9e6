/** @type {import('jest').Config} */
module.exports = {
	testEnvironment: 'node',
	roots: ['<rootDir>/test'],
	testMatch: ['**/*.test.ts'],
	transform: {
		'^.+\\.ts$': ['ts-jest', { tsconfig: '<rootDir>/test/tsconfig.json' }],
	},
	// The harness imports the node as 'LlmStack.node.js' (a bare 'LlmStack.node' would be the codex JSON elsewhere).
	moduleNameMapper: { '^(.*/LlmStack\\.node)\\.js$': '$1' },
	testTimeout: 60_000,
	// The e2e suite drives real n8n processes; two at a time fit this kind of machine.
	maxWorkers: 2,
};
