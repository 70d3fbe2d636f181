/** Masks checked before anything is sent: the image's size, black and white, marking something. */
import type { InputFile } from '../../../nodes/IdeogramEdit/inputs/binaryFiles';
import { checkPngMask, checkSameSize, convertedMask } from '../../../nodes/IdeogramEdit/inputs/masks';
import { file } from '../../fixtures/checked';
import { makeImage, makeMask } from '../../fixtures/images';

describe('checkSameSize', () => {
	it('says both sizes when the mask does not fit the image', async () => {
		const image = await file('Image', await makeImage(512, 512));
		const mask = await file('Mask', await makeMask(511, 512));
		expect(checkSameSize(image, mask)).toMatchObject({ problem: { problem: 'the mask is 511×512 pixels but the image is 512×512' } });
	});
});

describe('checkSameSize on a phone photo stored sideways', () => {
	it('takes a mask of either size with Mask Orientation Auto; names the orientation, and does not advise resizing, when the setting rules one out', async () => {
		const image = { ...(await file('Image', await makeImage(80, 60, 'jpeg'))), orientation: 6 };
		const shownMask = await file('Mask', await makeMask(60, 80));
		const storedMask = await file('Mask', await makeMask(80, 60));
		expect(checkSameSize(image, shownMask, 'auto')).toEqual({ value: shownMask });
		expect(checkSameSize(image, storedMask, 'auto')).toEqual({ value: storedMask });
		const asStored = checkSameSize(image, shownMask, 'stored');
		expect('problem' in asStored && asStored.problem).toMatchObject({
			problem: 'the mask is 60×80 pixels, the photo as viewers show it (turned by its EXIF Orientation 6), but Mask Orientation is As the Photo Is Stored (80×60)',
			fix: expect.stringMatching(/Do not resize the mask/),
		});
		const asShown = checkSameSize(image, storedMask, 'shown');
		expect('problem' in asShown && asShown.problem).toMatchObject({ problem: 'the mask is 80×60 pixels but the photo as viewers show it (turned by its EXIF Orientation 6) is 60×80' });
		expect(checkSameSize(image, await file('Mask', await makeMask(61, 80)), 'auto')).toMatchObject({ problem: { problem: 'the mask is 61×80 pixels but the image is 80×60' } });
	});
});

describe('checkPngMask', () => {
	const check = async (mask: InputFile) => {
		const checked = await checkPngMask(mask, 'black', 'Mask Binary Field');
		return 'problem' in checked ? checked.problem : undefined;
	};
	const sharp = require('sharp');
	it.each([
		['a grayscale PNG', () => makeMask(50, 40).then((b: Buffer) => sharp(b).grayscale().png().toBuffer())],
		['a 1-bit PNG', () => makeMask(50, 40).then((b: Buffer) => sharp(b).png({ palette: true, colors: 2, bitdepth: 1 }).toBuffer())],
		['a gray PNG with alpha', () => makeMask(50, 40).then((b: Buffer) => sharp(b).grayscale().ensureAlpha().png().toBuffer())],
		['a mask with soft (blurred) edges', () => makeMask(200, 160).then((b: Buffer) => sharp(b).blur(4).png().toBuffer())],
		['an anti-aliased mask drawn with a circle', () => sharp(Buffer.from('<svg xmlns="http://www.w3.org/2000/svg" width="120" height="90"><rect width="100%" height="100%" fill="#fff"/><circle cx="60" cy="45" r="30"/></svg>')).png().toBuffer()],
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

	it('refuses a neutral packshot (a gray product on white) given as the mask: mostly mid-tones', async () => {
		const packshot = await sharp(Buffer.from('<svg xmlns="http://www.w3.org/2000/svg" width="200" height="200"><defs><radialGradient id="g"><stop offset="0" stop-color="#ccc"/><stop offset="1" stop-color="#444"/></radialGradient></defs><rect width="100%" height="100%" fill="#fff"/><ellipse cx="100" cy="110" rx="60" ry="70" fill="url(#g)"/></svg>')).png().toBuffer();
		const p = await check(await file('Mask', packshot));
		expect(p?.problem).toMatch(/^the mask is mostly gray \(\d+% of its marked area is neither black nor white\), as a photo is, not a black-and-white mask$/);
		expect(p?.fix).toMatch(/not swapped/);
	});

	it('refuses a transparent product cutout given as the mask, and names the Transparent convention', async () => {
		const cutout = await sharp(Buffer.from('<svg xmlns="http://www.w3.org/2000/svg" width="200" height="200"><defs><radialGradient id="g"><stop offset="0" stop-color="#ccc"/><stop offset="1" stop-color="#444"/></radialGradient></defs><ellipse cx="100" cy="110" rx="60" ry="70" fill="url(#g)"/></svg>')).png().toBuffer();
		const p = await check(await file('Mask', cutout));
		expect(p?.problem).toMatch(/^the mask is mostly gray/);
		expect(p?.fix).toMatch(/Transparent = Edit/);
	});

	it('refuses an all-black mask: it marks the whole image', async () => {
		const black = await sharp({ create: { width: 50, height: 40, channels: 3, background: '#000' } }).png().toBuffer();
		const p = await check(await file('Mask', black));
		expect(p?.problem).toBe('the mask marks the whole image in Mask Convention Black = Edit: nothing of the photo would be kept');
		expect(p?.fix).toMatch(/White = Edit/);
	});

	it('refuses an all-white mask: it marks nothing to edit', async () => {
		const white = await sharp({ create: { width: 50, height: 40, channels: 3, background: '#fff' } }).png().toBuffer();
		expect((await check(await file('Mask', white)))?.problem).toBe('the mask marks nothing to edit: it has no black pixel');
	});
});

describe('masks made for OpenAI (transparent where to edit)', () => {
	const sharp = require('sharp');
	// The photo itself with a transparent hole where the edit goes, as OpenAI's image edit takes it.
	const openAiMask = async () => {
		const photo = await sharp(await makeImage(80, 60, 'png')).ensureAlpha().raw().toBuffer();
		for (let y = 20; y < 40; y++) for (let x = 30; x < 50; x++) photo[(y * 80 + x) * 4 + 3] = 0;
		return sharp(photo, { raw: { width: 80, height: 60, channels: 4 } }).png().toBuffer();
	};

	it('pass with Transparent = Edit, and are sent as black on white, black exactly where they were transparent', async () => {
		const mask = await file('Mask', await openAiMask());
		expect(await checkPngMask(mask, 'transparent', 'Mask Binary Field')).toEqual({ value: { convert: true } });
		const sent = await convertedMask(mask, 'transparent', 'Mask Binary Field');
		if ('problem' in sent) throw new Error(sent.problem.problem);
		const gray = await sharp(sent.value.data).extractChannel(0).raw().toBuffer();
		const black = [...gray].map((v, i) => (v === 0 ? i : -1)).filter((i) => i >= 0);
		expect(black).toHaveLength(400);
		expect(black.every((i) => Math.floor(i / 80) >= 20 && Math.floor(i / 80) < 40 && i % 80 >= 30 && i % 80 < 50)).toBe(true);
		expect(sent.value).toMatchObject({ format: 'png', width: 80, height: 60 });
	});

	it('are refused with Black = Edit, with the Transparent convention named', async () => {
		const checked = await checkPngMask(await file('Mask', await openAiMask()), 'black', 'Mask Binary Field');
		expect('problem' in checked && checked.problem.fix).toMatch(/set Mask Convention to Transparent = Edit/);
	});

	it('an opaque mask with Transparent = Edit marks nothing, and Black = Edit is named', async () => {
		const checked = await checkPngMask(await file('Mask', await makeMask(50, 40)), 'transparent', 'Mask Binary Field');
		expect('problem' in checked && checked.problem).toMatchObject({ problem: 'the mask marks nothing to edit: it has no transparent pixel', fix: expect.stringMatching(/Black = Edit/) });
	});
});
