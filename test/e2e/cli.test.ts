/**
 * The packed package installed into real n8n (2.x on Node 24 and 1.x on Node 20) as the Community
 * Nodes installer installs it, running workflows with `n8n execute` against our server.
 */
import fs from 'node:fs';
import path from 'node:path';

import { decodedSize, makeImage, makeMask } from '../fixtures/images';

const n8nCli = require('./n8n');
const { editWorkflow, CREDENTIAL, EXAMPLE_FILE } = require('./workflows');
const { startCometServer } = require('../server/cometServer');

jest.setTimeout(10 * 60 * 1000);

const WRONG_KEY = { id: 'cometApiWrong001', name: 'Comet API wrong key' };

async function photo(dir: string, name: string, width: number, height: number, maskWidth = width) {
	fs.mkdirSync(dir, { recursive: true });
	fs.writeFileSync(path.join(dir, `${name}.jpg`), await makeImage(width, height, 'jpeg'));
	fs.writeFileSync(path.join(dir, `${name}.mask.png`), await makeMask(maskWidth, height));
}

// The figures count this run's n8n executions only.
beforeAll(() => fs.rmSync(path.join(n8nCli.ROOT, 'test-artifacts', 'reliability-n8n.json'), { force: true }));

describe.each([2, 1])('real n8n %s.x', (major) => {
	let server: Awaited<ReturnType<typeof startCometServer>>;
	let n8n: { version: string };
	let userFolder: string;
	const dir = (name: string) => path.join(userFolder, 'files', name);
	const env = () => ({ N8N_RESTRICT_FILE_ACCESS_TO: path.join(userFolder, 'files') });
	const outputs: string[] = [];
	const run = async (id: string) => {
		const r = await n8nCli.executeWorkflow(n8n, userFolder, id, env());
		outputs.push(r.stdout + r.stderr);
		return r;
	};

	beforeAll(async () => {
		server = await startCometServer();
		n8n = n8nCli.ensureN8n(major);
		userFolder = n8nCli.createUserFolder(n8nCli.packPackage());

		await photo(dir('two'), 'bag', 96, 64);
		await photo(dir('two'), 'shoe', 64, 80);
		await photo(dir('one'), 'vase', 72, 72);
		await photo(dir('badmask'), 'lamp', 64, 64, 63);
		await photo(dir('mixed'), 'a-cup', 40, 40);
		await photo(dir('mixed'), 'b-hat', 40, 40, 41);
		await photo(dir('mixed'), 'c-mug', 40, 40);
		fs.mkdirSync(dir('out-two'), { recursive: true });
		fs.mkdirSync(dir('out-four'), { recursive: true });

		await n8nCli.importCredentials(n8n, userFolder, [
			{ ...CREDENTIAL, type: 'cometApi', data: { apiKey: server.apiKey, baseUrl: server.url } },
			{ ...WRONG_KEY, type: 'cometApi', data: { apiKey: 'sk-wrong-key-4d1f', baseUrl: server.url } },
		]);
		await n8nCli.importWorkflows(n8n, userFolder, [
			editWorkflow({ id: 'e2eTwoPhotos0001', name: 'Two photos', inputDir: dir('two'), outputDir: dir('out-two') }),
			editWorkflow({ id: 'e2eFourImages001', name: 'Four images', inputDir: dir('one'), outputDir: dir('out-four'), parameters: { numImages: 4, seed: '77' } }),
			editWorkflow({ id: 'e2eBadMask000001', name: 'Bad mask', inputDir: dir('badmask') }),
			editWorkflow({ id: 'e2eWrongKey00001', name: 'Wrong key', inputDir: dir('one'), credential: WRONG_KEY }),
			editWorkflow({ id: 'e2eContinue00001', name: 'Continue on fail', inputDir: dir('mixed'), continueOnFail: true }),
			editWorkflow({ id: 'e2eOnePhoto00001', name: 'One photo', inputDir: dir('one') }),
			// The example users import: it must import into every tested n8n.
			JSON.parse(fs.readFileSync(EXAMPLE_FILE, 'utf8')),
		]);
	});

	afterEach(() => server.reset());

	afterAll(() => {
		// n8n prints each run's whole execution data: no key may be in any of it.
		const keys = [server.apiKey, 'sk-wrong-key-4d1f'];
		const leaks = outputs.filter((o) => keys.some((k) => o.includes(k))).length;
		const file = path.join(n8nCli.ROOT, 'test-artifacts', 'reliability-n8n.json');
		const before = fs.existsSync(file) ? JSON.parse(fs.readFileSync(file, 'utf8')) : { runs: 0, keyLeaks: 0 };
		fs.writeFileSync(file, JSON.stringify({ runs: before.runs + outputs.length, keyLeaks: before.keyLeaks + leaks }));
		expect(leaks).toBe(0);
	});

	afterAll(async () => {
		await server?.close();
		if (userFolder) fs.rmSync(userFolder, { recursive: true, force: true });
	});

	it('edits two photos: one item each, paired, and the written files are real edited images', async () => {
		const r = await run('e2eTwoPhotos0001');
		expect(r.code).toBe(0);
		const items = r.items('Ideogram Edit');
		expect(items.map((i: { json: { resolution: string }; pairedItem: unknown }) => [i.json.resolution, i.pairedItem])).toEqual([
			['96x64', { item: 0 }],
			['64x80', { item: 1 }],
		]);
		expect(items[0].json).toMatchObject({ is_image_safe: true, model: 'V_2_TURBO', attempts: 1, input_prompt: 'a red leather handbag on the table' });
		expect(items[0].binary.data).toMatchObject({ mimeType: 'image/png', fileName: 'bag-edit-1.png' });
		// Written by n8n's own Write Files node, named through the paired item.
		expect(fs.readdirSync(dir('out-two')).sort()).toEqual(['bag-1.png', 'shoe-1.png']);
		expect(await decodedSize(fs.readFileSync(path.join(dir('out-two'), 'bag-1.png')))).toEqual({ width: 96, height: 64, format: 'png' });
		expect(await decodedSize(fs.readFileSync(path.join(dir('out-two'), 'shoe-1.png')))).toEqual({ width: 64, height: 80, format: 'png' });
		expect(server.editRequests.map((q: { fields: { image_file: { fileName: string } } }) => q.fields.image_file.fileName).sort()).toEqual(['bag.jpg', 'shoe.jpg']);
	});

	it('four images from one photo: four items, four files', async () => {
		const r = await run('e2eFourImages001');
		expect(r.code).toBe(0);
		const items = r.items('Ideogram Edit');
		expect(items.map((i: { json: { image_index: number; seed: number } }) => [i.json.image_index, i.json.seed])).toEqual([
			[0, 77],
			[1, 77],
			[2, 77],
			[3, 77],
		]);
		expect(fs.readdirSync(dir('out-four')).sort()).toEqual(['vase-1.png', 'vase-2.png', 'vase-3.png', 'vase-4.png']);
		expect(server.editRequests).toHaveLength(1);
	});

	it('a mask of another size fails with the clear message, and nothing is sent', async () => {
		const r = await run('e2eBadMask000001');
		expect(r.code).not.toBe(0);
		expect(r.error.message).toBe('Mask Binary Field: the mask is 63×64 pixels but the image is 64×64 [item 0]');
		expect(r.error.description).toMatch(/Resize the mask to 64×64/);
		expect(server.requests).toHaveLength(0);
	});

	it('a wrong key fails with the API message and says to check the key, which appears nowhere', async () => {
		const r = await run('e2eWrongKey00001');
		expect(r.code).not.toBe(0);
		expect(r.error.message).toBe('Invalid token (request id: test) (HTTP 401) [item 0]');
		expect(r.error.description).toMatch(/Check the API key/);
		expect(r.stdout + r.stderr).not.toContain('sk-wrong-key-4d1f');
	});

	it('Continue On Fail: the bad item becomes an error item, the others are edited', async () => {
		const r = await run('e2eContinue00001');
		expect(r.code).toBe(0);
		const items = r.items('Ideogram Edit');
		expect(items.map((i: { json: { error?: string; resolution?: string }; pairedItem: unknown }) => [i.pairedItem, i.json.error ?? i.json.resolution])).toEqual([
			[{ item: 0 }, '40x40'],
			[{ item: 1 }, 'Mask Binary Field: the mask is 41×40 pixels but the image is 40×40 [item 1]'],
			[{ item: 2 }, '40x40'],
		]);
		expect(server.editRequests).toHaveLength(2);
	});

	it('an unsafe result is an item with is_image_safe false and no image', async () => {
		server.configure({ unsafe: 'all' });
		const r = await run('e2eOnePhoto00001');
		expect(r.code).toBe(0);
		const [item] = r.items('Ideogram Edit');
		expect(item.json).toMatchObject({ is_image_safe: false, url: '' });
		expect(item.binary).toBeUndefined();
		expect(r.stdout).not.toContain(server.apiKey);
	});

	it('a passing 503 is retried: the item arrives, and says it took two attempts', async () => {
		server.script([{ status: 503, retryAfter: '1' }]);
		const r = await run('e2eOnePhoto00001');
		expect(r.code).toBe(0);
		const [item] = r.items('Ideogram Edit');
		expect(item.json).toMatchObject({ attempts: 2, is_image_safe: true });
		expect(item.binary.data.mimeType).toBe('image/png');
		expect(server.editRequests.map((q: { status: number }) => q.status)).toEqual([503, 200]);
	});

	it('an expired image link keeps the item, with its URL and a download_error', async () => {
		server.configure({ expireImages: true });
		const r = await run('e2eOnePhoto00001');
		expect(r.code).toBe(0);
		const [item] = r.items('Ideogram Edit');
		expect(item.json).toMatchObject({ url: expect.stringContaining('/images/'), download_error: 'HTTP 404: the image link has expired or does not exist' });
		expect(item.binary).toBeUndefined();
	});
});
