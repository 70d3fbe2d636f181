#!/usr/bin/env node
// Part of `npm run lint`: the GitHub workflows against GitHub's workflow schema, offline, so that a
// broken workflow fails here and not on GitHub. Arguments: files to check (default: all workflows).
'use strict';
const { spawnSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');

const root = path.join(__dirname, '..', '..');
const dir = path.join(root, '.github', 'workflows');
const files = process.argv.slice(2).length
	? process.argv.slice(2)
	: fs.readdirSync(dir).filter((f) => /\.ya?ml$/.test(f)).map((f) => path.join(dir, f));
const validator = require.resolve('@action-validator/cli/cli.mjs');
let failed = 0;
for (const file of files) {
	const r = spawnSync(process.execPath, [validator, file], { encoding: 'utf8' });
	if (r.status === 0) continue;
	failed++;
	process.stderr.write(`${path.relative(root, file)} is not a valid GitHub workflow:\n${r.stdout}${r.stderr}\n`);
}
process.stdout.write(`GitHub workflows: ${files.length - failed} of ${files.length} valid\n`);
process.exitCode = failed ? 1 : 0;
