'use strict';
// Installs Debian/Ubuntu packages the tests need when they are missing: with apt-get as root (this
// project's machines), with sudo otherwise (GitHub's runners).
const { execFileSync } = require('node:child_process');

function aptInstall(packages, who) {
	process.stderr.write(`[${who}] installing ${packages.join(' ')} with apt-get\n`);
	const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
	const run = (args) =>
		process.getuid?.() === 0
			? execFileSync('apt-get', args, { stdio: 'inherit', env })
			: execFileSync('sudo', ['-E', 'apt-get', ...args], { stdio: 'inherit', env });
	run(['update', '-qq']);
	run(['install', '-y', '-qq', '--no-install-recommends', ...packages]);
}

module.exports = { aptInstall };
