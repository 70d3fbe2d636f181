/**
 * A run that fails, fails early and with its own cause: no check starts after the lowest failed
 * item when the run stops on it, a passing read failure is no verdict for other items, n8n's own
 * errors keep n8n's words, the key stays out of every output item, and reading files for a
 * request is bounded by the item's deadline and by Stop.
 */
import { pipeline, Readable, Transform } from 'node:stream';

import { FILE_PIECE_BYTES } from '../../nodes/IdeogramEdit/limits';
import { binaryDataService, type InputItem } from '../harness/executeNode';
import { makeImage, makeMask, noisyPhoto } from '../fixtures/images';
import { everyText, failure, onStoreRead, photoItem, run, slowStoreReads, useServer } from './setup';

const { server } = useServer();

/** Items whose photo comes from `urls[i]`, with the mask drawn from a rectangle. */
function urlItems(urls: string[]) {
	return {
		items: urls.map(() => ({ json: {} })),
		parameters: { imageSource: 'url', imageUrl: (i: number) => urls[i], maskSource: 'rectangles', regions: '0, 0, 10, 10' },
	};
}

describe('On Error: Stop, once an item has failed its check', () => {
	it('no later item is checked: 40 photos from URLs, item 0 bad, only the checks already under way downloaded', async () => {
		const photo = await makeImage(48, 32, 'jpeg');
		const urls = Array.from({ length: 40 }, (_, i) => (i === 0 ? server().host('page.html', Buffer.from('<html>sign in</html>'), 'text/html') : server().host(`p${i}.jpg`, photo)));
		server().configure({ fileLatencyMs: 100 });
		const error = await failure(run(server(), urlItems(urls)));
		expect(error.message).toMatch(/^Image URL: the file at .*page\.html is not a JPEG, PNG or WEBP image: it is an HTML page \[item 0\]$/);
		// Items 1 to 3 were checked beside item 0 (4 checks at once); no other photo was asked for.
		expect(server().fileDownloads.length).toBeLessThanOrEqual(4);
		expect(server().editRequests).toHaveLength(0);
	});

	it('a host that hangs does not hold up the verdict: the downloads under way are dropped', async () => {
		const photo = await makeImage(48, 32, 'jpeg');
		const urls = Array.from({ length: 500 }, (_, i) => (i === 0 ? 'ftp://photos.example/0.jpg' : server().host(`p${i}.jpg`, photo)));
		server().configure({ fileLatencyMs: 60000 });
		const started = Date.now();
		const error = await failure(run(server(), urlItems(urls)));
		expect(error.message).toMatch(/^Image URL: .* \[item 0\]$/);
		expect(Date.now() - started).toBeLessThan(5000);
		expect(server().fileDownloads.length).toBeLessThanOrEqual(3);
	});

	it('the error is still the lowest failed item\'s, when a later item fails first', async () => {
		const photo = await makeImage(48, 32, 'jpeg');
		const urls = Array.from({ length: 12 }, (_, i) =>
			i === 1 ? server().host('slow.html', Buffer.from('<html>sign in</html>'), 'text/html') : i === 2 ? 'not a link' : server().host(`p${i}.jpg`, photo),
		);
		server().configure({ fileLatencyMs: 500 });
		const error = await failure(run(server(), urlItems(urls)));
		expect(error.message).toMatch(/slow\.html is not a JPEG, PNG or WEBP image: it is an HTML page \[item 1\]$/);
		// Item 3 was under way when item 2 failed; nothing after it started.
		expect(server().fileDownloads.map((d: { name: string }) => d.name).sort()).toEqual(expect.arrayContaining(['p0.jpg', 'slow.html']));
		expect(server().fileDownloads.length).toBeLessThanOrEqual(4);
	});
});

describe('shared work shares verdicts only', () => {
	it('one mask file on four photos: a passing read failure is the item\'s own, the others are edited', async () => {
		const mask = { data: await makeMask(40, 40), fileName: 'shared-mask.png', mimeType: 'image/png' };
		const items: InputItem[] = await Promise.all(
			Array.from({ length: 4 }, async () => ({ binary: { data: { data: await makeImage(40, 40, 'jpeg'), fileName: 'photo.jpg' }, mask } })),
		);
		const service = binaryDataService();
		const original = service.getAsStream.bind(service);
		let failed = 0;
		const spy = jest.spyOn(service, 'getAsStream').mockImplementation(async (id, chunkSize) => {
			if (!failed && (await service.getMetadata(id)).fileName === 'shared-mask.png') {
				failed++;
				throw new Error('EIO: i/o error, read');
			}
			return await original(id, chunkSize);
		});
		try {
			const result = await run(server(), { items, continueOnFail: true });
			const outcomes = result.items.map((i) => (i.json.error ? String(i.json.error) : 'edited'));
			expect(outcomes.filter((o) => o === 'edited')).toHaveLength(3);
			expect(outcomes.filter((o) => o !== 'edited')).toEqual([expect.stringMatching(/^Mask Binary Field: the file in binary field "mask" could not be read \[item \d\]$/)]);
			expect(server().editRequests).toHaveLength(3);
		} finally {
			spy.mockRestore();
		}
	});
});

describe("n8n's own errors", () => {
	it('an expression that fails reaches the user with n8n\'s message and description, and its item', async () => {
		const error = (await failure(run(server(), { items: [await photoItem(40, 40)], parameters: { prompt: "={{ $('Nope').item.json.x }}" } }))) as {
			message: string;
			description?: string;
			context?: { itemIndex?: number };
		};
		expect(error.message).toBe("Referenced node doesn't exist");
		expect(error.context?.itemIndex).toBe(0);
		expect(error.description ?? '').not.toMatch(/report it/);
		expect(server().requests).toHaveLength(0);
	});

	it('with On Error: Continue it becomes that item\'s error item, in n8n\'s words', async () => {
		const items = [await photoItem(40, 40, { json: { ok: true } }), await photoItem(40, 40, { json: { ok: false } })];
		const result = await run(server(), { items, continueOnFail: true, parameters: { prompt: "={{ $json.ok ? 'a vase' : $('Nope').item.json.x }}" } });
		expect(result.items).toHaveLength(2);
		expect(result.items[0].json.error).toBeUndefined();
		expect(result.items[1]).toMatchObject({ pairedItem: { item: 1 } });
		expect(result.items[1].json.error).toBe("Referenced node doesn't exist");
		expect(String(result.items[1].json.description ?? '')).not.toMatch(/report it/);
		expect(server().editRequests).toHaveLength(1);
	});
});

describe('the key in output items', () => {
	it('is redacted from every string the API sent back: its prompt, its notice', async () => {
		const key = server().apiKey;
		server().script([{ status: 200, body: { data: [{ url: '', is_image_safe: false, prompt: `made for ${key}` }], notice: `Key ${key} moves to a new route.` } }]);
		const result = await run(server(), { items: [await photoItem(40, 40)] });
		expect(result.items).toHaveLength(1);
		expect(everyText(result.items)).not.toContain(key);
		expect(result.items[0].json.prompt).toBe('made for [redacted]');
		expect(result.items[0].json.api_notice).toMatch(/Key \[redacted\] moves/);
	});
});

describe('reading the files for a request', () => {
	/** The photo slow to come from n8n's store at the send (its second read); the check's read is not slowed. */
	const slowStore = (ms: number) => slowStoreReads(ms, (fileName, reads) => fileName === 'shoe.jpg' && reads > 1);

	it('is within the item\'s Timeout, and says that nothing was billed', async () => {
		const spy = slowStore(4000);
		try {
			const started = Date.now();
			const error = await failure(run(server(), { items: [await photoItem(40, 40)], parameters: { options: { timeout: 1 } } }));
			expect(error.message).toBe('The Ideogram edit did not complete: the Timeout ran out while the request was sent, before the API had all of it [item 0]');
			expect(error.description).toMatch(/^Nothing was billed: the API never had the whole request/);
			expect(Date.now() - started).toBeLessThan(3000);
			expect(server().editRequests).toHaveLength(0);
		} finally {
			spy.mockRestore();
		}
	});

	it('ends on Stop', async () => {
		const spy = slowStore(4000);
		try {
			const stop = new AbortController();
			const started = Date.now();
			const running = failure(run(server(), { items: [await photoItem(40, 40)], cancelSignal: stop.signal }));
			setTimeout(() => stop.abort(), 300);
			const error = await running;
			expect(error.message).toBe('The execution was stopped before item 0 was done [item 0]');
			expect(Date.now() - started).toBeLessThan(2000);
			await new Promise((r) => setTimeout(r, 4500));
			expect(server().editRequests).toHaveLength(0);
		} finally {
			spy.mockRestore();
		}
	});

	it("a Stop while the photo is sent closes its stream from n8n's store: no file is left open", async () => {
		const photo = await noisyPhoto(1200, 1200);
		expect(photo.length).toBeGreaterThan(4 * FILE_PIECE_BYTES);
		const service = binaryDataService();
		const original = service.getAsStream.bind(service);
		const atSend: Readable[] = [];
		const spy = jest.spyOn(service, 'getAsStream').mockImplementation(async (id, chunkSize) => {
			const stream = await original(id, chunkSize);
			// The first read is the check's; the send's comes a piece every 200 ms, so the Stop finds it under way.
			if (atSend.push(stream) === 1) return stream;
			return pipeline(stream, new Transform({ transform: (piece, _, done) => void setTimeout(() => done(null, piece), 200) }), () => undefined);
		});
		try {
			const stop = new AbortController();
			const item = { json: {}, binary: { data: { data: photo, fileName: 'big.jpg', mimeType: 'image/jpeg' } } };
			const running = failure(run(server(), { items: [item], cancelSignal: stop.signal, parameters: { maskSource: 'rectangles', regions: '0, 0, 10, 10' } }));
			while (atSend.length < 2) await new Promise((r) => setTimeout(r, 20));
			await new Promise((r) => setTimeout(r, 300));
			stop.abort();
			expect((await running).message).toBe('The execution was stopped before item 0 was done [item 0]');
			await new Promise((r) => setTimeout(r, 300));
			expect(atSend).toHaveLength(2);
			expect(atSend.map((s) => s.destroyed)).toEqual([true, true]);
			expect(server().editRequests).toHaveLength(0);
		} finally {
			spy.mockRestore();
		}
	});

	it('a stored photo that fails or changes at the send fails its own item, unbilled, with its parameter named; the others are edited', async () => {
		// Item 1's photo is gone at the send; item 2's comes back shorter than it was checked.
		const spy = onStoreRead(async (sku, read, original) => {
			if (read === 2 && sku === 'p1.jpg') throw new Error('ENOENT: no such file or directory');
			const stream = await original();
			if (read === 2 && sku === 'p2.jpg') {
				const whole = Buffer.concat(await stream.toArray());
				return Readable.from([whole.subarray(0, whole.length - 100)]);
			}
			return stream;
		});
		try {
			const items = await Promise.all(
				[0, 1, 2, 3].map(async (i) => ({ json: {}, binary: { data: { data: await makeImage(40, 40, 'jpeg'), fileName: `p${i}.jpg` }, mask: { data: await makeMask(40, 40), fileName: 'm.png' } } })),
			);
			const result = await run(server(), { items, continueOnFail: true });
			expect(result.items.map((i) => i.json.error ?? 'edited')).toEqual([
				'edited',
				'Image Binary Field: the file in binary field "data" could not be read [item 1]',
				expect.stringMatching(/^Image Binary Field: the file in binary field "data" changed after it was checked: it had (\d+) bytes then and \d+ at the send \[item 2\]$/),
				'edited',
			]);
			expect(result.items[1].json.description).toMatch(/^n8n said: ENOENT: no such file or directory\./);
			// The two broken requests never reached the API whole: only two edits were made.
			expect(server().editRequests.filter((r: { status: number }) => r.status === 200)).toHaveLength(2);
			expect(server().editRequests).toHaveLength(2);
		} finally {
			spy.mockRestore();
		}
	});
});
