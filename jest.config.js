/** @type {import('jest').Config} */
module.exports = {
	testEnvironment: 'node',
	roots: ['<rootDir>/test'],
	testMatch: ['**/*.test.ts'],
	setupFiles: ['<rootDir>/test/support/setup-env.ts'],
	// Types are checked once by `npm run typecheck`; here each file is only transpiled.
	transform: { '^.+\\.ts$': ['ts-jest', { tsconfig: 'tsconfig.jest.json' }] },
	// Most suites wait on HTTP and timers, not the CPU: two workers even on two cores.
	maxWorkers: 2,
	// A hang guard, not a measurement: CI runs these beside the n8n and Chromium installs, up to 7× slower.
	testTimeout: 120_000,
};
