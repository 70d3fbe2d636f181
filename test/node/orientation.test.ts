/**
 * A phone photo stored sideways (4032×3024 with EXIF Orientation 6, scaled down here): a mask drawn
 * on it as viewers show it, and Regions given on it so, line up with the photo the API edits, which
 * is sent as stored with its tag set to 1.
 */
import crypto from 'node:crypto';
import { Readable } from 'node:stream';

import sharp from 'sharp';

import { makeImage } from '../fixtures/images';
import { probeImage } from '../../nodes/IdeogramEdit/images/sniff';
import { binaryDataService } from '../harness/executeNode';
import { onStoreRead, run, useServer } from './setup';

const { server } = useServer();

// Stored 80×60, shown 60×80 (turned clockwise).
const phonePhoto = async () => sharp(await makeImage(80, 60, 'jpeg')).withMetadata({ orientation: 6 }).jpeg().toBuffer();

async function blackAt(png: Buffer) {
	const { data, info } = await sharp(png).extractChannel(0).raw().toBuffer({ resolveWithObject: true });
	const black: Array<[number, number]> = [];
	for (let y = 0; y < info.height; y++) for (let x = 0; x < info.width; x++) if (data[y * info.width + x] < 128) black.push([x, y]);
	const xs = black.map(([x]) => x);
	const ys = black.map(([, y]) => y);
	return { width: info.width, height: info.height, count: black.length, box: [Math.min(...xs), Math.min(...ys), Math.max(...xs), Math.max(...ys)] };
}

describe('a phone photo stored sideways (EXIF Orientation 6)', () => {
	it('a PNG mask drawn on the photo as viewers show it is turned to the stored grid; the photo goes with its tag set to 1', async () => {
		server().configure({ keepUploads: true });
		// On the shown 60×80 photo: black over its top-left 20×10.
		const shownMask = await sharp(Buffer.from('<svg xmlns="http://www.w3.org/2000/svg" width="60" height="80"><rect width="100%" height="100%" fill="#fff"/><rect width="20" height="10"/></svg>')).png().toBuffer();
		const result = await run(server(), {
			items: [{ json: {}, binary: { data: { data: await phonePhoto(), fileName: 'phone.jpg', mimeType: 'image/jpeg' }, mask: { data: shownMask, fileName: 'upright.png', mimeType: 'image/png' } } }],
		});
		const { uploads } = server().editRequests[0];
		expect((await sharp(uploads.image).metadata()).orientation).toBe(1);
		// Shown turned clockwise, so the shown top-left is the stored grid's bottom-left: x 0–9, y 40–59.
		expect(await blackAt(uploads.mask)).toEqual({ width: 80, height: 60, count: 200, box: [0, 40, 9, 59] });
		expect(result.items[0].json.photo_orientation).toBe(6);
	});

	it.each([
		['webp', 'image/webp'],
		['png', 'image/png'],
	] as const)('a %s photo with the tag in its Exif chunk is handled as the JPEG is', async (format, mimeType) => {
		server().configure({ keepUploads: true });
		const photo = await sharp(await makeImage(80, 60, 'png')).withMetadata({ orientation: 6 }).toFormat(format).toBuffer();
		const shownMask = await sharp(Buffer.from('<svg xmlns="http://www.w3.org/2000/svg" width="60" height="80"><rect width="100%" height="100%" fill="#fff"/><rect width="20" height="10"/></svg>')).png().toBuffer();
		const result = await run(server(), {
			items: [{ json: {}, binary: { data: { data: photo, fileName: `phone.${format}`, mimeType }, mask: { data: shownMask, fileName: 'upright.png', mimeType: 'image/png' } } }],
		});
		const { uploads } = server().editRequests[0];
		expect((await sharp(uploads.image).metadata()).orientation).toBe(1);
		expect(uploads.image.length).toBe(photo.length);
		expect(await blackAt(uploads.mask)).toEqual({ width: 80, height: 60, count: 200, box: [0, 40, 9, 59] });
		expect(result.items[0].json.photo_orientation).toBe(6);
	});

	it.each(['jpeg', 'png', 'webp'] as const)('a real-size %s phone photo streams into its request, never read whole, with only its tag (and a PNG chunk\'s CRC) changed', async (format) => {
		server().configure({ keepUploads: true });
		const noise = sharp(crypto.randomBytes(1600 * 1200 * 3), { raw: { width: 1600, height: 1200, channels: 3 } }).withMetadata({ orientation: 6 });
		const photo = await (format === 'jpeg' ? noise.jpeg({ quality: 95 }) : format === 'png' ? noise.png({ compressionLevel: 1 }) : noise.webp({ quality: 95 })).toBuffer();
		expect(photo.length).toBeGreaterThan(1024 * 1024);
		const service = binaryDataService();
		const whole = jest.spyOn(service, 'getAsBuffer');
		try {
			const result = await run(server(), {
				items: [{ json: {}, binary: { data: { data: photo, fileName: `phone.${format}` } } }],
				parameters: { maskSource: 'rectangles', regions: '0, 0, 10, 10' },
			});
			expect(result.items[0].json.photo_orientation).toBe(6);
			expect(whole.mock.calls.filter(([data]) => data.fileName === `phone.${format}`)).toHaveLength(0);
		} finally {
			whole.mockRestore();
		}
		const sent = server().editRequests[0].uploads.image as Buffer;
		expect(sent.length).toBe(photo.length);
		expect((await sharp(sent).metadata()).orientation).toBe(1);
		let changed = 0;
		for (let k = 0; k < sent.length; k++) if (sent[k] !== photo[k]) changed++;
		expect(changed).toBeGreaterThan(0);
		expect(changed).toBeLessThanOrEqual(format === 'png' ? 6 : 2);
	});

	it('a WEBP whose tag changed between its check and its send fails its own item, unbilled; the other is edited', async () => {
		const photo = await sharp(await makeImage(80, 60, 'png')).withMetadata({ orientation: 6 }).webp({ lossless: true }).toBuffer();
		const checked = probeImage(photo);
		const entry = 'value' in checked ? checked.value.orientationEntry : undefined;
		if (!entry) throw new Error('sharp wrote no Orientation tag');
		// Item 0's photo comes back at the send with Orientation 3 where its check read 6.
		const spy = onStoreRead(async (fileName, read, original) => {
			if (read !== 2 || fileName !== 'p0.webp') return await original();
			const turned = Buffer.from(photo);
			turned[entry.little ? entry.at : entry.at + 1] = 3;
			return Readable.from([turned]);
		});
		try {
			const items = [0, 1].map((i) => ({ json: {}, binary: { data: { data: photo, fileName: `p${i}.webp`, mimeType: 'image/webp' } } }));
			const result = await run(server(), { items, continueOnFail: true, parameters: { maskSource: 'rectangles', regions: '0, 0, 10, 10' } });
			expect(result.items.map((i) => i.json.error ?? 'edited')).toEqual([
				'Image Binary Field: the file in binary field "data" changed after it was checked: its Orientation tag is not where it was [item 0]',
				'edited',
			]);
			expect(result.items[0].json.description).toMatch(/^Nothing was billed/);
			expect(server().editRequests).toHaveLength(1);
		} finally {
			spy.mockRestore();
		}
	});

	it('a mask with an orientation tag of its own is judged and sent as its pixels are stored, its tag set to 1', async () => {
		server().configure({ keepUploads: true });
		const taggedMask = await sharp(await makeImage(80, 60, 'png')).greyscale().withMetadata({ orientation: 8 }).jpeg().toBuffer();
		expect((await sharp(taggedMask).metadata()).orientation).toBe(8);
		await run(server(), {
			items: [{ json: {}, binary: { data: { data: await makeImage(80, 60, 'jpeg'), fileName: 'p.jpg', mimeType: 'image/jpeg' }, mask: { data: taggedMask, fileName: 'm.jpg', mimeType: 'image/jpeg' } } }],
		});
		const { uploads } = server().editRequests[0];
		expect((await sharp(uploads.mask).metadata()).orientation).toBe(1);
		expect(uploads.mask.length).toBe(taggedMask.length);
	});

	it('Regions in percent are measured on the photo as viewers show it', async () => {
		server().configure({ keepUploads: true });
		// The shown photo's top half: the stored grid's left half.
		await run(server(), {
			items: [{ json: {}, binary: { data: { data: await phonePhoto(), fileName: 'phone.jpg', mimeType: 'image/jpeg' } } }],
			parameters: { maskSource: 'rectangles', regionUnit: 'percent', regions: '0, 0, 100, 50' },
		});
		expect(await blackAt(server().editRequests[0].uploads.mask)).toEqual({ width: 80, height: 60, count: 2400, box: [0, 0, 39, 59] });
	});

	it('a mask drawn on the stored grid is taken as it is', async () => {
		server().configure({ keepUploads: true });
		const storedMask = await sharp(Buffer.from('<svg xmlns="http://www.w3.org/2000/svg" width="80" height="60"><rect width="100%" height="100%" fill="#fff"/><rect width="20" height="10"/></svg>')).png().toBuffer();
		await run(server(), {
			items: [{ json: {}, binary: { data: { data: await phonePhoto(), fileName: 'phone.jpg', mimeType: 'image/jpeg' }, mask: { data: storedMask, fileName: 'm.png', mimeType: 'image/png' } } }],
		});
		expect(await blackAt(server().editRequests[0].uploads.mask)).toEqual({ width: 80, height: 60, count: 200, box: [0, 0, 19, 9] });
	});

	it('Mask Orientation As the Photo Is Stored: Regions are measured on the stored pixels', async () => {
		server().configure({ keepUploads: true });
		await run(server(), {
			items: [{ json: {}, binary: { data: { data: await phonePhoto(), fileName: 'phone.jpg', mimeType: 'image/jpeg' } } }],
			parameters: { maskSource: 'rectangles', regionUnit: 'percent', regions: '0, 0, 100, 50', options: { maskOrientation: 'stored' } },
		});
		// The stored grid's top half, not turned.
		expect(await blackAt(server().editRequests[0].uploads.mask)).toEqual({ width: 80, height: 60, count: 2400, box: [0, 0, 79, 29] });
	});
});

describe('a photo shown upside down (EXIF Orientation 3): the mask has the same size either way', () => {
	const upsideDown = async () => sharp(await makeImage(80, 60, 'jpeg')).withMetadata({ orientation: 3 }).jpeg().toBuffer();
	// Black over the top-left 20×10 of what it was drawn on.
	const topLeftMask = () => sharp(Buffer.from('<svg xmlns="http://www.w3.org/2000/svg" width="80" height="60"><rect width="100%" height="100%" fill="#fff"/><rect width="20" height="10"/></svg>')).png().toBuffer();

	it('with Auto, a mask is taken as drawn on the photo as viewers show it, as Regions are: turned half round to the stored pixels', async () => {
		server().configure({ keepUploads: true });
		const result = await run(server(), {
			items: [{ json: {}, binary: { data: { data: await upsideDown(), fileName: 'p.jpg', mimeType: 'image/jpeg' }, mask: { data: await topLeftMask(), fileName: 'm.png', mimeType: 'image/png' } } }],
		});
		// The shown top-left is the stored bottom-right.
		expect(await blackAt(server().editRequests[0].uploads.mask)).toEqual({ width: 80, height: 60, count: 200, box: [60, 50, 79, 59] });
		expect(result.items[0].json.photo_orientation).toBe(3);
		// Regions of the same place land on the same pixels.
		await run(server(), {
			items: [{ json: {}, binary: { data: { data: await upsideDown(), fileName: 'p.jpg', mimeType: 'image/jpeg' } } }],
			parameters: { maskSource: 'rectangles', regions: '0, 0, 20, 10' },
		});
		expect(await blackAt(server().editRequests[1].uploads.mask)).toEqual({ width: 80, height: 60, count: 200, box: [60, 50, 79, 59] });
	});

	it('with As the Photo Is Stored, the mask goes as it is drawn; a JPEG mask is taken so, and refused with Auto, before anything is sent', async () => {
		server().configure({ keepUploads: true });
		const photo = await upsideDown();
		await run(server(), {
			items: [{ json: {}, binary: { data: { data: photo, fileName: 'p.jpg', mimeType: 'image/jpeg' }, mask: { data: await topLeftMask(), fileName: 'm.png', mimeType: 'image/png' } } }],
			parameters: { options: { maskOrientation: 'stored' } },
		});
		expect(await blackAt(server().editRequests[0].uploads.mask)).toEqual({ width: 80, height: 60, count: 200, box: [0, 0, 19, 9] });
		const jpegMask = await sharp(await topLeftMask()).jpeg({ quality: 100 }).toBuffer();
		const items = [{ json: {}, binary: { data: { data: photo, fileName: 'p.jpg', mimeType: 'image/jpeg' }, mask: { data: jpegMask, fileName: 'm.jpg', mimeType: 'image/jpeg' } } }];
		await run(server(), { items, parameters: { options: { maskOrientation: 'stored' } } });
		expect(server().editRequests).toHaveLength(2);
		await expect(run(server(), { items })).rejects.toThrow(/^Mask Binary Field: the mask is a JPEG of 80×60 pixels, taken as drawn on the photo as viewers show it \(turned by its EXIF Orientation 3\)/);
		expect(server().editRequests).toHaveLength(2);
	});
});
