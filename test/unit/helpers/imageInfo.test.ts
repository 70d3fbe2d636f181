import { probeImage } from '../../../nodes/IdeogramEdit/helpers/imageInfo';
import { makeImage, type Format } from '../../fixtures/images';

describe('probeImage: format and size from the bytes', () => {
	const cases: Array<[Format, string, string]> = [
		['png', 'png', 'image/png'],
		['jpeg', 'jpeg', 'image/jpeg'],
		['jpeg-progressive', 'jpeg', 'image/jpeg'],
		['webp-lossy', 'webp', 'image/webp'],
		['webp-lossless', 'webp', 'image/webp'],
		['webp-alpha', 'webp', 'image/webp'],
	];
	it.each(cases)('reads a %s file of 321x123', async (format, expected, mime) => {
		const probe = probeImage(await makeImage(321, 123, format));
		expect(probe).toEqual({
			value: expect.objectContaining({ format: expected, mimeType: mime, width: 321, height: 123 }),
		});
	});

	it('tells the three WEBP variants apart by their first chunk', async () => {
		const chunk = async (f: Format) => (await makeImage(40, 30, f)).subarray(12, 16).toString('ascii');
		expect(await chunk('webp-lossy')).toBe('VP8 ');
		expect(await chunk('webp-lossless')).toBe('VP8L');
		expect(await chunk('webp-alpha')).toBe('VP8X');
	});

	it('reads large sizes without overflow', async () => {
		const probe = probeImage(await makeImage(3000, 2001, 'png'));
		expect('value' in probe && probe.value).toMatchObject({ width: 3000, height: 2001 });
	});

	it.each([
		['GIF', Buffer.from('GIF89a\x01\x00\x01\x00\x00\x00\x00;', 'latin1'), 'it is a GIF image'],
		['SVG', Buffer.from('<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg"></svg>'), 'it is an SVG drawing'],
		['text', Buffer.from('hello, this is not a picture\n'), 'it is a text file'],
		['HTML', Buffer.from('<!DOCTYPE html><html></html>'), 'it is an HTML page'],
		['empty', Buffer.alloc(0), 'it is empty (0 bytes)'],
		['PDF', Buffer.from('%PDF-1.7\n...'), 'it is a PDF document'],
	])('refuses a %s file and says what it is', (_name, data, reason) => {
		expect(probeImage(data)).toEqual({ problem: reason });
	});

	it.each<Format>(['png', 'jpeg', 'webp-lossy'])('refuses a truncated %s file', async (format) => {
		const whole = await makeImage(200, 100, format);
		const probe = probeImage(whole.subarray(0, Math.floor(whole.length * 0.6)));
		expect('problem' in probe && probe.problem).toMatch(/cut off|truncated|damaged/);
	});
});
