/** Rectangles read from text or JSON, put in pixels, and drawn into a mask checked by sharp. */
import sharp from 'sharp';

import { parseRegions, regionMaskPng, regionsInPixels } from '../../../nodes/IdeogramEdit/images/rectangleMask';

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
