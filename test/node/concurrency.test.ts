/** Items run concurrently within the in-flight bound, and the output is as a one-by-one run's. */
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
});
