/** Reference images as given in the parameters: binary field names and URLs. */
import { parseReferences } from '../../../nodes/IdeogramEdit/parameters/references';

describe('parseReferences', () => {
	it('reads field names and URLs, in order, from text or a list', () => {
		expect(parseReferences('P', ' style ; https://example.com/a.jpg\nlook ', 10)).toEqual({
			value: [{ kind: 'binary', field: 'style' }, { kind: 'url', url: 'https://example.com/a.jpg' }, { kind: 'binary', field: 'look' }],
		});
		expect(parseReferences('P', ['a', 'http://x.test/b.png'], 10)).toEqual({ value: [{ kind: 'binary', field: 'a' }, { kind: 'url', url: 'http://x.test/b.png' }] });
	});

	it('takes empty as none', () => {
		expect(parseReferences('P', '', 1)).toEqual({ value: [] });
		expect(parseReferences('P', undefined, 1)).toEqual({ value: [] });
		expect(parseReferences('P', ' , ', 1)).toEqual({ value: [] });
	});

	it('refuses too many, other schemes, paths and what is not text, naming the parameter', () => {
		expect(parseReferences('Character Reference Image', 'a, b', 1)).toMatchObject({ problem: { parameter: 'Character Reference Image', problem: 'has 2 images, more than the 1 Ideogram takes' } });
		expect(parseReferences('P', 'ftp://example.com/a.jpg', 10)).toMatchObject({ problem: { parameter: 'P', problem: '"ftp://example.com/a.jpg" is not an http(s) address' } });
		expect(parseReferences('P', 'C:\\photos\\a.jpg', 10)).toMatchObject({ problem: { problem: expect.stringMatching(/neither a binary field name nor/) } });
		expect(parseReferences('P', { a: 1 }, 10)).toMatchObject({ problem: { problem: 'is not text' } });
	});
});
