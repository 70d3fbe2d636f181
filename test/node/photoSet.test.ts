/**
 * Remix, Reframe, Upscale and Describe against the CometAPI-compatible server: each sends its
 * route's fields, and its output items and files say what was done, as a shop's photo set needs.
 */
import sharp from 'sharp';

import { decodedSize, makeImage, productPhoto } from '../fixtures/images';
import type { InputItem } from '../harness/executeNode';
import { run, useServer } from './setup';

const { server } = useServer();

async function photo(width: number, height: number, fileName = 'bag.jpg'): Promise<InputItem> {
	return { json: { sku: 'BAG-1' }, binary: { data: { data: await productPhoto(width, height), fileName, mimeType: 'image/jpeg' } } };
}

type Request = { path: string; status: number | string; fields: Record<string, unknown> };
const requests = () => server().editRequests as Request[];

describe('Remix', () => {
	it('a new image from the photo and a prompt, in the shape of an aspect ratio', async () => {
		const result = await run(server(), {
			items: [await photo(160, 120)],
			parameters: { operation: 'remix', prompt: 'the handbag on a beach', imageWeight: 30, aspectRatio: '16x9', negativePrompt: 'text', styleTypeV3: 'STYLIZED' },
		});
		const [request] = requests();
		expect(request.path).toBe('/ideogram/v1/ideogram-v3/remix');
		expect(request.fields).toMatchObject({ prompt: 'the handbag on a beach', image_weight: '30', aspect_ratio: '16x9', negative_prompt: 'text', style_type: 'STYLIZED', num_images: '1' });
		expect(request.fields.resolution).toBeUndefined();
		expect(result.items).toHaveLength(1);
		expect(result.items[0].json).toMatchObject({ model: 'V_3', resolution: '1312x736', input_prompt: 'the handbag on a beach', is_image_safe: true });
		expect(result.items[0].binary?.data.fileName).toBe('bag-remix-1.png');
		expect(await decodedSize(result.binary(0)!)).toEqual({ width: 1312, height: 736, format: 'png' });
	});

	it('an exact resolution, and two images', async () => {
		const result = await run(server(), { items: [await photo(160, 120)], parameters: { operation: 'remix', resolution: '768x1344', numImages: 2 } });
		expect(requests()[0].fields).toMatchObject({ resolution: '768x1344', num_images: '2' });
		expect(result.items.map((i) => [i.json.image_index, i.json.resolution])).toEqual([
			[0, '768x1344'],
			[1, '768x1344'],
		]);
	});
});

describe('Reframe', () => {
	it('one photo to several shapes: one request each, each item saying which target it is', async () => {
		// 4:3, so the 4x3 target is the photo's own shape.
		const result = await run(server(), { items: [await photo(200, 150)], parameters: { operation: 'reframe', targets: '1x1, 16:9, 4x3, 736x1312', renderingSpeed: 'TURBO' } });
		expect(requests().map((r) => [r.path, r.fields.resolution])).toEqual(
			expect.arrayContaining([
				['/ideogram/v1/ideogram-v3/reframe', '1024x1024'],
				['/ideogram/v1/ideogram-v3/reframe', '1312x736'],
				['/ideogram/v1/ideogram-v3/reframe', '736x1312'],
			]),
		);
		expect(requests()).toHaveLength(3);
		expect(requests()[0].fields.prompt).toBeUndefined();
		expect(result.items.map((i) => [i.json.target, i.json.target_resolution, i.json.resolution, i.json.reframed])).toEqual([
			['1x1', '1024x1024', '1024x1024', true],
			['16x9', '1312x736', '1312x736', true],
			['4x3', '1152x864', '200x150', false],
			['736x1312', '736x1312', '736x1312', true],
		]);
		expect(result.items.map((i) => i.pairedItem)).toEqual(Array(4).fill({ item: 0 }));
		expect(result.items.map((i) => i.binary?.data.fileName)).toEqual(['bag-reframe-1x1-1.png', 'bag-reframe-16x9-1.png', 'bag.jpg', 'bag-reframe-736x1312-1.png']);
		// The reframed files have the target's size, with the whole photo in the middle of the new frame.
		expect(await decodedSize(result.binary(1)!)).toEqual({ width: 1312, height: 736, format: 'png' });
		const { data, info } = await sharp(result.binary(1)!).removeAlpha().raw().toBuffer({ resolveWithObject: true });
		const px = (x: number, y: number) => [...data.subarray((y * info.width + x) * 3, (y * info.width + x) * 3 + 3)];
		expect(px(5, 368)).not.toEqual(px(656, 5));
		// The target of the photo's own shape is the photo, unchanged, and cost nothing.
		expect(result.binary(2)).toEqual((await photo(200, 150)).binary!.data.data);
		expect(result.items[2].json.attempts).toBe(0);
	});

	it('a batch of mixed shapes runs through: an item whose every target is its own shape sends nothing', async () => {
		const result = await run(server(), { items: [await photo(160, 160), await photo(160, 90)], parameters: { operation: 'reframe', targets: '1x1' } });
		expect(result.items.map((i) => [i.pairedItem, i.json.reframed])).toEqual([
			[{ item: 0 }, false],
			[{ item: 1 }, true],
		]);
		expect(requests()).toHaveLength(1);
	});

	it('with On Error: Continue, a target that fails keeps the other targets\' items (billed) beside its error item', async () => {
		server().script([{ when: { resolution: '1312x736' }, status: 422, body: { error: 'safety check failed' } }]);
		const result = await run(server(), { items: [await photo(200, 150)], continueOnFail: true, parameters: { operation: 'reframe', targets: '1x1, 16x9, 9x16' } });
		expect(result.items.map((i) => [i.json.target, i.json.error ?? 'ok'])).toEqual([
			['1x1', 'ok'],
			['16x9', 'safety check failed (HTTP 422) [item 0]'],
			['9x16', 'ok'],
		]);
	});

	it('three targets count three places in flight', async () => {
		server().configure({ latencyMs: 200 });
		const items = await Promise.all(Array.from({ length: 6 }, () => photo(160, 120)));
		const result = await run(server(), { items, parameters: { operation: 'reframe', targets: '1x1, 16x9, 9x16', options: { maxImagesInFlight: 4 } } });
		expect(result.items).toHaveLength(18);
		expect(server().maxInFlight).toBeLessThanOrEqual(4);
	});
});

describe('Upscale', () => {
	it('the photo enlarged: settings as the one JSON part image_request, upscaled_resolution in the output', async () => {
		const result = await run(server(), { items: [await photo(200, 150)], parameters: { operation: 'upscale', prompt: '', resemblance: 80, detail: 20, magicPrompt: 'OFF' } });
		const [request] = requests();
		expect(request.path).toBe('/ideogram/upscale');
		expect(Object.keys(request.fields).sort()).toEqual(['image_file', 'image_request']);
		expect(JSON.parse(request.fields.image_request as string)).toEqual({ resemblance: 80, detail: 20, magic_prompt_option: 'OFF', num_images: 1 });
		expect(result.items[0].json).toMatchObject({ resolution: '200x150', upscaled_resolution: '400x300', model: null, input_prompt: null });
		expect(result.items[0].binary?.data.fileName).toBe('bag-upscale-1.png');
		expect(await decodedSize(result.binary(0)!)).toEqual({ width: 400, height: 300, format: 'png' });
	});

	it('with a prompt and a seed', async () => {
		await run(server(), { items: [await photo(64, 64)], parameters: { operation: 'upscale', prompt: 'sharp stitching', seed: '9' } });
		expect(JSON.parse(requests()[0].fields.image_request as string)).toMatchObject({ prompt: 'sharp stitching', seed: 9 });
	});
});

describe('Describe', () => {
	it('one item per description, paired to its photo, with no binary', async () => {
		const result = await run(server(), { items: [await photo(120, 80), await photo(64, 48, 'mug.jpg')], parameters: { operation: 'describe', describeModelVersion: 'V_2' } });
		expect(requests().map((r) => [r.path, r.fields.describe_model_version])).toEqual([
			['/ideogram/describe', 'V_2'],
			['/ideogram/describe', 'V_2'],
		]);
		expect(result.items.map((i) => [i.pairedItem, i.json.description, i.json.describe_model_version, i.binary])).toEqual([
			[{ item: 0 }, '(V_2) A photo of 120×80 pixels: bag.jpg, on a plain backdrop.', 'V_2', undefined],
			[{ item: 1 }, '(V_2) A photo of 64×48 pixels: mug.jpg, on a plain backdrop.', 'V_2', undefined],
		]);
		expect(server().downloads).toHaveLength(0);
	});

	it('a photo from a URL', async () => {
		const url = server().host('lamp.png', await makeImage(50, 40, 'png'), 'image/png');
		const result = await run(server(), { items: [{ json: {} }], parameters: { operation: 'describe', imageSource: 'url', imageUrl: url } });
		expect(result.items[0].json.description).toBe('(V_3) A photo of 50×40 pixels: lamp.png, on a plain backdrop.');
	});
});
