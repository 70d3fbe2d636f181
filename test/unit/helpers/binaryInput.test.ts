/** Input files checked before anything is sent: format, size, pixel cap, mask size and color. */
import { checkInputFile, checkPngMask, checkSameSize, type InputFile } from '../../../nodes/IdeogramEdit/helpers/binaryInput';
import { MAX_PIXELS } from '../../../nodes/IdeogramEdit/constants';
import { file } from '../../fixtures/checked';
import { handmadePng, makeImage, makeMask } from '../../fixtures/images';

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
