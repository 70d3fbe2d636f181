/** Replace Background's multipart request, field by field. */
import { style3Form } from '../../../nodes/IdeogramEdit/parameters/style3';
import { file, replaceBackgroundParams } from '../../fixtures/checked';
import { makeImage } from '../../fixtures/images';

describe('Replace Background: the multipart request', () => {
	const v3 = { renderingSpeed: 'TURBO', colorPalette: 'none', styleCodes: '', stylePreset: '', styleReferenceImages: '' };

	it('sends Replace Background without a mask, a style type or a model', async () => {
		const image = await file('Image', await makeImage(64, 48, 'jpeg'), 'shoe.jpg');
		const form = style3Form(replaceBackgroundParams({ ...v3, stylePreset: 'WATERCOLOR' }), image, { styleReferences: [] });
		const parsed = await new Response(form).formData();
		expect([...parsed.keys()].sort()).toEqual(['image', 'magic_prompt', 'num_images', 'prompt', 'rendering_speed', 'seed', 'style_preset']);
		expect(parsed.get('style_preset')).toBe('WATERCOLOR');
	});
});
