/** The dependency-free PNG writer and reader, checked against sharp (libvips and libpng). */
import sharp from 'sharp';

import { MAX_PIXELS } from '../../nodes/IdeogramEdit/constants';
import { decodePngRows, encodeGrayPng, readPngHeader } from '../../nodes/IdeogramEdit/helpers/png';
import { scanMaskPng } from '../../nodes/IdeogramEdit/helpers/maskColor';
import { parseRegions, regionMaskPng, regionsInPixels } from '../../nodes/IdeogramEdit/helpers/regions';
import { parsePaletteColors, parseStyleCodes } from '../../nodes/IdeogramEdit/helpers/editParameters';
import { deflatedZeros, handmadePng } from '../fixtures/images';

type Img = ReturnType<typeof sharp>;

function pattern(width: number, height: number) {
	const pixels = new Uint8Array(width * height);
	for (let i = 0; i < pixels.length; i++) pixels[i] = (i * 37 + (i >> 7)) & 0xff;
	return pixels;
}

function grayPng(width: number, height: number, pixels: Uint8Array) {
	return encodeGrayPng(width, height, (y, row) => row.set(pixels.subarray(y * width, (y + 1) * width)));
}

/** The whole image as RGBA, from the row reader. */
async function decodeAll(png: Uint8Array) {
	let rgba = new Uint8Array(0);
	const read = await decodePngRows(png, (row, y) => {
		if (rgba.length === 0) rgba = new Uint8Array(row.length * Math.max(1, readHeight(png)));
		rgba.set(row, y * row.length);
	});
	return 'value' in read ? { ...read.value, rgba } : read;
}

function readHeight(png: Uint8Array) {
	const header = readPngHeader(png);
	return 'value' in header ? header.value.height : 0;
}

describe('encodeGrayPng', () => {
	it.each([
		[1, 1],
		[7, 3],
		[300, 200],
		// Several batches of rows for the compressor.
		[1024, 1500],
	])('writes a %ix%i PNG that a real decoder reads back pixel for pixel', async (width, height) => {
		const pixels = pattern(width, height);
		const png = await grayPng(width, height, pixels);
		const meta = await sharp(png).metadata();
		expect([meta.width, meta.height, meta.channels, meta.space]).toEqual([width, height, 1, 'b-w']);
		const { data } = await sharp(png).extractChannel(0).raw().toBuffer({ resolveWithObject: true });
		expect(Buffer.compare(data, Buffer.from(pixels))).toBe(0);
	});

	it('compresses: a flat 1000×1000 mask is a few kilobytes, not a megabyte', async () => {
		const png = await encodeGrayPng(1000, 1000, (_y, row) => row.fill(255));
		expect(png.length).toBeLessThan(10_000);
	});

	it('writes chunks whose CRCs a strict decoder accepts (a flipped byte is refused)', async () => {
		const png = await grayPng(16, 16, pattern(16, 16));
		const damaged = Buffer.from(png);
		damaged[40] ^= 0xff;
		await expect(sharp(damaged).raw().toBuffer()).rejects.toThrow();
	});
});

describe('decodePngRows', () => {
	const photo = () => sharp(Buffer.from(pattern(23 * 17 * 4, 1)), { raw: { width: 23, height: 17, channels: 4 } });

	it.each([
		['RGBA 8-bit', (s: Img) => s.png()],
		['RGB 8-bit', (s: Img) => s.removeAlpha().png()],
		['RGB 16-bit', (s: Img) => s.removeAlpha().toColorspace('rgb16').png()],
		['grayscale', (s: Img) => s.removeAlpha().grayscale().png()],
		['palette', (s: Img) => s.removeAlpha().png({ palette: true, colors: 16, dither: 0 })],
		['filtered (adaptive)', (s: Img) => s.removeAlpha().png({ adaptiveFiltering: true, compressionLevel: 9 })],
	])('reads %s as sharp does', async (_name, encode) => {
		const png = await encode(photo()).toBuffer();
		const decoded = await decodeAll(png);
		const expected = await sharp(png).ensureAlpha().toColorspace('srgb').raw().toBuffer({ resolveWithObject: true });
		if (!('rgba' in decoded)) throw new Error(decoded.problem);
		expect([decoded.width, decoded.height]).toEqual([expected.info.width, expected.info.height]);
		const diff = decoded.rgba.reduce((max, v, i) => Math.max(max, Math.abs(v - expected.data[i])), 0);
		expect(diff).toBeLessThanOrEqual(1);
	});

	it('says why for what is not a PNG', async () => {
		expect(await decodePngRows(Buffer.from('not a png at all, not even close to one'), () => {})).toEqual({ problem: 'it has no PNG image header' });
		const jpeg = await sharp({ create: { width: 4, height: 4, channels: 3, background: '#fff' } }).jpeg().toBuffer();
		expect(await decodePngRows(jpeg, () => {})).toMatchObject({ problem: expect.any(String) });
	});
});

describe('decodePngRows on hostile files', () => {
	const rows = (width: number, height: number, bytesPerPixel = 3) => Buffer.alloc(height * (width * bytesPerPixel + 1));
	const zlib = require('node:zlib');

	it('refuses a pixel stream that inflates past the declared size, reading no more than the image needs', async () => {
		// 1000×1000 RGB declares 3 MB of rows; the stream inflates to 512 MB.
		const bomb = handmadePng(1000, 1000, 2, await deflatedZeros(512 * 1024 * 1024));
		expect(bomb.length).toBeLessThan(1024 * 1024);
		let rowsSeen = 0;
		const before = process.memoryUsage().arrayBuffers;
		let peak = before;
		const read = await decodePngRows(bomb, () => {
			rowsSeen++;
			peak = Math.max(peak, process.memoryUsage().arrayBuffers);
		});
		expect(read).toEqual({ problem: 'its pixel data is longer than the 1000×1000 pixels its header declares' });
		expect(rowsSeen).toBe(1000);
		// Nothing near the 512 MB the stream would inflate to was held.
		expect(peak - before).toBeLessThan(64 * 1024 * 1024);
	});

	it('refuses a pixel stream shorter than the declared size', async () => {
		const png = handmadePng(100, 100, 2, zlib.deflateSync(rows(100, 60)));
		expect(await decodePngRows(png, () => {})).toEqual({ problem: 'its pixel data ends after 60 of the 100 rows its header declares (cut off)' });
	});

	it('refuses a damaged pixel stream', async () => {
		const idat = zlib.deflateSync(rows(50, 50));
		idat.fill(0x55, 10, 30);
		expect(await decodePngRows(handmadePng(50, 50, 2, idat), () => {})).toMatchObject({ problem: expect.stringMatching(/damaged|filter type/) });
	});

	it('refuses an unknown row filter', async () => {
		const raw = rows(10, 10);
		raw[0] = 9;
		expect(await decodePngRows(handmadePng(10, 10, 2, zlib.deflateSync(raw)), () => {})).toEqual({ problem: 'row 1 has an unknown filter type (9)' });
	});

	it.each([
		[30000, 30000, 2, 8, `its header declares 30000×30000 pixels, over the cap of ${MAX_PIXELS / 1e6} megapixels`],
		[0, 10, 2, 8, 'its header declares an impossible size (0×10)'],
		[10, 10, 2, 4, 'its header declares color type 2 with bit depth 4, which PNG does not have'],
		[10, 10, 5, 8, 'its header declares color type 5 with bit depth 8, which PNG does not have'],
	])('refuses a header of %i×%i, color type %i, depth %i before decoding', async (width, height, type, depth, reason) => {
		let called = false;
		const read = await decodePngRows(handmadePng(width, height, type, Buffer.alloc(8), depth), () => (called = true));
		expect(read).toEqual({ problem: reason });
		expect(called).toBe(false);
	});

	it('refuses a chunk that runs past the end of the file', async () => {
		const png = handmadePng(10, 10, 2, zlib.deflateSync(rows(10, 10)));
		expect(await decodePngRows(png.subarray(0, png.length - 20), () => {})).toMatchObject({ problem: expect.stringMatching(/runs past the end|cut off/) });
	});
});

describe('scanMaskPng', () => {
	it('inverts, treating transparent as white', async () => {
		const rgba = Buffer.from([0, 0, 0, 255, 255, 255, 255, 255, 0, 0, 0, 0, 128, 128, 128, 255]);
		const png = await sharp(rgba, { raw: { width: 4, height: 1, channels: 4 } }).png().toBuffer();
		const scan = await scanMaskPng(png, true);
		if ('problem' in scan) throw new Error(scan.problem);
		const { data } = await sharp(scan.value.inverted!).extractChannel(0).raw().toBuffer({ resolveWithObject: true });
		expect([...data]).toEqual([255, 0, 0, 127]);
	});

	it('says whether anything is marked to edit, before and after inverting', async () => {
		const white = await sharp({ create: { width: 20, height: 10, channels: 3, background: '#fff' } }).png().toBuffer();
		const black = await sharp({ create: { width: 20, height: 10, channels: 3, background: '#000' } }).png().toBuffer();
		expect(await scanMaskPng(white, false)).toMatchObject({ value: { marksEdit: false } });
		expect(await scanMaskPng(white, true)).toMatchObject({ value: { marksEdit: true } });
		expect(await scanMaskPng(black, false)).toMatchObject({ value: { marksEdit: true } });
		expect(await scanMaskPng(black, true)).toMatchObject({ value: { marksEdit: false } });
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
		const { png, marksEdit } = await regionMaskPng(10, 10, [{ left: 0, top: 0, width: 6, height: 6 }, { left: 4, top: 4, width: 6, height: 6 }], false);
		const { data } = await sharp(png).extractChannel(0).raw().toBuffer({ resolveWithObject: true });
		expect(data.filter((v) => v === 0).length).toBe(36 + 36 - 4);
		expect(marksEdit).toBe(true);
	});

	it('knows when inverted rectangles that cover the image leave nothing to edit', async () => {
		expect((await regionMaskPng(10, 10, [{ left: 0, top: 0, width: 10, height: 10 }], true)).marksEdit).toBe(false);
		expect((await regionMaskPng(10, 10, [{ left: 0, top: 0, width: 10, height: 9 }], true)).marksEdit).toBe(true);
	});

	it.each([
		['12 MP (4032×3024)', 4032, 3024],
		['48 MP (8064×6048)', 8064, 6048],
	])('draws a %s mask far under the 10 MB the API takes, pixel-exact in sharp', async (_name, width, height) => {
		const regions = [{ left: 100, top: 200, width: 1500, height: 900 }, { left: width - 700, top: height - 500, width: 700, height: 500 }];
		const { png } = await regionMaskPng(width, height, regions, false);
		expect(png.length).toBeLessThan(1024 * 1024);
		const { data, info } = await sharp(png, { limitInputPixels: false }).extractChannel(0).raw().toBuffer({ resolveWithObject: true });
		expect([info.width, info.height]).toEqual([width, height]);
		const inside = (x: number, y: number) => regions.some((r) => x >= r.left && x < r.left + r.width && y >= r.top && y < r.top + r.height);
		let wrong = 0;
		for (let y = 0; y < height; y++) for (let x = 0; x < width; x++) if (data[y * width + x] !== (inside(x, y) ? 0 : 255)) wrong++;
		expect(wrong).toBe(0);
	});
});

describe('3.0 palette and style codes', () => {
	it('reads colors with and without weights', () => {
		expect(parsePaletteColors('#ff0000:0.5; 00ff00\n#0000FF:1')).toEqual({
			value: { members: [{ color_hex: '#FF0000', color_weight: 0.5 }, { color_hex: '#00FF00' }, { color_hex: '#0000FF', color_weight: 1 }] },
		});
	});

	it('reads style codes from text or a list', () => {
		expect(parseStyleCodes('ab12cd34 0f0f0f0f')).toEqual({ value: ['AB12CD34', '0F0F0F0F'] });
		expect(parseStyleCodes(['ab12cd34'])).toEqual({ value: ['AB12CD34'] });
		expect(parseStyleCodes('')).toEqual({ value: [] });
	});
});
