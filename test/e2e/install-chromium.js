#!/usr/bin/env node
// A Chromium or Chrome for the editor tests: CHROME_PATH when set, else one already installed
// (Debian's chromium here, Google Chrome on GitHub's runners), else Debian's chromium installed with
// apt-get. Test tools must never download a browser of their own; the registry here cannot serve one.
'use strict';
const fs = require('node:fs');

const { aptInstall } = require('./apt');

const CANDIDATES = ['/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome', '/usr/bin/google-chrome-stable'];

function ensureChromium() {
	if (process.env.CHROME_PATH) return process.env.CHROME_PATH;
	const found = CANDIDATES.find((p) => fs.existsSync(p));
	if (found) return found;
	aptInstall(['chromium', 'fonts-dejavu-core'], 'install-chromium');
	return CANDIDATES[0];
}

module.exports = { ensureChromium };

if (require.main === module) process.stdout.write(`${ensureChromium()}\n`);
