#!/usr/bin/env node
// Prints the reliability figures the test run recorded in test-artifacts/reliability-*.json.
'use strict';
const fs = require('node:fs');
const path = require('node:path');

const dir = path.join(__dirname, '..', 'test-artifacts');
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
process.stdout.write(`Reliability figures\n${lines.map((l) => `  ${l}`).join('\n')}\n`);

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
