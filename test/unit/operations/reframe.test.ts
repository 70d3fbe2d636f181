/** Reframe's targets, its requests (none for a target of the photo's own shape) and its request body. */
import { checkReframeParameters, reframeForm, reframeRequests, type RawReframeParameters, type ReframeRequest } from '../../../nodes/IdeogramEdit/operations/reframe';
import { file } from '../../fixtures/checked';
import { makeImage } from '../../fixtures/images';

const raw = (targets: unknown): RawReframeParameters => ({ targets, numImages: 2, seed: '', renderingSpeed: 'TURBO', colorPalette: 'none', styleCodes: '', stylePreset: '', styleReferenceImages: '', options: {} });
const params = (targets: unknown) => {
	const checked = checkReframeParameters(raw(targets));
	if ('problem' in checked) throw new Error(checked.problem.problem);
	return checked.value;
};

describe('Reframe', () => {
	it('one request per target, in order; the photo itself for a target of its own shape', () => {
		const requests = reframeRequests(params('1x1, 16x9, 4:3'), { width: 800, height: 600 });
		expect(requests).toEqual([
			{ numImages: 2, target: { target: '1x1', resolution: '1024x1024' }, label: { target: '1x1', target_resolution: '1024x1024', reframed: true } },
			{ numImages: 2, target: { target: '16x9', resolution: '1312x736' }, label: { target: '16x9', target_resolution: '1312x736', reframed: true } },
			{ photoAsOutput: true, json: expect.objectContaining({ target: '4x3', target_resolution: '1152x864', reframed: false, resolution: '800x600', attempts: 0, url: null }) },
		]);
	});

	it('sends the photo, the resolution and the style fields, and no prompt', async () => {
		const p = params('16x9');
		const [request] = reframeRequests(p, { width: 100, height: 100 }) as ReframeRequest[];
		const photo = await file('Image', await makeImage(100, 100, 'png'), 'bag.png');
		const parsed = await new Response(reframeForm(p, photo, { styleReferences: [] }, request)).formData();
		expect([...parsed.keys()].sort()).toEqual(['image', 'num_images', 'rendering_speed', 'resolution']);
		expect(parsed.get('resolution')).toBe('1312x736');
	});

	it('refuses a target list it cannot make', () => {
		expect(checkReframeParameters(raw('16x9, 16:9'))).toMatchObject({ problem: { parameter: 'Target Shapes', problem: 'names 16x9 twice' } });
	});
});
