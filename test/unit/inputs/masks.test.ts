/** Masks checked before anything is sent: the image's size, black and white, marking something. */
import type { InputFile } from '../../../nodes/IdeogramEdit/inputs/binaryFiles';
import { checkPngMask, checkSameSize } from '../../../nodes/IdeogramEdit/inputs/masks';
import { file } from '../../fixtures/checked';
import { makeImage, makeMask } from '../../fixtures/images';

describe('checkSameSize', () => {
	it('says both sizes when the mask does not fit the image', async () => {
		const image = await file('Image', await makeImage(512, 512));
		const mask = await file('Mask', await makeMask(511, 512));
		expect(checkSameSize(image, mask)).toMatchObject({ problem: { problem: 'the mask is 511×512 pixels but the image is 512×512' } });
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
