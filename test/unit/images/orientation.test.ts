/** EXIF orientation: where a shown pixel is stored, held against libvips (sharp), which applies the tag. */
import { crc32 } from 'node:zlib';

import sharp from 'sharp';

import { grayToStored, shownSize, storedRegion } from '../../../nodes/IdeogramEdit/images/orientation';
import { ImageProber, orientationSetToOne, probeImage, storedOrientationIn, withStoredOrientation } from '../../../nodes/IdeogramEdit/images/sniff';

// A stored photo of 6×4 blocks of 8 pixels, each block its own gray: JPEG keeps block centers.
const [W, H, B] = [48, 32, 8];
const storedGray = () => {
	const px = Buffer.alloc(W * H);
	for (let y = 0; y < H; y++) for (let x = 0; x < W; x++) px[y * W + x] = 10 + 10 * (Math.floor(y / B) * (W / B) + Math.floor(x / B));
	return px;
};
const phoneJpeg = (orientation: number) =>
	sharp(storedGray(), { raw: { width: W, height: H, channels: 1 } }).withMetadata({ orientation }).jpeg({ quality: 100 }).toBuffer();

describe('orientation', () => {
	it.each([1, 2, 3, 4, 5, 6, 7, 8])('a mask drawn on the photo as libvips shows it (Orientation %s) is turned back onto the stored grid', async (orientation) => {
		const jpeg = await phoneJpeg(orientation);
		const { data: shown, info } = await sharp(jpeg).rotate().greyscale().raw().toBuffer({ resolveWithObject: true });
		expect({ width: info.width, height: info.height }).toEqual(shownSize(W, H, orientation));
		const back = grayToStored(shown, orientation, W, H);
		const stored = storedGray();
		for (let by = 0; by < H / B; by++) {
			for (let bx = 0; bx < W / B; bx++) {
				const at = (by * B + B / 2) * W + bx * B + B / 2;
				expect(Math.abs(back[at] - stored[at])).toBeLessThanOrEqual(3);
			}
		}
	});

	it('a rectangle on the shown photo lands where the stored photo holds it (Orientation 6: a portrait shown from a landscape grid)', () => {
		// Shown 32×48, turned clockwise: the shown top-left 10×5 is the stored photo's bottom-left 5×10.
		expect(storedRegion(6, W, H, { left: 0, top: 0, width: 10, height: 5 })).toEqual({ left: 0, top: 22, width: 5, height: 10 });
		expect(storedRegion(1, W, H, { left: 3, top: 4, width: 5, height: 6 })).toEqual({ left: 3, top: 4, width: 5, height: 6 });
	});

	it('the photo is sent with its tag set to 1: two bytes change, and libvips then shows the stored grid', async () => {
		const jpeg = await phoneJpeg(6);
		expect(probeImage(jpeg)).toMatchObject({ value: { orientation: 6, width: W, height: H } });
		const sent = withStoredOrientation(jpeg, 'jpeg');
		expect(sent.length).toBe(jpeg.length);
		expect([...sent].filter((b, i) => b !== jpeg[i]).length).toBeLessThanOrEqual(2);
		expect((await sharp(sent).metadata()).orientation).toBe(1);
		expect(probeImage(sent)).toEqual({ value: expect.not.objectContaining({ orientation: expect.anything() }) });
		const plain = await sharp(storedGray(), { raw: { width: W, height: H, channels: 1 } }).jpeg().toBuffer();
		expect(withStoredOrientation(plain, 'jpeg')).toBe(plain);
	});

	it.each(['jpeg', 'png', 'webp'] as const)('the first bytes of a %s photo give the tag set to 1 once they hold it, and never a different answer than the whole file', async (format) => {
		const written = await sharp(storedGray(), { raw: { width: W, height: H, channels: 1 } }).withMetadata({ orientation: 6 }).toFormat(format).toBuffer();
		const whole = withStoredOrientation(written, format);
		expect(whole.equals(written)).toBe(false);
		let foundFrom = -1;
		for (let n = 1; n <= written.length; n++) {
			const head = storedOrientationIn(written.subarray(0, n), format);
			if (head === undefined) {
				expect(foundFrom).toBe(-1);
				continue;
			}
			if (foundFrom < 0) foundFrom = n;
			expect(head.equals(whole.subarray(0, n))).toBe(true);
		}
		// A JPEG's and a PNG's tag comes before their pixel data (a WEBP's Exif chunk comes after it).
		expect(foundFrom).toBeGreaterThan(0);
		const pixelData = { jpeg: written.indexOf(Buffer.from([0xff, 0xda])), png: written.indexOf('IDAT'), webp: written.length }[format];
		expect(foundFrom).toBeLessThanOrEqual(pixelData);
	});

	it('a WEBP streams with its tag set to 1 where its check found it, however the file is cut into pieces', async () => {
		const written = await sharp(storedGray(), { raw: { width: W, height: H, channels: 1 } }).withMetadata({ orientation: 6 }).webp({ lossless: true }).toBuffer();
		const whole = withStoredOrientation(written, 'webp');
		for (let cut = 1; cut < written.length; cut++) {
			// The check reads the file in two pieces, the send in two others.
			const prober = new ImageProber();
			prober.push(written.subarray(0, cut));
			prober.push(written.subarray(cut));
			const checked = prober.end();
			if (!('value' in checked) || !checked.value.orientationEntry) throw new Error(`no tag found with a cut at ${cut}`);
			const { orientationEntry: entry, orientation } = checked.value;
			const pieces = [written.subarray(0, written.length - cut), written.subarray(written.length - cut)];
			const sent = pieces.map((piece, k) => orientationSetToOne(piece, k === 0 ? 0 : written.length - cut, entry, orientation!));
			expect(sent).not.toContain('changed');
			expect(Buffer.concat(sent as Uint8Array[]).equals(whole)).toBe(true);
		}
		// The file is not changed in place: its pieces may be n8n's own buffers.
		expect((await sharp(written).metadata()).orientation).toBe(6);
	});

	it.each([true, false])('a tag\'s two bytes set to 1 in either byte order (little-endian: %s), and a file whose bytes there changed is refused', (little) => {
		const file = Uint8Array.from([9, 9, little ? 6 : 0, little ? 0 : 6, 9]);
		const entry = { at: 2, little };
		expect([...(orientationSetToOne(file, 0, entry, 6) as Uint8Array)]).toEqual([9, 9, little ? 1 : 0, little ? 0 : 1, 9]);
		// Split between the two bytes: each piece sets its own.
		expect([...(orientationSetToOne(file.subarray(3), 3, entry, 6) as Uint8Array)]).toEqual([little ? 0 : 1, 9]);
		// A piece that does not hold the tag is passed on as it is.
		const rest = file.subarray(4);
		expect(orientationSetToOne(rest, 4, entry, 6)).toBe(rest);
		expect(orientationSetToOne(file, 0, entry, 3)).toBe('changed');
	});

	it.each(['png', 'webp'] as const)('a %s photo is sent with its tag set to 1 too: libvips then shows the stored grid, and its pixels are the same', async (format) => {
		const written = await sharp(storedGray(), { raw: { width: W, height: H, channels: 1 } }).withMetadata({ orientation: 6 }).toFormat(format, { lossless: true }).toBuffer();
		expect(probeImage(written)).toMatchObject({ value: { orientation: 6, width: W, height: H } });
		const sent = withStoredOrientation(written, format);
		expect(sent.length).toBe(written.length);
		// Two bytes, and in a PNG the eXIf chunk's CRC (four more).
		expect([...sent].filter((b, i) => b !== written[i]).length).toBeLessThanOrEqual(format === 'png' ? 6 : 2);
		expect((await sharp(sent).metadata()).orientation).toBe(1);
		expect(probeImage(sent)).toEqual({ value: expect.not.objectContaining({ orientation: expect.anything() }) });
		expect(await sharp(sent).raw().toBuffer()).toEqual(await sharp(written).raw().toBuffer());
		if (format === 'png') {
			// Every chunk's CRC still holds: strict readers refuse a file whose CRC does not.
			for (let o = 8; o < sent.length; ) {
				const length = sent.readUInt32BE(o);
				expect(sent.readUInt32BE(o + 8 + length)).toBe(crc32(sent.subarray(o + 4, o + 8 + length)));
				o += 12 + length;
			}
		}
	});
});
