/** Items run concurrently within the in-flight bound, and the output is as a one-by-one run's. */
import { FILE_PIECE_BYTES } from '../../nodes/IdeogramEdit/limits';
import { makeImage, noisyPhoto } from '../fixtures/images';
import { failure, photoItem, run, useServer } from './setup';

const { server } = useServer();

async function items(n: number) {
	return Promise.all(Array.from({ length: n }, (_, i) => photoItem(32 + (i % 5) * 8, 32)));
}

function shape(result: Awaited<ReturnType<typeof run>>) {
	return result.items.map((i) => [i.pairedItem, i.json.resolution, i.json.image_index]);
}

describe('concurrency', () => {
	it('gives the same output order and pairing as a one-by-one run', async () => {
		server().configure({ latencyMs: 50 });
		const input = await items(9);
		const numImages = (i: number) => (i % 3) + 1;
		const oneByOne = await run(server(), { items: input, parameters: { numImages, options: { maxImagesInFlight: 1 } } });
		expect(server().maxInFlight).toBe(3); // a request larger than the bound still runs, alone
		server().reset();
		server().configure({ latencyMs: 50 });
		const concurrent = await run(server(), { items: input, parameters: { numImages } });
		expect(shape(concurrent)).toEqual(shape(oneByOne));
		expect(concurrent.items).toHaveLength(18);
	});

	it.each([
		[1, 1],
		[4, 1],
		[4, 2],
		[10, 4],
	])('never has more than %d images in flight (requests of %d images)', async (bound, numImages) => {
		server().configure({ latencyMs: 150 });
		const result = await run(server(), { items: await items(12), parameters: { numImages, options: { maxImagesInFlight: bound } } });
		expect(result.items).toHaveLength(12 * numImages);
		expect(server().maxInFlight).toBeLessThanOrEqual(Math.max(bound, numImages));
		expect(server().editRequests.every((r: { status: number }) => r.status === 200)).toBe(true);
	});

	it('a run that fails stops starting requests, and the error is the first failed item\'s', async () => {
		server().configure({ latencyMs: 100 });
		server().script([{ when: { prompt: 'item 1' }, status: 401 }]);
		const error = await run(server(), {
			items: await items(20),
			parameters: { prompt: (i: number) => `item ${i}`, options: { maxImagesInFlight: 2 } },
		}).catch((e) => e);
		expect(error.message).toBe('scripted 401 (HTTP 401) [item 1]');
		// Items 0 and 1 were in flight together; item 2 may have started before the 401 came back.
		expect(server().editRequests.length).toBeLessThanOrEqual(3);
	});

	describe('checks and sends', () => {
		/** Items whose photos come from URLs, each served after `fileLatencyMs`; item `bad` has a broken link. */
		async function urlRun(continueOnFail: boolean, bad?: number) {
			server().configure({ latencyMs: 100, fileLatencyMs: 100 });
			const photo = await makeImage(48, 32, 'jpeg');
			const urls = Array.from({ length: 12 }, (_, i) => server().host(i === bad ? `gone-${i}` : `p${i}.jpg`, i === bad ? Buffer.from('<html>gone</html>') : photo, i === bad ? 'text/html' : 'image/jpeg'));
			const parameters = { imageSource: 'url', imageUrl: (i: number) => urls[i], maskSource: 'rectangles', regions: '0, 0, 10, 10' };
			return run(server(), { items: urls.map(() => ({ json: {} })), parameters, continueOnFail }).catch((e: Error) => e);
		}
		const firstEdit = () => Math.min(...server().editRequests.map((r: { arrival: number }) => r.arrival));
		const lastDownload = () => Math.max(...server().fileDownloads.map((d: { arrival: number }) => d.arrival));

		it('a run that stops on a bad item checks every item before the first request', async () => {
			const result = await urlRun(false);
			expect(result).not.toBeInstanceOf(Error);
			expect(server().editRequests).toHaveLength(12);
			expect(lastDownload()).toBeLessThan(firstEdit());
		});

		it('a run that continues on fail sends each item once it is checked, while later items are checked', async () => {
			const result = await urlRun(true);
			if (result instanceof Error) throw result;
			expect(firstEdit()).toBeLessThan(lastDownload());
			expect(result.items.map((i) => [i.pairedItem, i.json.resolution])).toEqual(Array.from({ length: 12 }, (_, item) => [{ item }, '48x32']));
			// Still in item order, and still within the bound.
			expect(server().editRequests.map((r: { arrival: number }) => r.arrival)).toEqual([...server().editRequests.map((r: { arrival: number }) => r.arrival)].sort((a, b) => a - b));
			expect(server().maxInFlight).toBeLessThanOrEqual(10);
		});

		it('a bad item checked after others were sent becomes an error item, in its place', async () => {
			const result = await urlRun(true, 9);
			if (result instanceof Error) throw result;
			expect(firstEdit()).toBeLessThan(lastDownload());
			expect(server().editRequests).toHaveLength(11);
			expect(result.items).toHaveLength(12);
			expect(result.items[9].json.error).toMatch(/^Image URL: the file at .* is not a JPEG, PNG or WEBP image: it is an HTML page \[item 9\]$/);
			expect(result.items.filter((i) => i.json.resolution === '48x32')).toHaveLength(11);
		});

		it('a run that stops on a bad item sends nothing when a late item is bad', async () => {
			const error = await urlRun(false, 9);
			expect(error).toBeInstanceOf(Error);
			expect((error as Error).message).toMatch(/\[item 9\]$/);
			expect(server().editRequests).toHaveLength(0);
		});
	});
});

describe('uploads begun before their place in flight', () => {
	type Upload = { file: string; began: number; whole: boolean; brokenOff: boolean };
	const uploads = (): Upload[] => server().uploads;
	/** Once every upload has ended: one broken off is seen closed a moment after the run. */
	const settled = async () => {
		for (let waited = 0; waited < 2000 && uploads().some((u) => !u.whole && !u.brokenOff); waited += 20) await new Promise((r) => setTimeout(r, 20));
		return uploads();
	};
	/** Photos p0.jpg … of their own names, masked by a rectangle. */
	const photos = async (n: number) =>
		Promise.all(Array.from({ length: n }, async (_, i) => ({ json: {}, binary: { data: { data: await makeImage(64, 48, 'jpeg'), fileName: `p${i}.jpg`, mimeType: 'image/jpeg' } } })));
	const names = (n: number) => Array.from({ length: n }, (_, i) => `p${i}.jpg`).sort();
	const rectangles = { maskSource: 'rectangles', regions: '0, 0, 10, 10' };

	it('the next items upload while these are edited; only their last piece waits for a place, and each is billed once', async () => {
		server().configure({ latencyMs: 600 });
		const result = await run(server(), { items: await photos(6), parameters: { ...rectangles, options: { maxImagesInFlight: 2 } } });
		expect(result.items.map((i) => i.pairedItem)).toEqual(Array.from({ length: 6 }, (_, item) => ({ item })));
		const firstAnswer = Math.min(...server().editRequests.map((r: { answered: number }) => r.answered));
		const sent = await settled();
		// Items 2 and 3 began uploading before item 0 or 1 was answered…
		expect(sent.filter((u) => u.began < firstAnswer).map((u) => u.file).sort()).toEqual(['p0.jpg', 'p1.jpg', 'p2.jpg', 'p3.jpg']);
		// …and the API never had more than two in the making: their bodies came whole only once a place was free.
		expect(server().maxInFlight).toBe(2);
		expect(sent.every((u) => u.whole)).toBe(true);
		expect(sent.map((u) => u.file).sort()).toEqual(names(6));
		expect(server().editRequests).toHaveLength(6);
	});

	it('over a slow uplink, the uploads of the next items overlap the edits of these', async () => {
		// 6 noisy photos of about 1.4 MB (six pieces of FILE_PIECE_BYTES) over a shared uplink slowed so that
		// each takes 0.8 s alone; edits take 2 s, so a wave's two uploads, but for their last pieces, fit in one.
		const items = await Promise.all(Array.from({ length: 6 }, async (_, i) => ({ json: {}, binary: { data: { data: await noisyPhoto(1400, 1000), fileName: `p${i}.jpg` } } })));
		const smallest = Math.min(...items.map((item) => item.binary.data.data.length));
		expect(smallest).toBeGreaterThan(4 * FILE_PIECE_BYTES);
		const photoAloneMs = 800;
		server().configure({ latencyMs: 2000, uplinkBytesPerSecond: (smallest * 1000) / photoAloneMs });
		const result = await run(server(), { items, parameters: { ...rectangles, options: { maxImagesInFlight: 2 } } });
		expect(result.items.map((i) => i.pairedItem)).toEqual(Array.from({ length: 6 }, (_, item) => ({ item })));
		// Once a place comes free, only the next photo's last piece is left to send: its request is whole in
		// well under the time its photo takes alone on the uplink, so a place does not wait for an upload.
		const requests = server().editRequests as Array<{ time: number; answered: number }>;
		const answers = requests.map((r) => r.answered).sort((a, b) => a - b);
		const arrivals = requests.map((r) => r.time).sort((a, b) => a - b);
		for (let k = 2; k < 6; k++) expect(arrivals[k] - answers[k - 2]).toBeLessThan(photoAloneMs / 2);
		expect(server().maxInFlight).toBe(2);
	});

	it('an upload that waits for its place longer than a quarter of its Timeout is withdrawn, unbilled, and sent when the place comes; the run stages no more', async () => {
		// A Timeout of 2 s lets an upload wait 0.5 s at its last piece; edits take 1.2 s.
		server().configure({ latencyMs: 1200 });
		const result = await run(server(), { items: await photos(6), parameters: { ...rectangles, options: { maxImagesInFlight: 2, timeout: 2 } } });
		// Every item edited within its Timeout, which counts from its place, not from its first upload.
		expect(result.items.map((i) => [i.pairedItem, i.json.error])).toEqual(Array.from({ length: 6 }, (_, item) => [{ item }, undefined]));
		const sent = await settled();
		const brokenOff = sent.filter((u) => u.brokenOff).map((u) => u.file);
		expect(brokenOff.length).toBeGreaterThan(0);
		// Only the first uploads so begun: after a withdrawal the run waits for places as before.
		expect(brokenOff.every((f) => ['p2.jpg', 'p3.jpg'].includes(f))).toBe(true);
		expect(sent.filter((u) => u.whole).map((u) => u.file).sort()).toEqual(names(6));
		expect(server().editRequests).toHaveLength(6);
	});

	it('a Stop breaks off the uploads waiting for their place: nothing more is billed, and the run ends at once', async () => {
		server().configure({ latencyMs: 3000 });
		const stop = new AbortController();
		const running = failure(run(server(), { items: await photos(6), cancelSignal: stop.signal, parameters: { ...rectangles, options: { maxImagesInFlight: 2 } } }));
		while (uploads().length < 4) await new Promise((r) => setTimeout(r, 20));
		const stoppedAt = Date.now();
		stop.abort();
		const error = await running;
		expect(Date.now() - stoppedAt).toBeLessThan(1000);
		expect(error.message).toMatch(/^The execution was stopped before item \d was done \[item \d\]$/);
		await new Promise((r) => setTimeout(r, 3500));
		const sent = await settled();
		expect(sent.map((u) => u.file).sort()).toEqual(['p0.jpg', 'p1.jpg', 'p2.jpg', 'p3.jpg']);
		expect(sent.filter((u) => u.whole).map((u) => u.file).sort()).toEqual(['p0.jpg', 'p1.jpg']);
		expect(server().editRequests.map((r: { status: unknown }) => r.status)).toEqual(['aborted', 'aborted']);
	});

	it('a run that fails breaks off the uploads waiting for their place: none of them reaches the API whole', async () => {
		server().configure({ latencyMs: 300 });
		server().script([{ when: { prompt: 'item 1' }, status: 401 }]);
		const error = await failure(run(server(), { items: await photos(8), parameters: { ...rectangles, prompt: (i: number) => `item ${i}`, options: { maxImagesInFlight: 2 } } }));
		expect(error.message).toBe('scripted 401 (HTTP 401) [item 1]');
		const sent = await settled();
		expect(sent.length).toBeGreaterThan(2);
		expect(sent.filter((u) => u.whole).map((u) => u.file).sort()).toEqual(['p0.jpg', 'p1.jpg']);
		expect(server().editRequests).toHaveLength(2);
	});
});
