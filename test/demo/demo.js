#!/usr/bin/env node
// `npm run demo`: edits the bundled sample photo with its mask in real n8n, and leaves the results
// in demo-output/. Against our CometAPI-compatible server by default; against the real API when
// COMETAPI_API_KEY is set (and COMETAPI_BASE_URL, if you use a gateway).
'use strict';
const fs = require('node:fs');
const path = require('node:path');

const n8nCli = require('../e2e/n8n');
const { editWorkflow, CREDENTIAL } = require('../e2e/workflows');

const ROOT = n8nCli.ROOT;
const OUTPUT = path.join(ROOT, 'demo-output');
const WORKFLOW_ID = 'demoEditPhotos01';

function say(msg) {
	process.stdout.write(`[demo] ${msg}\n`);
}

async function main() {
	const realKey = process.env.COMETAPI_API_KEY;
	let server;
	let credentialData;
	if (realKey) {
		const baseUrl = process.env.COMETAPI_BASE_URL || 'https://api.cometapi.com';
		say(`using the real API at ${baseUrl} (COMETAPI_API_KEY is set; this is billed)`);
		credentialData = { apiKey: realKey, baseUrl };
	} else {
		const { startCometServer } = require('../server/cometServer');
		server = await startCometServer({ latencyMs: 500 });
		say(`using the CometAPI-compatible test server at ${server.url} (set COMETAPI_API_KEY to use the real API)`);
		credentialData = { apiKey: server.apiKey, baseUrl: server.url };
	}

	say('installing n8n 2.x the first time (several minutes), then building and packing the package');
	const n8n = n8nCli.ensureN8n(2);
	const userFolder = n8nCli.createUserFolder(n8nCli.packPackage());
	try {
		const files = path.join(userFolder, 'files');
		fs.mkdirSync(files, { recursive: true });
		fs.rmSync(OUTPUT, { recursive: true, force: true });
		fs.mkdirSync(OUTPUT, { recursive: true });
		for (const f of fs.readdirSync(path.join(ROOT, 'examples', 'photos'))) {
			fs.copyFileSync(path.join(ROOT, 'examples', 'photos', f), path.join(files, f));
		}
		await n8nCli.importCredentials(n8n, userFolder, [{ ...CREDENTIAL, type: 'cometApi', data: credentialData }]);
		await n8nCli.importWorkflows(n8n, userFolder, [
			editWorkflow({
				id: WORKFLOW_ID,
				name: 'Demo: edit the sample photo',
				inputDir: files,
				outputDir: OUTPUT,
				parameters: { prompt: 'a tan leather handbag with gold buckles', numImages: 2 },
			}),
		]);
		say(`running the workflow with n8n ${n8n.version}`);
		const run = await n8nCli.executeWorkflow(n8n, userFolder, WORKFLOW_ID, {
			N8N_RESTRICT_FILE_ACCESS_TO: `${files};${OUTPUT}`,
		});
		if (run.code !== 0) {
			say(`the workflow failed: ${run.error?.message ?? 'see the output above'}`);
			if (run.error?.description) say(run.error.description);
			process.exitCode = 1;
			return;
		}
		const items = run.items('Ideogram Edit');
		fs.writeFileSync(path.join(OUTPUT, 'items.json'), JSON.stringify(items.map((i) => i.json), null, 2));
		for (const item of items) {
			say(`image ${item.json.image_index + 1}: ${item.json.resolution}, seed ${item.json.seed}, safe ${item.json.is_image_safe}`);
		}
		say(`done: ${fs.readdirSync(OUTPUT).length - 1} edited image(s) and items.json are in ${OUTPUT}`);
	} finally {
		fs.rmSync(userFolder, { recursive: true, force: true });
		await server?.close();
	}
}

main().catch((error) => {
	process.stderr.write(`[demo] ${error.stack || error}\n`);
	process.exitCode = 1;
});
