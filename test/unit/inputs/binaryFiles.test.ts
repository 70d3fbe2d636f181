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
	it('accepts a 64-megapixel header (the cap is above every real photo)', () => {
		expect('value' in checkInputFile('Image', 'data', handmadePng(9248, 6936, 2, Buffer.alloc(16)), 'big.png')).toBe(true);
	});
});
