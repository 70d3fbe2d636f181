#!/usr/bin/env node
// `npm run dev`: the n8n editor on http://localhost:5678 with this package installed from a fresh
// build, our CometAPI-compatible server running, and a ready credential and example workflow.
// Ctrl-C stops everything. Run it again after a change to pick the change up.
'use strict';
const fs = require('node:fs');
const path = require('node:path');

const n8nCli = require('../e2e/n8n');
const { editWorkflow, CREDENTIAL } = require('../e2e/workflows');
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
	await n8nCli.importCredentials(n8n, userFolder, [
		{ ...CREDENTIAL, type: 'cometApi', data: { apiKey: server.apiKey, baseUrl: server.url } },
	]);
	await n8nCli.importWorkflows(n8n, userFolder, [
		editWorkflow({ id: 'devEditPhotos001', name: 'Edit product photos (dev)', inputDir: files, outputDir: edited }),
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
