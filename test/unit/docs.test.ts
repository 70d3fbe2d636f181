/**
 * The README and the pages in docs/ as a reader follows them: every relative link and picture
 * leads somewhere (a file, and a heading when it names one), every parameter and option of an
 * operation is named on that operation's page, and the codex file's documentation links are pages
 * of the repository.
 */
import fs from 'node:fs';
import path from 'node:path';

import type { INodeProperties } from 'n8n-workflow';

import { IdeogramEdit } from '../../nodes/IdeogramEdit/IdeogramEdit.node';
import { OPERATIONS } from '../../nodes/IdeogramEdit/operations';

const ROOT = path.join(__dirname, '..', '..');
const pages = ['README.md', ...fs.readdirSync(path.join(ROOT, 'docs')).filter((f) => f.endsWith('.md')).map((f) => `docs/${f}`)];

/** GitHub's anchor for a heading. */
function slug(heading: string): string {
	return heading
		.trim()
		.toLowerCase()
		.replace(/[^\p{L}\p{N}\s-]/gu, '')
		.replace(/\s/g, '-');
}

function headings(file: string): string[] {
	const text = fs.readFileSync(path.join(ROOT, file), 'utf8').replace(/```[\s\S]*?```/g, '');
	return [...text.matchAll(/^#{1,6} (.+)$/gm)].map((m) => slug(m[1]));
}

/** Every relative link and picture of a page: [text](target) and ![alt](target), outside code. */
function links(file: string): string[] {
	const text = fs.readFileSync(path.join(ROOT, file), 'utf8').replace(/```[\s\S]*?```/g, '').replace(/`[^`\n]*`/g, '');
	return [...text.matchAll(/!?\[[^\]]*\]\(([^)\s]+)\)/g)].map((m) => m[1]).filter((t) => !/^[a-z]+:/i.test(t));
}

describe('links and pictures', () => {
	it.each(pages)('every relative link and picture in %s resolves', (page) => {
		const broken = links(page).filter((target) => {
			const [file, anchor] = target.split('#');
			const resolved = file === '' ? page : path.normalize(path.join(path.dirname(page), file));
			if (!fs.existsSync(path.join(ROOT, resolved))) return true;
			return anchor !== undefined && resolved.endsWith('.md') && !headings(resolved).includes(anchor);
		});
		expect(broken).toEqual([]);
	});

	it('every page of docs/ is linked from the README or another page', () => {
		const linked = new Set(pages.flatMap((page) => links(page).map((t) => path.normalize(path.join(path.dirname(page), t.split('#')[0] || page)))));
		expect(pages.filter((p) => p !== 'README.md' && !linked.has(p))).toEqual([]);
	});
});

describe('each operation has its page', () => {
	const { properties } = new IdeogramEdit().description;
	const page = (value: string) => `docs/${value.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}.md`;
	/** Whether a parameter can be shown for this operation (its other conditions aside). */
	const forOperation = (p: INodeProperties, value: string) => {
		const show = p.displayOptions?.show ?? {};
		const operations = (show.operation ?? show['/operation']) as string[] | undefined;
		return !operations || operations.includes(value);
	};

	it.each(OPERATIONS.map((o) => [o.choice.name, o.choice.value]))('%s: every parameter and option is named on its page', (_, value) => {
		const text = fs.readFileSync(path.join(ROOT, page(value)), 'utf8');
		const shown = properties.filter((p) => p.name !== 'resource' && p.name !== 'operation' && forOperation(p, value));
		const names = shown.flatMap((p) => (p.type === 'collection' ? ((p.options ?? []) as INodeProperties[]).filter((o) => forOperation(o, value)) : [p])).map((p) => p.displayName);
		expect(names.filter((name) => !text.includes(`| ${name} |`))).toEqual([]);
	});

	it('the codex file points at the pages', () => {
		const codex = JSON.parse(fs.readFileSync(path.join(ROOT, 'nodes/IdeogramEdit/IdeogramEdit.node.json'), 'utf8'));
		const urls: string[] = [...codex.resources.primaryDocumentation, ...codex.resources.generic].map((r: { url: string }) => r.url);
		const repo = 'https://github.com/cometapi/n8n-nodes-cometapi/blob/main/';
		expect(urls.filter((u) => !u.startsWith(repo) || !fs.existsSync(path.join(ROOT, u.slice(repo.length))))).toEqual([]);
		expect(urls).toEqual(expect.arrayContaining(OPERATIONS.map((o) => `${repo}${page(o.choice.value)}`)));
	});
});
