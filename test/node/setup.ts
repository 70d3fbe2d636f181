/** Shared set-up for node-level tests: one test server per file, reset between tests. */
import { makeImage, makeMask } from '../fixtures/images';
import { runNode, type InputItem, type RunOptions } from '../harness/executeNode';

const { startCometServer } = require('../server/cometServer');

export type CometServer = Awaited<ReturnType<typeof startCometServer>>;

export function useServer(): { server: () => CometServer } {
	let server: CometServer;
	beforeAll(async () => {
		server = await startCometServer();
	});
	afterEach(() => server.reset());
	afterAll(() => server.close());
	return { server: () => server };
}

export async function photoItem(width = 256, height = 192, extra: Partial<InputItem> = {}): Promise<InputItem> {
	return {
		json: { sku: `SKU-${width}x${height}` },
		binary: {
			data: { data: await makeImage(width, height, 'jpeg'), fileName: 'shoe.jpg', mimeType: 'image/jpeg' },
			mask: { data: await makeMask(width, height), fileName: 'shoe-mask.png', mimeType: 'image/png' },
		},
		...extra,
	};
}

export function run(server: CometServer, options: Omit<RunOptions, 'credentials'> & { credentials?: RunOptions['credentials'] }) {
	return runNode({
		credentials: { apiKey: server.apiKey, baseUrl: server.url },
		...options,
		parameters: { prompt: 'a red leather handbag', ...options.parameters },
	});
}

/** The error a run fails with, for assertions on what the user reads. */
export async function failure(promise: Promise<unknown>): Promise<{ message: string; description?: string; httpCode?: string }> {
	try {
		await promise;
	} catch (error) {
		return error as { message: string; description?: string; httpCode?: string };
	}
	throw new Error('expected the run to fail, and it succeeded');
}
