/** Which parameters the editor shows, resolved by n8n-workflow's own display logic. */
import { NodeHelpers, type INodeParameters } from 'n8n-workflow';

import { IdeogramEdit } from '../../nodes/IdeogramEdit/IdeogramEdit.node';

const { description } = new IdeogramEdit();
const { properties } = description;

function shown(values: INodeParameters): string[] {
	// returnDefaults true, returnNoneDisplayed false: the parameters the editor would show.
	const resolved = NodeHelpers.getNodeParameters(properties, values, true, false, { typeVersion: 1 }, description);
	return Object.keys(resolved ?? {}).sort();
}

describe('parameters shown for each model and source', () => {
	it('V_2 models: their style types, no 3.0 parameters', () => {
		for (const model of ['V_2', 'V_2_TURBO']) {
			const names = shown({ model });
			expect(names).toContain('styleType');
			for (const v3 of ['styleTypeV3', 'renderingSpeed', 'colorPalette', 'colorPalettePreset', 'paletteMembers', 'styleCodes']) {
				expect(names).not.toContain(v3);
			}
		}
	});

	it('3.0: its own style types, rendering speed, palette and style codes; not the V_2 style types', () => {
		const names = shown({ model: 'V_3' });
		expect(names).toEqual(expect.arrayContaining(['styleTypeV3', 'renderingSpeed', 'colorPalette', 'styleCodes']));
		expect(names).not.toContain('styleType');
		expect(names).not.toContain('colorPalettePreset');
		expect(shown({ model: 'V_3', colorPalette: 'preset' })).toContain('colorPalettePreset');
		expect(shown({ model: 'V_3', colorPalette: 'custom' })).toContain('paletteMembers');
	});

	it('the image and mask sources show only their own fields', () => {
		expect(shown({})).toEqual(expect.arrayContaining(['imageBinaryProperty', 'maskBinaryProperty']));
		const fromUrl = shown({ imageSource: 'url', maskSource: 'rectangles' });
		expect(fromUrl).toEqual(expect.arrayContaining(['imageUrl', 'regions', 'regionUnit', 'invertRegions']));
		expect(fromUrl).not.toContain('imageBinaryProperty');
		expect(fromUrl).not.toContain('maskBinaryProperty');
		expect(shown({})).not.toContain('imageUrl');
		expect(shown({})).not.toContain('regions');
	});
});
