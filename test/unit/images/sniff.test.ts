import { ImageProber, probeImage } from '../../../nodes/IdeogramEdit/images/sniff';
import {
	exifWithOrientation,
	handmadePng,
	makeImage,
	makeMask,
	withIdatPieces,
	withPngExif,
	withTinyChunks,
	withTinySegments,
	withWebpExif,
	type Format,
} from '../../fixtures/images';

describe('probeImage: format and size from the bytes', () => {
	const cases: Array<[Format, string, string]> = [
		['png', 'png', 'image/png'],
		['jpeg', 'jpeg', 'image/jpeg'],
		['jpeg-progressive', 'jpeg', 'image/jpeg'],
		['webp-lossy', 'webp', 'image/webp'],
		['webp-lossless', 'webp', 'image/webp'],
		['webp-alpha', 'webp', 'image/webp'],
	];
	it.each(cases)('reads a %s file of 321x123', async (format, expected, mime) => {
		const probe = probeImage(await makeImage(321, 123, format));
		expect(probe).toEqual({
			value: expect.objectContaining({ format: expected, mimeType: mime, width: 321, height: 123 }),
		});
	});

	it('tells the three WEBP variants apart by their first chunk', async () => {
		const chunk = async (f: Format) => (await makeImage(40, 30, f)).subarray(12, 16).toString('ascii');
		expect(await chunk('webp-lossy')).toBe('VP8 ');
		expect(await chunk('webp-lossless')).toBe('VP8L');
		expect(await chunk('webp-alpha')).toBe('VP8X');
	});

	it('reads large sizes without overflow', async () => {
		const probe = probeImage(await makeImage(3000, 2001, 'png'));
		expect('value' in probe && probe.value).toMatchObject({ width: 3000, height: 2001 });
	});

	it.each([
		['GIF', Buffer.from('GIF89a\x01\x00\x01\x00\x00\x00\x00;', 'latin1'), 'it is a GIF image'],
		['SVG', Buffer.from('<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg"></svg>'), 'it is an SVG drawing'],
		['text', Buffer.from('hello, this is not a picture\n'), 'it is a text file'],
		['HTML', Buffer.from('<!DOCTYPE html><html></html>'), 'it is an HTML page'],
		['empty', Buffer.alloc(0), 'it is empty (0 bytes)'],
		['PDF', Buffer.from('%PDF-1.7\n...'), 'it is a PDF document'],
	])('refuses a %s file and says what it is', (_name, data, reason) => {
		expect(probeImage(data)).toEqual({ problem: { fault: 'other format', words: reason } });
	});

	it.each<Format>(['png', 'jpeg', 'webp-lossy'])('refuses a truncated %s file', async (format) => {
		const whole = await makeImage(200, 100, format);
		const probe = probeImage(whole.subarray(0, Math.floor(whole.length * 0.6)));
		expect('problem' in probe && probe.problem).toMatchObject({ fault: expect.stringMatching(/cut off|damaged/) });
	});
});

describe('ImageProber: a file read as it streams by', () => {
	/** The verdict when the file arrives in pieces of `size` bytes. */
	function inPieces(file: Buffer, size: number) {
		const prober = new ImageProber();
		for (let at = 0; at < file.length; at += size) prober.push(file.subarray(at, at + size));
		return prober.end();
	}

	it.each<Format>(['png', 'jpeg', 'jpeg-progressive', 'webp-lossy', 'webp-lossless', 'webp-alpha'])(
		'gives the verdict of the whole %s file, whole, cut short, damaged or with bytes after its end, however it is cut into pieces',
		async (format) => {
			const whole = await makeImage(97, 41, format);
			const damaged = Buffer.from(whole);
			damaged[Math.floor(whole.length / 3)] ^= 0xff;
			const variants = [
				whole,
				whole.subarray(0, 20),
				whole.subarray(0, 40),
				whole.subarray(0, Math.floor(whole.length / 2)),
				whole.subarray(0, whole.length - 1),
				damaged,
				Buffer.concat([whole, Buffer.from('trailing bytes')]),
			];
			for (const file of variants) {
				const expected = probeImage(file);
				for (const size of [1, 2, 3, 7, 64, 4096]) expect(inPieces(file, size)).toEqual(expected);
			}
			expect(inPieces(whole, 5)).toMatchObject({ value: { width: 97, height: 41 } });
			expect(inPieces(whole.subarray(0, whole.length - 1), 5)).toMatchObject({ problem: { fault: expect.stringMatching(/cut off|damaged/) } });
		},
	);

	it('names a file that is not an image from its first bytes, in pieces too', () => {
		expect(inPieces(Buffer.from('<!DOCTYPE html><html>Access denied</html>'), 3)).toEqual({ problem: { fault: 'other format', words: 'it is an HTML page' } });
		expect(inPieces(Buffer.alloc(0), 3)).toEqual({ problem: { fault: 'other format', words: 'it is empty (0 bytes)' } });
	});

	it('counts the bytes it was given', async () => {
		const prober = new ImageProber();
		const file = await makeImage(50, 50, 'jpeg');
		for (let at = 0; at < file.length; at += 100) prober.push(file.subarray(at, at + 100));
		expect(prober.size).toBe(file.length);
	});
});

describe('files cut into the smallest legal pieces: one verdict, read once', () => {
	/** The verdict when the file arrives in pieces of `size` bytes, as a stream does. */
	const streamed = (file: Buffer, size: number) => {
		const prober = new ImageProber();
		for (let o = 0; o < file.length; o += size) prober.push(file.subarray(o, o + size));
		return prober.end();
	};

	it('a PNG in one-byte IDAT chunks', async () => {
		const png = withIdatPieces(await makeMask(200, 150), 1);
		for (const size of [1, 97, 256 * 1024]) expect(streamed(png, size)).toMatchObject({ value: { format: 'png', width: 200, height: 150 } });
		expect(streamed(png.subarray(0, png.length - 30), 4096)).toEqual({ problem: { fault: 'cut off', words: 'it is a PNG file that ends before its image data does' } });
	});

	it('a JPEG with 200,000 four-byte segments before its frame', async () => {
		const jpeg = withTinySegments(await makeImage(64, 48, 'jpeg'), 200_000);
		for (const size of [1, 4099, 256 * 1024]) expect(streamed(jpeg, size)).toMatchObject({ value: { format: 'jpeg', width: 64, height: 48 } });
		expect(streamed(jpeg.subarray(0, 400_000), 4096)).toEqual({ problem: { fault: 'cut off', words: 'it is a JPEG file that ends before its image data does' } });
	});

	it('a WEBP with 100,000 empty chunks', async () => {
		const webp = withTinyChunks(await makeImage(64, 48, 'webp-lossless'), 100_000);
		for (const size of [1, 4096]) expect(streamed(webp, size)).toMatchObject({ value: { format: 'webp', width: 64, height: 48 } });
		expect(streamed(webp.subarray(0, webp.length - 8), 4096)).toEqual({ problem: { fault: 'cut off', words: 'it is a WEBP file that ends before its image data does' } });
	});
});

describe('files as cameras and tools make them: what decoders take is taken, what they refuse is refused', () => {
	/** The offset of the JPEG's first start-of-frame marker. */
	const frameAt = (jpeg: Buffer) => {
		for (let o = 2; o < jpeg.length; ) {
			if (jpeg[o + 1] >= 0xc0 && jpeg[o + 1] <= 0xc2) return o;
			o += 2 + jpeg.readUInt16BE(o + 2);
		}
		throw new Error('no frame');
	};

	it('a JPEG with stray bytes between its segments is read, as libjpeg and Pillow read it', async () => {
		const jpeg = await makeImage(64, 48, 'jpeg');
		const at = 2 + 2 + jpeg.readUInt16BE(4); // after APP0
		const stray = Buffer.concat([jpeg.subarray(0, at), Buffer.from([0x00, 0x17, 0xff, 0x00, 0x2a]), jpeg.subarray(at)]);
		for (const size of [1, 7, 4096]) {
			const prober = new ImageProber();
			for (let o = 0; o < stray.length; o += size) prober.push(stray.subarray(o, o + size));
			expect(prober.end()).toMatchObject({ value: { format: 'jpeg', width: 64, height: 48 } });
		}
	});

	it('refuses 12-bit and lossless JPEGs, which no image API decodes, saying which', async () => {
		const jpeg = await makeImage(64, 48, 'jpeg');
		const twelve = Buffer.from(jpeg);
		twelve[frameAt(jpeg) + 4] = 12;
		expect(probeImage(twelve)).toEqual({ problem: { fault: 'unsupported', words: 'it is a 12-bit JPEG, which image APIs do not take (they take 8-bit JPEGs)' } });
		const lossless = Buffer.from(jpeg);
		lossless[frameAt(jpeg) + 1] = 0xc3;
		expect(probeImage(lossless)).toEqual({ problem: { fault: 'unsupported', words: 'it is a lossless JPEG, which image APIs do not take' } });
	});

	it('takes a PNG that lacks only its IEND chunk; refuses one with no pixel data, or whose header breaks the rules', async () => {
		const png = await makeImage(40, 30, 'png');
		expect(probeImage(png.subarray(0, png.length - 12))).toMatchObject({ value: { format: 'png', width: 40, height: 30 } });
		const noPixels = handmadePng(40, 30, 2, Buffer.alloc(0));
		const withoutIdat = Buffer.concat([noPixels.subarray(0, 33), noPixels.subarray(noPixels.length - 12)]);
		expect(probeImage(withoutIdat)).toEqual({ problem: { fault: 'damaged', words: 'it is a PNG file with no pixel data (no IDAT chunk)' } });
		const badDepth = Buffer.from(png);
		badDepth[24] = 4; // RGBA at 4 bits a sample: PNG has no such thing
		expect(probeImage(badDepth)).toEqual({ problem: { fault: 'damaged', words: "it is a PNG file whose header breaks PNG's rules: declares color type 6 with bit depth 4, which PNG does not have" } });
	});

	it('names an SVG whose tag comes after a long prologue', () => {
		const svg = Buffer.from(`<?xml version="1.0"?>\n<!-- ${'exported by a drawing tool; '.repeat(40)} -->\n<svg xmlns="http://www.w3.org/2000/svg"></svg>`);
		expect(svg.indexOf('<svg')).toBeGreaterThan(512);
		expect(probeImage(svg)).toEqual({ problem: { fault: 'other format', words: 'it is an SVG drawing' } });
	});
});

describe('EXIF orientation, as phones write it', () => {
	/** The verdict when the file arrives in pieces of `size` bytes. */
	const inPieces = (file: Buffer, size: number) => {
		const prober = new ImageProber();
		for (let o = 0; o < file.length; o += size) prober.push(file.subarray(o, o + size));
		return prober.end();
	};

	it.each([1, 3, 6, 8])('reads Orientation %s from a JPEG, whole or in pieces; 1 is not reported', async (orientation) => {
		const sharp = require('sharp');
		const jpeg: Buffer = await sharp(await makeImage(64, 48, 'jpeg')).withMetadata({ orientation }).jpeg().toBuffer();
		const expected = { format: 'jpeg', width: 64, height: 48, ...(orientation !== 1 ? { orientation } : {}) };
		expect(probeImage(jpeg)).toEqual({ value: expect.objectContaining(expected) });
		if (orientation === 1) expect('value' in probeImage(jpeg) && probeImage(jpeg)).not.toHaveProperty('value.orientation');
		// Every cut, the Exif segment's name split across pieces too.
		for (const size of [1, 2, 3, 5, 7, 13, 4096]) expect(inPieces(jpeg, size)).toEqual({ value: expect.objectContaining(expected) });
	});

	it.each<[Format, string, number]>([
		['webp-lossy', 'webp', 6],
		['webp-lossless', 'webp', 8],
		['webp-alpha', 'webp', 3],
		['png', 'png', 6],
		['png', 'png', 5],
	])('reads the orientation libvips writes into a %s file, written as %s with Orientation %s, whole or in pieces', async (format, expected, orientation) => {
		const sharp = require('sharp');
		const written: Buffer = await sharp(await makeImage(64, 48, format)).withMetadata({ orientation }).toFormat(expected).toBuffer();
		expect((await sharp(written).metadata()).orientation).toBe(orientation);
		const verdict = { value: expect.objectContaining({ format: expected, width: 64, height: 48, orientation }) };
		expect(probeImage(written)).toEqual(verdict);
		for (const size of [1, 3, 7, 100, 4096]) expect(inPieces(written, size)).toEqual(verdict);
	});

	it('reads Exif written by hand as other tools write it, where libvips reads it: big-endian or not, a WEBP\'s with or without "Exif\\0\\0"', async () => {
		const sharp = require('sharp');
		const png = await makeImage(40, 30, 'png');
		const webp: Buffer = await sharp(await makeImage(40, 30, 'webp-lossy')).withMetadata({ orientation: 2 }).webp().toBuffer();
		const files = [
			withPngExif(png, exifWithOrientation(6, { little: false })),
			withPngExif(png, exifWithOrientation(6)),
			withWebpExif(webp, exifWithOrientation(6, { little: false })),
			withWebpExif(webp, exifWithOrientation(6)),
			withWebpExif(webp, exifWithOrientation(6, { prefixed: true })),
		];
		for (const file of files) {
			expect((await sharp(file).metadata()).orientation).toBe(6);
			for (const size of [1, 5, 4096]) expect(inPieces(file, size)).toEqual({ value: expect.objectContaining({ width: 40, height: 30, orientation: 6 }) });
		}
	});

	it('a PNG\'s eXIf after its pixel data, or with JPEG\'s "Exif\\0\\0" before it, is not read, as libvips and browsers do not read it', async () => {
		const sharp = require('sharp');
		const png = await makeImage(40, 30, 'png');
		for (const file of [withPngExif(png, exifWithOrientation(6), 'before IEND'), withPngExif(png, exifWithOrientation(6, { prefixed: true }))]) {
			expect((await sharp(file).metadata()).orientation).toBeUndefined();
			expect(probeImage(file)).toEqual({ value: expect.not.objectContaining({ orientation: expect.anything() }) });
		}
	});

	it('no orientation is made up: a PNG or WEBP with none, Orientation 1, a value out of range, or an Exif chunk cut off', async () => {
		const sharp = require('sharp');
		const png = await makeImage(40, 30, 'png');
		const none = [png, await makeImage(40, 30, 'webp-lossy'), withPngExif(png, exifWithOrientation(1)), withPngExif(png, exifWithOrientation(9))];
		for (const file of none) expect(probeImage(file)).toEqual({ value: expect.not.objectContaining({ orientation: expect.anything() }) });
		// A WEBP that says it has Exif, cut inside its EXIF chunk, is cut off, not upright.
		const webp: Buffer = await sharp(await makeImage(40, 30, 'webp-lossy')).withMetadata({ orientation: 6 }).webp().toBuffer();
		expect(probeImage(webp.subarray(0, webp.length - 20))).toEqual({ problem: expect.objectContaining({ fault: 'cut off' }) });
	});
});
