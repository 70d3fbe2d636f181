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

	it('an old workflow without an operation is an edit with a mask, as before', () => {
		const names = shown({ model: 'V_2' });
		expect(names).toContain('operation');
		expect(names).toEqual(expect.arrayContaining(['maskSource', 'maskBinaryProperty', 'model', 'styleType']));
		expect(NodeHelpers.getNodeParameters(properties, {}, true, false, { typeVersion: 1 }, description)?.operation).toBe('editWithMask');
	});

	it('3.0 edit: style preset, style references and a character reference with its mask', () => {
		expect(shown({ model: 'V_3' })).toEqual(expect.arrayContaining(['stylePreset', 'styleReferenceImages', 'characterReference', 'characterReferenceMask']));
		for (const v3 of ['stylePreset', 'styleReferenceImages', 'characterReference']) expect(shown({ model: 'V_2' })).not.toContain(v3);
	});

	it('Replace Background: the photo, the prompt and 3.0 style, no mask, no model, no style type, no character', () => {
		const names = shown({ operation: 'replaceBackground' });
		expect(names).toEqual(
			expect.arrayContaining(['imageSource', 'imageBinaryProperty', 'prompt', 'magicPrompt', 'renderingSpeed', 'colorPalette', 'styleCodes', 'stylePreset', 'styleReferenceImages', 'numImages', 'seed']),
		);
		for (const hidden of ['maskSource', 'maskBinaryProperty', 'regions', 'model', 'styleType', 'styleTypeV3', 'characterReference', 'characterReferenceMask']) {
			expect(names).not.toContain(hidden);
		}
		// Even with a model left from an edit, the 3.0 style stays shown and the V_2 one hidden.
		expect(shown({ operation: 'replaceBackground', model: 'V_2' })).toEqual(expect.arrayContaining(['renderingSpeed', 'stylePreset']));
		expect(shown({ operation: 'replaceBackground', colorPalette: 'preset' })).toContain('colorPalettePreset');
	});
});

describe("an AI Agent's tool description", () => {
	it('names the operation the tool performs, as n8n makes it', () => {
		expect(NodeHelpers.makeDescription({ resource: 'image', operation: 'replaceBackground' }, description)).toBe('Replace the background of a photo in Ideogram Edit');
		expect(NodeHelpers.makeDescription({ resource: 'image', operation: 'editWithMask' }, description)).toBe('Edit the masked part of an image in Ideogram Edit');
	});
});

describe('options shown for each operation', () => {
	const options = properties.find((p) => p.name === 'options')!.options as typeof properties;
	const offered = (operation: string) =>
		options.filter((o) => NodeHelpers.displayParameter({}, o, { typeVersion: 1 }, description, { operation })).map((o) => o.name);
	it('Invert Mask is offered to nodes saved at version 1 only; n8n keeps a saved value there and drops it from a 1.1 node', () => {
		const offeredAt = (typeVersion: number) => options.filter((o) => NodeHelpers.displayParameter({}, o, { typeVersion }, description, { operation: 'editWithMask' })).map((o) => o.name);
		expect(offeredAt(1)).toEqual(expect.arrayContaining(['maskConvention', 'invertMask']));
		expect(offeredAt(1.1)).toContain('maskConvention');
		expect(offeredAt(1.1)).not.toContain('invertMask');
		const loaded = (typeVersion: number) =>
			NodeHelpers.getNodeParameters(properties, { operation: 'editWithMask', options: { invertMask: true } }, false, false, { typeVersion }, description)?.options;
		expect(loaded(1)).toEqual({ invertMask: true });
		expect(loaded(1.1)).toEqual({});
	});

	it('Replace Background offers its own route and no mask option; Edit With Mask the edit routes and Mask Convention', () => {
		expect(offered('replaceBackground')).toContain('endpointPathReplaceBackground');
		for (const name of ['endpointPath', 'endpointPathV3', 'maskConvention']) expect(offered('replaceBackground')).not.toContain(name);
		expect(offered('editWithMask')).toEqual(expect.arrayContaining(['endpointPath', 'endpointPathV3', 'maskConvention', 'maxRetries']));
		expect(offered('editWithMask')).not.toContain('endpointPathReplaceBackground');
	});
});
