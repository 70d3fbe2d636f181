/** Remix's parameters checked, and the multipart request it sends. */
import { checkRemixParameters, remixForm, type RawRemixParameters } from '../../../nodes/IdeogramEdit/operations/remix';
import { file } from '../../fixtures/checked';
import { makeImage } from '../../fixtures/images';

const good: RawRemixParameters = {
	prompt: 'the bag on a beach',
	imageWeight: 50,
	aspectRatio: '',
	resolution: '',
	negativePrompt: '',
	magicPrompt: 'AUTO',
	numImages: 1,
	seed: '',
	renderingSpeed: 'DEFAULT',
	colorPalette: 'none',
	styleCodes: '',
	stylePreset: '',
	styleReferenceImages: '',
	styleTypeV3: 'AUTO',
	characterReference: '',
	characterReferenceMask: '',
	options: {},
};
const problemOf = (changes: Partial<RawRemixParameters>) => {
	const checked = checkRemixParameters({ ...good, ...changes });
	return 'problem' in checked ? checked.problem : undefined;
};

describe('Remix parameters', () => {
	it('takes good parameters, with its route by default', () => {
		expect(checkRemixParameters(good)).toEqual({ value: expect.objectContaining({ prompt: 'the bag on a beach', imageWeight: 50, model: 'V_3', endpointPath: '/ideogram/v1/ideogram-v3/remix' }) });
	});

	it.each([
		[{ prompt: '' }, 'Prompt', /is empty/],
		[{ imageWeight: 0 }, 'Image Weight', /0 is out of range \(1 to 100\)/],
		[{ imageWeight: '70.5' }, 'Image Weight', /not a whole number/],
		[{ aspectRatio: '21x9' }, 'Aspect Ratio', /not one of Ideogram 3.0's aspect ratios/],
		[{ resolution: '2048x2048' }, 'Resolution', /not one of Ideogram 3.0's resolutions/],
		[{ resolution: '1024x1024', aspectRatio: '1x1' }, 'Resolution', /cannot be given together with Aspect Ratio 1x1/],
		[{ negativePrompt: 5 }, 'Negative Prompt', /5 is not text/],
		[{ styleTypeV3: 'ANIME' }, 'Style Type', /"ANIME" is not one of AUTO, GENERAL, REALISTIC, DESIGN, FICTION, STYLIZED/],
		[{ options: { endpointPathRemix: 'remix' } }, 'Endpoint Path (Remix)', /not a path/],
	])('refuses %j, naming %s', (changes, parameter, problem) => {
		const p = problemOf(changes as Partial<RawRemixParameters>);
		expect([p?.parameter, p?.problem]).toEqual([parameter, expect.stringMatching(problem)]);
	});
});

describe('remixForm', () => {
	it("sends 3.0's fields with the weight, the shape and the negative prompt", async () => {
		const checked = checkRemixParameters({ ...good, imageWeight: 20, aspectRatio: '16:9', negativePrompt: 'text', styleTypeV3: 'STYLIZED', seed: 3 });
		if ('problem' in checked) throw new Error(checked.problem.problem);
		const photo = await file('Image', await makeImage(40, 30, 'jpeg'), 'bag.jpg');
		const parsed = await new Response(remixForm(checked.value, photo, { styleReferences: [] })).formData();
		expect(Object.fromEntries([...parsed.entries()].filter(([, v]) => typeof v === 'string'))).toEqual({
			prompt: 'the bag on a beach',
			magic_prompt: 'AUTO',
			num_images: '1',
			seed: '3',
			rendering_speed: 'DEFAULT',
			image_weight: '20',
			aspect_ratio: '16x9',
			negative_prompt: 'text',
			style_type: 'STYLIZED',
		});
		expect((parsed.get('image') as File).name).toBe('bag.jpg');
	});
});
