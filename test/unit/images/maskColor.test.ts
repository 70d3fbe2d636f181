/** What a PNG mask says: black and white or not, marking anything, and inverted. */
import sharp from 'sharp';

import { scanMaskPng } from '../../../nodes/IdeogramEdit/images/maskColor';

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

	it('judges runs of equal pixels as the pixels one by one would be judged', async () => {
		// A row of runs: 10 red, 5 white, 7 black, 8 transparent, 10 of another red; three such rows.
		const runs: Array<[number, number[]]> = [[10, [200, 0, 0, 255]], [5, [255, 255, 255, 255]], [7, [0, 0, 0, 255]], [8, [0, 0, 0, 0]], [10, [180, 20, 20, 255]]];
		const row = runs.flatMap(([n, pixel]) => Array.from({ length: n }, () => pixel)).flat();
		const png = await sharp(Buffer.from([...row, ...row, ...row]), { raw: { width: 40, height: 3, channels: 4 } }).png().toBuffer();
		const scan = await scanMaskPng(png, true);
		if ('problem' in scan) throw new Error(scan.problem);
		expect(scan.value.coloredShare).toBe(0.5);
		const { data } = await sharp(scan.value.inverted!).extractChannel(0).raw().toBuffer({ resolveWithObject: true });
		const invertedRow = [...Array(10).fill(195), ...Array(5).fill(0), ...Array(7).fill(255), ...Array(8).fill(0), ...Array(10).fill(187)];
		expect([...data]).toEqual([...invertedRow, ...invertedRow, ...invertedRow]);
	});

	it('inverts gray masks run by run', async () => {
		const gray = Buffer.from([0, 0, 0, 255, 255, 128, 7, 7, 255, 0]);
		const png = await sharp(gray, { raw: { width: 10, height: 1, channels: 1 } }).toColourspace('b-w').png().toBuffer();
		expect(png[25]).toBe(0); // 8-bit gray, the decoder's other way of handing rows over
		const scan = await scanMaskPng(png, true);
		if ('problem' in scan) throw new Error(scan.problem);
		const { data } = await sharp(scan.value.inverted!).extractChannel(0).raw().toBuffer({ resolveWithObject: true });
		expect([...data]).toEqual([255, 255, 255, 0, 0, 127, 248, 248, 0, 255]);
		expect(scan.value).toMatchObject({ coloredShare: 0, marksEdit: true });
	});
});
