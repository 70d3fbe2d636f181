/**
 * In real n8n 2.x and 1.x: an organization that admits 5 images while the node's bound is 10 (a
 * shared account, a second workflow), at the time ratio of real use (0.5 s edits against a 6 s
 * Timeout, as a 15 s edit against the default 180 s), with both On Error settings; and a gateway
 * that serves the edit only under its other name, on a first run.
 */
import fs from 'node:fs';
import path from 'node:path';

import { makeImage } from '../fixtures/images';

const n8nCli = require('./n8n');
const { rectanglesWorkflow, CREDENTIAL } = require('./workflows');
const { startCometServer } = require('../server/cometServer');

jest.setTimeout(10 * 60 * 1000);

const GATEWAY = { id: 'cometApiGateway1', name: 'Comet API gateway' };
type Request = { path: string; status: number | string };

/** The figures of these runs, for README "Performance" (test-artifacts/shared-account.json). */
const figures: Record<string, unknown> = {};
afterAll(() => {
	const file = path.join(n8nCli.ROOT, 'test-artifacts', 'shared-account.json');
	const before = fs.existsSync(file) ? JSON.parse(fs.readFileSync(file, 'utf8')) : {};
	fs.writeFileSync(file, JSON.stringify({ ...before, ...figures }, null, 2));
});

describe.each([2, 1])('real n8n %s.x', (major) => {
	let server: Awaited<ReturnType<typeof startCometServer>>;
	let gateway: Awaited<ReturnType<typeof startCometServer>>;
	let n8n: { version: string };
	let userFolder: string;
	const dir = (name: string) => path.join(userFolder, 'files', name);
	const run = (id: string) => n8nCli.executeWorkflow(n8n, userFolder, id, { N8N_RESTRICT_FILE_ACCESS_TO: path.join(userFolder, 'files') });

	beforeAll(async () => {
		server = await startCometServer({ inflightCap: 5, latencyMs: 500 });
		gateway = await startCometServer({ editPaths: ['/ideogram/edit'], latencyMs: 500 });
		n8n = n8nCli.ensureN8n(major);
		userFolder = n8nCli.createUserFolder(n8nCli.packPackage());
		fs.mkdirSync(dir('hundred'), { recursive: true });
		const photo = await makeImage(40, 32, 'jpeg');
		for (let i = 0; i < 100; i++) fs.writeFileSync(path.join(dir('hundred'), `p${String(i).padStart(3, '0')}.jpg`), photo);
		await n8nCli.importCredentials(n8n, userFolder, [
			{ ...CREDENTIAL, type: 'cometApi', data: { apiKey: server.apiKey, baseUrl: server.url } },
			{ ...GATEWAY, type: 'cometApi', data: { apiKey: gateway.apiKey, baseUrl: gateway.url } },
		]);
		const parameters = { prompt: 'a marble countertop', regions: '10, 10, 30, 30', options: { timeout: 6 } };
		await n8nCli.importWorkflows(n8n, userFolder, [
			rectanglesWorkflow({ id: 'e2eShared5Cont01', name: 'Shared account, continue', inputDir: dir('hundred'), parameters, continueOnFail: true }),
			rectanglesWorkflow({ id: 'e2eShared5Stop01', name: 'Shared account, stop', inputDir: dir('hundred'), parameters }),
			rectanglesWorkflow({ id: 'e2eGatewayFirst1', name: 'Moved gateway', inputDir: dir('hundred'), parameters, credential: GATEWAY }),
		]);
	});

	afterEach(() => {
		server.reset();
		gateway.reset();
	});

	afterAll(async () => {
		await server?.close();
		await gateway?.close();
		if (userFolder) fs.rmSync(userFolder, { recursive: true, force: true });
	});

	it.each([
		['On Error: Continue', 'e2eShared5Cont01'],
		['On Error: Stop Workflow', 'e2eShared5Stop01'],
	])('100 photos, an organization admitting 5 of the bound of 10, %s: every item edited', async (setting, id) => {
		const started = Date.now();
		const r = await run(id);
		const seconds = (Date.now() - started) / 1000;
		expect(r.code).toBe(0);
		const items = r.items('Ideogram Edit');
		expect(items.map((i: { json: { error?: string; resolution?: string } }) => i.json.error ?? i.json.resolution)).toEqual(Array(100).fill('40x32'));
		const statuses = (server.editRequests as Request[]).map((q) => q.status);
		expect(statuses.filter((s) => s === 200)).toHaveLength(100);
		const throttled = statuses.filter((s) => s === 429).length;
		expect(throttled).toBeGreaterThan(0);
		figures[`n8n ${n8n.version}, ${setting}`] = { items: items.length, edited: 100, answered429: throttled, seconds: Math.round(seconds * 10) / 10 };
	});

	it('a gateway serving the edit only at /ideogram/edit, on a first run: one probe meets the 404, then every item goes there', async () => {
		const r = await run('e2eGatewayFirst1');
		expect(r.code).toBe(0);
		expect(r.items('Ideogram Edit')).toHaveLength(100);
		expect((gateway.probes as Request[]).map((q) => [q.path, q.status])).toEqual([
			['/edit', 404],
			['/ideogram/edit', 400],
		]);
		const requests = gateway.editRequests as Request[];
		expect(requests.filter((q) => q.status === 404)).toHaveLength(0);
		expect(requests.filter((q) => q.path === '/ideogram/edit' && q.status === 200)).toHaveLength(100);
		figures[`n8n ${n8n.version}, moved gateway`] = { items: 100, answered404: requests.filter((q) => q.status === 404).length, probes: gateway.probes.length };
	});
});
