import { ASPECT_RATIOS_V3, checkAspectRatio, checkResolution, hasShape, nearestResolution, parseTargets, RESOLUTIONS_V3 } from '../../../nodes/IdeogramEdit/parameters/shapes';

describe("Ideogram 3.0's shapes", () => {
	it('has the 69 resolutions and 15 aspect ratios of the reference', () => {
		expect(RESOLUTIONS_V3).toHaveLength(69);
		expect(new Set(RESOLUTIONS_V3).size).toBe(69);
		expect(ASPECT_RATIOS_V3).toHaveLength(15);
	});

	it.each([
		['16x9', '1312x736'],
		['9x16', '736x1312'],
		['1x1', '1024x1024'],
		['4x3', '1152x864'],
		['3x2', '1248x832'],
		['2x1', '1408x704'],
		['1x3', '512x1536'],
	])('an aspect ratio %s is made at the nearest resolution, the largest among equals: %s', (ratio, resolution) => {
		expect(nearestResolution(ratio)).toBe(resolution);
	});

	it('tells a photo of the shape', () => {
		expect(hasShape(1920, 1080, '16x9')).toBe(true);
		expect(hasShape(4032, 3024, '4x3')).toBe(true);
		expect(hasShape(1312, 736, '16x9')).toBe(true);
		expect(hasShape(1920, 1080, '1x1')).toBe(false);
		expect(hasShape(1000, 1000, '1024x1024')).toBe(true);
	});

	it('reads resolutions and ratios as typed', () => {
		expect(checkResolution('Resolution', ' 1312 x 736 ')).toEqual({ value: '1312x736' });
		expect(checkResolution('Resolution', '')).toEqual({ value: undefined });
		expect(checkAspectRatio('Aspect Ratio', '16:9')).toEqual({ value: '16x9' });
		expect(checkAspectRatio('Aspect Ratio', '16×9')).toEqual({ value: '16x9' });
		expect(checkResolution('Resolution', '1920x1080')).toMatchObject({ problem: { parameter: 'Resolution', problem: '"1920x1080" is not one of Ideogram 3.0\'s resolutions' } });
		expect(checkAspectRatio('Aspect Ratio', 42)).toMatchObject({ problem: { problem: "42 is not one of Ideogram 3.0's aspect ratios" } });
	});

	it('reads a list of targets: ratios and resolutions, each once', () => {
		expect(parseTargets('Target Shapes', '1x1, 16:9;\n736x1312')).toEqual({
			value: [
				{ target: '1x1', resolution: '1024x1024' },
				{ target: '16x9', resolution: '1312x736' },
				{ target: '736x1312', resolution: '736x1312' },
			],
		});
		expect(parseTargets('Target Shapes', ['4x3'])).toEqual({ value: [{ target: '4x3', resolution: '1152x864' }] });
	});

	it.each([
		['', /is empty/],
		[' , ', /is empty/],
		['16x9, 16:9', /names 16x9 twice/],
		['9x16, 736x1312', /names 9x16 and 736x1312, which are the same resolution \(736x1312\)/],
		['7x5', /"7x5" is neither/],
		[Array(11).fill(0).map((_, i) => ASPECT_RATIOS_V3[i]).join(','), /has 11 targets, more than 10/],
		[{ shape: '1x1' }, /an object is not text/],
	])('refuses the targets %j', (value, problem) => {
		const checked = parseTargets('Target Shapes', value);
		expect('problem' in checked && checked.problem.problem).toMatch(problem);
	});
});
