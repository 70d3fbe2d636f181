/** The dependency-free PNG writer and reader, checked against sharp (libvips and libpng). */

import { parsePaletteColors, parseStyleCodes } from '../../../nodes/IdeogramEdit/helpers/editParameters';

import { checkBaseUrl, checkEditParameters, type RawEditParameters } from '../../../nodes/IdeogramEdit/helpers/editParameters';

const good: RawEditParameters = {
	prompt: '  a red handbag  ',
	model: 'V_2_TURBO',
	magicPrompt: 'AUTO',
	styleType: 'RENDER_3D',
	numImages: 4,
	seed: '',
	options: {},
};

function problemOf(changes: Partial<RawEditParameters>) {
	const checked = checkEditParameters({ ...good, ...changes });
	return 'problem' in checked ? checked.problem : undefined;
}

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

describe('checkEditParameters', () => {
	it('accepts good parameters, trims the prompt, leaves an empty seed out and fills defaults', () => {
		const checked = checkEditParameters(good);
		expect(checked).toEqual({
			value: expect.objectContaining({
				prompt: 'a red handbag',
				numImages: 4,
				seed: undefined,
				downloadImages: true,
				includeUnsafe: true,
				outputBinaryProperty: 'data',
				endpointPath: '/edit',
				maxRetries: 3,
				timeoutMs: 180000,
			}),
		});
	});

	it('takes numbers given as digits, as a spreadsheet cell gives them', () => {
		const checked = checkEditParameters({ ...good, numImages: '2', seed: '42' });
		expect('value' in checked && [checked.value.numImages, checked.value.seed]).toEqual([2, 42]);
	});

	it.each([
		[{ prompt: '' }, 'Prompt', /is empty/],
		[{ prompt: '   ' }, 'Prompt', /is empty/],
		[{ prompt: 42 }, 'Prompt', /not text/],
		[{ prompt: 'x'.repeat(10001) }, 'Prompt', /10001 characters/],
		[{ model: 'V_1' }, 'Model', /"V_1" is not one of V_2_TURBO, V_2/],
		[{ model: 'V_1' }, 'Model', /not one of/],
		[{ styleType: 'FICTION' }, 'Style Type', /"FICTION" is not one of/],
		[{ magicPrompt: 'yes' }, 'Magic Prompt', /not one of AUTO, ON, OFF/],
		[{ numImages: 0 }, 'Number of Images', /0 is out of range \(1 to 8\)/],
		[{ numImages: 9 }, 'Number of Images', /9 is out of range/],
		[{ numImages: 2.5 }, 'Number of Images', /not a whole number/],
		[{ numImages: { n: 1 } }, 'Number of Images', /an object is not a whole number/],
		[{ seed: -1 }, 'Seed', /-1 is out of range \(0 to 2147483647\)/],
		[{ seed: 2147483648 }, 'Seed', /2147483648 is out of range/],
		[{ seed: 1.5 }, 'Seed', /1.5 is not a whole number/],
		[{ seed: 'abc' }, 'Seed', /"abc" is not a whole number/],
		[{ options: { outputBinaryProperty: ' ' } }, 'Output Binary Field', /is empty/],
		[{ options: { endpointPath: 'edit' } }, 'Endpoint Path', /not a path/],
		[{ options: { maxRetries: 11 } }, 'Max Retries', /out of range/],
		[{ options: { timeout: 0 } }, 'Timeout (Seconds)', /not a positive number/],
	])('refuses %j, naming %s', (changes, parameter, message) => {
		const p = problemOf(changes as Partial<RawEditParameters>);
		expect(p?.parameter).toBe(parameter);
		expect(p?.problem).toMatch(message);
		expect(p?.fix.length).toBeGreaterThan(10);
	});
});

describe('checkBaseUrl', () => {
	it('drops trailing slashes', () => {
		expect(checkBaseUrl('https://api.cometapi.com//')).toEqual({ value: 'https://api.cometapi.com' });
	});
	it.each(['', '   ', 'api.cometapi.com', 'ftp://api.cometapi.com', undefined])('refuses %j', (url) => {
		const checked = checkBaseUrl(url);
		expect('problem' in checked && checked.problem.parameter).toBe('Base URL (credential)');
	});
});
