/** What users install: the packed tarball's contents, and the checks of the release workflows. */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const ROOT = path.join(__dirname, '..', '..');

describe('the packed package', () => {
	// `npm test` builds before the unit tests; the tarball is what npm pack would publish.
	const pack = spawnSync('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], { cwd: ROOT, encoding: 'utf8' });
	const files: string[] = JSON.parse(pack.stdout)[0].files.map((f: { path: string }) => f.path).sort();

	it('holds the built node and credential, the README, the license, index.js (package.json\'s main) and package.json, and nothing else', () => {
		expect(files).toEqual(expect.arrayContaining([
			'LICENSE.md',
			'README.md',
			'package.json',
			'dist/credentials/CometApi.credentials.js',
			'dist/credentials/cometapi.svg',
			'dist/credentials/cometapi.dark.svg',
			'dist/nodes/IdeogramEdit/IdeogramEdit.node.js',
			'dist/nodes/IdeogramEdit/IdeogramEdit.node.json',
			'dist/nodes/IdeogramEdit/ideogram.svg',
			'dist/nodes/IdeogramEdit/ideogram.dark.svg',
		]));
		const unexpected = files.filter(
			(f) => !['LICENSE.md', 'README.md', 'index.js', 'package.json'].includes(f) && !/^dist\/(credentials|nodes)\/.+\.(js|d\.ts|svg|json)$/.test(f),
		);
		// No tests, no sources, no source maps (the sources are not shipped), no examples or photos.
		expect(unexpected).toEqual([]);
	});

	it('holds no file left from an earlier build: every built file comes from a source file of today', () => {
		const stale = files
			.filter((f) => f.startsWith('dist/'))
			.map((f) => f.slice('dist/'.length).replace(/\.d\.ts$|\.js$/, '.ts'))
			.filter((source) => !fs.existsSync(path.join(ROOT, source)));
		expect(stale).toEqual([]);
	});

	it('is small: no large files', () => {
		const size = JSON.parse(pack.stdout)[0].unpackedSize as number;
		expect(size).toBeLessThan(400 * 1024);
	});
});

describe('the GitHub workflows check in npm run lint', () => {
	const check = (...files: string[]) => spawnSync(process.execPath, [path.join(ROOT, 'test/scan/check-workflows.js'), ...files], { encoding: 'utf8' });

	it('passes on the real workflows', () => {
		const r = check();
		expect(r.stdout).toMatch(/GitHub workflows: (\d+) of \1 valid/);
		expect(r.status).toBe(0);
	});

	it('fails on a broken workflow, saying where', () => {
		const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'workflow-'));
		const broken = path.join(dir, 'broken.yml');
		// A job without runs-on whose step both uses an action and runs a command.
		fs.writeFileSync(broken, 'name: broken\non:\n  push:\njobs:\n  test:\n    steps:\n      - uses: actions/checkout@v4\n        run: echo both\n');
		const r = check(broken);
		expect(r.status).toBe(1);
		expect(r.stderr).toContain('is not a valid GitHub workflow');
		expect(r.stderr).toContain('/jobs/test');
		fs.rmSync(dir, { recursive: true, force: true });
	});
});
