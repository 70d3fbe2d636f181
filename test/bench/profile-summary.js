'use strict';
/**
 * Where a row's time went: the self time of the busiest functions in the CPU profiles that
 * `BENCH_PROFILE=<dir> BENCH_ONLY=<row> npm run bench` wrote, the node's own files named by their
 * path under nodes/, n8n's and the platform's by what they are.
 *
 *   node test/bench/profile-summary.js <dir> [top]
 */
const fs = require('node:fs');
const path = require('node:path');

function files(dir) {
	return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? files(path.join(dir, e.name)) : e.name.endsWith('.cpuprofile') ? [path.join(dir, e.name)] : []));
}

const [dir, top = '15'] = process.argv.slice(2);
if (!dir) {
	process.stderr.write('usage: node test/bench/profile-summary.js <dir> [top]\n');
	process.exit(2);
}
const self = new Map();
let total = 0;
for (const file of files(dir)) {
	const profile = JSON.parse(fs.readFileSync(file, 'utf8'));
	const byId = new Map(profile.nodes.map((n) => [n.id, n]));
	profile.samples.forEach((id, i) => {
		const dt = profile.timeDeltas[i] ?? 0;
		const { functionName, url, lineNumber } = byId.get(id).callFrame;
		const where = url.includes('/nodes/IdeogramEdit/') ? url.slice(url.indexOf('/nodes/IdeogramEdit/') + 1) : url.includes('node_modules/') ? url.slice(url.lastIndexOf('node_modules/') + 13).split('/').slice(0, 2).join('/') : url || '(platform)';
		const key = `${functionName || '(anonymous)'} ${where}${url.includes('/nodes/IdeogramEdit/') ? `:${lineNumber + 1}` : ''}`;
		self.set(key, (self.get(key) ?? 0) + dt);
		total += dt;
	});
}
const busy = [...self].filter(([k]) => !k.startsWith('(idle)')).sort((a, b) => b[1] - a[1]);
const busyTotal = busy.reduce((s, [, t]) => s + t, 0);
process.stdout.write(`${(total / 1e6).toFixed(1)} s sampled, ${(busyTotal / 1e6).toFixed(1)} s busy\n`);
for (const [key, t] of busy.slice(0, Number(top))) process.stdout.write(`${(t / 1e3).toFixed(0).padStart(7)} ms  ${key}\n`);
