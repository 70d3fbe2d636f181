/** Input files checked before anything is sent: format, size, pixel cap. */
import { checkInputFile } from '../../../nodes/IdeogramEdit/inputs/binaryFiles';
import { MAX_PIXELS } from '../../../nodes/IdeogramEdit/limits';
import { file } from '../../fixtures/checked';
import { handmadePng, makeMask } from '../../fixtures/images';

describe('checkInputFile', () => {
	it('names a file with no name after its role and real format', async () => {
		expect((await file('Mask', await makeMask(8, 8))).fileName).toBe('mask.png');
	});
	it('refuses a file over 10 MB with its size', () => {
		const checked = checkInputFile('Image', 'data', Buffer.alloc(10 * 1024 * 1024 + 1), 'big.png');
		expect('problem' in checked && checked.problem.problem).toMatch(/is 10.0 MB, over the 10 MB/);
	});
	it('refuses an absurd declared size with the size and the cap, from the header alone', () => {
		const checked = checkInputFile('Image', 'data', handmadePng(30000, 30000, 2, Buffer.alloc(16)), 'huge.png');
		expect('problem' in checked && checked.problem.problem).toBe(
			`the file in binary field "data" declares 30000×30000 pixels (900 megapixels), over the cap of ${MAX_PIXELS / 1e6} megapixels`,
		);
	});
	it.each([
		['a 64 MP phone', 9248, 6936],
		['Fujifilm GFX100 (101.8 MP)', 11648, 8736],
		['Hasselblad X2D (101.9 MP)', 11656, 8742],
		["Samsung's 108 MP mode", 12000, 9000],
		["Samsung's 200 MP mode", 16320, 12240],
	])('accepts the header of %s: the cap is above every camera', (_camera, width, height) => {
		expect(MAX_PIXELS).toBe(200_000_000);
		expect(checkInputFile('Image', 'data', handmadePng(width, height, 2, Buffer.alloc(16)), 'big.png')).toMatchObject({ value: { width, height } });
	});

	it('a cut-off file says so, and that it is to be fetched or exported again', () => {
		const whole = handmadePng(64, 64, 2, Buffer.alloc(16));
		const checked = checkInputFile('Image', 'data', whole.subarray(0, whole.length - 20), 'cut.png');
		expect('problem' in checked && checked.problem).toMatchObject({
			problem: 'the file in binary field "data" is cut off: it is a PNG file that ends before its image data does',
			fix: expect.stringMatching(/^An upload, download or export was interrupted: fetch or export the image again/),
		});
	});
});
