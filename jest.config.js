/** @type {import('jest').Config} */
module.exports = {
	testEnvironment: 'node',
	roots: ['<rootDir>/test'],
	testMatch: ['**/*.test.ts'],
	transform: {
		'^.+\\.ts$': ['ts-jest', { tsconfig: '<rootDir>/test/tsconfig.json' }],
	},
	// Sources import TypeScript files with a .js suffix where a bare name is ambiguous.
	moduleNameMapper: { '^(\.{1,2}/.*)\.js$': '$1' },
	testTimeout: 60_000,
	// The e2e suite drives real n8n processes; two at a time fit this kind of machine.
	maxWorkers: 2,
};
