/**
 * n8n's SSRF protection (N8N_SSRF_PROTECTION_ENABLED) refusing an address: the user reads n8n's
 * own words and advice, never retried. The test server itself (127.0.0.1) stays allowed.
 */
import { failure, photoItem, run, useServer } from './setup';

// Read by n8n's outbound HTTP service when this file's first request creates it.
process.env.N8N_SSRF_PROTECTION_ENABLED = 'true';
process.env.N8N_SSRF_ALLOWED_IP_RANGES = '127.0.0.1/32';

const { server } = useServer();
const N8N_MESSAGE = 'The request was blocked because it resolves to a restricted IP address';

describe("n8n's SSRF protection", () => {
	it('an Image URL n8n refuses: n8n\'s message and advice, the item, no request', async () => {
		const error = await failure(
			run(server(), { items: [{ json: {} }], parameters: { imageSource: 'url', imageUrl: 'http://127.0.0.2:9/photo.jpg', maskSource: 'rectangles', regions: '0, 0, 5, 5' } }),
		);
		expect(error.message).toBe('Image URL: the image could not be downloaded: the download failed: n8n blocked the request to this address [item 0]');
		expect(error.description).toMatch(new RegExp(`^n8n said: ${N8N_MESSAGE}\\. The target .*127\\.0\\.0\\.2.* is not allowed\\..*ask your n8n administrator`));
		expect(server().requests).toHaveLength(0);
	});

	it('a Base URL n8n refuses: sent once, with n8n\'s words', async () => {
		const error = await failure(run(server(), { items: [await photoItem(40, 40)], credentials: { apiKey: server().apiKey, baseUrl: 'http://127.0.0.3:9' } }));
		expect(error.message).toBe('The Ideogram edit did not complete: n8n blocked the request to this address [item 0]');
		expect(error.description).toMatch(new RegExp(`^n8n said: ${N8N_MESSAGE}\\. The target .*127\\.0\\.0\\.3.* ask your n8n administrator`));
		expect(error.description).not.toMatch(/raise the Timeout/);
	});

	it('the allowed test server is edited as usual', async () => {
		const result = await run(server(), { items: [await photoItem(40, 40)] });
		expect(result.items).toHaveLength(1);
	});
});
