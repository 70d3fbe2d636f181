import sharp from 'sharp';

import { decodedSize, makeMask, noisyPhoto } from '../fixtures/images';
import { binaryDataService, type InputItem } from '../harness/executeNode';
import { failure, photoItem, run, useServer } from './setup';

const { server } = useServer();

describe('Ideogram Edit against the CometAPI-compatible server', () => {
	it('edits one image: one item with the API fields, the image downloaded as binary', async () => {
		const result = await run(server(), { items: [await photoItem(256, 192)] });
		expect(result.items).toHaveLength(1);
		const [item] = result.items;
		expect(item.json).toMatchObject({
			url: expect.stringMatching(/^http:\/\/127\.0\.0\.1:\d+\/images\//),
			seed: expect.any(Number),
			prompt: 'a red leather handbag, photographed in soft studio light',
			resolution: '256x192',
			is_image_safe: true,
			created: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
			model: 'V_2_TURBO',
			image_index: 0,
			input_prompt: 'a red leather handbag',
			attempts: 1,
		});
		expect(item.pairedItem).toEqual({ item: 0 });
		expect(item.binary?.data).toMatchObject({ mimeType: 'image/png', fileName: 'shoe-edit-1.png' });
		expect(await decodedSize(result.binary(0)!)).toEqual({ width: 256, height: 192, format: 'png' });

		const [request] = server().editRequests;
		expect(request.fields).toMatchObject({
			image_file: { fileName: 'shoe.jpg', mimeType: 'image/jpeg', format: 'jpeg', width: 256, height: 192 },
			mask: { fileName: 'shoe-mask.png', mimeType: 'image/png', format: 'png' },
			prompt: 'a red leather handbag',
			model: 'V_2_TURBO',
			magic_prompt_option: 'AUTO',
			style_type: 'AUTO',
			num_images: '1',
		});
		expect(request.fields.seed).toBeUndefined();
		expect(request.authorization).toBe(`Bearer ${server().apiKey}`);
	});

	it('works the same in n8n\'s in-memory binary mode: the files read from the item, the image stored on it', async () => {
		const result = await run(server(), { items: [await photoItem(128, 96)], binaryMode: 'default' });
		const [item] = result.items;
		// In memory, n8n keeps the file's bytes (base64) on the item and gives it no id.
		expect(item.binary?.data.id).toBeUndefined();
		expect(await decodedSize(Buffer.from(item.binary!.data.data, 'base64'))).toEqual({ width: 128, height: 96, format: 'png' });
		expect(server().editRequests[0].fields.image_file).toMatchObject({ width: 128, height: 96 });
	});

	/** The node's reads of n8n's binary store during `work`: the stored ids it streamed, and read whole. */
	async function storeReads<T>(work: () => Promise<T>) {
		const service = binaryDataService();
		const whole = jest.spyOn(service, 'getAsBuffer');
		const streamed = jest.spyOn(service, 'getAsStream');
		try {
			const result = await work();
			return { result, whole: whole.mock.calls.map(([data]) => data), streamed: streamed.mock.calls.map(([id]) => id) };
		} finally {
			whole.mockRestore();
			streamed.mockRestore();
		}
	}

	it('streams a stored photo twice, at its check and into its request, and never reads it whole; it reaches the API byte for byte', async () => {
		server().configure({ keepUploads: true });
		const items = [await photoItem(256, 192), await photoItem(320, 200), await photoItem(64, 64)];
		// Rectangles: the masks are drawn, so the photos are the only files read.
		const { result, whole, streamed } = await storeReads(() => run(server(), { items, parameters: { maskSource: 'rectangles', regions: '10, 10, 20, 20' } }));
		expect(result.items.map((i) => i.json.resolution)).toEqual(['256x192', '320x200', '64x64']);
		expect(whole.filter((data) => data.fileName === 'shoe.jpg')).toHaveLength(0);
		expect(streamed).toHaveLength(6);
		expect(new Set(streamed).size).toBe(3);
		const sent = server().editRequests.map((r: { uploads: { image: Buffer } }) => r.uploads.image);
		expect(sent.map((image: Buffer) => items.some((item) => item.binary!.data.data.equals(image)))).toEqual([true, true, true]);
	});

	it('sends a real-size photo (over 6 MB) byte for byte, in the filesystem and the in-memory binary mode', async () => {
		server().configure({ keepUploads: true });
		const photo = await noisyPhoto(2600, 2600);
		expect(photo.length).toBeGreaterThan(6 * 1024 * 1024);
		for (const binaryMode of ['filesystem', 'default'] as const) {
			server().reset();
			server().configure({ keepUploads: true });
			const item = { json: {}, binary: { data: { data: photo, fileName: 'big.jpg' } } };
			await run(server(), { items: [item], binaryMode, parameters: { maskSource: 'rectangles', regions: '0, 0, 10, 10' } });
			const [request] = server().editRequests;
			expect(request.fields.image_file).toMatchObject({ fileName: 'big.jpg', size: photo.length, width: 2600, height: 2600 });
			expect(Buffer.compare(request.uploads.image, photo)).toBe(0);
		}
	});

	it('checks a JPEG mask as the photo, from its header, and reads it whole only for its request', async () => {
		const mask = await sharp(await makeMask(128, 96)).jpeg().toBuffer();
		const item = await photoItem(128, 96);
		item.binary!.mask = { data: mask, fileName: 'mask.jpg', mimeType: 'image/jpeg' };
		const { result, whole, streamed } = await storeReads(() => run(server(), { items: [item] }));
		expect(result.items).toHaveLength(1);
		expect(server().editRequests[0].fields.mask).toMatchObject({ fileName: 'mask.jpg', format: 'jpeg', width: 128, height: 96 });
		// The mask is read whole for its request; the photo streams by twice.
		expect(whole.filter((data) => ['shoe.jpg', 'mask.jpg'].includes(data.fileName!)).map((data) => data.fileName)).toEqual(['mask.jpg']);
		expect(streamed).toHaveLength(3);
	});

	it('decodes one mask file merged onto every photo once; a bad one still fails each item with its own index', async () => {
		const template = { data: await makeMask(128, 96), fileName: 'template-mask.png', mimeType: 'image/png' };
		const withTemplate = async (mask: typeof template) => {
			const item = await photoItem(128, 96);
			item.binary!.mask = mask;
			return item;
		};
		const items: InputItem[] = [];
		for (let i = 0; i < 6; i++) items.push(await withTemplate(template));
		const { result, whole } = await storeReads(() => run(server(), { items }));
		expect(result.items.map((i) => i.pairedItem)).toEqual([0, 1, 2, 3, 4, 5].map((item) => ({ item })));
		// Read whole once to be decoded at the check, then once for each request.
		expect(whole.filter((data) => data.fileName === 'template-mask.png')).toHaveLength(1 + 6);

		const white = { data: await sharp({ create: { width: 128, height: 96, channels: 3, background: '#fff' } }).png().toBuffer(), fileName: 'white.png', mimeType: 'image/png' };
		const bad = [await withTemplate(white), await withTemplate(white), await withTemplate(white)];
		const failed = await run(server(), { items: bad, continueOnFail: true });
		expect(failed.items.map((i) => i.json.error)).toEqual([0, 1, 2].map((i) => `Mask Binary Field: the mask marks nothing to edit: it has no black pixel [item ${i}]`));
		expect(server().editRequests).toHaveLength(6);
	});

	it('in n8n\'s filesystem mode the downloaded image is in the store, not on the item', async () => {
		const result = await run(server(), { items: [await photoItem(128, 96)] });
		expect(result.items[0].binary?.data.id).toMatch(/^filesystem-v2:/);
		expect(await decodedSize(result.binary(0)!)).toEqual({ width: 128, height: 96, format: 'png' });
	});

	it('makes one output item per image, all paired to their input', async () => {
		const result = await run(server(), {
			items: [await photoItem(128, 128)],
			parameters: { numImages: 4, seed: '1234', model: 'V_2', styleType: 'REALISTIC', magicPrompt: 'OFF' },
		});
		expect(result.items.map((i) => i.json.image_index)).toEqual([0, 1, 2, 3]);
		expect(result.items.every((i) => i.json.seed === 1234 && i.json.model === 'V_2')).toBe(true);
		expect(result.items.map((i) => i.pairedItem)).toEqual(Array(4).fill({ item: 0 }));
		expect(result.items.map((i) => i.binary?.data?.fileName)).toEqual([1, 2, 3, 4].map((n) => `shoe-edit-${n}.png`));
		expect(server().editRequests).toHaveLength(1);
		expect(server().editRequests[0].fields).toMatchObject({ num_images: '4', seed: '1234', model: 'V_2', style_type: 'REALISTIC', magic_prompt_option: 'OFF' });
	});

	it('keeps input order and pairing over several items with different sizes', async () => {
		const items = [await photoItem(64, 64), await photoItem(80, 40), await photoItem(40, 80)];
		const result = await run(server(), { items, parameters: { numImages: (i: number) => i + 1 } });
		expect(result.items.map((i) => [i.pairedItem, i.json.resolution])).toEqual([
			[{ item: 0 }, '64x64'],
			[{ item: 1 }, '80x40'],
			[{ item: 1 }, '80x40'],
			[{ item: 2 }, '40x80'],
			[{ item: 2 }, '40x80'],
			[{ item: 2 }, '40x80'],
		]);
	});

	it('a key pasted with its own "Bearer " prefix is sent once', async () => {
		const result = await run(server(), {
			items: [await photoItem(32, 32)],
			credentials: { apiKey: `Bearer ${server().apiKey}`, baseUrl: `${server().url}/` },
		});
		expect(result.items).toHaveLength(1);
		expect(server().editRequests[0].authorization).toBe(`Bearer ${server().apiKey}`);
	});

	it('with Download Images off, gives the URLs only', async () => {
		const result = await run(server(), { items: [await photoItem(32, 32)], parameters: { options: { downloadImages: false } } });
		expect(result.items[0].binary).toBeUndefined();
		expect(server().downloads).toHaveLength(0);
	});

	it('puts the image in the Output Binary Field asked for', async () => {
		const result = await run(server(), { items: [await photoItem(32, 32)], parameters: { options: { outputBinaryProperty: 'edited' } } });
		expect(Object.keys(result.items[0].binary ?? {})).toEqual(['edited']);
	});

	it('keeps an unsafe result as an item without URL or binary, or drops it when asked', async () => {
		server().configure({ unsafe: 'first' });
		const kept = await run(server(), { items: [await photoItem(32, 32)], parameters: { numImages: 2 } });
		expect(kept.items.map((i) => [i.json.is_image_safe, i.json.url === '', !!i.binary])).toEqual([
			[false, true, false],
			[true, false, true],
		]);
		const dropped = await run(server(), { items: [await photoItem(32, 32)], parameters: { numImages: 2, options: { includeUnsafe: false } } });
		expect(dropped.items.map((i) => i.json.image_index)).toEqual([1]);
	});
});

describe('API failures', () => {
	it('401: says to check the key, with the API message, and does not retry', async () => {
		const error = await failure(run(server(), { items: [await photoItem(32, 32)], credentials: { apiKey: 'sk-wrong', baseUrl: server().url } }));
		expect(error.message).toBe('Invalid token (request id: test) (HTTP 401) [item 0]');
		expect(error.description).toMatch(/Check the API key in the Comet API credential/);
		expect(error.httpCode).toBe('401');
		expect(server().editRequests).toHaveLength(1);
	});

	it.each([
		[402, { error: { message: 'Insufficient balance', type: 'comet_api_error', code: 'insufficient_quota' } }, 'Insufficient balance', /balance or daily limit/],
		[422, { error: 'Prompt or image did not pass the safety check' }, 'Prompt or image did not pass the safety check', /safety check rejected/],
		[400, { detail: 'mask is not black and white' }, 'mask is not black and white', /refused the request as invalid/],
	])('%d: the API\'s own message, and what to do', async (status, body, message, advice) => {
		server().script([{ status, body }]);
		const error = await failure(run(server(), { items: [await photoItem(32, 32)] }));
		expect(error.message).toBe(`${message} (HTTP ${status}) [item 0]`);
		expect(error.description).toMatch(advice);
		expect(server().editRequests).toHaveLength(1);
	});

	it('Continue On Fail: the failed item becomes an error item, the others still run', async () => {
		server().script([{}, { status: 402, body: { error: { message: 'Insufficient balance' } } }]);
		const items = [await photoItem(32, 32), await photoItem(32, 32), await photoItem(32, 32)];
		const result = await run(server(), { items, continueOnFail: true, parameters: { options: { maxImagesInFlight: 1 } } });
		expect(result.items.map((i) => [i.pairedItem, i.json.error ?? 'ok'])).toEqual([
			[{ item: 0 }, 'ok'],
			[{ item: 1 }, 'Insufficient balance (HTTP 402) [item 1]'],
			[{ item: 2 }, 'ok'],
		]);
	});
});
