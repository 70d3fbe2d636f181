/**
 * n8n 2.x's SSRF protection (N8N_SSRF_PROTECTION_ENABLED) refusing an address: the user reads
 * n8n's own words and advice, never retried. The test server itself (127.0.0.1) stays allowed.
 * n8n 1.x has no SSRF protection: there the same addresses are asked for, and the tests say what
 * the user reads then.
 */
import { engine } from '../harness/executeNode';
import { failure, photoItem, run, useServer } from './setup';

// Read by n8n's outbound HTTP service when this file's first request creates it.
process.env.N8N_SSRF_PROTECTION_ENABLED = 'true';
process.env.N8N_SSRF_ALLOWED_IP_RANGES = '127.0.0.1/32';

const { server } = useServer();
const N8N_MESSAGE = 'The request was blocked because it resolves to a restricted IP address';
const blocks = engine.major >= 2;
const urlPhoto = { imageSource: 'url', imageUrl: 'http://127.0.0.2:9/photo.jpg', maskSource: 'rectangles', regions: '0, 0, 5, 5' };

describe(blocks ? "n8n's SSRF protection" : 'n8n 1.x has no SSRF protection: the addresses are asked for', () => {
	it(blocks ? "an Image URL n8n refuses: n8n's message and advice, the item, no request" : 'an Image URL on a closed port: refused by the host, not by n8n', async () => {
		const error = await failure(run(server(), { items: [{ json: {} }], parameters: urlPhoto }));
		if (blocks) {
			expect(error.message).toBe('Image URL: the image could not be downloaded: the download failed: n8n blocked the request to this address [item 0]');
			expect(error.description).toMatch(new RegExp(`^n8n said: ${N8N_MESSAGE}\\. The target .*127\\.0\\.0\\.2.* is not allowed\\..*ask your n8n administrator`));
		} else {
			expect(error.message).toMatch(/^Image URL: the image could not be downloaded: the download failed: the connection was refused/);
		}
		expect(server().requests).toHaveLength(0);
	});

	it(blocks ? "a Base URL n8n refuses: sent once, with n8n's words" : 'a Base URL on a closed port: tried again, then refused by the host', async () => {
		const error = await failure(
			run(server(), { items: [await photoItem(40, 40)], credentials: { apiKey: server().apiKey, baseUrl: 'http://127.0.0.3:9' }, parameters: { options: { maxRetries: 1 } } }),
		);
		if (blocks) {
			expect(error.message).toBe('The Ideogram edit did not complete: n8n blocked the request to this address [item 0]');
			expect(error.description).toMatch(new RegExp(`^n8n said: ${N8N_MESSAGE}\\. The target .*127\\.0\\.0\\.3.* ask your n8n administrator`));
			expect(error.description).not.toMatch(/raise the Timeout/);
		} else {
			expect(error.message).toBe('The Ideogram edit did not complete: the connection was refused (is the Base URL right?) (after 2 attempts) [item 0]');
		}
	});

	it('the allowed test server is edited as usual', async () => {
		const result = await run(server(), { items: [await photoItem(40, 40)] });
		expect(result.items).toHaveLength(1);
	});
});
