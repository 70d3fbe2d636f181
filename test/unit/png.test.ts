/** The dependency-free PNG writer and reader, checked against sharp (libvips and libpng). */
import sharp from 'sharp';

import { decodePng, encodeGreyPng } from '../../nodes/IdeogramEdit/helpers/png';
import { invertMaskPng } from '../../nodes/IdeogramEdit/helpers/maskColour';
import { parseRegions, regionMaskPng, regionsInPixels } from '../../nodes/IdeogramEdit/helpers/sources';
import { parsePaletteColours, parseStyleCodes } from '../../nodes/IdeogramEdit/helpers/editParameters';

type Img = ReturnType<typeof sharp>;

function pattern(width: number, height: number) {
	const pixels = new Uint8Array(width * height);
	for (let i = 0; i < pixels.length; i++) pixels[i] = (i * 37 + (i >> 7)) & 0xff;
	return pixels;
}

describe('encodeGreyPng', () => {
	it.each([
		[1, 1],
		[7, 3],
		[300, 200],
		// Over 65535 bytes of rows: several stored deflate blocks.
		[1024, 700],
	])('writes a %ix%i PNG that a real decoder reads back pixel for pixel', async (width, height) => {
		const pixels = pattern(width, height);
		const png = encodeGreyPng(width, height, pixels);
		const meta = await sharp(png).metadata();
		expect([meta.width, meta.height, meta.channels, meta.space]).toEqual([width, height, 1, 'b-w']);
		const { data } = await sharp(png).extractChannel(0).raw().toBuffer({ resolveWithObject: true });
		expect(Buffer.compare(data, Buffer.from(pixels))).toBe(0);
	});

	it('writes chunks whose CRCs a strict decoder accepts (a flipped byte is refused)', async () => {
		const png = encodeGreyPng(16, 16, pattern(16, 16));
		const damaged = Buffer.from(png);
		damaged[40] ^= 0xff;
		await expect(sharp(damaged).raw().toBuffer()).rejects.toThrow();
	});
});

describe('decodePng', () => {
	const photo = () => sharp(Buffer.from(pattern(23 * 17 * 4, 1)), { raw: { width: 23, height: 17, channels: 4 } });

	it.each([
		['RGBA 8-bit', (s: Img) => s.png()],
		['RGB 8-bit', (s: Img) => s.removeAlpha().png()],
		['RGB 16-bit', (s: Img) => s.removeAlpha().toColourspace('rgb16').png()],
		['greyscale', (s: Img) => s.removeAlpha().greyscale().png()],
		['palette', (s: Img) => s.removeAlpha().png({ palette: true, colours: 16, dither: 0 })],
		['filtered (adaptive)', (s: Img) => s.removeAlpha().png({ adaptiveFiltering: true, compressionLevel: 9 })],
	])('reads %s as sharp does', async (_name, encode) => {
		const png = await encode(photo()).toBuffer();
		const decoded = await decodePng(png);
		const expected = await sharp(png).ensureAlpha().toColourspace('srgb').raw().toBuffer({ resolveWithObject: true });
		expect(decoded).toBeDefined();
		expect([decoded!.width, decoded!.height]).toEqual([expected.info.width, expected.info.height]);
		const diff = decoded!.rgba.reduce((max, v, i) => Math.max(max, Math.abs(v - expected.data[i])), 0);
		expect(diff).toBeLessThanOrEqual(1);
	});

	it('says undefined for what is not a PNG', async () => {
		expect(await decodePng(Buffer.from('not a png at all, not even close to one'))).toBeUndefined();
		expect(await decodePng(await sharp({ create: { width: 4, height: 4, channels: 3, background: '#fff' } }).jpeg().toBuffer())).toBeUndefined();
	});
});

describe('invertMaskPng', () => {
	it('inverts, treating transparent as white', async () => {
		const rgba = Buffer.from([0, 0, 0, 255, 255, 255, 255, 255, 0, 0, 0, 0, 128, 128, 128, 255]);
		const png = await sharp(rgba, { raw: { width: 4, height: 1, channels: 4 } }).png().toBuffer();
		const inverted = await invertMaskPng(png);
		const { data } = await sharp(inverted!).extractChannel(0).raw().toBuffer({ resolveWithObject: true });
		expect([...data]).toEqual([255, 0, 0, 127]);
	});
});

describe('regions', () => {
	it.each([
		['10, 20, 30, 40', [{ left: 10, top: 20, width: 30, height: 40 }]],
		['1 2 3 4\n5,6,7,8', [{ left: 1, top: 2, width: 3, height: 4 }, { left: 5, top: 6, width: 7, height: 8 }]],
		['[[1,2,3,4]]', [{ left: 1, top: 2, width: 3, height: 4 }]],
		[[1, 2, 3, 4], [{ left: 1, top: 2, width: 3, height: 4 }]],
		[{ left: '1', top: 2, width: 3, height: 4 }, [{ left: 1, top: 2, width: 3, height: 4 }]],
	])('reads %j', (value, expected) => {
		expect(parseRegions(value, 'pixels')).toEqual({ value: expected });
	});

	it('clips to the image and converts percent', () => {
		expect(regionsInPixels([{ left: 90, top: 90, width: 50, height: 50 }], 'pixels', 100, 100)).toEqual({ value: [{ left: 90, top: 90, width: 10, height: 10 }] });
		expect(regionsInPixels([{ left: 10, top: 50, width: 80, height: 50 }], 'percent', 200, 100)).toEqual({ value: [{ left: 20, top: 50, width: 160, height: 50 }] });
	});

	it('refuses percent over 100', () => {
		const checked = parseRegions('0, 0, 120, 10', 'percent');
		expect('problem' in checked && checked.problem.problem).toMatch(/not within 0 to 100 percent/);
	});

	it('draws overlapping rectangles once', async () => {
		const png = regionMaskPng(10, 10, [{ left: 0, top: 0, width: 6, height: 6 }, { left: 4, top: 4, width: 6, height: 6 }], false);
		const { data } = await sharp(png).extractChannel(0).raw().toBuffer({ resolveWithObject: true });
		expect(data.filter((v) => v === 0).length).toBe(36 + 36 - 4);
	});
});

describe('3.0 palette and style codes', () => {
	it('reads colours with and without weights', () => {
		expect(parsePaletteColours('#ff0000:0.5; 00ff00\n#0000FF:1')).toEqual({
			value: { members: [{ color_hex: '#FF0000', color_weight: 0.5 }, { color_hex: '#00FF00' }, { color_hex: '#0000FF', color_weight: 1 }] },
		});
	});

	it('reads style codes from text or a list', () => {
		expect(parseStyleCodes('ab12cd34 0f0f0f0f')).toEqual({ value: ['AB12CD34', '0F0F0F0F'] });
		expect(parseStyleCodes(['ab12cd34'])).toEqual({ value: ['AB12CD34'] });
		expect(parseStyleCodes('')).toEqual({ value: [] });
	});
});
