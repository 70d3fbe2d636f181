/** Four projects: pure units, the node driven over real HTTP, real n8n end to end, and real n8n in queue mode. */
// Screenshots and the results files of `npm test` go here (git-ignored).
require('node:fs').mkdirSync(require('node:path').join(__dirname, 'test-artifacts'), { recursive: true });

const tsJest = ['ts-jest', { tsconfig: 'tsconfig.test.json' }];
const base = { testEnvironment: 'node', transform: { '^.+\\.ts$': tsJest }, moduleFileExtensions: ['ts', 'js', 'json'] };

module.exports = {
	// Real HTTP with real backoff takes seconds, not milliseconds.
	testTimeout: 60000,
	projects: [
		{ ...base, displayName: 'unit', testMatch: ['<rootDir>/test/unit/**/*.test.ts'] },
		{ ...base, displayName: 'node', testMatch: ['<rootDir>/test/node/**/*.test.ts'] },
		{ ...base, displayName: 'e2e', testMatch: ['<rootDir>/test/e2e/**/*.test.ts'] },
		{ ...base, displayName: 'queue', testMatch: ['<rootDir>/test/queue/**/*.test.ts'] },
	],
};
