#!/usr/bin/env node
// Runs the checks of n8n's community-package scanner (@n8n/scan-community-package) offline: on the
// source, as `n8n-node lint` does, and on the contents of the tarball `npm pack` makes, as the
// verification gate does once the package is published.
'use strict';
const { execFileSync } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');

const root = path.resolve(__dirname, '..', '..');

async function main() {
	const { analyzePackage, SOURCE_FILE_PATTERNS } = await import('@n8n/scan-community-package/scanner/scanner.mjs');
	let failed = false;

	const source = await analyzePackage(root, SOURCE_FILE_PATTERNS);
	report('source', source);
	failed ||= !source.passed;

	if (!fs.existsSync(path.join(root, 'dist', 'nodes'))) {
		execFileSync('npm', ['run', 'build'], { cwd: root, stdio: 'inherit' });
	}
	const work = fs.mkdtempSync(path.join(os.tmpdir(), 'cometapi-scan-'));
	try {
		const out = execFileSync('npm', ['pack', '--json', '--pack-destination', work], { cwd: root, encoding: 'utf8' });
		const tarball = path.join(work, JSON.parse(out)[0].filename);
		const unpacked = path.join(work, 'package');
		execFileSync('tar', ['-xzf', tarball, '-C', work]);
		const packed = await analyzePackage(unpacked, ['dist/**/*.js', 'package.json']);
		report('packed tarball', packed);
		failed ||= !packed.passed;
	} finally {
		fs.rmSync(work, { recursive: true, force: true });
	}
	process.exitCode = failed ? 1 : 0;
}

function report(what, result) {
	if (result.passed) {
		process.stdout.write(`scan-community-package (${what}): passed${result.message ? ` (${result.message})` : ''}\n`);
	} else {
		process.stdout.write(`scan-community-package (${what}): FAILED: ${result.message}\n${result.details ?? ''}\n`);
	}
}

main().catch((error) => {
	process.stderr.write(`${error.stack || error}\n`);
	process.exitCode = 1;
});
