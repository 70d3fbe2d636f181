/**
 * Ideogram Edit as a tool of n8n's AI Agent, in real n8n 2.x: the agent's chat model is n8n's
 * OpenAI Chat Model pointed at our server's OpenAI-compatible /v1/chat/completions, which answers
 * with a scripted call of the tool (an image URL, regions and a prompt, filled through $fromAI).
 */
import fs from 'node:fs';
import path from 'node:path';

import sharp from 'sharp';

import { makeImage } from '../fixtures/images';

const n8nCli = require('./n8n');
const { agentWorkflow, CREDENTIAL, OPENAI_CREDENTIAL } = require('./workflows');
const { startCometServer } = require('../server/cometServer');

jest.setTimeout(10 * 60 * 1000);

type ChatMessage = { role: string; content?: string | null; tool_calls?: unknown[] };
type ChatRequest = { messages: ChatMessage[]; tools?: Array<{ function: { name: string; description: string; parameters: { properties: Record<string, unknown> } } }> };

describe('real n8n 2.x: an AI Agent uses Ideogram Edit as a tool', () => {
	let server: Awaited<ReturnType<typeof startCometServer>>;
	let userFolder: string;
	let n8n: { version: string };
	let photoUrl: string;

	beforeAll(async () => {
		server = await startCometServer({ keepUploads: true });
		photoUrl = server.host('catalogue/armchair.jpg', await makeImage(120, 90, 'jpeg'));
		n8n = n8nCli.ensureN8n(2);
		userFolder = n8nCli.createUserFolder(n8nCli.packPackage());
		await n8nCli.importCredentials(n8n, userFolder, [
			{ ...CREDENTIAL, type: 'cometApi', data: { apiKey: server.apiKey, baseUrl: server.url } },
			{ ...OPENAI_CREDENTIAL, type: 'openAiApi', data: { apiKey: server.apiKey, url: `${server.url}/v1` } },
		]);
		await n8nCli.importWorkflows(n8n, userFolder, [
			agentWorkflow({ id: 'e2eAgentTool0001', name: 'Agent edits from a URL', task: `Put a green velvet cover on the armchair in ${photoUrl}` }),
			agentWorkflow({
				id: 'e2eAgentToolDl01',
				name: 'Agent edits from a URL, images downloaded',
				task: `Put a green velvet cover on the armchair in ${photoUrl}`,
				toolOptions: { downloadImages: true },
			}),
			agentWorkflow({ id: 'e2eAgentRepBg001', name: 'Agent replaces a background', task: `Put the armchair in ${photoUrl} in a sunny living room`, replaceBackground: true }),
			agentWorkflow({ id: 'e2eAgentPhoto001', name: 'Agent looks at a photo and reframes it', task: `Describe ${photoUrl}, then make it square, 16:9 and 9:16`, photoSet: true }),
			agentWorkflow({
				id: 'e2eAgentCheck001',
				name: 'Agent asks whether an edit would be accepted',
				task: `Would an edit of ${photoUrl} be accepted? Check only, do not edit.`,
				toolOptions: { downloadImages: false, checkOnly: "={{ $fromAI('check_only', 'true to only check whether the photo and settings would be accepted, without editing or spending', 'boolean') }}", pricePerImage: 0.06 },
			}),
		]);
	});

	afterEach(() => server.reset());

	afterAll(async () => {
		await server?.close();
		if (userFolder) fs.rmSync(userFolder, { recursive: true, force: true });
	});

	it('the agent calls the tool with a URL, regions and a prompt; the tool answers compact JSON; the run succeeds', async () => {
		server.scriptChatTool({ image_url: photoUrl, regions: '10, 20, 80, 70', prompt: 'a green velvet armchair cover' });
		const r = await n8nCli.executeWorkflow(n8n, userFolder, 'e2eAgentTool0001');
		expect({ code: r.code, error: r.error }).toEqual({ code: 0, error: undefined });

		// The model was offered the tool, with the three things $fromAI asks the agent for.
		const chats = server.chats as ChatRequest[];
		expect(chats).toHaveLength(2);
		const tool = chats[0].tools?.find((t) => /ideogram/i.test(t.function.name));
		expect(tool).toBeDefined();
		expect(Object.keys(tool!.function.parameters.properties).sort()).toEqual(['image_url', 'prompt', 'regions']);

		// The tool downloaded the photo, drew the mask at its size and sent one edit.
		expect(server.fileDownloads).toEqual([{ name: 'catalogue/armchair.jpg', status: 200, arrival: expect.any(Number) }]);
		expect(server.editRequests).toHaveLength(1);
		const [edit] = server.editRequests;
		expect(edit.fields).toMatchObject({ prompt: 'a green velvet armchair cover', image_file: { fileName: 'armchair.jpg', width: 120, height: 90 }, mask: { width: 120, height: 90 } });
		const mask = await sharp(edit.uploads.mask).extractChannel(0).raw().toBuffer();
		// 80% x 70% of 120 x 90 is black.
		expect(mask.filter((v: number) => v === 0).length).toBe(96 * 63);

		// What the agent got back: compact JSON with the link and metadata, no file data.
		const answer = chats[1].messages.find((m) => m.role === 'tool');
		expect(answer).toBeDefined();
		const content = String(answer!.content);
		expect(content.length).toBeLessThan(2000);
		expect(content).not.toMatch(/[A-Za-z0-9+/]{200,}/);
		expect(content).toContain('/images/');
		expect(content).toContain('"is_image_safe":true');
		expect(content).toContain('"resolution":"120x90"');
		expect(content).not.toContain(server.apiKey);

		// And the agent's reply carries the link on.
		const [reply] = r.items('AI Agent');
		expect(reply.json.output).toMatch(/^Done\. The edited image is at http:\/\/127\.0\.0\.1:\d+\/images\/.+\.png$/);
		fs.writeFileSync(path.join(n8nCli.ROOT, 'test-artifacts', 'agent-tool-answer.json'), content);
	});

	it('with Download Images on, the agent still gets only the JSON, not the image data', async () => {
		server.scriptChatTool({ image_url: photoUrl, regions: '0, 0, 50, 50', prompt: 'a red armchair' });
		const r = await n8nCli.executeWorkflow(n8n, userFolder, 'e2eAgentToolDl01');
		expect({ code: r.code, error: r.error }).toEqual({ code: 0, error: undefined });
		expect(server.downloads.map((d: { status: number }) => d.status)).toEqual([200]);
		const answer = (server.chats as ChatRequest[])[1].messages.find((m) => m.role === 'tool');
		const content = String(answer!.content);
		expect(content.length).toBeLessThan(2000);
		expect(content).not.toMatch(/[A-Za-z0-9+/]{200,}/);
		expect(content).toContain('"download_attempts":1');
	});

	it('offered both operations as tools, each described by its operation, the agent chooses Replace Background', async () => {
		server.scriptChatTool({ image_url: photoUrl, background: 'a sunny living room with wooden floors' }, /replace/i);
		const r = await n8nCli.executeWorkflow(n8n, userFolder, 'e2eAgentRepBg001');
		expect({ code: r.code, error: r.error }).toEqual({ code: 0, error: undefined });
		const tools = (server.chats as ChatRequest[])[0].tools ?? [];
		const describe = (name: RegExp) => tools.find((t) => name.test(t.function.name))?.function;
		expect(describe(/replace/i)?.description).toMatch(/^Replace the background of a photo in Ideogram Edit/);
		expect(Object.keys(describe(/replace/i)!.parameters.properties).sort()).toEqual(['background', 'image_url']);
		expect(describe(/ideogram/i)?.description).toMatch(/^Edit the masked part of an image in Ideogram Edit/);
		// One Replace Background request: the photo and the new background, no mask.
		expect(server.editRequests).toHaveLength(1);
		const [request] = server.editRequests;
		expect(request.path).toBe('/ideogram/v1/ideogram-v3/replace-background');
		expect(request.fields).toMatchObject({ prompt: 'a sunny living room with wooden floors', image: { fileName: 'armchair.jpg', width: 120, height: 90 } });
		expect(request.fields.mask).toBeUndefined();
		expect(r.items('AI Agent')[0].json.output).toMatch(/^Done\. The edited image is at http:\/\/127\.0\.0\.1:\d+\/images\/.+\.png$/);
	});

	it('offered Describe and Reframe, the agent looks at the photo, then reframes it to three shapes', async () => {
		server.scriptChatTools([
			{ tool: /describe/i, args: { image_url: photoUrl } },
			{ tool: /reframe/i, args: { image_url: photoUrl, targets: '1x1, 16x9, 9x16' } },
		]);
		const r = await n8nCli.executeWorkflow(n8n, userFolder, 'e2eAgentPhoto001');
		expect({ code: r.code, error: r.error }).toEqual({ code: 0, error: undefined });
		const chats = server.chats as ChatRequest[];
		expect(chats).toHaveLength(3);
		const tools = chats[0].tools ?? [];
		const offered = (name: RegExp) => tools.find((t) => name.test(t.function.name))?.function;
		expect(offered(/describe/i)?.description).toMatch(/^Describe a photo in words in Ideogram Edit/);
		expect(offered(/reframe/i)?.description).toMatch(/^Reframe a photo to new shapes in Ideogram Edit/);
		expect(Object.keys(offered(/reframe/i)!.parameters.properties).sort()).toEqual(['image_url', 'targets']);
		// It saw the photo in words before it reframed it.
		const described = chats[1].messages.find((m) => m.role === 'tool');
		expect(String(described?.content)).toContain('A photo of 120×90 pixels: armchair.jpg');
		const paths = server.editRequests.map((q: { path: string; fields: { resolution?: string } }) => [q.path, q.fields.resolution]);
		expect(paths[0]).toEqual(['/ideogram/describe', undefined]);
		expect(paths.slice(1).sort()).toEqual([
			['/ideogram/v1/ideogram-v3/reframe', '1024x1024'],
			['/ideogram/v1/ideogram-v3/reframe', '1312x736'],
			['/ideogram/v1/ideogram-v3/reframe', '736x1312'],
		]);
		const reframed = String(chats[2].messages.filter((m) => m.role === 'tool').pop()?.content);
		expect(reframed).toContain('"target":"16x9"');
		expect(reframed).not.toMatch(/[A-Za-z0-9+/]{200,}/);
		expect(r.items('AI Agent')[0].json.output).toMatch(/^Done\. The edited image is at http:\/\/127\.0\.0\.1:\d+\/images\/.+\.png$/);
	});

	it('with Check Only filled by the agent, it asks whether an edit would be accepted: the tool answers the verdict and the estimate, and nothing is sent', async () => {
		server.scriptChatTool({ image_url: photoUrl, regions: '10, 20, 80, 70', prompt: 'a green velvet armchair cover', check_only: true });
		const r = await n8nCli.executeWorkflow(n8n, userFolder, 'e2eAgentCheck001');
		expect({ code: r.code, error: r.error }).toEqual({ code: 0, error: undefined });
		expect(server.editRequests).toHaveLength(0);
		const chats = server.chats as ChatRequest[];
		const offered = chats[0].tools?.[0]?.function;
		expect(Object.keys(offered!.parameters.properties).sort()).toEqual(['check_only', 'image_url', 'prompt', 'regions']);
		const answer = String(chats[1].messages.find((m) => m.role === 'tool')?.content);
		expect(answer).toContain('"check":"ok"');
		expect(answer).toContain('"estimate":0.06');
		expect(answer).toContain('"images":1');
	});
});
