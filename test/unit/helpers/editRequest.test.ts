/** The multipart request the node sends, field by field. */
import { buildEditForm } from '../../../nodes/IdeogramEdit/helpers/editRequest';
import { file, params } from '../../fixtures/checked';
import { makeImage, makeMask } from '../../fixtures/images';

describe('buildEditForm', () => {
	it('sends the documented fields, files with their names and real MIME types', async () => {
		const image = await file('Image', await makeImage(64, 48, 'jpeg'), 'shoe.jpg');
		const mask = await file('Mask', await makeMask(64, 48), 'shoe-mask.png');
		const form = buildEditForm(params(), image, mask);
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
		const form = buildEditForm(params({ seed: '' }), image, image);
		const parsed = await new Response(form).formData();
		expect(parsed.has('seed')).toBe(false);
		expect((parsed.get('image_file') as File).type).toBe('image/png');
	});
});
