#!/usr/bin/env node
// Prints the reliability figures the test run recorded in test-artifacts/, per engine: the
// node-level catalogues in n8n-core 2.41 (on Node 20 and on Node 24) and in n8n 1.x's n8n-core
// (`reliability-<name>@<engine>.json`), and the real n8n runs (`…@n8n <version>.json`).
// With --soak, first runs the fault soak at its full size (1,000 items; SOAK_ITEMS and SOAK_SEED
// set it otherwise) in both engines, then prints.
'use strict';
const { spawnSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');

const ROOT = path.join(__dirname, '..');
const dir = path.join(ROOT, 'test-artifacts');
fs.mkdirSync(dir, { recursive: true });

if (process.argv.includes('--soak')) {
	const jest = require.resolve('jest/bin/jest');
	const env = { ...process.env, SOAK_ITEMS: process.env.SOAK_ITEMS ?? '1000' };
	const r = spawnSync(process.execPath, [jest, '--selectProjects', 'node', 'node-n8n1', '--', 'test/node/soak'], { stdio: 'inherit', env, cwd: ROOT });
	if (r.status !== 0) process.exit(r.status ?? 1);
}

const read = (file) => JSON.parse(fs.readFileSync(path.join(dir, file), 'utf8'));

/** { engine: { name: figures } } from reliability-<name>@<engine>.json */
const byEngine = {};
for (const file of fs.readdirSync(dir)) {
	const m = /^reliability-(.+)@(.+)\.json$/.exec(file);
	if (m) (byEngine[m[2]] ??= {})[m[1]] = read(file);
}
const engines = Object.keys(byEngine).sort((a, b) => {
	// n8n-core first, newest first; then real n8n, newest first.
	const rank = (e) => (e.startsWith('n8n-core') ? 0 : 1);
	return rank(a) - rank(b) || b.localeCompare(a, 'en', { numeric: true });
});
if (engines.length === 0) {
	process.stdout.write('reliability figures: not recorded (run npm run test:unit first)\n');
	process.exit(0);
}

const lines = [];
for (const engine of engines) {
	const f = byEngine[engine];
	lines.push(`${engine}:`);
	if (f['bad-inputs']) lines.push(`  bad inputs tried: ${f['bad-inputs'].badInputsTried}, requests sent for them: ${f['bad-inputs'].requestsSentForThem}`);
	if (f.faults) lines.push(`  upstream faults injected: ${f.faults.faultsInjected}, items lost: ${f.faults.itemsLost}${f.faults.keyLeaks !== undefined ? `, API key leaks in errors and items: ${f.faults.keyLeaks}` : ''}`);
	if (f.hostile) lines.push(`  hostile inputs tried: ${f.hostile.hostileInputsTried}, requests sent for them: ${f.hostile.requestsSentForThem}`);
	const s = f.soak;
	if (s) {
		lines.push(
			`  fault soak (seed ${s.seed}): ${s.items} items, ${s.faultsInjected} faults injected; items lost ${s.itemsLost}, error items ${s.errorItems}, ` +
				`billed edits sent again ${s.sentAgainAfter2xx}, items over Max Retries ${s.overRetries}, most edits held at once ${s.maxHeld} of 10`,
		);
	}
}

// Written by the real-n8n tests (test/e2e/cli.test.ts, test/e2e/hostile.test.ts).
const n8n = fs.existsSync(path.join(dir, 'reliability-n8n.json')) ? read('reliability-n8n.json') : undefined;
if (n8n) lines.push(`API key leaks in ${n8n.runs} real n8n runs' output: ${n8n.keyLeaks}`);
const hostileN8n = fs.existsSync(path.join(dir, 'reliability-n8n-hostile.json')) ? read('reliability-n8n-hostile.json') : undefined;
if (hostileN8n) {
	// n8n's own high-water mark while it refused the 2 GB bomb mask and the 30000×30000 header.
	const peaks = Object.entries(hostileN8n).map(([version, p]) => `n8n ${version} ${Math.max(p.bombMask ?? 0, p.hugeHeader ?? 0)} MB`);
	lines.push(`peak memory refusing the hostile files: ${peaks.join(', ')}`);
	// And while it checked four legal masks whose pixel data comes in one-byte chunks.
	const pieces = Object.entries(hostileN8n).filter(([, p]) => p.idatPieces).map(([version, p]) => `n8n ${version} ${p.idatPieces} MB in ${p.idatPiecesSeconds} s (the same bytes in one chunk: ${p.idatOneChunk} MB)`);
	if (pieces.length) lines.push(`four 9.4 MB masks in one-byte IDAT chunks, checked and sent: ${pieces.join(', ')}`);
}
process.stdout.write(`Reliability figures\n${lines.map((l) => `  ${l}`).join('\n')}\n`);

// Written by test/e2e/sharedAccount.test.ts.
const sharedFile = path.join(dir, 'shared-account.json');
if (fs.existsSync(sharedFile)) {
	const shared = read('shared-account.json');
	process.stdout.write(
		`A shared account in real n8n (100 photos, the organization admits 5 of the bound of 10, 0.5 s edits, Timeout 6 s)\n` +
			Object.entries(shared)
				.map(([run, f]) => `  ${run}: ${f.edited ?? f.items} of ${f.items} edited${f.answered429 !== undefined ? `, ${f.answered429} answered 429, ${f.seconds} s` : ''}${f.answered404 !== undefined ? `, ${f.answered404} uploads answered 404${f.probes !== undefined ? ` (${f.probes} probes found the route)` : ''}` : ''}`)
				.join('\n') +
			'\n',
	);
}

// Written by `npm run test:queue`.
const queueFile = path.join(dir, 'queue-figures.json');
if (fs.existsSync(queueFile)) {
	const q = read('queue-figures.json');
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
