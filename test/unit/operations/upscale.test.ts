/** Upscale's parameters, and its settings as the one JSON part image_request. */
import { checkUpscaleParameters, upscaleForm, type RawUpscaleParameters } from '../../../nodes/IdeogramEdit/operations/upscale';
import { file } from '../../fixtures/checked';
import { makeImage } from '../../fixtures/images';

const good: RawUpscaleParameters = { prompt: '', resemblance: 50, detail: 50, magicPrompt: 'AUTO', numImages: 1, seed: '', options: {} };

describe('Upscale', () => {
	it('sends the photo as image_file and every setting in image_request', async () => {
		const checked = checkUpscaleParameters({ ...good, prompt: ' sharp stitching ', resemblance: '80', seed: 4 });
		if ('problem' in checked) throw new Error(checked.problem.problem);
		const photo = await file('Image', await makeImage(30, 20, 'jpeg'), 'bag.jpg');
		const parsed = await new Response(upscaleForm(checked.value, photo)).formData();
		expect([...parsed.keys()]).toEqual(['image_file', 'image_request']);
		expect(JSON.parse(parsed.get('image_request') as string)).toEqual({ prompt: 'sharp stitching', resemblance: 80, detail: 50, magic_prompt_option: 'AUTO', num_images: 1, seed: 4 });
	});

	it('leaves an empty prompt and seed out', async () => {
		const checked = checkUpscaleParameters(good);
		if ('problem' in checked) throw new Error(checked.problem.problem);
		const parsed = await new Response(upscaleForm(checked.value, await file('Image', await makeImage(8, 8, 'png')))).formData();
		expect(JSON.parse(parsed.get('image_request') as string)).toEqual({ resemblance: 50, detail: 50, magic_prompt_option: 'AUTO', num_images: 1 });
	});

	it.each([
		[{ resemblance: 0 }, 'Resemblance'],
		[{ detail: 101 }, 'Detail'],
		[{ prompt: 7 }, 'Prompt'],
		[{ magicPrompt: 'MAYBE' }, 'Magic Prompt'],
	])('refuses %j', (changes, parameter) => {
		expect(checkUpscaleParameters({ ...good, ...changes })).toMatchObject({ problem: { parameter } });
	});
});
