/** The multipart request the node sends, field by field. */
import { buildEditForm } from '../../../nodes/IdeogramEdit/helpers/editRequest';
import { file, params } from '../../fixtures/checked';
import { makeImage, makeMask } from '../../fixtures/images';

describe('buildEditForm', () => {
	it('sends the documented fields, files with their names and real MIME types', async () => {
		const image = await file('Image', await makeImage(64, 48, 'jpeg'), 'shoe.jpg');
		const mask = await file('Mask', await makeMask(64, 48), 'shoe-mask.png');
		const form = buildEditForm(params(), { image, mask, styleReferences: [] });
		// Serialise and parse again, as a server does.
		const parsed = await new Response(form).formData();
		expect([...parsed.keys()]).toEqual(['image_file', 'mask', 'prompt', 'model', 'magic_prompt_option', 'style_type', 'num_images', 'seed']);
		const img = parsed.get('image_file') as File;
		expect([img.name, img.type, img.size]).toEqual(['shoe.jpg', 'image/jpeg', image.data.length]);
		expect((parsed.get('mask') as File).type).toBe('image/png');
		expect(Object.fromEntries([...parsed.entries()].filter(([, v]) => typeof v === 'string'))).toEqual({
			prompt: 'a cat',
			model: 'V_2',
			magic_prompt_option: 'OFF',
			style_type: 'ANIME',
			num_images: '2',
			seed: '7',
		});
	});

	it('leaves seed out when none is set, and sends a PNG named .jpg as image/png', async () => {
		const image = await file('Image', await makeImage(10, 10, 'png'), 'lies.jpg');
		const form = buildEditForm(params({ seed: '' }), { image, mask: image, styleReferences: [] });
		const parsed = await new Response(form).formData();
		expect(parsed.has('seed')).toBe(false);
		expect((parsed.get('image_file') as File).type).toBe('image/png');
	});

	const v3 = { model: 'V_3', renderingSpeed: 'TURBO', colorPalette: 'none', styleCodes: '', stylePreset: '', styleReferenceImages: '' };

	it('sends a 3.0 edit with a style preset, style references and a character reference as repeated file parts', async () => {
		const image = await file('Image', await makeImage(64, 48, 'jpeg'), 'shoe.jpg');
		const mask = await file('Mask', await makeMask(64, 48), 'shoe-mask.png');
		const look = await file('Image', await makeImage(20, 20, 'png'), 'look.png');
		const face = await file('Image', await makeImage(30, 40, 'webp-lossy'), 'face.webp');
		const faceMask = await file('Mask', await makeMask(30, 40), 'face-mask.png');
		const form = buildEditForm(params({ ...v3, styleTypeV3: 'GENERAL' }), { image, mask, styleReferences: [look, look], characterReference: face, characterMask: faceMask });
		const parsed = await new Response(form).formData();
		expect(parsed.getAll('style_reference_images').map((f) => (f as File).name)).toEqual(['look.png', 'look.png']);
		expect((parsed.get('character_reference_images') as File).type).toBe('image/webp');
		expect((parsed.get('character_reference_images_mask') as File).name).toBe('face-mask.png');
		expect(parsed.get('style_type')).toBe('GENERAL');
		expect(parsed.has('model')).toBe(false);
		const preset = await new Response(buildEditForm(params({ ...v3, styleTypeV3: 'AUTO', stylePreset: 'GOLDEN_HOUR' }), { image, mask, styleReferences: [] })).formData();
		expect(preset.get('style_preset')).toBe('GOLDEN_HOUR');
	});

	it('sends Replace Background without a mask, a style type or a model', async () => {
		const image = await file('Image', await makeImage(64, 48, 'jpeg'), 'shoe.jpg');
		const form = buildEditForm(params({ ...v3, operation: 'replaceBackground', stylePreset: 'WATERCOLOR' }), { image, styleReferences: [] });
		const parsed = await new Response(form).formData();
		expect([...parsed.keys()].sort()).toEqual(['image', 'magic_prompt', 'num_images', 'prompt', 'rendering_speed', 'seed', 'style_preset']);
		expect(parsed.get('style_preset')).toBe('WATERCOLOR');
	});
});
