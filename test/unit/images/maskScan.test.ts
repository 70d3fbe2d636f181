/** What a PNG mask says, judged only as far as the verdicts need, in each Mask Convention. */
import sharp from 'sharp';

import { convertMaskPng, judgedWindow, scanMaskPng, type MaskConvention } from '../../../nodes/IdeogramEdit/images/maskScan';
import { makeImage } from '../../fixtures/images';

const rgbaPng = (pixels: number[], width: number, height: number) => sharp(Buffer.from(pixels), { raw: { width, height, channels: 4 } }).png().toBuffer();
const grayOf = async (png: Buffer) => [...(await sharp(png).extractChannel(0).raw().toBuffer())];
const scanned = async (png: Buffer, convention: MaskConvention = 'black', whole = false) => {
	const scan = await scanMaskPng(png, convention, { whole });
	if ('problem' in scan) throw new Error(scan.problem);
	return scan.value;
};
const converted = async (png: Buffer, convention: MaskConvention) => {
	const made = await convertMaskPng(png, convention);
	if ('problem' in made) throw new Error(made.problem);
	return grayOf(made.value.png);
};
/** A white mask with a black band over rows [from, to) of `height`. */
const band = (width: number, height: number, from: number, to: number, blur = 0) => {
	const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}"><rect width="100%" height="100%" fill="#fff"/><rect x="${width / 4}" y="${from}" width="${width / 2}" height="${to - from}" fill="#000"/></svg>`;
	const image = sharp(Buffer.from(svg));
	return (blur ? image.blur(blur) : image).png().toBuffer();
};

describe('convertMaskPng', () => {
	it('Black = Edit: transparent is kept (white), as the composite on white shows', async () => {
		expect(await converted(await rgbaPng([0, 0, 0, 255, 255, 255, 255, 255, 0, 0, 0, 0, 128, 128, 128, 255], 4, 1), 'black')).toEqual([0, 255, 255, 128]);
	});

	it('White = Edit: white marks the edit, and transparent is kept, not edited (Invert Mask sent transparent as black)', async () => {
		expect(await converted(await rgbaPng([0, 0, 0, 255, 255, 255, 255, 255, 0, 0, 0, 0, 255, 255, 255, 0, 128, 128, 128, 255], 5, 1), 'white')).toEqual([255, 0, 255, 255, 127]);
	});

	it('Transparent = Edit: only the alpha counts, whatever color the tool left under it', async () => {
		expect(await converted(await rgbaPng([200, 10, 10, 255, 0, 0, 0, 0, 255, 255, 255, 0, 0, 0, 0, 255, 9, 9, 9, 128], 5, 1), 'transparent')).toEqual([255, 0, 0, 255, 128]);
	});

	it('a canvas-style mask (black strokes on transparent black) is sent as black strokes on white', async () => {
		const row = [...[0, 0, 0, 0], ...[0, 0, 0, 255], ...[0, 0, 0, 255], ...[0, 0, 0, 0]];
		const png = await rgbaPng([...row, ...row], 4, 2);
		const scan = await scanned(png, 'black', true);
		expect(scan).toMatchObject({ marksEdit: true, keepsSome: true, transparent: true, hasAlpha: true, coloredShare: 0 });
		expect(await converted(png, 'black')).toEqual([255, 0, 0, 255, 255, 0, 0, 255]);
	});

	it('judges runs of equal pixels as the pixels one by one would be judged', async () => {
		// A row of runs: 10 red, 5 white, 7 black, 8 transparent, 10 of another red; three such rows.
		const runs: Array<[number, number[]]> = [[10, [200, 0, 0, 255]], [5, [255, 255, 255, 255]], [7, [0, 0, 0, 255]], [8, [0, 0, 0, 0]], [10, [180, 20, 20, 255]]];
		const row = runs.flatMap(([n, pixel]) => Array.from({ length: n }, () => pixel)).flat();
		const png = await rgbaPng([...row, ...row, ...row], 40, 3);
		const made = await convertMaskPng(png, 'white');
		if ('problem' in made) throw new Error(made.problem);
		// Transparent pixels are not colored, whatever their color.
		expect(made.value.scan.coloredShare).toBe(0.5);
		const invertedRow = [...Array(10).fill(195), ...Array(5).fill(0), ...Array(7).fill(255), ...Array(8).fill(255), ...Array(10).fill(187)];
		expect(await grayOf(made.value.png)).toEqual([...invertedRow, ...invertedRow, ...invertedRow]);
	});

	it('converts gray masks run by run', async () => {
		const png = await sharp(Buffer.from([0, 0, 0, 255, 255, 128, 7, 7, 255, 0]), { raw: { width: 10, height: 1, channels: 1 } }).toColourspace('b-w').png().toBuffer();
		expect(png[25]).toBe(0); // 8-bit gray, the decoder's other way of handing rows over
		expect(await converted(png, 'white')).toEqual([255, 255, 255, 0, 0, 127, 248, 248, 0, 255]);
	});
});

describe('scanMaskPng', () => {
	it('says whether anything is marked and anything kept, in each convention', async () => {
		const white = await sharp({ create: { width: 20, height: 10, channels: 3, background: '#fff' } }).png().toBuffer();
		const black = await sharp({ create: { width: 20, height: 10, channels: 3, background: '#000' } }).png().toBuffer();
		expect(await scanned(white)).toMatchObject({ marksEdit: false, keepsSome: true });
		expect(await scanned(white, 'white')).toMatchObject({ marksEdit: true, keepsSome: false });
		expect(await scanned(black)).toMatchObject({ marksEdit: true, keepsSome: false });
		expect(await scanned(black, 'white')).toMatchObject({ marksEdit: false });
		expect(await scanned(black, 'transparent')).toMatchObject({ marksEdit: false, transparent: false });
	});

	it('stops once a clear mask has shown black, white and its judged window of rows', async () => {
		const scan = await scanned(await band(400, 800, 100, 300));
		expect(scan.rowsJudged).toBe(100 + judgedWindow(800));
		expect(scan).toMatchObject({ marksEdit: true, keepsSome: true, coloredShare: 0, midShare: 0 });
	});

	it('judges to the end a mask whose black area is at the bottom, or that is soft, or with `whole`', async () => {
		expect((await scanned(await band(400, 800, 700, 800))).rowsJudged).toBe(800);
		expect((await scanned(await band(400, 800, 100, 300), 'black', true)).rowsJudged).toBe(800);
		// Feathered over a few dozen pixels: more mid-tones than a clear mask has, so it is judged whole, and passes.
		const soft = await scanned(await band(400, 800, 100, 300, 12));
		expect(soft.rowsJudged).toBe(800);
		expect(soft.midShare).toBeGreaterThan(0.25);
		expect(soft.midShare).toBeLessThan(0.5);
	});

	it('a photo given as its own mask shows color, or mostly mid-tones when it is a neutral packshot', async () => {
		const photo = await scanned(await makeImage(300, 300, 'png'));
		expect(photo.coloredShare).toBeGreaterThan(0.01);
		// A gray product on white: few colored pixels, but the product is shades of gray.
		const packshot = await sharp(
			Buffer.from(`<svg xmlns="http://www.w3.org/2000/svg" width="300" height="300"><defs><radialGradient id="g"><stop offset="0" stop-color="#ccc"/><stop offset="1" stop-color="#333"/></radialGradient></defs><rect width="100%" height="100%" fill="#fff"/><ellipse cx="150" cy="170" rx="90" ry="110" fill="url(#g)"/></svg>`),
		)
			.png()
			.toBuffer();
		const scan = await scanned(packshot);
		expect(scan.coloredShare).toBeLessThanOrEqual(0.01);
		expect(scan.midShare).toBeGreaterThan(0.5);
	});
});
