/** Shared set-up for node-level tests: one test server per file, reset between tests. */
import { makeImage, makeMask } from '../fixtures/images';
import { Readable } from 'node:stream';

import { binaryDataService, engine, runNode, stopEngine, type InputItem, type RunOptions } from '../harness/executeNode';

const { startCometServer } = require('../server/cometServer');

export type CometServer = Awaited<ReturnType<typeof startCometServer>>;

export function useServer(): { server: () => CometServer } {
	let server: CometServer;
	beforeAll(async () => {
		server = await startCometServer();
	});
	afterEach(() => server.reset());
	afterAll(async () => {
		await server.close();
		stopEngine();
	});
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
		...options,
		credentials: options.credentials ?? { apiKey: server.apiKey, baseUrl: server.url },
		parameters: { prompt: 'a red leather handbag', ...options.parameters },
	});
}

/**
 * n8n's binary store, slow to hand over some reads (a busy disk, a remote store): those for which
 * `slow(fileName, readsOfThisFile)` says so give their first piece `ms` late. Undo with mockRestore().
 */
export function slowStoreReads(ms: number, slow: (fileName: string | undefined, reads: number) => boolean) {
	return onStoreRead(async (fileName, read, original) => {
		const stream = await original();
		if (!slow(fileName, read)) return stream;
		return Readable.from(
			(async function* () {
				await new Promise((r) => setTimeout(r, ms));
				yield* stream;
			})(),
		);
	});
}

/**
 * n8n's binary store, with each read of a file (`read`: 1 at the check, 2 at the send) handed to
 * `stream`, which returns what the node gets: the `original` stream, or another. Undo with mockRestore().
 */
export function onStoreRead(stream: (fileName: string | undefined, read: number, original: () => Promise<Readable>) => Promise<Readable>) {
	const service = binaryDataService();
	const original = service.getAsStream.bind(service);
	const reads = new Map<string, number>();
	return jest.spyOn(service, 'getAsStream').mockImplementation(async (id, chunkSize) => {
		const read = (reads.get(id) ?? 0) + 1;
		reads.set(id, read);
		return await stream((await service.getMetadata(id)).fileName, read, async () => await original(id, chunkSize));
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

/** Every string inside an error or output, own properties included, to search for the key. */
export function everyText(value: unknown, seen = new Set<unknown>()): string {
	if (typeof value === 'string') return value;
	if (value === null || typeof value !== 'object' || seen.has(value)) return '';
	seen.add(value);
	const keys = Object.getOwnPropertyNames(value);
	return keys.map((k) => `${k}:${everyText((value as Record<string, unknown>)[k], seen)}`).join('\n');
}

/**
 * The engine these tests run in, as the figures name it: "n8n-core 2.41.0", "n8n-core 1.122.48
 * (n8n 1.123.81)", "… on Node 24".
 */
export const ENGINE_NAME = `n8n-core ${engine.n8nCore}${engine.major === 1 ? ` (n8n ${require('../e2e/install-n8n').VERSIONS[1].n8n})` : ''}${process.versions.node.startsWith('24.') ? ' on Node 24' : ''}`;

/**
 * Counts what a catalogue tried, per engine, for the figures in test-artifacts/ (see
 * test/reliability-figures.js): `reliability-<name>@<engine>.json`.
 */
export function recordFigures(name: string, figures: Record<string, number>) {
	const fs = require('node:fs');
	const path = require('node:path');
	const dir = path.join(__dirname, '..', '..', 'test-artifacts');
	fs.mkdirSync(dir, { recursive: true });
	fs.writeFileSync(path.join(dir, `reliability-${name}@${ENGINE_NAME}.json`), JSON.stringify(figures, null, 2));
}
