/**
 * Three projects: the fast suite on n8n-core 2.x (the current major), the same engine tests on
 * n8n-core 1.x (aliased devDependencies: 1.x hands errors to nodes in another shape), and the
 * real-n8n e2e tests.
 */
// n8n's engine logs every node error; the tests read the errors themselves. (The real-n8n
// tests give n8n its own log level.)
process.env.N8N_LOG_LEVEL = 'silent';

const transform = { '^.+\\.ts$': ['ts-jest', { tsconfig: '<rootDir>/test/tsconfig.json' }] };
// The harness imports the node as 'LlmStack.node.js' (a bare 'LlmStack.node' would be the codex JSON elsewhere).
const nodeFile = { '^(.*/LlmStack\\.node)\\.js$': '$1' };
const common = {
	testEnvironment: 'node',
	rootDir: __dirname,
	roots: ['<rootDir>/test'],
	transform,
};

/** @type {import('jest').Config} */
module.exports = {
	testTimeout: 60_000,
	// The e2e suite drives real n8n processes; two at a time fit this kind of machine.
	maxWorkers: 2,
	projects: [
		{
			...common,
			displayName: 'n8n-core 2.x',
			testMatch: ['<rootDir>/test/{unit,node,package}/**/*.test.ts'],
			moduleNameMapper: nodeFile,
		},
		{
			...common,
			displayName: 'n8n-core 1.x',
			testMatch: ['<rootDir>/test/node/**/*.test.ts'],
			moduleNameMapper: {
				...nodeFile,
				'^n8n-core$': '<rootDir>/node_modules/n8n-core-v1',
				'^n8n-workflow$': '<rootDir>/node_modules/n8n-workflow-v1',
			},
		},
		{
			...common,
			displayName: 'real n8n',
			testMatch: ['<rootDir>/test/e2e/**/*.test.ts'],
			moduleNameMapper: nodeFile,
		},
	],
};
