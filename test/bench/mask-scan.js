#!/usr/bin/env node
// `npm run bench:masks`: what judging one bench mask (2896×2896, black from a quarter to three
// quarters of its height) costs with the node's own scanMaskPng, four at a time as the checks run,
// in a bare process and beside a heap of about n8n's size, where the inflater's buffers start full
// garbage collections of the whole heap; on Node 20 (n8n 1.x) and Node 24 (n8n 2.x). And the
// platform alone: 512 MB handed over in 16 KB buffers (as the inflater hands its output over, and
// copies it once more) against 1 MB ones, beside that heap. Measures; judges nothing.
'use strict';
const { execFileSync } = require('node:child_process');
const path = require('node:path');
const { PerformanceObserver, constants } = require('node:perf_hooks');
const sharp = require('sharp');

const ROOT = path.join(__dirname, '..', '..');
const MASKS = 40;

function maskPng(kind) {
	const svg = '<svg xmlns="http://www.w3.org/2000/svg" width="2896" height="2896"><rect width="100%" height="100%" fill="#fff"/><rect x="724" y="724" width="1448" height="1448"/></svg>';
	const drawn = sharp(Buffer.from(svg));
	return (kind === 'gray' ? drawn.removeAlpha().toColourspace('b-w') : drawn).png().toBuffer();
}

/** Buffers of `size` bytes made and dropped, 512 MB in all, as a stream's pieces are: ms taken, full collections. */
function buffers(size) {
	let full = 0;
	const observer = new PerformanceObserver((list) => {
		for (const entry of list.getEntries()) if (entry.detail?.kind === constants.NODE_PERFORMANCE_GC_MAJOR) full++;
	});
	observer.observe({ entryTypes: ['gc'] });
	const started = performance.now();
	// Each buffer is read once, so that making it is not optimized away.
	let sum = 0;
	for (let i = 0; i < 2 ** 29 / size; i++) sum += new Uint8Array(size).length;
	const ms = performance.now() - started;
	return new Promise((resolve) => setTimeout(() => (observer.disconnect(), resolve({ ms, full, sum })), 100));
}

async function measure() {
	if (process.env.MASK_SCAN_HEAP) {
		// About n8n's own heap: three million small objects that live through the run.
		globalThis.held = Array.from({ length: 3e6 }, (_, i) => ({ i, s: `x${i}`, a: [i] }));
	}
	if (process.env.MASK_SCAN_CHILD === 'platform') {
		for (const size of [16384, 2 ** 20]) {
			const { ms, full } = await buffers(size);
			process.stdout.write(`512 MB in ${size < 2 ** 20 ? `${size / 1024} KB` : `${size / 2 ** 20} MB`} buffers: ${ms.toFixed(0)} ms, ${full} full garbage collections, beside a heap like n8n's\n`);
		}
		return;
	}
	const { scanMaskPng } = require(path.join(ROOT, 'dist/nodes/IdeogramEdit/images/maskScan.js'));
	for (const kind of ['gray', 'rgba']) {
		const png = await maskPng(kind);
		await scanMaskPng(png, 'black');
		const started = performance.now();
		let next = 0;
		await Promise.all(Array.from({ length: 4 }, async () => {
			while (next++ < MASKS) await scanMaskPng(Buffer.from(png), 'black');
		}));
		process.stdout.write(`${kind}: ${((performance.now() - started) / MASKS).toFixed(1)} ms a mask${process.env.MASK_SCAN_HEAP ? ', beside a heap like n8n\'s' : ', alone'}\n`);
	}
}

if (process.env.MASK_SCAN_CHILD) {
	measure();
} else {
	execFileSync('npm', ['run', 'build', '--silent'], { cwd: ROOT, stdio: ['ignore', 'ignore', 'inherit'] });
	const { ensureNode24 } = require('../e2e/install-n8n');
	// Node 24 is installed into the cache if missing; run once only when this already is Node 24.
	for (const node of new Set([process.execPath, path.join(ensureNode24(), 'node')])) {
		const version = execFileSync(node, ['--version'], { encoding: 'utf8' }).trim();
		process.stdout.write(`\nNode ${version.slice(1)}, 40 masks each\n`);
		for (const [child, heap] of [['1', ''], ['1', '1'], ['platform', '1']]) {
			execFileSync(node, [__filename], { stdio: 'inherit', env: { ...process.env, MASK_SCAN_CHILD: child, MASK_SCAN_HEAP: heap } });
		}
	}
}
