/**
 * The node in n8n's editor, in a real browser: what a user sees when they search for the node,
 * open it, run a workflow from the canvas and read its output. Also the credential's "Test"
 * button, through the same REST call the credential dialog makes.
 */
import fs from 'node:fs';
import path from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';

import { makeImage, makeMask } from '../fixtures/images';

const n8nCli = require('./n8n');
const { editWorkflow, checkBeforeBatchWorkflow, CREDENTIAL } = require('./workflows');
const { startCometServer } = require('../server/cometServer');
const { ensureChromium } = require('./install-chromium');

jest.setTimeout(10 * 60 * 1000);

const ARTIFACTS = path.join(n8nCli.ROOT, 'test-artifacts');
// `npm run screenshots` sets this: the README's editor screenshots in docs/ are then taken anew.
const DOCS = process.env.UPDATE_DOCS_SCREENSHOTS ? path.join(n8nCli.ROOT, 'docs') : undefined;
/** A screenshot into test-artifacts/, and into docs/ too when the README's are being refreshed. */
async function shoot(page: Page, name: string, forDocs = false) {
	await page.screenshot({ path: path.join(ARTIFACTS, name) });
	if (forDocs && DOCS) fs.copyFileSync(path.join(ARTIFACTS, name), path.join(DOCS, name));
}
const WORKFLOW_ID = 'editorExample001';
const CHECK_WORKFLOW_ID = 'editorCheckOnly1';
const SAVED_V1_WORKFLOW_ID = 'editorSavedV1001';
const OWNER = { email: 'owner@example.com', firstName: 'Test', lastName: 'Owner', password: 'Passw0rd-Test' };

async function until(condition: () => boolean, timeoutMs: number) {
	const deadline = Date.now() + timeoutMs;
	while (!condition()) {
		if (Date.now() > deadline) throw new Error(`condition not met within ${timeoutMs} ms`);
		await new Promise((r) => setTimeout(r, 200));
	}
}

describe('the node in the n8n 2.x editor', () => {
	let server: Awaited<ReturnType<typeof startCometServer>>;
	let app: { url: string; stop: () => Promise<void>; log: () => string };
	let userFolder: string;
	let browser: Browser;
	let page: Page;
	let cookie: string;

	beforeAll(async () => {
		const executablePath = ensureChromium();
		server = await startCometServer();
		const n8n = n8nCli.ensureN8n(2);
		userFolder = n8nCli.createUserFolder(n8nCli.packPackage());
		const files = path.join(userFolder, 'files');
		fs.mkdirSync(files, { recursive: true });
		fs.writeFileSync(path.join(files, 'shoe.jpg'), await makeImage(160, 120, 'jpeg'));
		fs.writeFileSync(path.join(files, 'shoe.mask.png'), await makeMask(160, 120));
		// A folder to check: one good item, one whose mask is a pixel too wide.
		const check = path.join(files, 'check');
		fs.mkdirSync(check, { recursive: true });
		fs.writeFileSync(path.join(check, 'bag.jpg'), await makeImage(160, 120, 'jpeg'));
		fs.writeFileSync(path.join(check, 'bag.mask.png'), await makeMask(160, 120));
		fs.writeFileSync(path.join(check, 'lamp.jpg'), await makeImage(120, 160, 'jpeg'));
		fs.writeFileSync(path.join(check, 'lamp.mask.png'), await makeMask(121, 160));
		await n8nCli.importCredentials(n8n, userFolder, [
			{ ...CREDENTIAL, type: 'cometApi', data: { apiKey: server.apiKey, baseUrl: server.url } },
		]);
		await n8nCli.importWorkflows(n8n, userFolder, [
			editWorkflow({ id: WORKFLOW_ID, name: 'Edit product photos', inputDir: files, parameters: { numImages: 2 } }),
			checkBeforeBatchWorkflow({ id: CHECK_WORKFLOW_ID, name: 'Check a folder before editing it', inputDir: path.join(files, 'check'), outputDir: path.join(files, 'edited') }),
			// Saved before Mask Convention, by a node of version 1, with Invert Mask on.
			editWorkflow({ id: SAVED_V1_WORKFLOW_ID, name: 'Saved with Invert Mask', inputDir: files, parameters: { options: { invertMask: true } }, editNode: { typeVersion: 1 } }),
		]);
		app = await n8nCli.startN8n(n8n, userFolder, await n8nCli.freePort(), { N8N_RESTRICT_FILE_ACCESS_TO: files });

		const res = await fetch(`${app.url}/rest/owner/setup`, {
			method: 'POST',
			headers: { 'content-type': 'application/json' },
			body: JSON.stringify(OWNER),
		});
		expect(res.status).toBe(200);
		cookie = String(res.headers.get('set-cookie')).split(';')[0];

		browser = await chromium.launch({
			executablePath,
			args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
		});
		const context = await browser.newContext({ viewport: { width: 1440, height: 900 } });
		const [name, value] = cookie.split('=');
		await context.addCookies([{ name, value, url: app.url }]);
		page = await context.newPage();
		fs.mkdirSync(ARTIFACTS, { recursive: true });
	});

	afterAll(async () => {
		await browser?.close();
		await app?.stop();
		await server?.close();
		if (userFolder) fs.rmSync(userFolder, { recursive: true, force: true });
	});

	async function testCredential(apiKey: string) {
		const res = await fetch(`${app.url}/rest/credentials/test`, {
			method: 'POST',
			headers: { 'content-type': 'application/json', cookie },
			body: JSON.stringify({ credentials: { ...CREDENTIAL, type: 'cometApi', data: { apiKey, baseUrl: `${server.url}/` } } }),
		});
		return ((await res.json()) as { data: { status: string; message: string } }).data;
	}

	it('the credential test tells a right key from a wrong one', async () => {
		expect(await testCredential(server.apiKey)).toEqual({ status: 'OK', message: 'Connection successful!' });
		expect(await testCredential(`Bearer ${server.apiKey}`)).toEqual({ status: 'OK', message: 'Connection successful!' });
		expect((await testCredential('sk-not-the-key')).status).toBe('Error');
		expect(server.requests).toHaveLength(0); // the test touched no billed endpoint
	});

	it('is found by searching the nodes panel', async () => {
		await page.goto(`${app.url}/workflow/${WORKFLOW_ID}`);
		await page.locator('[data-test-id="canvas-node"]').first().waitFor({ timeout: 60000 });
		await page.locator('[data-test-id="node-creator-plus-button"]').click();
		await page.keyboard.type('Ideogram');
		// A node with operations is listed with its actions behind it.
		const result = page.locator('[data-test-id="item-iterator-item"]', { hasText: 'Ideogram Edit' }).first();
		await result.waitFor({ timeout: 20000 });
		await expect(result.textContent()).resolves.toContain('Edit the masked part of an image');
		await shoot(page, 'editor-node-search.png', true);
		await result.click();
		const creator = page.locator('[data-test-id="node-creator"]');
		await creator.getByText('Replace the background of a photo', { exact: false }).first().waitFor({ timeout: 20000 });
		await expect(creator.getByText('Edit the masked part of an image', { exact: false }).first().isVisible()).resolves.toBe(true);
		await shoot(page, 'editor-node-actions.png');
		await page.keyboard.press('Escape');
		await page.keyboard.press('Escape');
		await creator.waitFor({ state: 'hidden', timeout: 20000 }).catch(() => undefined);
	});

	it('opens with its parameters labelled and its icon showing', async () => {
		// The workflow opened afresh: a nodes panel still closing from the test before (slow under load) covers the canvas.
		await page.goto(`${app.url}/workflow/${WORKFLOW_ID}`);
		const node = page.locator('[data-test-id="canvas-node"][data-node-name="Ideogram Edit"]');
		await node.waitFor({ timeout: 60000 });
		const icon = node.locator('img').first();
		expect(await icon.getAttribute('src')).toMatch(/ideogram\.svg/);
		expect(await icon.evaluate((img) => (img as unknown as { naturalWidth: number }).naturalWidth)).toBeGreaterThan(0);
		await node.dblclick();
		const ndv = page.locator('[data-test-id="ndv"]');
		await ndv.waitFor({ timeout: 20000 });
		for (const label of ['Image Binary Field', 'Mask Binary Field', 'Prompt', 'Model', 'Magic Prompt', 'Style Type', 'Number of Images', 'Seed']) {
			await expect(ndv.getByText(label, { exact: true }).first().isVisible()).resolves.toBe(true);
		}
		await expect(ndv.getByText('Black marks the area to edit', { exact: false }).first().isVisible()).resolves.toBe(true);
		await shoot(page, 'editor-node-panel.png');
		await page.keyboard.press('Escape');
		await ndv.waitFor({ state: 'hidden' });
	});

	it('runs the workflow from the editor and shows the output items', async () => {
		await page.locator('[data-test-id="execute-workflow-button"]').click();
		await until(() => server.editRequests.length === 1, 60000);
		const node = page.locator('[data-test-id="canvas-node"][data-node-name="Ideogram Edit"]');
		await node.dblclick();
		const ndv = page.locator('[data-test-id="ndv"]');
		await ndv.waitFor({ timeout: 20000 });
		const output = page.locator('[data-test-id="output-panel"]');
		await output.getByText('2 items', { exact: false }).first().waitFor({ timeout: 20000 });
		// The binary view (the images, named after the input) shows first, then the JSON fields.
		await output.getByText('shoe-edit-2.png', { exact: false }).first().waitFor({ timeout: 20000 });
		await shoot(page, 'editor-output.png', true);
		await output.getByText('JSON', { exact: true }).first().click();
		await output.getByText('is_image_safe', { exact: false }).first().waitFor({ timeout: 20000 });
		await expect(output.getByText('resolution', { exact: false }).first().isVisible()).resolves.toBe(true);
		await shoot(page, 'editor-output-json.png');
	});

	/** The node's panel, opened if a test before left it closed. */
	async function openNodePanel() {
		const ndv = page.locator('[data-test-id="ndv"]');
		if (!(await ndv.isVisible())) {
			await page.locator('[data-test-id="canvas-node"][data-node-name="Ideogram Edit"]').dblclick();
			await ndv.waitFor({ timeout: 20000 });
		}
		return ndv;
	}

	it('shows the 3.0 parameters once 3.0 is picked, and the rectangle fields for a rectangle mask', async () => {
		const ndv = await openNodePanel();
		const pick = async (parameter: string, option: string) => {
			await ndv.locator(`[data-test-id="parameter-input-${parameter}"]`).first().click();
			await page.locator('.el-select-dropdown__item:visible', { hasText: option }).first().click();
		};
		const shown = async (label: string) => (await ndv.getByText(label, { exact: true }).count()) > 0;
		expect(await shown('Rendering Speed')).toBe(false);
		await pick('model', '3.0');
		await ndv.getByText('Rendering Speed', { exact: true }).first().waitFor({ timeout: 20000 });
		for (const label of ['Rendering Speed', 'Color Palette', 'Style Codes', 'Style Type', 'Style Preset', 'Style Reference Images', 'Character Reference Image']) {
			expect(await shown(label)).toBe(true);
		}
		await pick('maskSource', 'Rectangles');
		await ndv.getByText('Regions', { exact: true }).first().waitFor({ timeout: 20000 });
		for (const label of ['Regions', 'Region Unit', 'Invert']) expect(await shown(label)).toBe(true);
		expect(await shown('Mask Binary Field')).toBe(false);
		await shoot(page, 'editor-node-panel-v3.png');
	});

	it('shows for Replace Background the photo, the prompt and 3.0 style, and no mask, model or character', async () => {
		const ndv = await openNodePanel();
		const shown = async (label: string) => (await ndv.getByText(label, { exact: true }).count()) > 0;
		expect(await shown('Operation')).toBe(true);
		await ndv.locator('[data-test-id="parameter-input-operation"]').first().click();
		await page.locator('.el-select-dropdown__item:visible', { hasText: 'Replace Background' }).first().click();
		// The list closes before the picture is taken.
		await page.locator('.el-select-dropdown:visible').first().waitFor({ state: 'hidden', timeout: 10000 });
		await ndv.getByText('Style Preset', { exact: true }).first().waitFor({ timeout: 20000 });
		for (const label of ['Image Binary Field', 'Prompt', 'Rendering Speed', 'Style Preset', 'Style Reference Images', 'Color Palette']) expect(await shown(label)).toBe(true);
		for (const label of ['Mask Source', 'Mask Binary Field', 'Regions', 'Model', 'Style Type', 'Character Reference Image']) expect(await shown(label)).toBe(false);
		// The step run under Replace Background, so that the output beside it is Replace Background's.
		const before = server.editRequests.length;
		await ndv.locator('[data-test-id="node-execute-button"]').first().click();
		await until(() => server.editRequests.length === before + 1, 60000);
		expect(server.editRequests[before].path).toBe('/ideogram/v1/ideogram-v3/replace-background');
		const output = page.locator('[data-test-id="output-panel"]');
		await output.getByText('2 items', { exact: false }).first().waitFor({ timeout: 20000 });
		await output.getByText('JSON', { exact: true }).first().click();
		await output.getByText('V_3', { exact: false }).first().waitFor({ timeout: 20000 });
		expect(await output.getByText('V_2_TURBO', { exact: false }).count()).toBe(0);
		await page.mouse.move(5, 5);
		await shoot(page, 'editor-node-panel-replace-background.png', true);
	});

	it.each([
		['Remix', ['Prompt', 'Image Weight', 'Aspect Ratio', 'Resolution', 'Negative Prompt', 'Style Type', 'Style Preset', 'Character Reference Image', 'Number of Images'], ['Mask Source', 'Model', 'Target Shapes']],
		['Reframe', ['Target Shapes', 'Rendering Speed', 'Style Preset', 'Number of Images', 'Seed'], ['Prompt', 'Mask Source', 'Model', 'Style Type', 'Magic Prompt']],
		['Upscale', ['Prompt', 'Resemblance', 'Detail', 'Magic Prompt', 'Number of Images'], ['Mask Source', 'Model', 'Rendering Speed', 'Style Preset']],
		['Describe', ['Image Binary Field', 'Describe Model Version'], ['Prompt', 'Mask Source', 'Number of Images', 'Seed', 'Magic Prompt']],
	])('shows for %s its own parameters, and not the others\'', async (operation, shownLabels, hiddenLabels) => {
		const ndv = await openNodePanel();
		const shown = async (label: string) => (await ndv.getByText(label, { exact: true }).count()) > 0;
		await ndv.locator('[data-test-id="parameter-input-operation"]').first().click();
		await page.locator('.el-select-dropdown__item:visible', { hasText: operation }).first().click();
		await page.locator('.el-select-dropdown:visible').first().waitFor({ state: 'hidden', timeout: 10000 });
		await ndv.getByText(shownLabels[shownLabels.length - 1], { exact: true }).first().waitFor({ timeout: 20000 });
		for (const label of shownLabels) expect([label, await shown(label)]).toEqual([label, true]);
		for (const label of hiddenLabels) expect([label, await shown(label)]).toEqual([label, false]);
		await shoot(page, `editor-node-panel-${operation.toLowerCase()}.png`);
	});

	it('Check Only: the batch checked from the editor, its verdicts in the output table, and nothing sent', async () => {
		const before = server.editRequests.length;
		await page.goto(`${app.url}/workflow/${CHECK_WORKFLOW_ID}`);
		await page.locator('[data-test-id="canvas-node"]').first().waitFor({ timeout: 60000 });
		await page.locator('[data-test-id="execute-workflow-button"]').click();
		const node = page.locator('[data-test-id="canvas-node"][data-node-name="Check the Batch"]');
		await node.waitFor({ timeout: 20000 });
		// The run is over when the IF node after the check has its output.
		await page.locator('[data-test-id="canvas-node"][data-node-name="All Accepted and Within Budget?"]').getByText('1', { exact: false }).first().waitFor({ timeout: 60000 }).catch(() => undefined);
		await node.dblclick();
		const output = page.locator('[data-test-id="output-panel"]');
		await output.getByText('2 items', { exact: false }).first().waitFor({ timeout: 60000 });
		await output.getByText('Table', { exact: true }).first().click();
		await output.getByText('refused', { exact: true }).first().waitFor({ timeout: 20000 });
		await expect(output.getByText('ok', { exact: true }).first().isVisible()).resolves.toBe(true);
		await page.mouse.move(5, 5);
		await shoot(page, 'check-only-output.png', true);
		expect(server.editRequests.length).toBe(before);
	});

	it('Options: a new node offers Mask Convention and not Invert Mask; a node saved at version 1 keeps its Invert Mask, on', async () => {
		/** The options the Options collection's "Add option" list offers. */
		const optionsOffered = async () => {
			const ndv = await openNodePanel();
			await ndv.locator('[data-test-id="collection-parameter-add"]').first().scrollIntoViewIfNeeded();
			await ndv.locator('[data-test-id="collection-parameter-add"]').first().click();
			const items = page.locator('[data-test-id="collection-parameter-option"]:visible');
			await items.first().waitFor({ timeout: 20000 });
			const offered = await items.allInnerTexts();
			await page.keyboard.press('Escape');
			return offered.map((t) => t.trim());
		};
		await page.goto(`${app.url}/workflow/${WORKFLOW_ID}`);
		await page.locator('[data-test-id="canvas-node"]').first().waitFor({ timeout: 60000 });
		// The editor may keep what earlier tests left (the node on another operation): Edit With Mask again.
		const panel = await openNodePanel();
		await panel.locator('[data-test-id="parameter-input-operation"]').first().click();
		await page.locator('.el-select-dropdown__item:visible', { hasText: 'Edit With Mask' }).first().click();
		await page.locator('.el-select-dropdown:visible').first().waitFor({ state: 'hidden', timeout: 10000 });
		await panel.getByText('Mask Binary Field', { exact: true }).first().waitFor({ timeout: 20000 });
		const offered = await optionsOffered();
		expect(offered).toEqual(expect.arrayContaining(['Mask Convention', 'Check Only']));
		expect(offered).not.toContain('Invert Mask');
		await page.keyboard.press('Escape');

		await page.goto(`${app.url}/workflow/${SAVED_V1_WORKFLOW_ID}`);
		await page.locator('[data-test-id="canvas-node"]').first().waitFor({ timeout: 60000 });
		const ndv = await openNodePanel();
		// Already set, it shows among the options, switched on.
		const invert = ndv.getByText('Invert Mask', { exact: true }).first();
		await invert.waitFor({ timeout: 20000 });
		await expect(ndv.locator('[data-test-id="parameter-input-invertMask"] .is-checked, [data-test-id="parameter-input-invertMask"] [aria-checked="true"], [data-test-id="parameter-input-invertMask"] input:checked').count()).resolves.toBeGreaterThan(0);
		await invert.scrollIntoViewIfNeeded();
		await shoot(page, 'editor-saved-invert-mask.png');
		await page.keyboard.press('Escape');
	});
});
