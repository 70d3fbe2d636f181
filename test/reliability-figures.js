#!/usr/bin/env node
// Prints the reliability figures the test run recorded in test-artifacts/reliability-*.json.
// With --soak, first runs the fault soak at its full size (1,000 items; SOAK_ITEMS and SOAK_SEED
// set it otherwise) in each engine, then prints.
'use strict';
const { spawnSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');

const dir = path.join(__dirname, '..', 'test-artifacts');
if (process.argv.includes('--soak')) {
	const jest = require.resolve('jest/bin/jest');
	const env = { ...process.env, SOAK_ITEMS: process.env.SOAK_ITEMS ?? '1000' };
	const r = spawnSync(process.execPath, [jest, '--selectProjects', 'node', '--', 'test/node/soak'], { stdio: 'inherit', env, cwd: path.join(__dirname, '..') });
	if (r.status !== 0) process.exit(r.status ?? 1);
}
const read = (name) => {
	const file = path.join(dir, `reliability-${name}.json`);
	return fs.existsSync(file) ? JSON.parse(fs.readFileSync(file, 'utf8')) : undefined;
};
const bad = read('bad-inputs');
const faults = read('faults');
const n8n = read('n8n');
const hostile = read('hostile');
const hostileN8n = read('n8n-hostile');
if (!bad || !faults) {
	process.stdout.write('reliability figures: not recorded (run npm run test:unit first)\n');
	process.exit(0);
}
const lines = [
	`bad inputs tried: ${bad.badInputsTried}, requests sent for them: ${bad.requestsSentForThem}`,
	`upstream faults injected: ${faults.faultsInjected}, items lost: ${faults.itemsLost}`,
	`API key leaks in errors and items: ${faults.keyLeaks}${n8n ? `; in ${n8n.runs} real n8n runs' output: ${n8n.keyLeaks}` : ''}`,
];
if (hostile) {
	// n8n's own high-water mark while it refused the 2 GB bomb mask and the 30000×30000 header.
	const peaks = Object.entries(hostileN8n ?? {}).map(
		([version, p]) => `n8n ${version} peak ${Math.max(p.bombMask ?? 0, p.hugeHeader ?? 0)} MB`,
	);
	lines.push(
		`hostile inputs tried: ${hostile.hostileInputsTried}, requests sent for them: ${hostile.requestsSentForThem}${peaks.length ? `; ${peaks.join(', ')}` : ''}`,
	);
}
// The fault soak, per engine (test/node/soak.test.ts).
for (const file of fs.readdirSync(dir).filter((f) => /^reliability-soak-.*\.json$/.test(f)).sort()) {
	const soak = JSON.parse(fs.readFileSync(path.join(dir, file), 'utf8'));
	lines.push(
		`fault soak (${file.slice('reliability-soak-'.length, -'.json'.length)}, seed ${soak.seed}): ${soak.items} items, ${soak.faultsInjected} faults injected; ` +
			`items lost ${soak.itemsLost}, error items ${soak.errorItems}, billed edits sent again ${soak.sentAgainAfter2xx}, items over Max Retries ${soak.overRetries}, most held at once ${soak.maxHeld} of 10`,
	);
}
process.stdout.write(`Reliability figures\n${lines.map((l) => `  ${l}`).join('\n')}\n`);

// Written by test/e2e/sharedAccount.test.ts.
const sharedFile = path.join(dir, 'shared-account.json');
if (fs.existsSync(sharedFile)) {
	const shared = JSON.parse(fs.readFileSync(sharedFile, 'utf8'));
	process.stdout.write(
		`A shared account in real n8n (100 photos, the organization admits 5 of the bound of 10, 0.5 s edits, Timeout 6 s)\n` +
			Object.entries(shared)
				.map(([run, f]) => `  ${run}: ${f.edited ?? f.items} of ${f.items} edited${f.answered429 !== undefined ? `, ${f.answered429} answered 429, ${f.seconds} s` : ''}${f.answered404 !== undefined ? `, ${f.answered404} answered 404` : ''}`)
				.join('\n') +
			'\n',
	);
}

// Written by `npm run test:queue`.
const queueFile = path.join(dir, 'queue-figures.json');
if (fs.existsSync(queueFile)) {
	const q = JSON.parse(fs.readFileSync(queueFile, 'utf8'));
	const batch = (b, per) => (b ? `${b.executions} executions in ${b.seconds} s (per worker: ${per.join(' + ')})` : 'not run');
	process.stdout.write(
		`Queue mode (n8n ${q.n8n}, ${q.workers} workers started in all)\n` +
			`  cluster up in ${q.startupSeconds} s; ${batch(q.firstBatch, q.firstBatchPerWorker ?? [])}, ${q.firstBatchRetried429} requests answered 429 and retried\n` +
			`  one worker stopped mid-batch: ${batch(q.faultBatch, q.faultBatchPerWorker ?? [])}\n` +
			(q.killBatch
				? `  one worker killed mid-request: ${q.killBatch.executions} executions, ${q.killBatch.killed} lost (status: ${q.killBatch.killedStatuses.join(', ')}), ${q.killBatch.requestsSent} requests, none sent twice\n`
				: '') +
			`  whole test ${q.totalSeconds} s\n`,
	);
}
