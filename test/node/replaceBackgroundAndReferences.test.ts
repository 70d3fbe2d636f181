/**
 * Ideogram 3.0 for product photos: Replace Background, style and character references, style
 * presets, the 3.0 edit's new name ("inpaint") and a route's deprecation notice, against the server.
 */
import sharp from 'sharp';

import { makeImage, makeMask, productPhoto } from '../fixtures/images';
import type { InputItem } from '../harness/executeNode';
import { photoItem, run, useServer } from './setup';

const { server } = useServer();
const { V3_PATH, V3_INPAINT_PATH, REPLACE_BACKGROUND_PATH } = require('../server/cometServer');

const file = (data: Buffer, fileName: string, mimeType: string) => ({ data, fileName, mimeType });

async function withReferences(extra: Record<string, { data: Buffer; fileName: string; mimeType: string }>): Promise<InputItem> {
	const item = await photoItem(64, 48);
	return { ...item, binary: { ...item.binary, ...extra } };
}

describe('Replace Background', () => {
	it('sends the photo and the new background to the 3.0 route, without a mask, and the subject comes back as it was', async () => {
		const photo = await productPhoto(96, 64);
		const result = await run(server(), {
			items: [{ json: {}, binary: { data: file(photo, 'bag.jpg', 'image/jpeg') } }],
			parameters: { operation: 'replaceBackground', prompt: 'a marble table by a window', renderingSpeed: 'TURBO', stylePreset: 'GOLDEN_HOUR', numImages: 2 },
		});
		const [request] = server().editRequests;
		expect(request.path).toBe(REPLACE_BACKGROUND_PATH);
		expect(request.status).toBe(200);
		expect(request.fields).toMatchObject({ image: { fileName: 'bag.jpg', width: 96, height: 64 }, prompt: 'a marble table by a window', rendering_speed: 'TURBO', style_preset: 'GOLDEN_HOUR', num_images: '2' });
		expect(request.fields.mask).toBeUndefined();
		expect(request.fields.style_type).toBeUndefined();
		expect(result.items).toHaveLength(2);
		expect(result.items[0].json).toMatchObject({ model: 'V_3', resolution: '96x64', is_image_safe: true, image_index: 0, input_prompt: 'a marble table by a window' });
		expect(result.items[1].pairedItem).toEqual({ item: 0 });
		// The test server keeps what differs from the backdrop and paints the rest.
		const { data, info } = await sharp(result.binary(0)!).removeAlpha().raw().toBuffer({ resolveWithObject: true });
		const at = (x: number, y: number) => [...data.subarray((y * info.width + x) * 3, (y * info.width + x) * 3 + 3)];
		const original = await sharp(photo).raw().toBuffer();
		expect(at(48, 32)).toEqual([...original.subarray((32 * 96 + 48) * 3, (32 * 96 + 48) * 3 + 3)]);
		expect(at(2, 2)).not.toEqual([...original.subarray((2 * 96 + 2) * 3, (2 * 96 + 2) * 3 + 3)]);
	});

	it('takes the photo from a URL, and needs no mask field on the item', async () => {
		const url = server().host('bag.jpg', await productPhoto(64, 64), 'image/jpeg');
		const result = await run(server(), {
			items: [{ json: { sku: 'A1' } }],
			parameters: { operation: 'replaceBackground', imageSource: 'url', imageUrl: url, prompt: 'a beach at dawn' },
		});
		expect(server().editRequests[0].fields.image).toMatchObject({ width: 64, height: 64, format: 'jpeg' });
		expect(result.items).toHaveLength(1);
	});
});

describe('3.0 references and presets', () => {
	it('sends style reference images from binary fields and URLs as repeated parts', async () => {
		const url = server().host('look.webp', await makeImage(40, 40, 'webp-lossy'), 'image/webp');
		await run(server(), {
			items: [await withReferences({ style: file(await makeImage(32, 32, 'png'), 'look.png', 'image/png') })],
			parameters: { model: 'V_3', styleTypeV3: 'GENERAL', styleReferenceImages: `style, ${url}` },
		});
		const [request] = server().editRequests;
		expect(request.status).toBe(200);
		expect(request.fields.style_reference_images).toEqual([
			expect.objectContaining({ fileName: 'look.png', format: 'png', width: 32 }),
			expect.objectContaining({ fileName: 'look.webp', format: 'webp', width: 40 }),
		]);
	});

	it('downloads a style reference that a batch shares once, and sends it with every item', async () => {
		const url = server().host('brand.png', await makeImage(24, 24, 'png'), 'image/png');
		const items = [await photoItem(64, 48), await photoItem(64, 48), await photoItem(64, 48), await photoItem(64, 48), await photoItem(64, 48)];
		const result = await run(server(), { items, parameters: { model: 'V_3', styleReferenceImages: url } });
		expect(result.items).toHaveLength(5);
		expect(server().fileDownloads).toEqual([{ name: 'brand.png', status: 200, arrival: expect.any(Number) }]);
		expect(server().editRequests.map((r: { fields: { style_reference_images: Array<{ fileName: string }> } }) => r.fields.style_reference_images.map((f) => f.fileName))).toEqual(Array(5).fill(['brand.png']));
	});

	it('a shared reference that cannot be downloaded fails each item with its own error', async () => {
		const items = [await photoItem(64, 48), await photoItem(64, 48), await photoItem(64, 48)];
		const result = await run(server(), { items, parameters: { model: 'V_3', styleReferenceImages: () => `${server().url}/files/missing.png` }, continueOnFail: true });
		expect(result.items.map((i) => [i.pairedItem, i.json.error])).toEqual(
			[0, 1, 2].map((n) => [{ item: n }, `Style Reference Images: the image could not be downloaded: HTTP 404: the image link has expired or does not exist [item ${n}]`]),
		);
		expect(server().editRequests).toHaveLength(0);
	});

	it('sends a character reference with its mask, and a style preset', async () => {
		await run(server(), {
			items: [await withReferences({ face: file(await makeImage(30, 40, 'jpeg'), 'face.jpg', 'image/jpeg'), faceMask: file(await makeMask(30, 40), 'face-mask.png', 'image/png') })],
			parameters: { model: 'V_3', characterReference: 'face', characterReferenceMask: 'faceMask', stylePreset: 'WATERCOLOR' },
		});
		const [request] = server().editRequests;
		expect(request.status).toBe(200);
		expect(request.fields.character_reference_images).toEqual([expect.objectContaining({ fileName: 'face.jpg', width: 30, height: 40 })]);
		expect(request.fields.character_reference_images_mask).toEqual([expect.objectContaining({ width: 30, height: 40 })]);
		expect(request.fields.style_preset).toBe('WATERCOLOR');
	});
});

describe("the 3.0 edit's routes", () => {
	it('says once per run that a route is deprecated, with what the API said', async () => {
		// Before the test of the fallback, which makes the node remember the new route for this server.
		server().configure({ deprecateLegacyV3: true });
		const items = [await photoItem(64, 64), await photoItem(64, 64), await photoItem(64, 64)];
		const result = await run(server(), {
			items,
			parameters: { model: 'V_3', numImages: 2, options: { maxImagesInFlight: 2 } },
		});
		expect(result.items).toHaveLength(6);
		const noticed = result.items.filter((i) => i.json.api_notice);
		// Both images of the first answered item carry it, and no later item.
		expect(noticed).toHaveLength(2);
		expect(new Set(noticed.map((i) => JSON.stringify(i.pairedItem))).size).toBe(1);
		expect(noticed[0].json.api_notice).toMatch(/^The API marks \/ideogram\/v1\/ideogram-v3\/edit as deprecated \(Deprecation: @1767225600; Sunset: Thu, 31 Dec 2026 23:59:59 GMT\)\. This route is deprecated; use \/ideogram\/v1\/ideogram-v3\/inpaint\.$/);
	});

	it('tries the new name (inpaint) once when the edit route answers 404, and goes there directly afterwards', async () => {
		server().configure({ v3Paths: [V3_INPAINT_PATH] });
		const first = await run(server(), { items: [await photoItem(64, 64)], parameters: { model: 'V_3' } });
		expect(first.items).toHaveLength(1);
		expect(server().requests.map((r: { path: string; status: unknown }) => [r.path, r.status])).toEqual([[V3_PATH, 404], [V3_INPAINT_PATH, 200]]);
		await run(server(), { items: [await photoItem(64, 64)], parameters: { model: 'V_3' } });
		expect(server().requests.slice(2).map((r: { path: string }) => r.path)).toEqual([V3_INPAINT_PATH]);
	});
});

describe('the test server holds to the 3.0 routes as strictly as the node is checked', () => {
	/** Posts a multipart body straight to the server, as a client other than the node would. */
	async function post(path: string, parts: Array<[string, string | { data: Buffer; name: string; type: string }]>): Promise<{ status: number; body: { error?: { message: string } } }> {
		const form = new FormData();
		for (const [name, value] of parts) {
			if (typeof value === 'string') form.append(name, value);
			else form.append(name, new Blob([value.data], { type: value.type }), value.name);
		}
		const res = await fetch(`${server().url}${path}`, { method: 'POST', body: form, headers: { authorization: `Bearer ${server().apiKey}` } });
		return { status: res.status, body: (await res.json()) as { error?: { message: string } } };
	}
	const png = async (w: number, h: number) => ({ data: await makeImage(w, h, 'png'), name: 'a.png', type: 'image/png' });
	type Part = [string, string | { data: Buffer; name: string; type: string }];

	it.each<[string, string, () => Promise<Part[]>, string]>([
		['a mask sent to Replace Background', REPLACE_BACKGROUND_PATH, async () => [['image', await png(8, 8)], ['mask', await png(8, 8)], ['prompt', 'x']], 'unknown field "mask"'],
		['a style type sent to Replace Background', REPLACE_BACKGROUND_PATH, async () => [['image', await png(8, 8)], ['prompt', 'x'], ['style_type', 'AUTO']], 'unknown field "style_type"'],
		['an unknown style preset', REPLACE_BACKGROUND_PATH, async () => [['image', await png(8, 8)], ['prompt', 'x'], ['style_preset', 'CINEMATIC']], 'style_preset must be one of'],
		['style codes with a style preset', REPLACE_BACKGROUND_PATH, async () => [['image', await png(8, 8)], ['prompt', 'x'], ['style_preset', 'BAUHAUS'], ['style_codes', 'AB12CD34']], 'style_codes cannot be used together with style_preset'],
		['two character references', V3_INPAINT_PATH, async () => [['image', await png(8, 8)], ['mask', await png(8, 8)], ['prompt', 'x'], ['character_reference_images', await png(4, 4)], ['character_reference_images', await png(4, 4)]], 'only 1 character reference image'],
		['a character mask of another size', V3_INPAINT_PATH, async () => [['image', await png(8, 8)], ['mask', await png(8, 8)], ['prompt', 'x'], ['character_reference_images', await png(4, 4)], ['character_reference_images_mask', await png(5, 4)]], 'character_reference_images_mask must have the dimensions'],
		['style references with style type Realistic', V3_PATH, async () => [['image', await png(8, 8)], ['mask', await png(8, 8)], ['prompt', 'x'], ['style_type', 'REALISTIC'], ['style_reference_images', await png(4, 4)]], 'work with style_type AUTO or GENERAL only'],
	])('refuses %s', async (_name, path, parts, message) => {
		const answer = await post(path, await parts());
		expect(answer.status).toBe(400);
		expect(answer.body.error?.message).toContain(message);
	});
});
