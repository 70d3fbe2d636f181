/**
 * Ideogram 3.0, images from URLs, masks from rectangles and inverted masks, against the server.
 * Masks the node makes are decoded with sharp, a decoder independent of the node's own code.
 */
import sharp from 'sharp';

import { makeImage, makeMask } from '../fixtures/images';
import { failure, photoItem, run, useServer } from './setup';

const { server } = useServer();

/** Pixel values of a grayscale decode of a PNG, and its size. */
async function grayPixels(png: Buffer) {
	const { data, info } = await sharp(png).grayscale().raw().toBuffer({ resolveWithObject: true });
	return { data, width: info.width, height: info.height, at: (x: number, y: number) => data[y * info.width + x] };
}

describe('Ideogram 3.0', () => {
	it('sends the 3.0 fields to the 3.0 route, with a preset palette, and gives items of the same shape', async () => {
		const result = await run(server(), {
			items: [await photoItem(96, 64)],
			parameters: { model: 'V_3', numImages: 2, seed: '42', renderingSpeed: 'TURBO', styleTypeV3: 'FICTION', colorPalette: 'preset', colorPalettePreset: 'PASTEL', magicPrompt: 'OFF' },
		});
		const [request] = server().editRequests;
		expect(request.path).toBe('/ideogram/v1/ideogram-v3/edit');
		expect(request.status).toBe(200);
		expect(request.fields).toMatchObject({
			image: { fileName: 'shoe.jpg', format: 'jpeg', width: 96, height: 64 },
			mask: { format: 'png', width: 96, height: 64 },
			prompt: 'a red leather handbag',
			magic_prompt: 'OFF',
			num_images: '2',
			seed: '42',
			rendering_speed: 'TURBO',
			style_type: 'FICTION',
			color_palette: '{"name":"PASTEL"}',
		});
		expect(request.fields.model).toBeUndefined();
		expect(request.fields.image_file).toBeUndefined();
		expect(result.items).toHaveLength(2);
		expect(Object.keys(result.items[0].json).sort()).toEqual(
			['attempts', 'created', 'download_attempts', 'image_index', 'input_prompt', 'is_image_safe', 'model', 'prompt', 'resolution', 'seed', 'url'].sort(),
		);
		expect(result.items[0].json).toMatchObject({ model: 'V_3', seed: 42, resolution: '96x64', is_image_safe: true, image_index: 0 });
		expect(result.items[1].pairedItem).toEqual({ item: 0 });
		expect(result.binary(1)).toBeDefined();
	});

	it('sends custom palette colors as JSON and style codes as repeated parts, without a style type', async () => {
		await run(server(), {
			items: [await photoItem(64, 64)],
			parameters: { model: 'V_3', colorPalette: 'custom', paletteMembers: '#c0392b:0.6, F5E6CC', styleCodes: 'ab12cd34, 0F0F0F0F' },
		});
		const [request] = server().editRequests;
		expect(request.status).toBe(200);
		expect(JSON.parse(request.fields.color_palette)).toEqual({ members: [{ color_hex: '#C0392B', color_weight: 0.6 }, { color_hex: '#F5E6CC' }] });
		expect(request.fields.style_codes).toEqual(['AB12CD34', '0F0F0F0F']);
		expect(request.fields.style_type).toBeUndefined();
	});

	it('honours an overridden 3.0 path', async () => {
		await run(server(), { items: [await photoItem(32, 32)], parameters: { model: 'V_3', options: { endpointPathV3: '/ideogram/v1/ideogram-v3/edit' } } });
		expect(server().editRequests).toHaveLength(1);
		const f = await failure(run(server(), { items: [await photoItem(32, 32)], parameters: { model: 'V_3', options: { endpointPathV3: '/v3/nowhere' } } }));
		// No fallback for 3.0: a wrong path is reported, not guessed around.
		expect(f.message).toMatch(/HTML page, not JSON \(HTTP 404\) \[item 0\]/);
	});
});

describe('Image Source: URL', () => {
	it('downloads the image, checks it, and sends it with a binary mask', async () => {
		const url = server().host('products/vase photo.webp', await makeImage(80, 60, 'webp-lossy'), 'image/webp');
		const mask = await makeMask(80, 60);
		const result = await run(server(), {
			items: [{ json: {}, binary: { mask: { data: mask, fileName: 'vase.mask.png', mimeType: 'image/png' } } }],
			parameters: { imageSource: 'url', imageUrl: url },
		});
		expect(server().fileDownloads).toEqual([{ name: 'products/vase photo.webp', status: 200, arrival: expect.any(Number) }]);
		expect(server().editRequests[0].fields.image_file).toMatchObject({ fileName: 'vase photo.webp', mimeType: 'image/webp', width: 80, height: 60 });
		expect(result.items[0].json.resolution).toBe('80x60');
		expect(result.items[0].binary?.data?.fileName).toBe('vase photo-edit-1.png');
	});

	it('tries a photo URL again after a passing failure, but not after a 404', async () => {
		server().configure({ fileFailures: 1 });
		const imageUrl = server().host('flaky.jpg', await makeImage(32, 32, 'jpeg'));
		const parameters = { imageSource: 'url', imageUrl, maskSource: 'rectangles', regions: '0,0,8,8' };
		const result = await run(server(), { items: [{ json: {} }], parameters });
		expect(server().fileDownloads.map((d: { status: number }) => d.status)).toEqual([503, 200]);
		expect(result.items).toHaveLength(1);

		server().reset();
		await failure(run(server(), { items: [{ json: {} }], parameters: { ...parameters, imageUrl: `${server().url}/files/gone.jpg` } }));
		expect(server().fileDownloads.map((d: { status: number }) => d.status)).toEqual([404]);
		expect(server().requests).toHaveLength(0);
	});

	it('downloads several photos at once while checking, and keeps the output in item order', async () => {
		server().configure({ fileLatencyMs: 300 });
		const sizes = [40, 48, 56, 64, 72, 80, 88, 96];
		const urls = await Promise.all(sizes.map(async (w) => server().host(`p${w}.jpg`, await makeImage(w, 32, 'jpeg'))));
		const items = sizes.map(() => ({ json: {} }));
		const result = await run(server(), { items, parameters: { imageUrl: (i: number) => urls[i], imageSource: 'url', maskSource: 'rectangles', regions: '0, 0, 10, 10' } });
		expect(result.items.map((i) => i.json.resolution)).toEqual(sizes.map((w) => `${w}x32`));
		expect(result.items.map((i) => i.pairedItem)).toEqual(sizes.map((_, item) => ({ item })));
		// Four at a time: not one by one, and not all at once.
		expect(server().maxFilesInFlight).toBe(4);
		expect(server().fileDownloads).toHaveLength(8);
	});

	it('a bad URL among good ones fails the run, naming the first bad item, before any edit', async () => {
		const good = server().host('good.jpg', await makeImage(32, 32, 'jpeg'));
		const urls = [good, good, `${server().url}/files/missing-a.jpg`, good, `${server().url}/files/missing-b.jpg`];
		const f = await failure(run(server(), { items: urls.map(() => ({ json: {} })), parameters: { imageSource: 'url', imageUrl: (i: number) => urls[i], maskSource: 'rectangles', regions: '0,0,5,5' } }));
		expect(f.message).toMatch(/^Image URL: the image could not be downloaded: HTTP 404.*\[item 2\]$/);
		expect(server().requests).toHaveLength(0);
	});
});

describe('Mask Source: Rectangles', () => {
	it('draws a black-and-white PNG of the image’s exact size: black inside the rectangles', async () => {
		server().configure({ keepUploads: true });
		await run(server(), {
			items: [{ json: {}, binary: { data: { data: await makeImage(200, 100, 'jpeg'), fileName: 'sofa.jpg' } } }],
			parameters: { maskSource: 'rectangles', regions: '10, 20, 50, 30; 150,0,50,100' },
		});
		const [request] = server().editRequests;
		expect(request.fields.mask).toMatchObject({ fileName: 'mask.png', mimeType: 'image/png', format: 'png', width: 200, height: 100 });
		const mask = await grayPixels(request.uploads.mask);
		expect([mask.at(10, 20), mask.at(59, 49), mask.at(150, 0), mask.at(199, 99)]).toEqual([0, 0, 0, 0]);
		expect([mask.at(9, 20), mask.at(60, 20), mask.at(10, 50), mask.at(100, 50), mask.at(149, 99)]).toEqual([255, 255, 255, 255, 255]);
		const black = mask.data.filter((v) => v === 0).length;
		expect(black).toBe(50 * 30 + 50 * 100);
		expect(mask.data.every((v) => v === 0 || v === 255)).toBe(true);
	});

	it('takes percent, JSON and Invert (edit everything but the rectangle)', async () => {
		server().configure({ keepUploads: true });
		await run(server(), {
			items: [{ json: {}, binary: { data: { data: await makeImage(300, 200, 'png') } } }],
			parameters: { maskSource: 'rectangles', regionUnit: 'percent', regions: '[{"left":25,"top":25,"width":50,"height":50}]', invertRegions: true },
		});
		const mask = await grayPixels(server().editRequests[0].uploads.mask);
		expect([mask.width, mask.height]).toEqual([300, 200]);
		// Kept (white) inside 75..224 x 50..149, edited (black) elsewhere.
		expect([mask.at(75, 50), mask.at(224, 149)]).toEqual([255, 255]);
		expect([mask.at(74, 50), mask.at(225, 149), mask.at(0, 0)]).toEqual([0, 0, 0]);
		expect(mask.data.filter((v) => v === 255).length).toBe(150 * 100);
	});

	it('makes the mask for an image from a URL', async () => {
		server().configure({ keepUploads: true });
		const imageUrl = server().host('chair.jpg', await makeImage(64, 48, 'jpeg'));
		const result = await run(server(), { items: [{ json: {} }], parameters: { imageSource: 'url', imageUrl, maskSource: 'rectangles', regions: '0,0,32,48' } });
		const mask = await grayPixels(server().editRequests[0].uploads.mask);
		expect([mask.width, mask.height, mask.at(31, 47), mask.at(32, 0)]).toEqual([64, 48, 0, 255]);
		expect(result.items[0].json.resolution).toBe('64x48');
	});
});

describe('Mask Convention', () => {
	it('a workflow saved with Invert Mask on reads it as White = Edit: a white-marks-the-edit PNG mask is sent as black-marks-the-edit', async () => {
		server().configure({ keepUploads: true });
		// White square on black: the other convention.
		const whiteMarks = await sharp({ create: { width: 40, height: 40, channels: 3, background: '#000' } })
			.composite([{ input: await sharp({ create: { width: 10, height: 10, channels: 3, background: '#fff' } }).png().toBuffer(), left: 5, top: 5 }])
			.png()
			.toBuffer();
		const items = [{ json: {}, binary: { data: { data: await makeImage(40, 40, 'jpeg') }, mask: { data: whiteMarks, fileName: 'm.png' } } }];
		// Invert Mask is a version 1 option: the node was saved at 1.
		await run(server(), { items, parameters: { options: { invertMask: true } }, typeVersion: 1 });
		const mask = await grayPixels(server().editRequests[0].uploads.mask);
		expect([mask.at(5, 5), mask.at(14, 14), mask.at(4, 4), mask.at(15, 15), mask.at(39, 0)]).toEqual([0, 0, 255, 255, 255]);
		expect(mask.data.filter((v) => v === 0).length).toBe(100);
	});

	it('Transparent = Edit: a mask made for OpenAI (the photo with a transparent hole) is sent as black exactly in the hole, white elsewhere', async () => {
		server().configure({ keepUploads: true });
		const photo = await makeImage(40, 40, 'png');
		const rgba = await sharp(photo).ensureAlpha().raw().toBuffer();
		for (let y = 10; y < 20; y++) for (let x = 10; x < 30; x++) rgba[(y * 40 + x) * 4 + 3] = 0;
		const openAi = await sharp(rgba, { raw: { width: 40, height: 40, channels: 4 } }).png().toBuffer();
		const items = [{ json: {}, binary: { data: { data: photo }, mask: { data: openAi, fileName: 'openai-mask.png' } } }];
		await run(server(), { items, parameters: { options: { maskConvention: 'transparent' } } });
		const mask = await grayPixels(server().editRequests[0].uploads.mask);
		expect([mask.at(10, 10), mask.at(29, 19), mask.at(9, 10), mask.at(30, 19), mask.at(0, 39)]).toEqual([0, 0, 255, 255, 255]);
		expect(mask.data.filter((v) => v === 0).length).toBe(200);
	});

	it('a canvas-style mask (black strokes on transparent black) is sent as black strokes on white, as it was judged', async () => {
		server().configure({ keepUploads: true });
		const rgba = Buffer.alloc(40 * 40 * 4);
		for (let y = 5; y < 15; y++) for (let x = 5; x < 35; x++) rgba[(y * 40 + x) * 4 + 3] = 255;
		const canvas = await sharp(rgba, { raw: { width: 40, height: 40, channels: 4 } }).png().toBuffer();
		const items = [{ json: {}, binary: { data: { data: await makeImage(40, 40, 'jpeg') }, mask: { data: canvas, fileName: 'canvas.png' } } }];
		await run(server(), { items });
		const sent = server().editRequests[0].uploads.mask as Buffer;
		expect(sent[25]).toBe(0); // 8-bit gray: no alpha left for a reader to misread
		const mask = await grayPixels(sent);
		expect(mask.data.filter((v) => v === 0).length).toBe(300);
		expect([mask.at(5, 5), mask.at(0, 0), mask.at(39, 39)]).toEqual([0, 255, 255]);
	});
});
