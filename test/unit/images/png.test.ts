/** The dependency-free PNG writer and reader, checked against sharp (libvips and libpng). */
import sharp from 'sharp';

import { MAX_PIXELS } from '../../../nodes/IdeogramEdit/limits';
import { decodePngRows, encodeGrayPng, readPngHeader } from '../../../nodes/IdeogramEdit/images/png';
import { deflatedZeros, handmadePng, makeMask, withIdatPieces } from '../../fixtures/images';

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

	it.each([
		['gray, adaptive filters', (s: Img) => s.extractChannel(0).toColourspace('b-w').png({ adaptiveFiltering: true })],
		['gray, no filters', (s: Img) => s.extractChannel(0).toColourspace('b-w').png({ adaptiveFiltering: false })],
		['RGBA', (s: Img) => s.ensureAlpha().png()],
		['palette', (s: Img) => s.png({ palette: true, colors: 4, dither: 0 })],
		['1-bit', (s: Img) => s.extractChannel(0).toColourspace('b-w').png({ palette: true, colors: 2, dither: 0 })],
	])('says which rows repeat the one before (%s), a black first row included, and hands over that row', async (_name, encode) => {
		// A mask: a black first row, white rows, a black box, a row with one gray pixel, white again.
		const width = 40;
		const height = 30;
		const pixels = new Uint8Array(width * height * 3).fill(255);
		const paint = (x0: number, x1: number, y0: number, y1: number, v: number) => {
			for (let y = y0; y < y1; y++) for (let x = x0; x < x1; x++) pixels.fill(v, (y * width + x) * 3, (y * width + x) * 3 + 3);
		};
		paint(0, width, 0, 1, 0);
		paint(10, 30, 8, 20, 0);
		paint(5, 6, 24, 25, 128);
		const png = await encode(sharp(Buffer.from(pixels), { raw: { width, height, channels: 3 } })).toBuffer();
		const expected = await sharp(png).ensureAlpha().toColourspace('srgb').raw().toBuffer();
		const rowOf = (y: number) => expected.subarray(y * width * 4, (y + 1) * width * 4);
		const said: boolean[] = [];
		const read = await decodePngRows(png, (row, y, gray, same) => {
			said.push(same);
			// The row handed over is the row, whether read or repeated.
			const first = gray ? Array.from(row.subarray(0, width)) : Array.from({ length: width }, (_, x) => row[x * 4]);
			expect(first).toEqual(Array.from({ length: width }, (_, x) => rowOf(y)[x * 4]));
		});
		expect('value' in read).toBe(true);
		expect(said).toEqual(Array.from({ length: height }, (_, y) => y > 0 && rowOf(y).equals(rowOf(y - 1))));
		expect(said.filter(Boolean).length).toBeGreaterThan(20);
	});

	it('says why for what is not a PNG', async () => {
		expect(await decodePngRows(Buffer.from('not a png at all, not even close to one'), () => {})).toEqual({ problem: 'it has no PNG image header' });
		const jpeg = await sharp({ create: { width: 4, height: 4, channels: 3, background: '#fff' } }).jpeg().toBuffer();
		expect(await decodePngRows(jpeg, () => {})).toMatchObject({ problem: expect.any(String) });
	});
});

describe('decodePngRows stopped by its reader', () => {
	it('stops where onRow returns false, says so, and reads no further row', async () => {
		const png = await encodeGrayPng(20, 100, (y, row) => row.fill(y));
		const seen: number[] = [];
		const decoded = await decodePngRows(png, (_row, y) => {
			seen.push(y);
			return y < 9;
		});
		expect(seen).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
		expect(decoded).toMatchObject({ value: { width: 20, height: 100, stoppedEarly: true, hasTransparencyChunk: false } });
	});
});

describe('decodePngRows on a PNG that lacks only its IEND chunk', () => {
	it('decodes it, as libpng and Pillow do, and still refuses one cut inside its pixel data', async () => {
		const png = await encodeGrayPng(30, 20, (y, row) => row.fill(y * 10));
		const noIend = png.subarray(0, png.length - 12);
		let rows = 0;
		expect(await decodePngRows(noIend, () => void rows++)).toMatchObject({ value: { width: 30, height: 20 } });
		expect(rows).toBe(20);
		expect(await decodePngRows(noIend.subarray(0, noIend.length - 5), () => {})).toMatchObject({ problem: expect.stringMatching(/cut off/) });
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

describe('a PNG cut into the smallest legal pieces', () => {
	it('decodes to the same rows whatever the size of its IDAT chunks, one byte included', async () => {
		const mask = await makeMask(120, 90);
		const rows = async (png: Buffer) => {
			const out: string[] = [];
			const decoded = await decodePngRows(png, (row) => {
				out.push(Buffer.from(row).toString('base64'));
			});
			expect('value' in decoded).toBe(true);
			return out;
		};
		const whole = await rows(mask);
		for (const piece of [1, 7, 4096]) expect(await rows(withIdatPieces(mask, piece))).toEqual(whole);
	});
});
