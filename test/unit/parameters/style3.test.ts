/** Ideogram 3.0's palette and style codes, read from what users type. */
import { parsePaletteColors, parseStyleCodes } from '../../../nodes/IdeogramEdit/parameters/style3';

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
