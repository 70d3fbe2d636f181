/**
 * Hostile files, hosts and stops: what a photo, a mask, a redirect, a slow host or a Stop can do to
 * a run, over real HTTP to our CometAPI-compatible server (and a second one that records what
 * reaches another origin).
 */
import sharp from 'sharp';

import { MAX_PIXELS } from '../../nodes/IdeogramEdit/limits';
import { bombMask, handmadePng, makeImage, makeMask } from '../fixtures/images';
import type { InputItem } from '../harness/executeNode';
import { everyText, failure, photoItem, recordFigures, run, useServer } from './setup';

const { startCometServer } = require('../server/cometServer');

const { server } = useServer();
let hostileTried = 0;
let requestsForHostile = 0;

/**
 * How much the test process's high-water mark of memory rose while `work` ran (n8n's own figure
 * comes from the real-n8n test).
 */
async function rssGrowth<T>(work: () => Promise<T>): Promise<{ result: T; growth: number }> {
	const before = process.resourceUsage().maxRSS * 1024;
	const result = await work();
	return { result, growth: process.resourceUsage().maxRSS * 1024 - before };
}

const file = (data: Buffer, fileName: string, mimeType: string) => ({ data, fileName, mimeType });

/** How many pixels of a sent mask (decoded by sharp) are not the inverse of the original's gray. */
async function pixelsNotInverted(sent: Buffer, original: Uint8Array): Promise<number> {
	const inverted = await sharp(sent).extractChannel(0).raw().toBuffer();
	let wrong = 0;
	for (let i = 0; i < original.length; i++) if (inverted[i] !== 255 - original[i]) wrong++;
	return wrong;
}

describe('hostile files: refused before anything is billed, without the memory they ask for', () => {
	it('a 2 MB mask PNG that inflates to 2 GB is refused, reading no more than the photo needs', async () => {
		const bomb = await bombMask(256, 192, 2 * 1024 * 1024 * 1024);
		expect(bomb.length).toBeLessThan(3 * 1024 * 1024);
		const items: InputItem[] = [{ binary: { data: file(await makeImage(256, 192, 'jpeg'), 'p.jpg', 'image/jpeg'), mask: file(bomb, 'mask.png', 'image/png') } }];
		hostileTried++;
		const { result: error, growth } = await rssGrowth(() => failure(run(server(), { items })));
		expect(error.message).toBe('Mask Binary Field: the PNG mask cannot be read: its pixel data is longer than the 256×192 pixels its header declares [item 0]');
		expect(error.description).toMatch(/Save the mask again/);
		expect(server().requests).toHaveLength(0);
		expect(growth).toBeLessThan(256 * 1024 * 1024);
		requestsForHostile += server().requests.length;
	});

	it('a photo whose header claims 30000×30000 pixels, with a rectangle mask, is refused from its header', async () => {
		const huge = handmadePng(30000, 30000, 2, Buffer.alloc(64));
		hostileTried++;
		const { result: error, growth } = await rssGrowth(() =>
			failure(
				run(server(), {
					items: [{ binary: { data: file(huge, 'huge.png', 'image/png') } }],
					parameters: { maskSource: 'rectangles', regions: '0, 0, 50, 50', regionUnit: 'percent' },
				}),
			),
		);
		expect(error.message).toBe(
			`Image Binary Field: the file in binary field "data" declares 30000×30000 pixels (900 megapixels), over the cap of ${MAX_PIXELS / 1e6} megapixels [item 0]`,
		);
		expect(error.description).toMatch(/Resize the image first/);
		expect(server().requests).toHaveLength(0);
		expect(growth).toBeLessThan(256 * 1024 * 1024);
		requestsForHostile += server().requests.length;
	});

	it('an all-white mask marks nothing to edit and is not sent', async () => {
		const white = await sharp({ create: { width: 64, height: 64, channels: 3, background: '#fff' } }).png().toBuffer();
		hostileTried++;
		const error = await failure(run(server(), { items: [{ binary: { data: file(await makeImage(64, 64, 'jpeg'), 'p.jpg', 'image/jpeg'), mask: file(white, 'm.png', 'image/png') } }] }));
		expect(error.message).toBe('Mask Binary Field: the mask marks nothing to edit: it has no black pixel [item 0]');
		expect(server().requests).toHaveLength(0);
		requestsForHostile += server().requests.length;
	});
});

describe('every error leaves the node as n8n\'s own, with its item', () => {
	it('a binary file n8n cannot read back fails its item with what to do, not as a raw error', async () => {
		const items = [await photoItem(64, 64), await photoItem(64, 64)];
		items[1].binary!.data.unreadable = true;
		const result = await run(server(), { items, continueOnFail: true });
		expect(result.items[0].json.url).toEqual(expect.stringContaining('/images/'));
		expect(result.items[1]).toMatchObject({
			json: {
				error: 'Image Binary Field: the file in binary field "data" could not be read [item 1]',
				description: expect.stringMatching(/^n8n said: File not found\. Run the node that produced the file again/),
			},
			pairedItem: { item: 1 },
		});
		const error = await failure(run(server(), { items: [items[1]] }));
		expect(error.constructor.name).toBe('NodeOperationError');
		expect((error as unknown as { context: { itemIndex: number } }).context.itemIndex).toBe(0);
	});
});

describe('masks the node makes: compressed, checked as uploads are, and what the API decodes', () => {
	// Real phone and camera sizes; the server decodes both files with sharp and checks their sizes.
	it.each([
		['12 MP', 4032, 3024],
		['48 MP', 8064, 6048],
	])('a rectangle mask for a %s photo is far under 10 MB and pixel-exact', async (_name, width, height) => {
		server().configure({ keepUploads: true, paintResults: false });
		const photo = await sharp({ create: { width, height, channels: 3, background: '#8ab' } }).jpeg({ quality: 70 }).toBuffer();
		const result = await run(server(), {
			items: [{ binary: { data: file(photo, 'phone.jpg', 'image/jpeg') } }],
			parameters: { maskSource: 'rectangles', regions: '10, 20, 30, 40', regionUnit: 'percent', options: { downloadImages: false } },
		});
		expect(result.items).toHaveLength(1);
		const [request] = server().editRequests;
		expect(request.fields.mask).toMatchObject({ width, height, format: 'png' });
		expect(request.fields.mask.size).toBeLessThan(1024 * 1024);
		const { data } = await sharp(request.uploads.mask, { limitInputPixels: false }).extractChannel(0).raw().toBuffer({ resolveWithObject: true });
		const box = { left: Math.round(width * 0.1), top: Math.round(height * 0.2), right: Math.round(width * 0.4), bottom: Math.round(height * 0.6) };
		let wrong = 0;
		for (let y = 0; y < height; y++) {
			for (let x = 0; x < width; x++) {
				const inside = x >= box.left && x < box.right && y >= box.top && y < box.bottom;
				if (data[y * width + x] !== (inside ? 0 : 255)) wrong++;
			}
		}
		expect(wrong).toBe(0);
	});

	it('Mask Convention White = Edit on a 12 MP mask sends its exact inverse, compressed', async () => {
		server().configure({ keepUploads: true, paintResults: false });
		const [width, height] = [4032, 3024];
		const photo = await sharp({ create: { width, height, channels: 3, background: '#8ab' } }).jpeg({ quality: 70 }).toBuffer();
		// White marks the edit here, as many tools draw masks: a white ellipse on black.
		const whiteMarks = await sharp(Buffer.from(`<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}"><rect width="100%" height="100%"/><ellipse cx="2000" cy="1500" rx="900" ry="600" fill="#fff"/></svg>`))
			.grayscale()
			.png()
			.toBuffer();
		const result = await run(server(), {
			items: [{ binary: { data: file(photo, 'phone.jpg', 'image/jpeg'), mask: file(whiteMarks, 'white-marks.png', 'image/png') } }],
			parameters: { options: { maskConvention: 'white', downloadImages: false } },
		});
		expect(result.items).toHaveLength(1);
		const sent = server().editRequests[0].uploads.mask as Buffer;
		expect(sent.length).toBeLessThan(1024 * 1024);
		expect(await pixelsNotInverted(sent, await sharp(whiteMarks).extractChannel(0).raw().toBuffer())).toBe(0);
	});

	it('White = Edit on a noisy 12 MP mask (over 1 MB once converted) is converted at the send, exactly', async () => {
		server().configure({ keepUploads: true, paintResults: false });
		const [width, height] = [4000, 3000];
		const photo = await sharp({ create: { width, height, channels: 3, background: '#8ab' } }).jpeg({ quality: 70 }).toBuffer();
		// Black and white noise compresses poorly: its inverse is over 1 MB, and still under the 10 MB cap.
		const noise = Buffer.from(require('node:crypto').randomBytes(width * height).map((b: number) => (b & 1 ? 255 : 0)));
		const mask = await sharp(noise, { raw: { width, height, channels: 1 } }).png().toBuffer();
		const result = await run(server(), {
			items: [{ binary: { data: file(photo, 'p.jpg', 'image/jpeg'), mask: file(mask, 'noise.png', 'image/png') } }],
			parameters: { options: { maskConvention: 'white', downloadImages: false } },
		});
		expect(result.items).toHaveLength(1);
		const sent = server().editRequests[0].uploads.mask as Buffer;
		expect(sent.length).toBeGreaterThan(1024 * 1024);
		expect(await pixelsNotInverted(sent, noise)).toBe(0);
	});

	it('inverted rectangles that cover the whole photo leave nothing to edit, and nothing is sent', async () => {
		hostileTried++;
		const error = await failure(
			run(server(), {
				items: [await photoItem(64, 64)],
				parameters: { maskSource: 'rectangles', regions: '0, 0, 100, 100', regionUnit: 'percent', invertRegions: true },
			}),
		);
		expect(error.message).toBe('Regions: the mask marks nothing to edit: it has no black pixel once inverted [item 0]');
		expect(server().requests).toHaveLength(0);
		requestsForHostile += server().requests.length;
	});
});

describe('answers that say more than they should', () => {
	const unsafe = { seed: 1, prompt: 'x', resolution: '64x64', url: '', is_image_safe: false };

	it('an answer with far more images than asked becomes only the asked-for items', async () => {
		server().script([{ status: 200, body: { created: '2026-01-01T00:00:00Z', data: Array(500).fill(unsafe) } }]);
		const result = await run(server(), { items: [await photoItem(64, 64)], parameters: { numImages: 2 } });
		expect(result.items.map((i) => i.json.image_index)).toEqual([0, 1]);
	});

	it('a notice of 100 000 characters reaches the items cut to a sentence', async () => {
		server().script([{ status: 200, body: { created: '2026-01-01T00:00:00Z', data: [unsafe], notice: `Moving. ${'x'.repeat(100000)}` } }]);
		const result = await run(server(), { items: [await photoItem(64, 64)] });
		const notice = String(result.items[0].json.api_notice);
		expect(notice).toMatch(/^The API sent a notice about \/edit\. Moving\. x+…$/);
		expect(notice.length).toBeLessThan(400);
	});
});

describe('redirects: the key and the photo stay with the Base URL', () => {
	it('a 307 to another origin is not followed: nothing reaches it, and the error says where it pointed and what to set', async () => {
		const other = await startCometServer();
		try {
			server().configure({ redirects: { '/edit': `${other.url}/edit` } });
			hostileTried++;
			const error = await failure(run(server(), { items: [await photoItem(64, 64)] }));
			expect(error.message).toBe(`The API redirected the edit to ${other.url}/edit, away from the Base URL: the photo and the API key were not sent there [item 0]`);
			expect(error.description).toContain(`set Base URL in the Comet API credential to ${other.url}`);
			expect(error.constructor.name).toBe('NodeApiError');
			expect(other.requests).toHaveLength(0);
			expect(other.redirected).toHaveLength(0);
			requestsForHostile += other.requests.length;
			expect(server().redirected).toHaveLength(1);
			expect(everyText(error)).not.toContain(server().apiKey);
		} finally {
			await other.close();
		}
	});

	it('a redirect within the Base URL\'s origin is followed with the key, and the edit succeeds', async () => {
		server().configure({ redirects: { '/edit': '/ideogram/edit' } });
		const result = await run(server(), { items: [await photoItem(64, 64)] });
		expect(result.items).toHaveLength(1);
		expect(server().redirected.map((r: { path: string }) => r.path)).toEqual(['/edit']);
		expect(server().editRequests.map((r: { path: string; status: number }) => [r.path, r.status])).toEqual([['/ideogram/edit', 200]]);
	});

	it('redirects that go round in circles end after five, with a clear error', async () => {
		server().configure({ redirects: { '/edit': '/edit' } });
		const error = await failure(run(server(), { items: [await photoItem(64, 64)] }));
		expect(error.message).toMatch(/^The API redirected the edit more than 5 times, last to http:\/\/127\.0\.0\.1:\d+\/edit \[item 0\]$/);
		expect(server().redirected).toHaveLength(6);
	});
});

describe('the Timeout is the item\'s deadline, downloads included', () => {
	it('a result host that trickles a byte every 0.5 s is cut off at the deadline: the item keeps its URL with a download_error', async () => {
		server().configure({ downloadTrickleMs: 500 });
		const started = Date.now();
		const result = await run(server(), { items: [await photoItem(64, 64)], parameters: { options: { timeout: 3 } } });
		const seconds = (Date.now() - started) / 1000;
		expect(result.items).toHaveLength(1);
		expect(result.items[0].json).toMatchObject({
			url: expect.stringContaining('/images/'),
			download_error: 'the Timeout ran out before the download finished',
		});
		expect(result.items[0].binary).toBeUndefined();
		expect(seconds).toBeLessThan(3 + 3);
	});

	it('an edit answer larger than 1 MB is not read past the cap', async () => {
		server().script([{ status: 200, body: 'x'.repeat(2 * 1024 * 1024) }]);
		const error = await failure(run(server(), { items: [await photoItem(64, 64)] }));
		expect(error.message).toBe('the API sent an answer larger than 1 MB (HTTP 200) [item 0]');
	});
});

describe('Stop stops', () => {
	it('after a Stop mid-run no new request starts, requests under way are aborted, and the run ends at once', async () => {
		server().configure({ latencyMs: 3000 });
		const stop = new AbortController();
		const items = await Promise.all(Array.from({ length: 6 }, () => photoItem(64, 64)));
		const running = failure(run(server(), { items, cancelSignal: stop.signal, parameters: { options: { maxImagesInFlight: 2 } } }));
		while (server().editRequests.length < 2) await new Promise((r) => setTimeout(r, 20));
		const stoppedAt = Date.now();
		stop.abort();
		const error = await running;
		expect(Date.now() - stoppedAt).toBeLessThan(1000);
		expect(error.message).toBe('The execution was stopped before item 0 was done [item 0]');
		// Nothing new after the Stop, also once the aborted requests would have finished.
		await new Promise((r) => setTimeout(r, 3500));
		expect(server().editRequests.map((r: { status: unknown }) => r.status)).toEqual(['aborted', 'aborted']);
		expect(server().downloads).toHaveLength(0);
	});

	it('a Stop while the route is probed aborts the probe, and no upload is sent', async () => {
		// A server of its own, whose route is not known yet, and whose probes are never answered.
		const gateway = await startCometServer({ probeAnswer: 'hang' });
		try {
			const stop = new AbortController();
			const running = failure(run(gateway, { items: [await photoItem(64, 64)], cancelSignal: stop.signal, credentials: { apiKey: gateway.apiKey, baseUrl: gateway.url } }));
			while (gateway.probes.length < 1) await new Promise((r) => setTimeout(r, 20));
			const stoppedAt = Date.now();
			stop.abort();
			const error = await running;
			expect(Date.now() - stoppedAt).toBeLessThan(1000);
			expect(error.message).toMatch(/stopped/);
			await new Promise((r) => setTimeout(r, 200));
			expect(gateway.probes.map((r: { status: unknown }) => r.status)).toEqual(['aborted']);
			expect(gateway.editRequests).toHaveLength(0);
		} finally {
			await gateway.close();
		}
	});

	it('a probe never answered is given up after 5 s, outside the Timeout: the upload then finds the route', async () => {
		const gateway = await startCometServer({ probeAnswer: 'hang' });
		try {
			const started = Date.now();
			const result = await run(gateway, { items: [await photoItem(64, 64)], credentials: { apiKey: gateway.apiKey, baseUrl: gateway.url }, parameters: { options: { timeout: 2 } } });
			expect(Date.now() - started).toBeGreaterThanOrEqual(5000);
			expect(result.items[0].json.error).toBeUndefined();
			expect(gateway.editRequests.map((r: { status: unknown }) => r.status)).toEqual([200]);
		} finally {
			await gateway.close();
		}
	}, 20000);

	it('a Stop during a retry\'s wait ends the wait at once, and the request is not sent again', async () => {
		server().script([{ status: 503, retryAfter: '20' }]);
		const stop = new AbortController();
		const running = failure(run(server(), { items: [await photoItem(64, 64)], cancelSignal: stop.signal }));
		while (server().editRequests.length < 1 || server().editRequests[0].status === 0) await new Promise((r) => setTimeout(r, 20));
		await new Promise((r) => setTimeout(r, 100));
		const stoppedAt = Date.now();
		stop.abort();
		const error = await running;
		expect(Date.now() - stoppedAt).toBeLessThan(1000);
		expect(error.message).toMatch(/stopped/);
		expect(server().editRequests).toHaveLength(1);
	});

	it('a Stop while photos download from URLs ends the checks: no edit is sent', async () => {
		server().configure({ fileLatencyMs: 2000 });
		const url = server().host('slow.jpg', await makeImage(64, 64, 'jpeg'));
		const stop = new AbortController();
		const items = [{ binary: { mask: file(await makeMask(64, 64), 'm.png', 'image/png') } }, { binary: { mask: file(await makeMask(64, 64), 'm.png', 'image/png') } }];
		const running = failure(run(server(), { items, cancelSignal: stop.signal, parameters: { imageSource: 'url', imageUrl: url } }));
		while (server().fileDownloads.length < 2) await new Promise((r) => setTimeout(r, 20));
		const stoppedAt = Date.now();
		stop.abort();
		const error = await running;
		expect(Date.now() - stoppedAt).toBeLessThan(1000);
		expect(error.message).toMatch(/stopped/);
		expect(server().editRequests).toHaveLength(0);
	});

	it('with On Error: Continue, a Stop while later items are checked and earlier ones edited starts nothing new', async () => {
		server().configure({ fileLatencyMs: 300, latencyMs: 3000 });
		const photo = await makeImage(64, 64, 'jpeg');
		const urls = Array.from({ length: 12 }, (_, i) => server().host(`s${i}.jpg`, photo));
		const stop = new AbortController();
		const running = failure(
			run(server(), {
				items: urls.map(() => ({ json: {} })),
				continueOnFail: true,
				cancelSignal: stop.signal,
				parameters: { imageSource: 'url', imageUrl: (i: number) => urls[i], maskSource: 'rectangles', regions: '0, 0, 10, 10' },
			}),
		);
		while (server().editRequests.length < 1) await new Promise((r) => setTimeout(r, 20));
		const stoppedAt = Date.now();
		stop.abort();
		const error = await running;
		expect(Date.now() - stoppedAt).toBeLessThan(1000);
		expect(error.message).toMatch(/^The execution was stopped before item \d+ was done/);
		// Counted once the node has given up and the server has read what reached it: the server logs
		// a request once its body is read, so one sent just before the Stop can be logged just after.
		await new Promise((r) => setTimeout(r, 250));
		const [edits, downloads] = [server().editRequests.length, server().fileDownloads.length];
		expect(downloads).toBeLessThan(12);
		// Nothing new after the Stop, also once the aborted requests would have finished.
		await new Promise((r) => setTimeout(r, 3500));
		expect(server().editRequests).toHaveLength(edits);
		expect(server().editRequests.every((r: { status: unknown }) => r.status === 'aborted')).toBe(true);
		expect(server().fileDownloads).toHaveLength(downloads);
		expect(server().downloads).toHaveLength(0);
	});
});

describe('requests whose outcome is unknown', () => {
	it.each([
		['a 502', { status: 502 }],
		['a connection dropped mid-request', { drop: true }],
	])('%s is sent again by default, and the item says it took two attempts', async (_name, fault) => {
		server().script([fault]);
		const result = await run(server(), { items: [await photoItem(64, 64)] });
		expect(result.items[0].json.attempts).toBe(2);
		expect(server().editRequests).toHaveLength(2);
	});

	it.each([
		['a 502', { status: 502 }, /^scripted 502 \(HTTP 502\) \[item 0\]$/],
		['a 504', { status: 504 }, /^scripted 504 \(HTTP 504\) \[item 0\]$/],
		['a connection dropped mid-request', { drop: true }, /^The Ideogram edit did not complete: the connection was dropped before the answer came \[item 0\]$/],
	])('with Retry When Outcome Unknown off, %s fails at once and says it may have been billed', async (_name, fault, message) => {
		server().script([fault]);
		const error = await failure(run(server(), { items: [await photoItem(64, 64)], parameters: { options: { retryUnknownOutcome: false } } }));
		expect(error.message).toMatch(message);
		expect(error.description).toMatch(/may have been made and billed upstream, so it was not sent again/);
		expect(server().editRequests).toHaveLength(1);
	});

	it('with the option off, a 503 (nothing was made) is still retried', async () => {
		server().script([{ status: 503 }]);
		const result = await run(server(), { items: [await photoItem(64, 64)], parameters: { options: { retryUnknownOutcome: false } } });
		expect(result.items[0].json.attempts).toBe(2);
	});

	it('a refused connection (nothing was sent) is retried even with the option off', async () => {
		const closed = await startCometServer();
		const url = closed.url;
		await closed.close();
		const error = await failure(
			run(server(), { items: [await photoItem(64, 64)], credentials: { apiKey: server().apiKey, baseUrl: url }, parameters: { options: { retryUnknownOutcome: false, maxRetries: 1 } } }),
		);
		expect(error.message).toBe('The Ideogram edit did not complete: the connection was refused (is the Base URL right?) (after 2 attempts) [item 0]');
	});
});

afterAll(() => recordFigures('hostile', { hostileInputsTried: hostileTried, requestsSentForThem: requestsForHostile }));
