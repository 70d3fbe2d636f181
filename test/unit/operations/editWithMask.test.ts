/** Edit With Mask's parameters checked, and the multipart request it sends. */
import { checkEditParameters, editForm, type RawEditParameters } from '../../../nodes/IdeogramEdit/operations/editWithMask';
import { file, params } from '../../fixtures/checked';
import { makeImage, makeMask } from '../../fixtures/images';

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

describe('editForm: the multipart request, field by field', () => {
	it('sends the documented fields, files with their names and real MIME types', async () => {
		const image = await file('Image', await makeImage(64, 48, 'jpeg'), 'shoe.jpg');
		const mask = await file('Mask', await makeMask(64, 48), 'shoe-mask.png');
		const form = editForm(params(), image, { mask, styleReferences: [] });
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
		const form = editForm(params({ seed: '' }), image, { mask: image, styleReferences: [] });
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
		const form = editForm(params({ ...v3, styleTypeV3: 'GENERAL' }), image, { mask, styleReferences: [look, look], characterReference: face, characterMask: faceMask });
		const parsed = await new Response(form).formData();
		expect(parsed.getAll('style_reference_images').map((f) => (f as File).name)).toEqual(['look.png', 'look.png']);
		expect((parsed.get('character_reference_images') as File).type).toBe('image/webp');
		expect((parsed.get('character_reference_images_mask') as File).name).toBe('face-mask.png');
		expect(parsed.get('style_type')).toBe('GENERAL');
		expect(parsed.has('model')).toBe(false);
		const preset = await new Response(editForm(params({ ...v3, styleTypeV3: 'AUTO', stylePreset: 'GOLDEN_HOUR' }), image, { mask, styleReferences: [] })).formData();
		expect(preset.get('style_preset')).toBe('GOLDEN_HOUR');
	});
});
