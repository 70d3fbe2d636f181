'use strict';
/**
 * n8n 2.x in queue mode on loopback: PostgreSQL, Redis, one main instance and workers, all sharing
 * one user folder with the packed package installed as a community package, binary data in the
 * database. Everything started here is stopped by process id in `stop()`.
 */
const { spawn } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');

const n8nCli = require('../e2e/n8n');
const { startServices, stopPid, waitUntil } = require('./services');

const OWNER = { email: 'owner@example.com', firstName: 'Queue', lastName: 'Owner', password: 'Passw0rd-Queue' };

/** The settings a queue-mode deployment has anyway; the node needs none of its own. */
function queueEnv(services) {
	return {
		DB_TYPE: 'postgresdb',
		DB_POSTGRESDB_HOST: services.postgres.host,
		DB_POSTGRESDB_PORT: String(services.postgres.port),
		DB_POSTGRESDB_USER: services.postgres.user,
		DB_POSTGRESDB_DATABASE: services.postgres.database,
		DB_POSTGRESDB_PASSWORD: '',
		EXECUTIONS_MODE: 'queue',
		QUEUE_BULL_REDIS_HOST: services.redis.host,
		QUEUE_BULL_REDIS_PORT: String(services.redis.port),
		// The default in queue mode on 2.x; set so that the test says what it tests.
		N8N_DEFAULT_BINARY_DATA_MODE: 'database',
		N8N_ENCRYPTION_KEY: 'queue-mode-test-encryption-key-0001',
		OFFLOAD_MANUAL_EXECUTIONS_TO_WORKERS: 'true',
		N8N_GRACEFUL_SHUTDOWN_TIMEOUT: '60',
		// Shorter than n8n's defaults (60 s lock, 30 s stall checks) so that a killed worker's jobs
		// are found stalled within seconds; what happens to them does not depend on the timing.
		QUEUE_WORKER_LOCK_DURATION: '15000',
		QUEUE_WORKER_LOCK_RENEW_TIME: '5000',
		QUEUE_WORKER_STALLED_INTERVAL: '5000',
	};
}

/**
 * Starts a worker with its own temporary folder, task-broker port and health port.
 * Its log (stdout and stderr) is kept in memory for the test to read.
 */
async function startWorker(n8n, userFolder, env, name) {
	const tmp = fs.mkdtempSync(path.join(os.tmpdir(), `cometapi-${name}-tmp-`));
	const healthPort = await n8nCli.freePort();
	const childEnv = n8nCli.n8nEnvFor(n8n, userFolder, {
		...env,
		TMPDIR: tmp,
		N8N_RUNNERS_BROKER_PORT: String(await n8nCli.freePort()),
		QUEUE_HEALTH_CHECK_ACTIVE: 'true',
		QUEUE_HEALTH_CHECK_PORT: String(healthPort),
		N8N_WORKER_SERVER_ADDRESS: '127.0.0.1',
	});
	const child = spawn(n8n.bin, ['worker', '--concurrency=2'], { env: childEnv, cwd: userFolder, stdio: ['ignore', 'pipe', 'pipe'] });
	let log = '';
	child.stdout.on('data', (d) => (log += d));
	child.stderr.on('data', (d) => (log += d));
	await waitUntil(
		async () => {
			if (child.exitCode !== null) throw new Error(`${name} exited with ${child.exitCode}:\n${log}`);
			try {
				return (await fetch(`http://127.0.0.1:${healthPort}/healthz/readiness`)).ok;
			} catch {
				return false;
			}
		},
		`${name} ready`,
		120000,
	);
	const exited = new Promise((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));
	return {
		name,
		pid: child.pid,
		tmp,
		log: () => log,
		exited,
		/** Execution ids this worker logged as started. */
		started: () => [...log.matchAll(/Worker started execution (\d+)/g)].map((m) => m[1]),
		finished: () => [...log.matchAll(/Worker finished execution (\d+)/g)].map((m) => m[1]),
		/** SIGKILL: a crash, an out-of-memory kill. */
		kill: async () => {
			process.kill(child.pid, 'SIGKILL');
			await exited;
		},
		/** SIGTERM: n8n's graceful stop (finish running jobs, take no new ones). */
		stop: async () => {
			await stopPid(child.pid, 'SIGTERM', 90000);
			await exited;
		},
	};
}

/** The whole cluster; `workflows` and `credentials` are imported before anything runs. */
async function startCluster({ workflows, credentials, publish = [], workers = 2 }) {
	const n8n = n8nCli.ensureN8n(2);
	const stops = [];
	const stop = async () => {
		for (const s of stops.splice(0).reverse()) await s().catch(() => undefined);
	};
	try {
		const services = await startServices();
		stops.push(() => services.stop());
		const tarball = n8nCli.packPackage();
		stops.push(async () => fs.rmSync(path.dirname(tarball), { recursive: true, force: true }));
		const userFolder = n8nCli.createUserFolder(tarball);
		stops.push(async () => fs.rmSync(userFolder, { recursive: true, force: true }));
		const env = queueEnv(services);

		await n8nCli.importCredentials(n8n, userFolder, credentials, env);
		await n8nCli.importWorkflows(n8n, userFolder, workflows, env);
		for (const id of publish) {
			const r = await n8nCli.n8nCommand(n8n, userFolder, ['publish:workflow', `--id=${id}`], env);
			if (r.code !== 0) throw new Error(`publish:workflow failed:\n${r.stdout}\n${r.stderr}`);
		}

		const main = await n8nCli.startN8n(n8n, userFolder, await n8nCli.freePort(), env);
		stops.push(() => main.stop());
		const setup = await fetch(`${main.url}/rest/owner/setup`, {
			method: 'POST',
			headers: { 'content-type': 'application/json' },
			body: JSON.stringify(OWNER),
		});
		if (setup.status !== 200) throw new Error(`owner setup answered ${setup.status}: ${await setup.text()}`);
		const cookie = String(setup.headers.get('set-cookie')).split(';')[0];

		const started = [];
		const addWorker = async (name) => {
			const w = await startWorker(n8n, userFolder, env, name);
			started.push(w);
			stops.push(async () => {
				await stopPid(w.pid, 'SIGTERM', 30000);
				fs.rmSync(w.tmp, { recursive: true, force: true });
			});
			return w;
		};
		await Promise.all(Array.from({ length: workers }, (_, i) => addWorker(`worker-${i + 1}`)));

		const rest = async (pathAndQuery) => {
			const res = await fetch(`${main.url}${pathAndQuery}`, { headers: { cookie } });
			if (!res.ok) throw new Error(`GET ${pathAndQuery} answered ${res.status}: ${await res.text()}`);
			return res;
		};
		return { n8n, services, userFolder, main, workers: started, addWorker, cookie, rest, stop };
	} catch (error) {
		await stop();
		throw error;
	}
}

/** Every file under `dir` (relative paths), skipping the installed package. */
function listFiles(dir, skip = []) {
	const out = [];
	const walk = (d) => {
		for (const e of fs.readdirSync(d, { withFileTypes: true })) {
			const p = path.join(d, e.name);
			const rel = path.relative(dir, p);
			if (skip.some((s) => rel === s || rel.startsWith(`${s}${path.sep}`))) continue;
			if (e.isDirectory()) walk(p);
			else out.push(rel);
		}
	};
	if (fs.existsSync(dir)) walk(dir);
	return out.sort();
}

module.exports = { startCluster, listFiles, queueEnv, waitUntil, OWNER };
