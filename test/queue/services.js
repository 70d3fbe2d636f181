#!/usr/bin/env node
'use strict';
/**
 * PostgreSQL and Redis for the queue-mode test, from Debian's or Ubuntu's packages (installed with
 * apt-get the first time they are missing). Each run gets its own throw-away database cluster and Redis on free
 * loopback ports; both are stopped by process id and their folders removed.
 */
const { execFileSync, spawn } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');

const { aptInstall } = require('../e2e/apt');
const { freePort } = require('../e2e/n8n');

function postgresBinDir() {
	const base = '/usr/lib/postgresql';
	if (!fs.existsSync(base)) return undefined;
	const versions = fs
		.readdirSync(base)
		.filter((v) => fs.existsSync(path.join(base, v, 'bin', 'postgres')))
		.sort((a, b) => Number(b) - Number(a));
	return versions.length ? path.join(base, versions[0], 'bin') : undefined;
}

function redisBin() {
	for (const p of ['/usr/bin/redis-server', '/usr/local/bin/redis-server']) if (fs.existsSync(p)) return p;
	return undefined;
}

function ensureServices() {
	const missing = [];
	if (!postgresBinDir()) missing.push('postgresql');
	if (!redisBin()) missing.push('redis-server');
	if (missing.length) aptInstall(missing, 'services');
	return { postgresBin: postgresBinDir(), redisServer: redisBin() };
}

// PostgreSQL refuses to run as root; as root, it runs as Debian's `postgres` user.
const isRoot = process.getuid?.() === 0;
function asPostgresUser(cmd, args) {
	return isRoot ? ['runuser', ['-u', 'postgres', '--', cmd, ...args]] : [cmd, args];
}

function pidAlive(pid) {
	try {
		process.kill(pid, 0);
		return true;
	} catch {
		return false;
	}
}

async function waitUntil(check, what, timeoutMs = 60000) {
	const deadline = Date.now() + timeoutMs;
	for (;;) {
		if (await check()) return;
		if (Date.now() > deadline) throw new Error(`${what}: not within ${timeoutMs} ms`);
		await new Promise((r) => setTimeout(r, 200));
	}
}

async function stopPid(pid, signal, timeoutMs = 20000) {
	if (!pid || !pidAlive(pid)) return;
	process.kill(pid, signal);
	const deadline = Date.now() + timeoutMs;
	while (pidAlive(pid) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
	if (pidAlive(pid)) process.kill(pid, 'SIGKILL');
}

/** A fresh PostgreSQL cluster on a free port with database `n8n` owned by user `n8n` (trust auth on loopback). */
async function startPostgres(bin, baseDir) {
	const dir = path.join(baseDir, 'postgres');
	const data = path.join(dir, 'data');
	fs.mkdirSync(dir, { recursive: true });
	if (isRoot) execFileSync('chown', ['-R', 'postgres:postgres', dir]);
	const run = (cmd, args) => {
		const [c, a] = asPostgresUser(path.join(bin, cmd), args);
		return execFileSync(c, a, { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'] });
	};
	run('initdb', ['-D', data, '-U', 'n8n', '--auth=trust', '--no-sync', '-E', 'UTF8']);
	const port = await freePort();
	const [c, a] = asPostgresUser(path.join(bin, 'postgres'), [
		'-D', data, '-p', String(port), '-k', dir, '-c', 'listen_addresses=127.0.0.1', '-c', 'fsync=off',
	]);
	const log = fs.openSync(path.join(baseDir, 'postgres.log'), 'a');
	const child = spawn(c, a, { cwd: dir, stdio: ['ignore', log, log] });
	fs.closeSync(log);
	await waitUntil(() => {
		try {
			run('pg_isready', ['-h', '127.0.0.1', '-p', String(port), '-q']);
			return true;
		} catch {
			if (child.exitCode !== null) throw new Error(`postgres exited: ${fs.readFileSync(path.join(baseDir, 'postgres.log'), 'utf8')}`);
			return false;
		}
	}, 'PostgreSQL');
	run('createdb', ['-h', '127.0.0.1', '-p', String(port), '-U', 'n8n', 'n8n']);
	// The postmaster's own pid (runuser stands between us and it when we are root).
	const pid = Number(fs.readFileSync(path.join(data, 'postmaster.pid'), 'utf8').split('\n')[0]);
	return {
		host: '127.0.0.1',
		port,
		user: 'n8n',
		database: 'n8n',
		pid,
		psql: (sql) => run('psql', ['-h', '127.0.0.1', '-p', String(port), '-U', 'n8n', '-d', 'n8n', '-tAc', sql]).toString().trim(),
		// SIGINT is PostgreSQL's fast shutdown.
		stop: async () => {
			await stopPid(pid, 'SIGINT');
			await stopPid(child.pid, 'SIGTERM');
		},
	};
}

/** Redis on a free loopback port, nothing persisted. */
async function startRedis(bin, baseDir) {
	const dir = path.join(baseDir, 'redis');
	fs.mkdirSync(dir, { recursive: true });
	const port = await freePort();
	const log = fs.openSync(path.join(baseDir, 'redis.log'), 'a');
	const child = spawn(bin, ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--dir', dir], {
		stdio: ['ignore', log, log],
	});
	fs.closeSync(log);
	const net = require('node:net');
	await waitUntil(
		() =>
			new Promise((resolve) => {
				if (child.exitCode !== null) return resolve(false);
				const s = net.connect(port, '127.0.0.1');
				s.once('connect', () => {
					s.write('PING\r\n');
					s.once('data', (d) => {
						s.destroy();
						resolve(d.toString().startsWith('+PONG'));
					});
				});
				s.once('error', () => resolve(false));
			}),
		'Redis',
	);
	/** One command over RESP; resolves with the reply's first line (enough for counts). */
	const command = (args) =>
		new Promise((resolve, reject) => {
			const s = net.connect(port, '127.0.0.1');
			s.once('connect', () => s.write(`*${args.length}\r\n${args.map((a) => `$${Buffer.byteLength(a)}\r\n${a}\r\n`).join('')}`));
			s.once('data', (d) => {
				s.destroy();
				resolve(d.toString().split('\r\n')[0]);
			});
			s.once('error', reject);
		});
	return { host: '127.0.0.1', port, pid: child.pid, command, stop: () => stopPid(child.pid, 'SIGTERM') };
}

/** Starts both in a new temporary folder; `stop()` stops them by pid and removes the folder. */
async function startServices() {
	const { postgresBin, redisServer } = ensureServices();
	const baseDir = fs.mkdtempSync(path.join(os.tmpdir(), 'cometapi-queue-services-'));
	fs.chmodSync(baseDir, 0o755);
	const started = [];
	try {
		const postgres = await startPostgres(postgresBin, baseDir);
		started.push(postgres);
		const redis = await startRedis(redisServer, baseDir);
		started.push(redis);
		return {
			postgres,
			redis,
			baseDir,
			stop: async () => {
				for (const s of started.reverse()) await s.stop();
				fs.rmSync(baseDir, { recursive: true, force: true });
			},
		};
	} catch (error) {
		for (const s of started.reverse()) await s.stop();
		fs.rmSync(baseDir, { recursive: true, force: true });
		throw error;
	}
}

module.exports = { ensureServices, startServices, stopPid, pidAlive, waitUntil };

if (require.main === module) {
	const { postgresBin, redisServer } = ensureServices();
	process.stdout.write(`postgres: ${postgresBin}\nredis: ${redisServer}\n`);
}
