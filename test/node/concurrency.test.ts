/** Items run concurrently within the in-flight bound, and the output is as a one-by-one run's. */
import { makeImage } from '../fixtures/images';
import { photoItem, run, useServer } from './setup';

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
