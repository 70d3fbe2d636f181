/**
 * Five projects: pure units; the node driven over real HTTP inside n8n's own engine, once in
 * n8n-core 2.41 (this repo's devDependencies) and once in n8n-core 1.x (the n8n-core and
 * n8n-workflow of the n8n 1.123.81 that test/e2e/install-n8n.js installs in the test cache); real
 * n8n end to end; and real n8n in queue mode.
 */
const path = require('node:path');

const { n8nDir } = require('./test/e2e/install-n8n');

// Screenshots and the results files of `npm test` go here (git-ignored).
require('node:fs').mkdirSync(path.join(__dirname, 'test-artifacts'), { recursive: true });

const tsJest = ['ts-jest', { tsconfig: 'tsconfig.test.json' }];
const base = { testEnvironment: 'node', transform: { '^.+\\.ts$': tsJest }, moduleFileExtensions: ['ts', 'js', 'json'] };
const nodeTests = ['<rootDir>/test/node/**/*.test.ts'];

// The node and the harness import n8n-workflow, n8n-core and @n8n/di by name: in this project
// those names are n8n 1.x's, for the node's code and for n8n-core's own requires alike.
const n8n1Modules = path.join(n8nDir(1), 'node_modules');
const n8n1 = { '^(n8n-workflow|n8n-core|@n8n/di)(/.*)?$': `${n8n1Modules}/$1$2` };

module.exports = {
	// Real HTTP with real backoff takes seconds, not milliseconds.
	testTimeout: 60000,
	projects: [
		{ ...base, displayName: 'unit', testMatch: ['<rootDir>/test/unit/**/*.test.ts'] },
		{ ...base, displayName: 'node', testMatch: nodeTests },
		{ ...base, displayName: 'node-n8n1', testMatch: nodeTests, moduleNameMapper: n8n1 },
		{ ...base, displayName: 'e2e', testMatch: ['<rootDir>/test/e2e/**/*.test.ts'] },
		{ ...base, displayName: 'queue', testMatch: ['<rootDir>/test/queue/**/*.test.ts'] },
	],
};
