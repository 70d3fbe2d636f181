/**
 * The packed package in n8n 2.x queue mode: PostgreSQL, Redis, a main instance and two workers
 * sharing one user folder, binary data in the database. Executions come in through the main
 * instance's webhook with the photo and mask uploaded, run on the workers against our server, and
 * are read back (items and images) through the main instance.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

import { decodedSize, makeImage, makeMask } from '../fixtures/images';

const n8nCli = require('../e2e/n8n');
const { CREDENTIAL } = require('../e2e/workflows');
const { startCometServer } = require('../server/cometServer');
const { startCluster, listFiles, waitUntil } = require('./cluster');

jest.setTimeout(20 * 60 * 1000);

const WORKFLOW_ID = 'queueEditUpload1';
const WEBHOOK_PATH = 'edit-uploaded-photo';
const EDIT_NODE = 'Ideogram Edit';
const UPLOAD_NODE = 'Photo Upload';
const FIGURES = path.join(n8nCli.ROOT, 'test-artifacts', 'queue-figures.json');

function uploadWorkflow() {
	return {
		id: WORKFLOW_ID,
		name: 'Edit an uploaded photo (queue mode)',
		active: false,
		nodes: [
			{
				id: 'b0000000-0000-4000-8000-000000000001',
				name: UPLOAD_NODE,
				type: 'n8n-nodes-base.webhook',
				typeVersion: 2.1,
				position: [0, 300],
				webhookId: 'b0000000-0000-4000-8000-0000000000ff',
				parameters: { httpMethod: 'POST', path: WEBHOOK_PATH, responseMode: 'onReceived', options: {} },
			},
			{
				id: 'b0000000-0000-4000-8000-000000000002',
				name: EDIT_NODE,
				type: 'n8n-nodes-cometapi.ideogramEdit',
				typeVersion: 1,
				position: [240, 300],
				parameters: {
					imageBinaryProperty: 'image',
					maskBinaryProperty: 'mask',
					prompt: '={{ $json.body.prompt }}',
					numImages: '={{ Number($json.body.images) }}',
				},
				credentials: { cometApi: CREDENTIAL },
			},
		],
		connections: { [UPLOAD_NODE]: { main: [[{ node: EDIT_NODE, type: 'main', index: 0 }]] } },
		settings: { executionOrder: 'v1' },
		pinData: {},
	};
}

type Worker = {
	name: string;
	kill: () => Promise<void>;
	tmp: string;
	log: () => string;
	exited: Promise<{ code: number | null; signal: string | null }>;
	started: () => string[];
	stop: () => Promise<void>;
};
type Cluster = {
	n8n: { bin: string; version: string };
	services: { postgres: { psql: (sql: string) => string }; redis: { command: (args: string[]) => Promise<string> } };
	userFolder: string;
	main: { url: string; log: () => string };
	workers: Worker[];
	addWorker: (name: string) => Promise<Worker>;
	rest: (pathAndQuery: string) => Promise<Response>;
	stop: () => Promise<void>;
};
type EditRecord = { status: number | string; fields: { prompt: string; [field: string]: unknown } };
type ExecutionStatus = { id: string; status: string; prompt: string };
type OutputItem = {
	json: { [field: string]: unknown; prompt: string; input_prompt: string; url: string };
	binary: { data: { id: string } };
	pairedItem: unknown;
};
type Execution = { id: string; status: string; prompt: string; items: OutputItem[]; error?: string };

describe('n8n 2.x queue mode: main, two workers, PostgreSQL, Redis, binary data in the database', () => {
	let server: { url: string; apiKey: string; editRequests: EditRecord[]; reset: () => void; configure: (c: object) => void; close: () => Promise<void> };
	let cluster: Cluster;
	let photo: Buffer;
	let mask: Buffer;
	const startedAt = Date.now();
	const figures: Record<string, unknown> = {};
	let filesBefore: string[];

	beforeAll(async () => {
		// Latency keeps executions in flight long enough to queue up behind the workers.
		server = await startCometServer({ latencyMs: 1500 });
		photo = await makeImage(96, 64, 'jpeg');
		mask = await makeMask(96, 64);
		cluster = (await startCluster({
			credentials: [{ ...CREDENTIAL, type: 'cometApi', data: { apiKey: server.apiKey, baseUrl: server.url } }],
			workflows: [uploadWorkflow()],
			publish: [WORKFLOW_ID],
		})) as Cluster;
		figures.startupSeconds = Math.round((Date.now() - startedAt) / 1000);
		filesBefore = listFiles(path.join(cluster.userFolder, '.n8n'), ['nodes']);
	});

	afterAll(async () => {
		// The logs of main and workers, for a failure's post-mortem.
		for (const w of cluster?.workers ?? []) fs.writeFileSync(path.join(n8nCli.ROOT, 'test-artifacts', `queue-${w.name}.log`), w.log());
		if (cluster) fs.writeFileSync(path.join(n8nCli.ROOT, 'test-artifacts', 'queue-main.log'), cluster.main.log());
		await cluster?.stop();
		await server?.close();
		if (Object.keys(figures).length > 1) fs.writeFileSync(FIGURES, JSON.stringify(figures, null, 2));
	});

	/** Uploads the photo and mask to the main instance's webhook, as a form or another system would. */
	async function trigger(prompt: string, images: number) {
		const form = new FormData();
		form.append('prompt', prompt);
		form.append('images', String(images));
		form.append('image', new Blob([new Uint8Array(photo)], { type: 'image/jpeg' }), 'shoe.jpg');
		form.append('mask', new Blob([new Uint8Array(mask)], { type: 'image/png' }), 'shoe.mask.png');
		const res = await fetch(`${cluster.main.url}/webhook/${WEBHOOK_PATH}`, { method: 'POST', body: form });
		expect(res.status).toBe(200);
	}

	async function executionIds(): Promise<string[]> {
		const res = await cluster.rest(`/rest/executions?filter=${encodeURIComponent(JSON.stringify({ workflowId: WORKFLOW_ID }))}&limit=100`);
		const body = (await res.json()) as { data: { results: Array<{ id: string }> } };
		return body.data.results.map((e) => String(e.id));
	}

	/** One execution as the main instance serves it to the editor (its run data is "flatted" JSON). */
	async function execution(id: string): Promise<Execution> {
		const flatted = require(require.resolve('flatted', { paths: [path.dirname(cluster.n8n.bin)] }));
		const body = (await (await cluster.rest(`/rest/executions/${id}`)).json()) as { data: { id: string; status: string; data: string } };
		// A running or crashed execution may have no run data yet.
		const data = body.data.data ? flatted.parse(body.data.data) : undefined;
		const runData = data?.resultData?.runData ?? {};
		return {
			id: String(body.data.id),
			status: body.data.status,
			prompt: runData[UPLOAD_NODE]?.[0]?.data?.main?.[0]?.[0]?.json?.body?.prompt,
			items: runData[EDIT_NODE]?.[0]?.data?.main?.[0] ?? [],
			error: data?.resultData?.error?.message,
		};
	}

	/** Triggers `prompts` and waits until n8n has finished all of them (succeeded or not). */
	async function runAll(prompts: string[], images: number, whileRunning?: () => Promise<void>) {
		const before = new Set(await executionIds());
		await Promise.all(prompts.map((p) => trigger(p, images)));
		await whileRunning?.();
		let done: Execution[] = [];
		await waitUntil(
			async () => {
				const ids = (await executionIds()).filter((id) => !before.has(id));
				if (ids.length < prompts.length) return false;
				done = await Promise.all(ids.map((id) => execution(id)));
				return done.every((e) => !['new', 'running', 'waiting'].includes(e.status));
			},
			`${prompts.length} executions finished`,
			10 * 60 * 1000,
		);
		return done;
	}

	const workerOf = (id: string) => cluster.workers.filter((w) => w.started().includes(id)).map((w) => w.name);

	it('runs every upload on the workers, both of them, and serves the edited images through the main instance', async () => {
		const t0 = Date.now();
		const prompts = Array.from({ length: 8 }, (_, i) => `replace the shoe with a boot, upload ${i + 1}`);
		// 2 workers x 2 executions x 3 images can pass the upstream limit of 10 images in flight per
		// organization, which no single execution sees: the 429s that follow are retried.
		const runs = await runAll(prompts, 3);
		figures.firstBatch = { executions: runs.length, seconds: Math.round((Date.now() - t0) / 100) / 10 };

		expect(runs.map((r) => [r.status, r.error])).toEqual(prompts.map(() => ['success', undefined]));
		expect(runs.map((r) => r.prompt).sort()).toEqual([...prompts].sort());

		// Each execution ran on exactly one worker, and each worker ran some.
		for (const r of runs) expect(workerOf(r.id)).toHaveLength(1);
		const perWorker = cluster.workers.map((w) => runs.filter((r) => w.started().includes(r.id)).length);
		expect(perWorker.every((n) => n > 0)).toBe(true);
		figures.firstBatchPerWorker = perWorker;

		// Our server answered each upload once, with the uploaded photo and mask (read from the database by the worker).
		const answered = server.editRequests.filter((r) => r.status === 200);
		figures.firstBatchRetried429 = server.editRequests.filter((r) => r.status === 429).length;
		expect(answered.map((r) => r.fields.prompt).sort()).toEqual([...prompts].sort());
		for (const r of answered) {
			expect(r.fields.image_file).toMatchObject({ fileName: 'shoe.jpg', mimeType: 'image/jpeg', size: photo.length });
			expect(r.fields.mask).toMatchObject({ fileName: 'shoe.mask.png', mimeType: 'image/png', size: mask.length });
		}

		for (const r of runs) {
			expect(r.items).toHaveLength(3);
			r.items.forEach((item, i) => {
				expect(item.json).toMatchObject({ input_prompt: r.prompt, image_index: i, is_image_safe: true, resolution: '96x64', model: 'V_2_TURBO' });
				expect(item.json.prompt.startsWith(r.prompt)).toBe(true);
				expect(typeof item.json.seed).toBe('number');
				expect(item.json.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\//);
				expect(item.pairedItem).toEqual({ item: 0 });
				// Stored in the database, not on a worker's disk.
				expect(item.binary.data.id).toMatch(/^database:/);
			});
		}

		// The images as the main instance serves them are the ones our server made, byte for byte.
		const sample = runs.slice(0, 3).flatMap((r) => r.items);
		for (const item of sample) {
			const res = await cluster.rest(`/rest/binary-data?id=${encodeURIComponent(item.binary.data.id)}&action=download`);
			const served = Buffer.from(await res.arrayBuffer());
			const original = Buffer.from(await (await fetch(item.json.url)).arrayBuffer());
			expect(crypto.createHash('sha256').update(served).digest('hex')).toBe(crypto.createHash('sha256').update(original).digest('hex'));
			expect(await decodedSize(served)).toEqual({ format: 'png', width: 96, height: 64 });
		}

		const rows = Number(cluster.services.postgres.psql("select count(*) from binary_data where \"mimeType\" like 'image/%'"));
		// Two uploads and three results per execution.
		expect(rows).toBeGreaterThanOrEqual(runs.length * 5);
	});

	it('loses and repeats nothing when a worker is stopped with executions queued', async () => {
		server.reset();
		server.configure({ latencyMs: 2500 });
		const [stopping, staying] = cluster.workers;
		const startedBefore = new Set(cluster.workers.flatMap((w) => w.started()));
		const startedNow = (w: Worker) => w.started().filter((id) => !startedBefore.has(id));
		const prompts = Array.from({ length: 10 }, (_, i) => `replace the shoe with a sandal, upload ${i + 1}`);
		const t0 = Date.now();
		const runs = await runAll(prompts, 2, async () => {
			// Stop the first worker while it runs two executions (its concurrency, so it takes no
			// more for now) and the rest is still queued. n8n logs "started" before the execution
			// really runs, and a SIGTERM in that instant can fail it (seen once in n8n 2.41.1): so
			// wait until every started execution has its request at our server.
			await waitUntil(
				async () =>
					startedNow(stopping).length >= 2 &&
					server.editRequests.length >= cluster.workers.reduce((n, w) => n + startedNow(w).length, 0),
				'the first worker running two executions',
				120000,
			);
			await stopping.stop();
		});
		figures.faultBatch = { executions: runs.length, seconds: Math.round((Date.now() - t0) / 100) / 10 };

		const exit = await stopping.exited;
		expect(exit.signal === 'SIGTERM' || exit.code === 0).toBe(true);
		expect(runs.map((r) => [r.status, r.error])).toEqual(prompts.map(() => ['success', undefined]));
		const byStopped = runs.filter((r) => stopping.started().includes(r.id)).length;
		const byStaying = runs.filter((r) => staying.started().includes(r.id)).length;
		// The stopped worker finished what it had started; the other one ran the rest.
		expect(byStopped).toBeGreaterThan(0);
		expect(byStaying).toBeGreaterThan(0);
		expect(byStopped + byStaying).toBe(runs.length);
		for (const r of runs) expect(workerOf(r.id)).toHaveLength(1);
		figures.faultBatchPerWorker = [byStopped, byStaying];

		// Nothing lost, nothing run twice: one request per upload, each answered.
		expect(server.editRequests.every((r) => r.status === 200)).toBe(true);
		const sent = server.editRequests.map((r) => r.fields.prompt).sort();
		expect(sent).toEqual([...prompts].sort());
		for (const r of runs) expect(r.items.map((i) => i.json.input_prompt)).toEqual([r.prompt, r.prompt]);
	});

	it('a killed worker loses the executions it was running, and nothing is sent twice (n8n runs a job at most once)', async () => {
		server.reset();
		server.configure({ latencyMs: 6000 });
		const [, survivor] = cluster.workers;
		const victim = await cluster.addWorker('worker-3');
		// Bull's list of jobs held by a worker (n8n keeps no failed jobs, so they leave no other trace).
		const activeJobs = async () => Number((await cluster.services.redis.command(['LLEN', 'bull:jobs:active'])).replace(/^:/, ''));
		const before = new Set(await executionIds());
		const startedBefore = new Set(cluster.workers.flatMap((w) => w.started()));
		const startedNow = () => cluster.workers.flatMap((w) => w.started()).filter((id) => !startedBefore.has(id));
		const prompts = Array.from({ length: 4 }, (_, i) => `replace the shoe with a clog, upload ${i + 1}`);
		await Promise.all(prompts.map((p) => trigger(p, 1)));
		// Kill the new worker while its request is at our server (6 s each).
		await waitUntil(
			async () => victim.started().length > 0 && startedNow().length === prompts.length && server.editRequests.length === prompts.length,
			'every upload running, some on the new worker',
			120000,
		);
		const killedIds = victim.started();
		await victim.kill();

		// The survivor finishes its own; Bull finds the killed worker's jobs stalled and fails them
		// instead of handing them to another worker: nothing is held any more.
		expect(await activeJobs()).toBeGreaterThan(0);
		await waitUntil(async () => (await activeJobs()) === 0, 'no job held by a worker', 120000);
		const ids = (await executionIds()).filter((id) => !before.has(id));
		const runs: ExecutionStatus[] = [];
		await waitUntil(
			async () => {
				runs.splice(0, runs.length, ...(await Promise.all(ids.map(async (id) => execution(id)))));
				return runs.filter((r) => !killedIds.includes(r.id)).every((r) => r.status === 'success');
			},
			'the other executions finished',
			120000,
		);
		// A few stall checks later, still nothing has been run again.
		await new Promise((r) => setTimeout(r, 12000));

		expect(runs).toHaveLength(prompts.length);
		const ranBySurvivor = runs.filter((r) => survivor.started().includes(r.id));
		expect(ranBySurvivor.length + killedIds.length).toBe(prompts.length);
		expect(ranBySurvivor.every((r) => r.status === 'success')).toBe(true);
		// No execution started on two workers, and no prompt reached our server twice.
		for (const r of runs) expect(workerOf(r.id)).toHaveLength(1);
		const sent = server.editRequests.map((r) => r.fields.prompt);
		expect(new Set(sent).size).toBe(sent.length);
		expect(sent.sort()).toEqual([...prompts].sort());
		const killedStatuses = runs.filter((r) => killedIds.includes(r.id)).map((r) => r.status);
		expect(killedStatuses.every((s) => s !== 'success')).toBe(true);
		figures.killBatch = { executions: prompts.length, killed: killedIds.length, killedStatuses, requestsSent: sent.length };
	});

	it('writes nothing of the node to a worker’s local disk', () => {
		// The 44 edited images are somewhere: in the database, where every process reads them.
		expect(Number(cluster.services.postgres.psql("select count(*) from binary_data where \"mimeType\" = 'image/png'"))).toBeGreaterThanOrEqual(44);
		// The shared user folder: nothing new but n8n's own logs and settings.
		const added = listFiles(path.join(cluster.userFolder, '.n8n'), ['nodes']).filter((f: string) => !filesBefore.includes(f));
		expect(added.filter((f: string) => !/^n8nEventLog.*\.log$|^crash\.journal$/.test(f))).toEqual([]);
		expect(listFiles(path.join(cluster.userFolder, '.n8n', 'storage'))).toEqual([]);
		expect(listFiles(path.join(cluster.userFolder, '.n8n', 'binaryData'))).toEqual([]);
		// Each worker's temporary folder: empty.
		for (const w of cluster.workers) expect({ worker: w.name, files: listFiles(w.tmp) }).toEqual({ worker: w.name, files: [] });
		// And no run data anywhere holds the key.
		for (const w of cluster.workers) expect(w.log()).not.toContain(server.apiKey);
		expect(cluster.main.log()).not.toContain(server.apiKey);
		figures.totalSeconds = Math.round((Date.now() - startedAt) / 1000);
		figures.workers = cluster.workers.length;
		figures.n8n = cluster.n8n.version;
	});
});
