/**
 * Check Only: a batch of good and bad items of each operation is checked as a real run checks it,
 * one verdict per item, with the batch's totals, and no request reaches the server.
 */
import sharp from 'sharp';

import { makeImage, makeMask, productPhoto } from '../fixtures/images';
import type { InputItem } from '../harness/executeNode';
import { run, useServer } from './setup';

const { server } = useServer();

const jpeg = async (width: number, height: number): Promise<InputItem> => ({
	json: {},
	binary: { data: { data: await productPhoto(width, height), fileName: 'bag.jpg', mimeType: 'image/jpeg' } },
});
const withMask = async (width: number, height: number, mask: Buffer): Promise<InputItem> => ({
	json: {},
	binary: { data: { data: await productPhoto(width, height), fileName: 'bag.jpg', mimeType: 'image/jpeg' }, mask: { data: mask, fileName: 'mask.png', mimeType: 'image/png' } },
});
const gif = (): InputItem => ({ json: {}, binary: { data: { data: Buffer.from('GIF89a\x01\x00\x01\x00\x00\x00\x00;', 'latin1'), fileName: 'x.gif', mimeType: 'image/gif' } } });
const checkOnly = (extra: Record<string, unknown> = {}) => ({ checkOnly: true, pricePerImage: 0.06, ...extra });

describe('Check Only', () => {
	it('Edit With Mask: a verdict per item, bad ones included, what would be sent, the estimate and the totals; nothing sent', async () => {
		const goodMask = await makeMask(64, 48);
		const items = [
			await withMask(64, 48, goodMask),
			await withMask(64, 48, await makeMask(63, 48)),
			gif(),
			await withMask(64, 48, await sharp({ create: { width: 64, height: 48, channels: 3, background: '#fff' } }).png().toBuffer()),
			await withMask(80, 60, await makeMask(80, 60)),
		];
		const result = await run(server(), { items, parameters: { numImages: 2, options: checkOnly() } });
		expect(server().requests).toHaveLength(0);
		expect(result.items.map((i) => i.pairedItem)).toEqual([0, 1, 2, 3, 4].map((item) => ({ item })));
		expect(result.items.map((i) => i.json.check)).toEqual(['ok', 'refused', 'refused', 'refused', 'ok']);
		expect(result.items[0].json).toMatchObject({
			check: 'ok',
			operation: 'editWithMask',
			route: '/edit',
			model: 'V_2_TURBO',
			requests: 1,
			images: 2,
			photo: { format: 'jpeg', width: 64, height: 48, bytes: items[0].binary!.data.data.length },
			mask: { format: 'png', width: 64, height: 48, bytes: goodMask.length },
			estimate: 0.12,
		});
		expect(result.items[0].json.mask).not.toHaveProperty('made');
		expect(result.items[1].json).toMatchObject({ check: 'refused', images: 0, error: 'Mask Binary Field: the mask is 63×48 pixels but the image is 64×48 [item 1]', fix: expect.stringMatching(/exact width and height/) });
		expect(result.items[2].json.error).toMatch(/is not a JPEG, PNG or WEBP image: it is a GIF image \[item 2\]$/);
		expect(result.items[3].json.error).toMatch(/marks nothing to edit/);
		for (const item of result.items) expect(item.json.batch).toEqual({ items: 5, ok: 2, refused: 3, images: 4, estimate: 0.24 });
	});

	it('every operation: Replace Background, Remix, Reframe (each target counted), Upscale and Describe; nothing sent', async () => {
		const cases: Array<[Record<string, unknown>, number, Record<string, unknown>]> = [
			[{ operation: 'replaceBackground', prompt: 'on marble' }, 1, { route: '/ideogram/v1/ideogram-v3/replace-background' }],
			[{ operation: 'remix', prompt: 'on a beach', numImages: 3 }, 3, { route: '/ideogram/v1/ideogram-v3/remix' }],
			// 4:3 photo: the 4x3 target is its own shape and costs nothing.
			[{ operation: 'reframe', targets: '1x1, 16x9, 4x3' }, 2, { route: '/ideogram/v1/ideogram-v3/reframe', requests: 2 }],
			[{ operation: 'upscale', prompt: '' }, 1, { route: '/ideogram/upscale' }],
			[{ operation: 'describe' }, 1, { route: '/ideogram/describe' }],
		];
		for (const [parameters, images, expected] of cases) {
			const result = await run(server(), { items: [await jpeg(200, 150), gif()], parameters: { ...parameters, options: checkOnly() } });
			expect(server().requests).toHaveLength(0);
			expect(result.items).toHaveLength(2);
			expect(result.items[0].json).toMatchObject({ check: 'ok', operation: parameters.operation, images, estimate: images * 0.06, ...expected });
			expect(result.items[1].json).toMatchObject({ check: 'refused', error: expect.stringMatching(/GIF image \[item 1\]$/) });
			expect(result.items[0].json.batch).toMatchObject({ items: 2, ok: 1, refused: 1, images });
		}
	});

	it('a photo from a URL is downloaded and checked (downloads are free), and no edit is sent', async () => {
		const url = server().host('bag.png', await makeImage(64, 48, 'png'), 'image/png');
		const result = await run(server(), {
			items: [{ json: {} }],
			parameters: { imageSource: 'url', imageUrl: url, maskSource: 'rectangles', regions: '10, 10, 20, 20', options: checkOnly({ pricePerImage: 0 }) },
		});
		expect(server().editRequests).toHaveLength(0);
		expect(result.items[0].json).toMatchObject({ check: 'ok', images: 1, photo: { format: 'png', width: 64, height: 48 }, mask: { format: 'png', width: 64, height: 48, made: 'drawn' } });
		expect(result.items[0].json.estimate).toBeUndefined();
		expect(result.items[0].json.batch).toEqual({ items: 1, ok: 1, refused: 0, images: 1 });
	});

	it('the verdict gives the size of every file beside the photo: a mask sent converted, style and character references, the character mask', async () => {
		// Canvas-style: black strokes on transparent, sent as the node's own black-and-white PNG.
		const canvasMask = await sharp({ create: { width: 64, height: 48, channels: 4, background: { r: 0, g: 0, b: 0, alpha: 0 } } })
			.composite([{ input: { create: { width: 20, height: 10, channels: 4, background: { r: 0, g: 0, b: 0, alpha: 1 } } }, left: 5, top: 5 }])
			.png()
			.toBuffer();
		const style = await makeImage(40, 30, 'webp-lossy');
		const face = await makeImage(30, 40, 'jpeg');
		const faceMask = await makeMask(30, 40);
		const item = await withMask(64, 48, canvasMask);
		item.binary = {
			...item.binary,
			style: { data: style, fileName: 'look.webp', mimeType: 'image/webp' },
			face: { data: face, fileName: 'face.jpg', mimeType: 'image/jpeg' },
			faceMask: { data: faceMask, fileName: 'face-mask.png', mimeType: 'image/png' },
		};
		const result = await run(server(), {
			items: [item],
			parameters: { model: 'V_3', styleReferenceImages: 'style', characterReference: 'face', characterReferenceMask: 'faceMask', options: checkOnly({ maskConvention: 'transparent' }) },
		});
		expect(server().requests).toHaveLength(0);
		expect(result.items[0].json).toMatchObject({
			check: 'ok',
			mask: { format: 'png', width: 64, height: 48, bytes: canvasMask.length, made: 'converted' },
			style_references: [{ format: 'webp', width: 40, height: 30, bytes: style.length }],
			character_reference: { format: 'jpeg', width: 30, height: 40, bytes: face.length },
			character_mask: { format: 'png', width: 30, height: 40, bytes: faceMask.length },
		});
	});

	it('a price that is not a number is refused before anything', async () => {
		await expect(run(server(), { items: [await jpeg(64, 48)], parameters: { operation: 'upscale', prompt: '', options: checkOnly({ pricePerImage: -1 }) } })).rejects.toThrow(
			/^Price per Image: -1 is not a price \[item 0\]$/,
		);
		expect(server().requests).toHaveLength(0);
	});
});
