#!/usr/bin/env node
// `npm run dev`: the n8n editor on http://localhost:5678 with this package installed from a fresh
// build, our CometAPI-compatible server running, and ready credentials and example workflows
// (V_2, 3.0 with a palette, a mask from rectangles, Replace Background, the product photo set with
// Reframe, Upscale and Describe, an AI agent with the node as its tool).
// Ctrl-C stops everything. Run it again after a change to pick the change up.
'use strict';
const fs = require('node:fs');
const path = require('node:path');

const n8nCli = require('../e2e/n8n');
const { editWorkflow, rectanglesWorkflow, replaceBackgroundWorkflow, productPhotoSetWorkflow, agentWorkflow, CREDENTIAL, OPENAI_CREDENTIAL } = require('../e2e/workflows');
const { startCometServer } = require('../server/cometServer');

const ROOT = n8nCli.ROOT;
const PORT = Number(process.env.N8N_PORT || 5678);
const HOME = path.join(ROOT, '.n8n-dev');
const OWNER = { email: 'dev@example.com', firstName: 'Node', lastName: 'Developer', password: 'Dev-Passw0rd' };

function say(msg) {
	process.stdout.write(`[dev] ${msg}\n`);
}

async function main() {
	const server = await startCometServer({ latencyMs: 1500, port: Number(process.env.COMET_TEST_PORT || 0) });
	say(`CometAPI-compatible server at ${server.url} (key ${server.apiKey})`);
	const n8n = n8nCli.ensureN8n(2);
	// A fresh user folder each time: the package is the one just built, as users would install it.
	fs.rmSync(HOME, { recursive: true, force: true });
	const userFolder = n8nCli.createUserFolder(n8nCli.packPackage(), HOME);
	const files = path.join(userFolder, 'files');
	const edited = path.join(files, 'edited');
	fs.mkdirSync(edited, { recursive: true });
	for (const f of fs.readdirSync(path.join(ROOT, 'examples', 'photos'))) {
		fs.copyFileSync(path.join(ROOT, 'examples', 'photos', f), path.join(files, f));
	}
	// Photos without masks, for the rectangle masks.
	const plain = path.join(files, 'photos-without-masks');
	fs.mkdirSync(plain, { recursive: true });
	fs.copyFileSync(path.join(ROOT, 'examples', 'photos', 'handbag.jpg'), path.join(plain, 'handbag.jpg'));
	const photoUrl = server.host('handbag.jpg', fs.readFileSync(path.join(ROOT, 'examples', 'photos', 'handbag.jpg')));
	server.scriptChatTool({ image_url: photoUrl, regions: '20, 20, 60, 60', prompt: 'a green velvet handbag' });
	await n8nCli.importCredentials(n8n, userFolder, [
		{ ...CREDENTIAL, type: 'cometApi', data: { apiKey: server.apiKey, baseUrl: server.url } },
		// The server's scripted chat model stands in for CometAPI's OpenAI-compatible chat.
		{ ...OPENAI_CREDENTIAL, type: 'openAiApi', data: { apiKey: server.apiKey, url: `${server.url}/v1` } },
	]);
	await n8nCli.importWorkflows(n8n, userFolder, [
		editWorkflow({ id: 'devEditPhotos001', name: 'Edit product photos (dev)', inputDir: files, outputDir: edited }),
		editWorkflow({
			id: 'devV3Palette0001',
			name: 'Ideogram 3.0 with a palette (dev)',
			inputDir: files,
			outputDir: edited,
			parameters: { model: 'V_3', renderingSpeed: 'TURBO', colorPalette: 'custom', paletteMembers: '#C0392B:0.6, #F5E6CC:0.4' },
		}),
		rectanglesWorkflow({
			id: 'devRectangles001',
			name: 'Mask from rectangles (dev)',
			inputDir: plain,
			outputDir: edited,
			parameters: { prompt: 'a sunlit marble countertop', regions: '20, 15, 60, 70', invertRegions: true },
		}),
		replaceBackgroundWorkflow({
			id: 'devReplaceBg0001',
			name: 'Replace the background (dev)',
			inputDir: plain,
			outputDir: edited,
			parameters: { prompt: 'a sunlit marble countertop in a bright kitchen', renderingSpeed: 'TURBO', stylePreset: 'GOLDEN_HOUR' },
		}),
		productPhotoSetWorkflow({ id: 'devPhotoSet00001', name: 'Product photo set: new background, three shapes, upscaled, alt text (dev)', inputDir: plain, outputDir: path.join(files, 'photo-set') }),
		agentWorkflow({ id: 'devAgentTool0001', name: 'AI agent edits a photo from a URL (dev)', task: `Make the handbag in ${photoUrl} green velvet` }),
	]);
	const app = await n8nCli.startN8n(n8n, userFolder, PORT, { N8N_RESTRICT_FILE_ACCESS_TO: files });
	await fetch(`${app.url}/rest/owner/setup`, {
		method: 'POST',
		headers: { 'content-type': 'application/json' },
		body: JSON.stringify(OWNER),
	});
	say(`n8n ${n8n.version} editor: http://localhost:${PORT}/workflow/devEditPhotos001`);
	say(`sign in as ${OWNER.email} / ${OWNER.password}; edited images are written to ${edited}`);
	say('Ctrl-C to stop');

	const stop = async () => {
		say('stopping');
		await app.stop();
		await server.close();
		process.exit(0);
	};
	process.on('SIGINT', stop);
	process.on('SIGTERM', stop);
	app.process.on('exit', async (code) => {
		say(`n8n exited (${code})`);
		await server.close();
		process.exit(code ?? 1);
	});
}

main().catch((error) => {
	process.stderr.write(`[dev] ${error.stack || error}\n`);
	process.exit(1);
});
