/**
 * What real accounts meet: an organization that admits fewer images than the bound (a shared
 * account, a second workflow), and a gateway that serves a route under another name. At the time
 * ratios of real use, scaled down: a 15 s edit against the default 180 s Timeout is 0.5 s against
 * 6 s here, and the backoff is the node's real one. Nothing billed may be lost or sent twice.
 */
import { photoItem, run, slowStoreReads, useServer } from './setup';

const { startCometServer } = require('../server/cometServer');
const { server } = useServer();

type Request = { path: string; status: number | string; time: number };

async function photos(n: number) {
	const item = await photoItem(32, 32);
	return Array.from({ length: n }, () => item);
}

describe('an organization that admits 5 images while the bound is 10', () => {
	// 100 items of 0.5 s at 5 at once: 10 s of edits, each item's Timeout 6 s.
	it.each([
		['On Error: Continue', true],
		['On Error: Stop Workflow', false],
	])('%s: every item is edited; the 429s cost time, never an item', async (_, continueOnFail) => {
		server().configure({ inflightCap: 5, latencyMs: 500 });
		const items = await photos(100);
		const result = await run(server(), { items, continueOnFail, parameters: { options: { timeout: 6 } } });
		expect(result.items.map((i) => [i.pairedItem, i.json.error ?? i.json.resolution])).toEqual(items.map((_, item) => [{ item }, '32x32']));
		const statuses = server().editRequests.map((r: Request) => r.status);
		expect(statuses.filter((s: unknown) => s === 200)).toHaveLength(100);
		// The bound came down to what the organization admits: a 429 now and then, not one per item.
		expect(statuses.filter((s: unknown) => s === 429).length).toBeGreaterThan(0);
		expect(statuses.filter((s: unknown) => s === 429).length).toBeLessThan(50);
		expect(server().maxHeld).toBeLessThanOrEqual(10);
	});
});

describe('a gateway that serves the edit under another name', () => {
	// 150 ms edits against a 1.8 s Timeout, the ratio of real use.
	const options = { timeout: 1.8 };

	it('on a first run, a probe meets the 404 before any upload; every item goes straight to the path that answered', async () => {
		const gateway = await startCometServer({ editPaths: ['/ideogram/edit'], latencyMs: 150 });
		try {
			const result = await run(gateway, { items: await photos(80), credentials: { apiKey: gateway.apiKey, baseUrl: gateway.url }, parameters: { options } });
			expect(result.items.map((i) => i.json.error ?? 'ok')).toEqual(Array(80).fill('ok'));
			expect((gateway.probes as Request[]).map((r) => [r.path, r.status])).toEqual([
				['/edit', 404],
				['/ideogram/edit', 400],
			]);
			const requests = gateway.editRequests as Request[];
			expect(requests.map((r) => [r.path, r.status])).toEqual(Array(80).fill(['/ideogram/edit', 200]));

			// The next run with the same credential goes there at once.
			gateway.reset();
			gateway.configure({ editPaths: ['/ideogram/edit'], latencyMs: 150 });
			await run(gateway, { items: await photos(10), credentials: { apiKey: gateway.apiKey, baseUrl: gateway.url }, parameters: { options } });
			expect((gateway.editRequests as Request[]).map((r) => r.status)).toEqual(Array(10).fill(200));
			expect(gateway.probes).toHaveLength(0);

			// Another credential on the same base URL learns for itself.
			gateway.reset();
			gateway.configure({ editPaths: ['/ideogram/edit'], latencyMs: 150 });
			await run(gateway, { items: await photos(10), credentialId: 'cometApiOther001', credentials: { apiKey: gateway.apiKey, baseUrl: gateway.url }, parameters: { options } });
			expect((gateway.probes as Request[]).map((r) => r.status)).toEqual([404, 400]);
			expect((gateway.editRequests as Request[]).filter((r) => r.status === 404)).toHaveLength(0);
		} finally {
			await gateway.close();
		}
	});

	it('a gateway that later drops the learned path: the configured path is tried again, and the run succeeds', async () => {
		const gateway = await startCometServer({ editPaths: ['/ideogram/edit'], latencyMs: 150 });
		const credentials = { apiKey: gateway.apiKey, baseUrl: gateway.url };
		try {
			await run(gateway, { items: await photos(3), credentials, parameters: { options } });
			gateway.reset();
			gateway.configure({ editPaths: ['/edit'], latencyMs: 150 });
			const result = await run(gateway, { items: await photos(30), credentials, parameters: { options } });
			expect(result.items.map((i) => i.json.error ?? 'ok')).toEqual(Array(30).fill('ok'));
			const requests = gateway.editRequests as Request[];
			// At most the requests already in flight meet the old path's 404, each sent again at once.
			expect(requests.filter((r) => r.status === 404).length).toBeLessThanOrEqual(10);
			expect(requests.filter((r) => r.path === '/edit' && r.status === 200)).toHaveLength(30);
			// And the path is learned anew.
			gateway.reset();
			gateway.configure({ editPaths: ['/edit'], latencyMs: 150 });
			await run(gateway, { items: await photos(5), credentials, parameters: { options } });
			expect((gateway.editRequests as Request[]).map((r) => [r.path, r.status])).toEqual(Array(5).fill(['/edit', 200]));
		} finally {
			await gateway.close();
		}
	});

	it('the 3.0 edit under its new name (inpaint): one probe meets the 404, no upload does', async () => {
		const gateway = await startCometServer({ v3Paths: ['/ideogram/v1/ideogram-v3/inpaint'], latencyMs: 150 });
		try {
			const result = await run(gateway, {
				items: await photos(30),
				credentials: { apiKey: gateway.apiKey, baseUrl: gateway.url },
				parameters: { model: 'V_3', options },
			});
			expect(result.items).toHaveLength(30);
			expect((gateway.probes as Request[]).map((r) => [r.path, r.status])).toEqual([
				['/ideogram/v1/ideogram-v3/edit', 404],
				['/ideogram/v1/ideogram-v3/inpaint', 400],
			]);
			expect((gateway.editRequests as Request[]).filter((r) => r.status === 404)).toHaveLength(0);
		} finally {
			await gateway.close();
		}
	});

	/**
	 * Four items against a gateway whose edits take 9 s: how long after the first upload each other
	 * upload came in. `probeAnswer`: how the gateway answers the route's probe, if not as the API does.
	 */
	async function othersAfterFirst(probeAnswer?: number | 'drop'): Promise<number[]> {
		const gateway = await startCometServer({ latencyMs: 9000, probeAnswer });
		try {
			const result = await run(gateway, { items: await photos(4), credentials: { apiKey: gateway.apiKey, baseUrl: gateway.url }, parameters: { options: { timeout: 30 } } });
			expect(result.items).toHaveLength(4);
			const [first, ...others] = (gateway.editRequests as Request[]).map((r) => r.time);
			return others.map((time) => time - first);
		} finally {
			await gateway.close();
		}
	}

	it('once the probe has found the route, no upload waits for another', async () => {
		for (const after of await othersAfterFirst()) expect(after).toBeLessThan(300);
	}, 60000);

	it('when the probe gets no clear answer, the others wait for the first upload and half a second more, not for the whole edit', async () => {
		for (const after of await othersAfterFirst(503)) {
			expect(after).toBeGreaterThanOrEqual(400);
			expect(after).toBeLessThan(3000);
		}
	}, 60000);

	it('(no clear probe) a slow upload makes the others wait as long again after it (the network may still hold part of it), within 5 s', async () => {
		// The four photos are one stored file: its first four reads are the checks, the others the uploads, each 1.2 s slow.
		const spy = slowStoreReads(1200, (_, reads) => reads > 4);
		try {
			// 1.2 s of waiting after the first upload, then their own 1.2 s uploads.
			for (const after of await othersAfterFirst('drop')) {
				expect(after).toBeGreaterThanOrEqual(2200);
				expect(after).toBeLessThan(5000);
			}
		} finally {
			spy.mockRestore();
		}
	}, 60000);

	it('items wait for the first answer only while the route is unknown: a failed first try hands the finding on', async () => {
		// The probe is dropped too: only uploads can find the route.
		const gateway = await startCometServer({ editPaths: ['/ideogram/edit'], latencyMs: 150, probeAnswer: 'drop' });
		try {
			gateway.script([{ dropBeforeUpload: true }]);
			const result = await run(gateway, { items: await photos(12), credentials: { apiKey: gateway.apiKey, baseUrl: gateway.url }, parameters: { options: { timeout: 6 } } });
			expect(result.items.map((i) => i.json.error ?? 'ok')).toEqual(Array(12).fill('ok'));
			expect((gateway.editRequests as Request[]).filter((r) => r.status === 404)).toHaveLength(1);
		} finally {
			await gateway.close();
		}
	});
});
