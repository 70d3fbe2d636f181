/** What a PNG mask says: black and white or not, marking anything, and inverted. */
import sharp from 'sharp';

import { scanMaskPng } from '../../../nodes/IdeogramEdit/helpers/maskColor';

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
