#!/usr/bin/env node
// `npm run bench:masks`: what judging one bench mask (2896×2896, black from a quarter to three
// quarters of its height) costs with the node's own scanMaskPng, four at a time as the checks run,
// in a bare process and beside a heap of about n8n's size, where the inflater's buffers start full
// garbage collections of the whole heap. Measures; judges nothing.
'use strict';
const { execFileSync } = require('node:child_process');
const path = require('node:path');
const sharp = require('sharp');

const ROOT = path.join(__dirname, '..', '..');
const MASKS = 40;

function maskPng(kind) {
	const svg = '<svg xmlns="http://www.w3.org/2000/svg" width="2896" height="2896"><rect width="100%" height="100%" fill="#fff"/><rect x="724" y="724" width="1448" height="1448"/></svg>';
	const drawn = sharp(Buffer.from(svg));
	return (kind === 'gray' ? drawn.removeAlpha().toColourspace('b-w') : drawn).png().toBuffer();
}

async function measure() {
	if (process.env.MASK_SCAN_HEAP) {
		// About n8n's own heap: three million small objects that live through the run.
		globalThis.held = Array.from({ length: 3e6 }, (_, i) => ({ i, s: `x${i}`, a: [i] }));
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
	process.stdout.write(`Node ${process.versions.node}, 40 masks each\n`);
	for (const heap of ['', '1']) {
		execFileSync(process.execPath, [__filename], { stdio: 'inherit', env: { ...process.env, MASK_SCAN_CHILD: '1', MASK_SCAN_HEAP: heap } });
	}
}
