import { checkInputFile, checkPngMask, checkSameSize, type InputFile } from '../../nodes/IdeogramEdit/helpers/binaryInput';
import { checkEditParameters, type EditParameters } from '../../nodes/IdeogramEdit/helpers/editParameters';
import { buildEditForm } from '../../nodes/IdeogramEdit/helpers/editRequest';
import { parseEditResponse, resultFileName, resultJson } from '../../nodes/IdeogramEdit/helpers/results';
import { MAX_PIXELS } from '../../nodes/IdeogramEdit/constants';
import { handmadePng, makeImage, makeMask } from '../fixtures/images';

function params(changes: Record<string, unknown> = {}): EditParameters {
	const checked = checkEditParameters({
		prompt: 'a cat',
		model: 'V_2',
		magicPrompt: 'OFF',
		styleType: 'ANIME',
		numImages: 2,
		seed: 7,
		options: {},
		...changes,
	});
	if (!('value' in checked)) throw new Error('bad test parameters');
	return checked.value;
}

async function file(role: 'Image' | 'Mask', data: Buffer, name?: string): Promise<InputFile> {
	const checked = checkInputFile(role, 'data', data, name);
	if ('problem' in checked) throw new Error(checked.problem.problem);
	return checked.value;
}

describe('buildEditForm', () => {
	it('sends the documented fields, files with their names and real MIME types', async () => {
		const image = await file('Image', await makeImage(64, 48, 'jpeg'), 'shoe.jpg');
		const mask = await file('Mask', await makeMask(64, 48), 'shoe-mask.png');
		const form = buildEditForm(params(), image, mask);
		// Serialise and parse again, as a server does.
		const parsed = await new Response(form).formData();
		expect([...parsed.keys()]).toEqual(['image_file', 'mask', 'prompt', 'model', 'magic_prompt_option', 'style_type', 'num_images', 'seed']);
		const img = parsed.get('image_file') as File;
		expect([img.name, img.type, img.size]).toEqual(['shoe.jpg', 'image/jpeg', image.data.length]);
		expect((parsed.get('mask') as File).type).toBe('image/png');
		expect(Object.fromEntries([...parsed.entries()].filter(([, v]) => typeof v === 'string'))).toEqual({
			prompt: 'a cat',
			model: 'V_2',
			magic_prompt_option: 'OFF',
			style_type: 'ANIME',
			num_images: '2',
			seed: '7',
		});
	});

	it('leaves seed out when none is set, and sends a PNG named .jpg as image/png', async () => {
		const image = await file('Image', await makeImage(10, 10, 'png'), 'lies.jpg');
		const form = buildEditForm(params({ seed: '' }), image, image);
		const parsed = await new Response(form).formData();
		expect(parsed.has('seed')).toBe(false);
		expect((parsed.get('image_file') as File).type).toBe('image/png');
	});
});

describe('checkInputFile and checkSameSize', () => {
	it('names a file with no name after its role and real format', async () => {
		expect((await file('Mask', await makeMask(8, 8))).fileName).toBe('mask.png');
	});
	it('refuses a file over 10 MB with its size', () => {
		const checked = checkInputFile('Image', 'data', Buffer.alloc(10 * 1024 * 1024 + 1), 'big.png');
		expect('problem' in checked && checked.problem.problem).toMatch(/is 10.0 MB, over the 10 MB/);
	});
	it('refuses an absurd declared size with the size and the cap, from the header alone', () => {
		const checked = checkInputFile('Image', 'data', handmadePng(30000, 30000, 2, Buffer.alloc(16)), 'huge.png');
		expect('problem' in checked && checked.problem.problem).toBe(
			`the file in binary field "data" declares 30000×30000 pixels (900 megapixels), over the cap of ${MAX_PIXELS / 1e6} megapixels`,
		);
	});
	it('accepts a 64-megapixel header (the cap is above every real photo)', () => {
		expect('value' in checkInputFile('Image', 'data', handmadePng(9248, 6936, 2, Buffer.alloc(16)), 'big.png')).toBe(true);
	});
	it('says both sizes when the mask does not fit the image', async () => {
		const image = await file('Image', await makeImage(512, 512));
		const mask = await file('Mask', await makeMask(511, 512));
		expect(checkSameSize(image, mask)).toMatchObject({ problem: { problem: 'the mask is 511×512 pixels but the image is 512×512' } });
	});
});

describe('parseEditResponse and resultJson', () => {
	const body = {
		created: '2000-01-23T04:56:07.000Z',
		data: [
			{ seed: 12345, prompt: 'rewritten', resolution: '1024x1024', url: 'https://ideogram.ai/x', is_image_safe: true },
			{ seed: 1, prompt: 'rewritten', resolution: '1024x1024', url: '', is_image_safe: false },
		],
	};
	it('maps every documented field, with the request-level created on each image', () => {
		const images = parseEditResponse(body)!;
		expect(resultJson(images[0], 0, params(), 1)).toEqual({
			url: 'https://ideogram.ai/x',
			seed: 12345,
			prompt: 'rewritten',
			resolution: '1024x1024',
			is_image_safe: true,
			created: '2000-01-23T04:56:07.000Z',
			model: 'V_2',
			image_index: 0,
			input_prompt: 'a cat',
			attempts: 1,
		});
		expect(images[1]).toMatchObject({ is_image_safe: false, url: '' });
	});
	it('treats an image with no URL as unsafe and refuses a body without data', () => {
		expect(parseEditResponse({ data: [{ is_image_safe: true }] })![0].is_image_safe).toBe(false);
		expect(parseEditResponse({ error: 'x' })).toBeUndefined();
		expect(parseEditResponse('<html>')).toBeUndefined();
	});
	it('names result files after the input', () => {
		expect(resultFileName('shoe.photo.jpg', 1, 'png')).toBe('shoe.photo-edit-2.png');
		expect(resultFileName('', 0, 'png')).toBe('image-edit-1.png');
	});
});

describe('checkPngMask', () => {
	const check = async (mask: InputFile) => {
		const checked = await checkPngMask(mask, false, 'Mask Binary Field');
		return 'problem' in checked ? checked.problem : undefined;
	};
	const sharp = require('sharp');
	it.each([
		['a grayscale PNG', () => sharp({ create: { width: 50, height: 40, channels: 3, background: '#777' } }).grayscale().png().toBuffer()],
		['an RGB PNG in black and white', () => makeMask(50, 40)],
		['a 2-color palette PNG', () => makeMask(50, 40).then((b: Buffer) => sharp(b).png({ palette: true, colors: 2 }).toBuffer())],
		['an RGBA PNG in black and white', () => makeMask(50, 40).then((b: Buffer) => sharp(b).ensureAlpha().png().toBuffer())],
		['a 16-bit PNG in black and white', () => makeMask(50, 40).then((b: Buffer) => sharp(b).toColorspace('rgb16').png().toBuffer())],
	])('accepts %s', async (_name, make) => {
		expect(await check(await file('Mask', await make()))).toBeUndefined();
	});

	it.each([
		['an RGB photo', () => makeImage(50, 40, 'png')],
		['a palette photo', () => makeImage(50, 40, 'png').then((b: Buffer) => sharp(b).png({ palette: true }).toBuffer())],
		['an RGBA photo', () => makeImage(50, 40, 'png').then((b: Buffer) => sharp(b).ensureAlpha().png().toBuffer())],
	])('refuses %s, suggesting the fields are swapped', async (_name, make) => {
		const p = await check(await file('Mask', await make()));
		expect(p?.problem).toMatch(/^the mask is a color image \(\d+% of its pixels are colored\), not black and white$/);
		expect(p?.fix).toMatch(/not swapped/);
	});

	it('takes JPEG masks as they are', async () => {
		expect(await check(await file('Mask', await makeImage(50, 40, 'jpeg')))).toBeUndefined();
	});

	it('refuses an all-white mask: it marks nothing to edit', async () => {
		const white = await sharp({ create: { width: 50, height: 40, channels: 3, background: '#fff' } }).png().toBuffer();
		expect((await check(await file('Mask', white)))?.problem).toBe('the mask marks nothing to edit: it has no black pixel');
	});
});
