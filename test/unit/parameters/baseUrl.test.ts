/** The credential's Base URL, checked before anything is sent to it. */
import { checkBaseUrl } from '../../../nodes/IdeogramEdit/parameters/baseUrl';

describe('checkBaseUrl', () => {
	it('drops trailing slashes', () => {
		expect(checkBaseUrl('https://api.cometapi.com//')).toEqual({ value: 'https://api.cometapi.com' });
	});
	it.each(['', '   ', 'api.cometapi.com', 'ftp://api.cometapi.com', undefined])('refuses %j', (url) => {
		const checked = checkBaseUrl(url);
		expect('problem' in checked && checked.problem.parameter).toBe('Base URL (credential)');
	});
});
