/**
 * The packed package installed into real n8n (2.x on Node 24 and 1.x on Node 20) as the Community
 * Nodes installer installs it, running workflows with `n8n execute` against our server.
 */
import fs from 'node:fs';
import path from 'node:path';

import sharp from 'sharp';

import { decodedSize, makeImage, makeMask, productPhoto } from '../fixtures/images';

const n8nCli = require('./n8n');
const { editWorkflow, rectanglesWorkflow, replaceBackgroundWorkflow, photosWorkflow, productPhotoSetWorkflow, checkBeforeBatchWorkflow, examples, CREDENTIAL } = require('./workflows');
const { startCometServer } = require('../server/cometServer');

jest.setTimeout(10 * 60 * 1000);

const WRONG_KEY = { id: 'cometApiWrong001', name: 'Comet API wrong key' };
const CLOSED_PORT = { id: 'cometApiClosed01', name: 'Comet API on a closed port' };

async function photo(dir: string, name: string, width: number, height: number, maskWidth = width) {
	fs.mkdirSync(dir, { recursive: true });
	fs.writeFileSync(path.join(dir, `${name}.jpg`), await makeImage(width, height, 'jpeg'));
	fs.writeFileSync(path.join(dir, `${name}.mask.png`), await makeMask(maskWidth, height));
}

// The figures count this run's n8n executions only.
beforeAll(() => fs.rmSync(path.join(n8nCli.ROOT, 'test-artifacts', 'reliability-n8n.json'), { force: true }));

/**
 * The README's picture of Replace Background against the test server: the photo, then the result
 * n8n wrote. Refreshed by `npm run screenshots`; kept in test-artifacts/ on every run.
 */
async function writeDocsPicture(photo: string, result: Buffer, name = 'replace-background.png') {
	await writeDocsPictures([photo, result], name);
}

/** The images side by side, each 240 pixels high in its own shape, as docs/<name>. */
async function writeDocsPictures(images: Array<string | Buffer>, name: string) {
	const scaled = await Promise.all(images.map((input) => sharp(input).resize({ height: 240 }).png().toBuffer({ resolveWithObject: true })));
	const width = scaled.reduce((w, s) => w + s.info.width, 0) + 20 * (scaled.length - 1);
	let left = 0;
	const parts = scaled.map((s) => {
		const part = { input: s.data, left, top: 0 };
		left += s.info.width + 20;
		return part;
	});
	const picture = await sharp({ create: { width, height: 240, channels: 3, background: '#ffffff' } }).composite(parts).png().toBuffer();
	fs.writeFileSync(path.join(n8nCli.ROOT, 'test-artifacts', name), picture);
	if (process.env.UPDATE_DOCS_SCREENSHOTS) fs.writeFileSync(path.join(n8nCli.ROOT, 'docs', name), picture);
}

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
		await photo(dir('v3'), 'jug', 80, 60);
		fs.mkdirSync(dir('photos-only'), { recursive: true });
		fs.writeFileSync(path.join(dir('photos-only'), 'lamp.jpg'), await makeImage(100, 80, 'jpeg'));
		fs.writeFileSync(path.join(dir('photos-only'), 'stool.png'), await makeImage(60, 90, 'png'));
		fs.mkdirSync(dir('products'), { recursive: true });
		fs.writeFileSync(path.join(dir('products'), 'bag.jpg'), await productPhoto(120, 80));
		fs.mkdirSync(dir('out-rb'), { recursive: true });
		fs.mkdirSync(dir('out-v3'), { recursive: true });
		fs.mkdirSync(dir('out-rect'), { recursive: true });
		fs.mkdirSync(dir('out-two'), { recursive: true });
		fs.mkdirSync(dir('out-four'), { recursive: true });
		fs.mkdirSync(dir('out-set'), { recursive: true });
		fs.mkdirSync(dir('out-remix'), { recursive: true });
		fs.mkdirSync(dir('out-check'), { recursive: true });

		await n8nCli.importCredentials(n8n, userFolder, [
			{ ...CREDENTIAL, type: 'cometApi', data: { apiKey: server.apiKey, baseUrl: server.url } },
			{ ...WRONG_KEY, type: 'cometApi', data: { apiKey: 'sk-wrong-key-4d1f', baseUrl: server.url } },
			// Nothing listens on a port just freed.
			{ ...CLOSED_PORT, type: 'cometApi', data: { apiKey: server.apiKey, baseUrl: `http://127.0.0.1:${await n8nCli.freePort()}` } },
		]);
		await n8nCli.importWorkflows(n8n, userFolder, [
			editWorkflow({ id: 'e2eTwoPhotos0001', name: 'Two photos', inputDir: dir('two'), outputDir: dir('out-two') }),
			editWorkflow({ id: 'e2eFourImages001', name: 'Four images', inputDir: dir('one'), outputDir: dir('out-four'), parameters: { numImages: 4, seed: '77' } }),
			editWorkflow({ id: 'e2eBadMask000001', name: 'Bad mask', inputDir: dir('badmask') }),
			editWorkflow({ id: 'e2eWrongKey00001', name: 'Wrong key', inputDir: dir('one'), credential: WRONG_KEY }),
			editWorkflow({ id: 'e2eContinue00001', name: 'Continue on fail', inputDir: dir('mixed'), continueOnFail: true }),
			editWorkflow({ id: 'e2eOnePhoto00001', name: 'One photo', inputDir: dir('one') }),
			editWorkflow({ id: 'e2eClosedPort001', name: 'Closed port', inputDir: dir('one'), credential: CLOSED_PORT, parameters: { options: { maxRetries: 1 } } }),
			editWorkflow({ id: 'e2eNoUnknown0001', name: 'At most one charge', inputDir: dir('one'), parameters: { options: { retryUnknownOutcome: false } } }),
			editWorkflow({
				id: 'e2eV3Palette0001',
				name: '3.0 with a palette',
				inputDir: dir('v3'),
				outputDir: dir('out-v3'),
				parameters: { model: 'V_3', renderingSpeed: 'TURBO', colorPalette: 'custom', paletteMembers: '#C0392B:0.6, #F5E6CC:0.4', numImages: 2 },
			}),
			rectanglesWorkflow({
				id: 'e2eRectangles001',
				name: 'Mask from rectangles',
				inputDir: dir('photos-only'),
				outputDir: dir('out-rect'),
				parameters: { prompt: 'a marble countertop', regions: '25, 25, 50, 50', invertRegions: true },
			}),
			replaceBackgroundWorkflow({
				id: 'e2eReplaceBg0001',
				name: 'Replace Background',
				inputDir: dir('products'),
				outputDir: dir('out-rb'),
				parameters: { prompt: 'a sunlit marble countertop', renderingSpeed: 'TURBO', stylePreset: 'GOLDEN_HOUR' },
			}),
			editWorkflow({
				id: 'e2eStyleRef00001',
				name: '3.0 with a style reference',
				inputDir: dir('v3'),
				parameters: { model: 'V_3', styleTypeV3: 'GENERAL', styleReferenceImages: server.host('brand-look.png', await makeImage(48, 48, 'png'), 'image/png') },
			}),
			productPhotoSetWorkflow({ id: 'e2ePhotoSet00001', name: 'Photo set', inputDir: dir('products'), outputDir: dir('out-set') }),
			checkBeforeBatchWorkflow({ id: 'e2eCheckGood0001', name: 'Check a good folder, then edit it', inputDir: dir('two'), outputDir: dir('out-check') }),
			checkBeforeBatchWorkflow({ id: 'e2eCheckBad00001', name: 'Check a folder with a bad mask', inputDir: dir('mixed'), outputDir: dir('out-check') }),
			photosWorkflow({
				id: 'e2eRemix00000001',
				name: 'Remix',
				inputDir: dir('products'),
				outputDir: dir('out-remix'),
				parameters: { resource: 'image', operation: 'remix', prompt: 'the bag on a picnic blanket', aspectRatio: '4x5', imageWeight: 40 },
			}),
			// The examples users import: each must import into every tested n8n.
			...Object.values(examples()),
		]);
	});

	afterEach(() => server.reset());

	// The faults these runs inject, and the items they lose, for the figures of this n8n version.
	const faults = { faultsInjected: 0, itemsLost: 0 };
	afterAll(() => {
		const file = path.join(n8nCli.ROOT, 'test-artifacts', `reliability-faults@n8n ${n8n.version}.json`);
		fs.writeFileSync(file, JSON.stringify(faults, null, 2));
	});
	/** An edited item, counted as lost when it did not arrive. */
	const arrived = (items: Array<{ json: Record<string, unknown>; binary?: Record<string, { mimeType: string }> }>) => {
		faults.faultsInjected++;
		if (items.length === 0) faults.itemsLost++;
		return items;
	};

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
		const [item] = arrived(r.items('Ideogram Edit'));
		expect(item.json).toMatchObject({ attempts: 2, is_image_safe: true });
		expect(item.binary?.data.mimeType).toBe('image/png');
		expect(server.editRequests.map((q: { status: number }) => q.status)).toEqual([503, 200]);
	});

	it('a connection dropped after the upload is retried: the item arrives, and says it took two attempts', async () => {
		server.script([{ drop: true }]);
		const r = await run('e2eOnePhoto00001');
		expect(r.code).toBe(0);
		const [item] = arrived(r.items('Ideogram Edit'));
		expect(item.json).toMatchObject({ attempts: 2, is_image_safe: true });
		expect(server.editRequests.map((q: { status: number | string }) => q.status)).toEqual(['dropped', 200]);
	});

	it('with Retry When Outcome Unknown off, the drop fails the item and says it may have been billed', async () => {
		server.script([{ drop: true }]);
		faults.faultsInjected++;
		const r = await run('e2eNoUnknown0001');
		expect(r.code).not.toBe(0);
		expect(r.error.message).toBe('The Ideogram edit did not complete: the connection was dropped before the answer came [item 0]');
		expect(r.error.description).toMatch(/may have been made and billed upstream, so it was not sent again/);
		expect(server.editRequests).toHaveLength(1);
	});

	it('a Base URL on a closed port is tried again, then fails: the connection was refused', async () => {
		faults.faultsInjected += 2;
		const r = await run('e2eClosedPort001');
		expect(r.code).not.toBe(0);
		expect(r.error.message).toBe('The Ideogram edit did not complete: the connection was refused (is the Base URL right?) (after 2 attempts) [item 0]');
		expect(r.error.description).toMatch(/The HTTP client said: connect ECONNREFUSED 127\.0\.0\.1:\d+/);
	});

	it('a result download that breaks off mid-body is tried once more, and the image arrives', async () => {
		server.configure({ downloadCuts: 1 });
		const r = await run('e2eOnePhoto00001');
		expect(r.code).toBe(0);
		const [item] = arrived(r.items('Ideogram Edit'));
		expect(item.json).toMatchObject({ download_attempts: 2 });
		expect(item.json.download_error).toBeUndefined();
		expect(item.binary?.data.mimeType).toBe('image/png');
		expect(server.downloads.map((d: { status: number | string }) => d.status)).toEqual(['cut', 200]);
	});

	it('Ideogram 3.0 with a palette: the 3.0 route and fields, items of the usual shape, files written', async () => {
		const r = await run('e2eV3Palette0001');
		expect(r.code).toBe(0);
		const items = r.items('Ideogram Edit');
		expect(items.map((i: { json: { model: string; image_index: number; resolution: string } }) => [i.json.model, i.json.image_index, i.json.resolution])).toEqual([
			['V_3', 0, '80x60'],
			['V_3', 1, '80x60'],
		]);
		const [request] = server.editRequests;
		expect(request.path).toBe('/ideogram/v1/ideogram-v3/edit');
		expect(request.status).toBe(200);
		expect(request.fields).toMatchObject({ rendering_speed: 'TURBO', image: { fileName: 'jug.jpg', width: 80, height: 60 } });
		expect(JSON.parse(request.fields.color_palette)).toEqual({ members: [{ color_hex: '#C0392B', color_weight: 0.6 }, { color_hex: '#F5E6CC', color_weight: 0.4 }] });
		expect(fs.readdirSync(dir('out-v3')).sort()).toEqual(['jug-1.png', 'jug-2.png']);
	});

	it('Replace Background: the 3.0 route without a mask, the subject kept and the background new in the written file', async () => {
		const r = await run('e2eReplaceBg0001');
		expect(r.code).toBe(0);
		const [request] = server.editRequests;
		expect(request.path).toBe('/ideogram/v1/ideogram-v3/replace-background');
		expect(request.status).toBe(200);
		expect(request.fields).toMatchObject({ prompt: 'a sunlit marble countertop', style_preset: 'GOLDEN_HOUR', image: { fileName: 'bag.jpg', width: 120, height: 80 } });
		expect(request.fields.mask).toBeUndefined();
		expect(r.items('Ideogram Edit').map((i: { json: { model: string; resolution: string } }) => [i.json.model, i.json.resolution])).toEqual([['V_3', '120x80']]);
		expect(fs.readdirSync(dir('out-rb'))).toEqual(['bag-edit-1.png']);
		const written = fs.readFileSync(path.join(dir('out-rb'), 'bag-edit-1.png'));
		const original = await sharp(path.join(dir('products'), 'bag.jpg')).raw().toBuffer();
		const { data } = await sharp(written).removeAlpha().raw().toBuffer({ resolveWithObject: true });
		const px = (buf: Buffer, x: number, y: number) => [...buf.subarray((y * 120 + x) * 3, (y * 120 + x) * 3 + 3)];
		expect(px(data, 60, 40)).toEqual(px(original, 60, 40));
		expect(px(data, 3, 3)).not.toEqual(px(original, 3, 3));
		if (major === 2) await writeDocsPicture(path.join(dir('products'), 'bag.jpg'), written);
	});

	it('Ideogram 3.0 with a style reference from a URL: downloaded, checked and sent as a file part', async () => {
		const r = await run('e2eStyleRef00001');
		expect(r.code).toBe(0);
		const [request] = server.editRequests;
		expect(request.status).toBe(200);
		expect(request.fields.style_type).toBe('GENERAL');
		expect(request.fields.style_reference_images).toEqual([expect.objectContaining({ fileName: 'brand-look.png', format: 'png', width: 48, height: 48 })]);
	});

	it('a mask from rectangles: drawn at each photo’s size (inverted: keep the middle), results written', async () => {
		server.configure({ keepUploads: true });
		const r = await run('e2eRectangles001');
		expect(r.code).toBe(0);
		const sizes = [];
		for (const request of server.editRequests) {
			const { data, info } = await sharp(request.uploads.mask).extractChannel(0).raw().toBuffer({ resolveWithObject: true });
			const at = (x: number, y: number) => data[y * info.width + x];
			sizes.push(`${info.width}x${info.height}`);
			// Middle kept (white), corners edited (black).
			expect([at(info.width >> 1, info.height >> 1), at(0, 0), at(info.width - 1, info.height - 1)]).toEqual([255, 0, 0]);
			expect(request.fields.mask).toMatchObject({ format: 'png', width: info.width, height: info.height });
		}
		expect(sizes.sort()).toEqual(['100x80', '60x90']);
		expect(fs.readdirSync(dir('out-rect')).sort()).toEqual(['lamp-edit-1.png', 'stool-edit-1.png']);
		expect(r.items('Ideogram Edit').map((i: { pairedItem: unknown }) => i.pairedItem)).toEqual([{ item: 0 }, { item: 1 }]);
	});

	it('a photo set: a new background, three shapes, each upscaled and written, with alt text from Describe', async () => {
		const r = await run('e2ePhotoSet00001');
		expect(r.code).toBe(0);
		const byPath = (p: string) => server.editRequests.filter((q: { path: string }) => q.path === p).length;
		expect([
			byPath('/ideogram/v1/ideogram-v3/replace-background'),
			byPath('/ideogram/v1/ideogram-v3/reframe'),
			byPath('/ideogram/upscale'),
			byPath('/ideogram/describe'),
		]).toEqual([1, 3, 3, 1]);
		expect(r.items('Reframe to Channel Shapes').map((i: { json: { target: string; resolution: string } }) => [i.json.target, i.json.resolution])).toEqual([
			['1x1', '1024x1024'],
			['16x9', '1312x736'],
			['9x16', '736x1312'],
		]);
		expect(r.items('Upscale for Print').map((i: { json: { upscaled_resolution: string }; pairedItem: unknown }) => [i.json.upscaled_resolution, i.pairedItem])).toEqual([
			['2048x2048', { item: 0 }],
			['2624x1472', { item: 1 }],
			['1472x2624', { item: 2 }],
		]);
		const written = fs.readdirSync(dir('out-set')).sort();
		expect(written).toEqual([
			'alt-text.json',
			'bag-edit-1-reframe-16x9-1-upscale-1.png',
			'bag-edit-1-reframe-1x1-1-upscale-1.png',
			'bag-edit-1-reframe-9x16-1-upscale-1.png',
		]);
		const banner = fs.readFileSync(path.join(dir('out-set'), 'bag-edit-1-reframe-16x9-1-upscale-1.png'));
		expect(await decodedSize(banner)).toEqual({ width: 2624, height: 1472, format: 'png' });
		const altText = JSON.parse(fs.readFileSync(path.join(dir('out-set'), 'alt-text.json'), 'utf8'));
		expect(altText).toEqual([expect.objectContaining({ description: '(V_3) A photo of 120×80 pixels: bag.jpg, on a plain backdrop.', describe_model_version: 'V_3' })]);
		if (major === 2) {
			const square = fs.readFileSync(path.join(dir('out-set'), 'bag-edit-1-reframe-1x1-1-upscale-1.png'));
			const story = fs.readFileSync(path.join(dir('out-set'), 'bag-edit-1-reframe-9x16-1-upscale-1.png'));
			await writeDocsPictures([path.join(dir('products'), 'bag.jpg'), square, banner, story], 'reframe.png');
			await writeDocsPictures([path.join(dir('products'), 'bag.jpg'), banner], 'upscale.png');
		}
	});

	it('Remix: a new image in the 4:5 shape, written', async () => {
		const r = await run('e2eRemix00000001');
		expect(r.code).toBe(0);
		const [request] = server.editRequests;
		expect(request.path).toBe('/ideogram/v1/ideogram-v3/remix');
		expect(request.fields).toMatchObject({ aspect_ratio: '4x5', image_weight: '40', prompt: 'the bag on a picnic blanket' });
		expect(r.items('Ideogram Edit').map((i: { json: { resolution: string; model: string } }) => [i.json.model, i.json.resolution])).toEqual([['V_3', '896x1120']]);
		const written = fs.readFileSync(path.join(dir('out-remix'), 'bag-remix-1.png'));
		expect(await decodedSize(written)).toEqual({ width: 896, height: 1120, format: 'png' });
		if (major === 2) await writeDocsPictures([path.join(dir('products'), 'bag.jpg'), written], 'remix.png');
	});

	it('Check Only before a batch: a good folder is checked with nothing sent, passes the IF node on its totals, and is edited', async () => {
		server.reset();
		const r = await run('e2eCheckGood0001');
		expect({ code: r.code, error: r.error?.message }).toEqual({ code: 0, error: undefined });
		const verdicts = r.items('Check the Batch').map((i: { json: Record<string, unknown> }) => i.json);
		expect(verdicts.map((v: Record<string, unknown>) => v.check)).toEqual(['ok', 'ok']);
		expect(verdicts[0]).toMatchObject({ operation: 'editWithMask', route: '/edit', images: 1, estimate: 0.06, batch: { items: 2, ok: 2, refused: 0, images: 2, estimate: 0.12 } });
		// The edits are the second node's: the check sent nothing.
		expect(server.editRequests).toHaveLength(2);
		expect(r.items('Edit the Batch')).toHaveLength(2);
		expect(fs.readdirSync(dir('out-check')).sort()).toEqual(['bag-edit-1.png', 'shoe-edit-1.png']);
	});

	it('Check Only before a batch: a folder with one bad mask is reported whole and stops at the IF node; nothing is sent', async () => {
		server.reset();
		const r = await run('e2eCheckBad00001');
		expect({ code: r.code, error: r.error?.message }).toEqual({ code: 0, error: undefined });
		const verdicts = r.items('Check the Batch').map((i: { json: Record<string, unknown> }) => i.json);
		expect(verdicts.map((v: Record<string, unknown>) => v.check)).toEqual(['ok', 'refused', 'ok']);
		expect(verdicts[1].error).toMatch(/^Mask Binary Field: the mask is 41×40 pixels but the image is 40×40 \[item 1\]$/);
		expect(verdicts[2].batch).toEqual({ items: 3, ok: 2, refused: 1, images: 2, estimate: 0.12 });
		expect(server.requests).toHaveLength(0);
		expect(r.items('Edit the Batch')).toHaveLength(0);
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
