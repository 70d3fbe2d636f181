#!/usr/bin/env node
// Debian's Chromium for the editor tests, installed with apt-get the first time it is missing
// (test tools must never download a browser of their own; the registry here cannot serve one).
'use strict';
const { execFileSync } = require('node:child_process');
const fs = require('node:fs');

const CHROMIUM = '/usr/bin/chromium';

function ensureChromium() {
	if (fs.existsSync(CHROMIUM)) return CHROMIUM;
	process.stderr.write('[install-chromium] installing Debian chromium with apt-get\n');
	const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
	execFileSync('apt-get', ['update', '-qq'], { stdio: 'inherit', env });
	execFileSync('apt-get', ['install', '-y', '-qq', 'chromium', 'fonts-dejavu-core'], { stdio: 'inherit', env });
	return CHROMIUM;
}

module.exports = { ensureChromium };

if (require.main === module) process.stdout.write(`${ensureChromium()}\n`);
