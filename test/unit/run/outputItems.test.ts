/** The API's answer read into output items. */
import { parseImageAnswer, resultFileName, resultJson } from '../../../nodes/IdeogramEdit/run/outputItems';
import { params } from '../../fixtures/checked';

describe('parseImageAnswer and resultJson', () => {
	const body = {
		created: '2000-01-23T04:56:07.000Z',
		data: [
			{ seed: 12345, prompt: 'rewritten', resolution: '1024x1024', url: 'https://ideogram.ai/x', is_image_safe: true },
			{ seed: 1, prompt: 'rewritten', resolution: '1024x1024', url: '', is_image_safe: false },
		],
	};
	it('maps every documented field, with the request-level created on each image', () => {
		const images = parseImageAnswer(body)!;
		expect(resultJson(images[0], 0, params(), 1)).toEqual({
			url: 'https://ideogram.ai/x',
			seed: 12345,
			prompt: 'rewritten',
			resolution: '1024x1024',
			is_image_safe: true,
			created: '2000-01-23T04:56:07.000Z',
			model: 'V_2',
			image_index: 0,
			input_prompt: 'a cat',
			attempts: 1,
		});
		expect(images[1]).toMatchObject({ is_image_safe: false, url: '' });
	});
	it('treats an image with no URL as unsafe and refuses a body without data', () => {
		expect(parseImageAnswer({ data: [{ is_image_safe: true }] })![0].is_image_safe).toBe(false);
		expect(parseImageAnswer({ error: 'x' })).toBeUndefined();
		expect(parseImageAnswer('<html>')).toBeUndefined();
	});
	it('names result files after the input', () => {
		expect(resultFileName('shoe.photo.jpg', 1, 'png')).toBe('shoe.photo-edit-2.png');
		expect(resultFileName('', 0, 'png')).toBe('image-edit-1.png');
	});
});
