'use strict';
/**
 * Drives real n8n from the command line: packs this package, installs it into a fresh n8n user
 * folder the way the Community Nodes installer does, imports credentials and workflows, and runs
 * workflows with `n8n execute`. Shared by the end-to-end tests, `npm run demo` and `npm run dev`.
 */
const { execFileSync, spawn } = require('node:child_process');
const fs = require('node:fs');
const crypto = require('node:crypto');
const net = require('node:net');
const os = require('node:os');
const path = require('node:path');

const { ensureN8n, VERSIONS } = require('./install-n8n');

const ROOT = path.resolve(__dirname, '..', '..');

/** Builds and packs the package once per process; the tarball is what users install. */
let packed;
function packPackage() {
	if (packed && fs.existsSync(packed)) return packed;
	execFileSync('npm', ['run', 'build', '--silent'], { cwd: ROOT, stdio: ['ignore', 'ignore', 'inherit'] });
	const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cometapi-pack-'));
	const out = execFileSync('npm', ['pack', '--json', '--pack-destination', dir], { cwd: ROOT, encoding: 'utf8' });
	packed = path.join(dir, JSON.parse(out)[0].filename);
	return packed;
}

/** A free TCP port on loopback (each concurrent n8n needs its own task-broker port). */
function freePort() {
	return new Promise((resolve, reject) => {
		const srv = net.createServer();
		srv.unref();
		srv.on('error', reject);
		srv.listen(0, '127.0.0.1', () => {
			const address = srv.address();
			const port = typeof address === 'object' && address ? address.port : 0;
			srv.close(() => resolve(port));
		});
	});
}

/**
 * A fresh n8n user folder with the packed package installed under .n8n/nodes, as the Community
 * Nodes screen installs it: production dependencies only, no peers, no install scripts.
 */
function createUserFolder(tarball, base = fs.mkdtempSync(path.join(os.tmpdir(), 'cometapi-n8n-'))) {
	const nodesDir = path.join(base, '.n8n', 'nodes');
	fs.mkdirSync(nodesDir, { recursive: true });
	fs.writeFileSync(path.join(nodesDir, 'package.json'), JSON.stringify({ name: 'installed-nodes', private: true }));
	execFileSync('npm', ['install', '--omit=dev', '--omit=peer', '--ignore-scripts', '--no-audit', '--no-fund', '--loglevel=error', tarball], {
		cwd: nodesDir,
		stdio: ['ignore', 'ignore', 'inherit'],
	});
	return base;
}

/** The environment n8n runs with here: offline, quiet, its own ports, files allowed in `fileDir`. */
function n8nEnv(n8n, userFolder, extra = {}) {
	// Jest sets NODE_ENV=test, under which n8n prints no run data; a developer's own N8N_ settings
	// must not leak into the test instance either.
	const inherited = Object.fromEntries(
		Object.entries(n8n.env).filter(([k]) => k !== 'NODE_ENV' && !k.startsWith('JEST_') && !k.startsWith('N8N_')),
	);
	return {
		...inherited,
		...VERSIONS[n8n.major].env,
		N8N_USER_FOLDER: userFolder,
		N8N_DIAGNOSTICS_ENABLED: 'false',
		N8N_VERSION_NOTIFICATIONS_ENABLED: 'false',
		N8N_PERSONALIZATION_ENABLED: 'false',
		N8N_TEMPLATES_ENABLED: 'false',
		// 2.x only: stops a call to n8n's servers (1.x refuses the unknown module name).
		...(n8n.major === 2 ? { N8N_DISABLED_MODULES: 'mcp-registry' } : {}),
		N8N_HIRING_BANNER_ENABLED: 'false',
		N8N_COMMUNITY_PACKAGES_ENABLED: 'true',
		N8N_ENFORCE_SETTINGS_FILE_PERMISSIONS: 'false',
		DB_SQLITE_POOL_SIZE: '2',
		N8N_LOG_LEVEL: 'info',
		...extra,
	};
}

/**
 * Runs one n8n CLI command; resolves with its exit code and output (never rejects on exit code).
 * @returns {Promise<{code: number|null, stdout: string, stderr: string}>}
 */
async function n8nCommand(n8n, userFolder, args, extraEnv = {}, timeoutMs = 180000, onSpawn = undefined) {
	const env = n8nEnv(n8n, userFolder, { N8N_RUNNERS_BROKER_PORT: String(await freePort()), ...extraEnv });
	// stdout goes to a file, not a pipe: n8n ends with process.exit, which drops what a pipe has not
	// taken yet (in 1.x's in-memory mode a run's output holds its files in base64, megabytes of it),
	// while writes to a file are done at once.
	const outFile = path.join(os.tmpdir(), `n8n-stdout-${process.pid}-${crypto.randomUUID()}.txt`);
	const out = fs.openSync(outFile, 'w');
	const readOut = () => fs.readFileSync(outFile, 'utf8');
	try {
		return await new Promise((resolve, reject) => {
			const child = spawn(n8n.bin, args, { env, cwd: userFolder, stdio: ['ignore', out, 'pipe'] });
			onSpawn?.(child);
			let stderr = '';
			child.stderr.on('data', (d) => (stderr += d));
			const timer = setTimeout(() => {
				child.kill('SIGKILL');
				reject(new Error(`n8n ${args.join(' ')} timed out after ${timeoutMs} ms\n${readOut()}\n${stderr}`));
			}, timeoutMs);
			child.on('error', reject);
			child.on('close', (code) => {
				clearTimeout(timer);
				resolve({ code, stdout: readOut(), stderr });
			});
		});
	} finally {
		fs.closeSync(out);
		fs.rmSync(outFile, { force: true });
	}
}

async function importCredentials(n8n, userFolder, credentials, extraEnv = {}) {
	const file = path.join(userFolder, 'credentials.json');
	fs.writeFileSync(file, JSON.stringify(credentials));
	const r = await n8nCommand(n8n, userFolder, ['import:credentials', `--input=${file}`], extraEnv);
	fs.rmSync(file);
	if (r.code !== 0) throw new Error(`import:credentials failed:\n${r.stdout}\n${r.stderr}`);
}

async function importWorkflows(n8n, userFolder, workflows, extraEnv = {}) {
	const dir = fs.mkdtempSync(path.join(userFolder, 'workflows-'));
	workflows.forEach((wf, i) => fs.writeFileSync(path.join(dir, `${i}.json`), JSON.stringify(wf)));
	const r = await n8nCommand(n8n, userFolder, ['import:workflow', '--separate', `--input=${dir}`], extraEnv);
	fs.rmSync(dir, { recursive: true, force: true });
	if (r.code !== 0) throw new Error(`import:workflow failed:\n${r.stdout}\n${r.stderr}`);
}

/** The JSON n8n prints between its log lines and, on failure, its error text: `{` to `}`. */
function parseRunOutput(stdout) {
	const lines = stdout.split('\n');
	const start = lines.findIndex((l) => l === '{');
	const end = lines.indexOf('}', start);
	if (start === -1 || end === -1) return undefined;
	try {
		return JSON.parse(lines.slice(start, end + 1).join('\n'));
	} catch {
		return undefined;
	}
}

/**
 * Executes an imported workflow and returns its run data.
 * @returns {Promise<{code: number|null, stdout: string, stderr: string, run: any, items: (node: string) => any[], error: any}>}
 */
async function executeWorkflow(n8n, userFolder, id, extraEnv = {}, onSpawn = undefined) {
	const r = await n8nCommand(n8n, userFolder, ['execute', `--id=${id}`, '--rawOutput'], extraEnv, 600000, onSpawn);
	const run = parseRunOutput(r.stdout);
	return {
		...r,
		run,
		items: (node) => run?.data?.resultData?.runData?.[node]?.[0]?.data?.main?.[0] ?? [],
		error: run?.data?.resultData?.error,
	};
}

/** Starts `n8n start` on loopback and waits until it answers. */
async function startN8n(n8n, userFolder, port, extraEnv = {}) {
	const env = n8nEnv(n8n, userFolder, {
		N8N_PORT: String(port),
		N8N_LISTEN_ADDRESS: '127.0.0.1',
		N8N_HOST: '127.0.0.1',
		N8N_PROTOCOL: 'http',
		N8N_SECURE_COOKIE: 'false',
		N8N_RUNNERS_BROKER_PORT: String(await freePort()),
		...extraEnv,
	});
	const child = spawn(n8n.bin, ['start'], { env, cwd: userFolder, stdio: ['ignore', 'pipe', 'pipe'] });
	let log = '';
	child.stdout.on('data', (d) => (log += d));
	child.stderr.on('data', (d) => (log += d));
	const deadline = Date.now() + 120000;
	for (;;) {
		if (child.exitCode !== null) throw new Error(`n8n start exited with ${child.exitCode}:\n${log}`);
		try {
			const res = await fetch(`http://127.0.0.1:${port}/healthz/readiness`);
			if (res.ok) break;
		} catch {
			// not listening yet
		}
		if (Date.now() > deadline) {
			child.kill('SIGKILL');
			throw new Error(`n8n start did not become ready:\n${log}`);
		}
		await new Promise((r) => setTimeout(r, 500));
	}
	return {
		url: `http://127.0.0.1:${port}`,
		process: child,
		log: () => log,
		stop: () =>
			new Promise((resolve) => {
				if (child.exitCode !== null) return resolve(undefined);
				child.once('exit', () => resolve(undefined));
				child.kill('SIGTERM');
				setTimeout(() => child.kill('SIGKILL'), 15000).unref();
			}),
	};
}

/**
 * Creates the owner of a fresh instance and returns the auth cookie. n8n 1.x answers its readiness
 * check a moment before its REST routes are mounted, so a 404 is tried again.
 */
async function setUpOwner(app, owner) {
	const deadline = Date.now() + 60000;
	for (;;) {
		const res = await fetch(`${app.url}/rest/owner/setup`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(owner) });
		if (res.status === 200) return String(res.headers.get('set-cookie')).split(';')[0];
		if (res.status !== 404 || Date.now() > deadline) throw new Error(`owner setup answered ${res.status}: ${await res.text()}`);
		await new Promise((r) => setTimeout(r, 500));
	}
}

module.exports = {
	setUpOwner,
	ROOT,
	ensureN8n,
	n8nEnvFor: n8nEnv,
	packPackage,
	createUserFolder,
	n8nCommand,
	importCredentials,
	importWorkflows,
	executeWorkflow,
	startN8n,
	freePort,
	parseRunOutput,
};
