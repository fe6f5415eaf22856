/** Tests are plain JavaScript under test/, run against the built package in dist/. */
module.exports = {
	testEnvironment: 'node',
	roots: ['<rootDir>/test'],
	testMatch: ['**/*.test.js'],
	testTimeout: 120000,
	// test.concurrent (the fault matrix runs its operations side by side, each on its own sandbox).
	maxConcurrency: 12,
	// The reliability suite's figures: reset before the run, printed and written to artifacts/ after it.
	globalSetup: '<rootDir>/test/reliability/setup.js',
	globalTeardown: '<rootDir>/test/reliability/report.js',
};
