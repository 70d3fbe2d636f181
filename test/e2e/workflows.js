'use strict';
/**
 * Workflows as a user builds them: read photos and masks from disk, pair each photo with its mask,
 * edit them with Ideogram Edit, write the edited images back to disk.
 * A photo `<name>.jpg|png|webp` goes with the mask `<name>.mask.png`.
 */

const CREDENTIAL = { id: 'cometApiTest0001', name: 'Comet API account' };

// Runs in n8n's Code node: one item per photo, with the photo in `data` and its mask in `mask`.
const PAIR_CODE = `const files = $input.all();
const byName = {};
for (const file of files) {
  const name = file.binary.data.fileName;
  const isMask = /\\.mask\\.[a-z]+$/i.test(name);
  const key = name.replace(/\\.mask\\.[a-z]+$/i, '').replace(/\\.[a-z]+$/i, '');
  byName[key] = byName[key] || {};
  byName[key][isMask ? 'mask' : 'data'] = file.binary.data;
}
return Object.keys(byName).sort().map((name) => ({
  json: { name },
  binary: byName[name],
}));`;

/** A node of a workflow as n8n saves it. */
function node(id, name, type, typeVersion, position, parameters, extra = {}) {
	return { id, name, type, typeVersion, position, parameters, ...extra };
}

/** A main connection to the named nodes, each at its first input. */
const to = (...names) => ({ main: [names.map((name) => ({ node: name, type: 'main', index: 0 }))] });

/**
 * @param {object} o
 * @param {string} o.id            16 characters, as n8n's ids
 * @param {string} o.name
 * @param {string} o.inputDir      folder with the photos and masks
 * @param {string} [o.outputDir]   where to write the edited images (no writing when absent)
 * @param {Record<string, unknown>} [o.parameters]  Ideogram Edit parameters
 * @param {boolean} [o.continueOnFail]
 * @param {{id: string, name: string}} [o.credential]
 * @param {object} [o.editNode]    another node in Ideogram Edit's place (the benchmark's peers)
 */
function editWorkflow(o) {
	const id = (n) => `a0000000-0000-4000-8000-00000000000${n}`;
	const edit = {
		...node(id(3), 'Ideogram Edit', 'n8n-nodes-cometapi.ideogramEdit', 1.1, [660, 300], { prompt: 'a red leather handbag on the table', ...o.parameters }, {
			credentials: { cometApi: o.credential ?? CREDENTIAL },
			...(o.continueOnFail ? { onError: 'continueRegularOutput' } : {}),
		}),
		...o.editNode,
	};
	const nodes = [
		node(id(0), 'When clicking ‘Execute workflow’', 'n8n-nodes-base.manualTrigger', 1, [0, 300], {}),
		node(id(1), 'Read Photos and Masks', 'n8n-nodes-base.readWriteFile', 1, [220, 300], { fileSelector: `${o.inputDir}/*.{jpg,jpeg,png,webp}` }),
		node(id(2), 'Pair Photo with Mask', 'n8n-nodes-base.code', 2, [440, 300], { jsCode: PAIR_CODE }),
		edit,
	];
	const connections = { [nodes[0].name]: to(nodes[1].name), [nodes[1].name]: to(nodes[2].name), [nodes[2].name]: to(edit.name) };
	if (o.outputDir) {
		nodes.push(
			node(id(4), 'Write Edited Images', 'n8n-nodes-base.readWriteFile', 1, [880, 300], {
				operation: 'write',
				fileName: `={{ ${JSON.stringify(o.outputDir + '/')} + $('Pair Photo with Mask').item.json.name + '-' + ($json.image_index + 1) + '.png' }}`,
				dataPropertyName: 'data',
				options: {},
			}),
		);
		connections[edit.name] = to('Write Edited Images');
	}
	return {
		id: o.id,
		name: o.name,
		active: false,
		nodes,
		connections,
		settings: { executionOrder: 'v1' },
		pinData: {},
	};
}

/** The example in examples/: the folders n8n's Docker image allows file access to by default. */
function exampleWorkflow() {
	return editWorkflow({
		id: 'cometIdeogramEx1',
		name: 'Edit product photos with Ideogram (CometAPI)',
		inputDir: '/home/node/.n8n-files/photos',
		outputDir: '/home/node/.n8n-files/edited',
		parameters: { prompt: 'a tan leather handbag with gold buckles', numImages: 2 },
	});
}

/**
 * Photos without masks, straight from disk into Ideogram Edit; each result is written under the
 * name the node gives it.
 * @param {{id: string, name: string, inputDir: string, outputDir?: string, parameters?: Record<string, unknown>}} o
 */
function photosWorkflow(o) {
	const wf = editWorkflow(o);
	// No masks to pair: the photos go straight to the edit.
	wf.nodes = wf.nodes.filter((n) => n.name !== 'Pair Photo with Mask');
	wf.nodes[1].name = 'Read Photos';
	wf.nodes[1].parameters = { fileSelector: `${o.inputDir}/*.{jpg,jpeg,png,webp}` };
	wf.connections = {
		[wf.nodes[0].name]: to('Read Photos'),
		'Read Photos': to('Ideogram Edit'),
		...(o.outputDir ? { 'Ideogram Edit': to('Write Edited Images') } : {}),
	};
	const write = wf.nodes.find((n) => n.name === 'Write Edited Images');
	if (write) write.parameters.fileName = `={{ ${JSON.stringify(o.outputDir + '/')} + $binary.data.fileName }}`;
	return wf;
}

/**
 * Ideogram Edit draws each mask from rectangles (in percent, so any photo size fits).
 * @param {{id: string, name: string, inputDir: string, outputDir?: string, parameters?: Record<string, unknown>}} o
 */
function rectanglesWorkflow(o) {
	return photosWorkflow({ ...o, parameters: { maskSource: 'rectangles', regionUnit: 'percent', ...o.parameters } });
}

/**
 * Replace Background: the subject of each photo kept, a new background painted around it.
 * @param {{id: string, name: string, inputDir: string, outputDir?: string, parameters?: Record<string, unknown>}} o
 */
function replaceBackgroundWorkflow(o) {
	return photosWorkflow({ ...o, parameters: { resource: 'image', operation: 'replaceBackground', ...o.parameters } });
}

/**
 * A shop's photo set from a folder of product photos: a new background for each, reframed to the
 * marketplace square, the 16:9 banner and the 9:16 story, each shape upscaled for print and zoom,
 * and the files written; beside it, alt text for each photo from Describe, written to one JSON file.
 * @param {{id: string, name: string, inputDir: string, outputDir: string, background?: string, targets?: string}} o
 */
function productPhotoSetWorkflow(o) {
	const at = (n, name, type, typeVersion, x, y, parameters, extra) => node(`b0000000-0000-4000-8000-00000000000${n}`, name, type, typeVersion, [x, y], parameters, extra);
	const ideogram = (n, name, x, y, parameters) =>
		at(n, name, 'n8n-nodes-cometapi.ideogramEdit', 1.1, x, y, { resource: 'image', ...parameters }, { credentials: { cometApi: CREDENTIAL } });
	const write = (n, name, x, y, fileName) =>
		at(n, name, 'n8n-nodes-base.readWriteFile', 1, x, y, { operation: 'write', fileName, dataPropertyName: 'data', options: {} });
	const nodes = [
		at(0, 'When clicking ‘Execute workflow’', 'n8n-nodes-base.manualTrigger', 1, 0, 300, {}),
		at(1, 'Read Product Photos', 'n8n-nodes-base.readWriteFile', 1, 220, 300, { fileSelector: `${o.inputDir}/*.{jpg,jpeg,png,webp}` }),
		ideogram(2, 'New Background', 440, 200, { operation: 'replaceBackground', prompt: o.background ?? 'a sunlit marble countertop in a bright kitchen', renderingSpeed: 'TURBO' }),
		ideogram(3, 'Reframe to Channel Shapes', 660, 200, { operation: 'reframe', targets: o.targets ?? '1x1, 16x9, 9x16' }),
		ideogram(4, 'Upscale for Print', 880, 200, { operation: 'upscale', prompt: '' }),
		write(5, 'Write Photo Set', 1100, 200, `={{ ${JSON.stringify(o.outputDir + '/')} + $binary.data.fileName }}`),
		ideogram(6, 'Describe for Alt Text', 440, 420, { operation: 'describe' }),
		at(7, 'Alt Text to JSON', 'n8n-nodes-base.convertToFile', 1.1, 660, 420, { operation: 'toJson', mode: 'once', options: { fileName: 'alt-text.json', format: true } }),
		write(8, 'Write Alt Text', 880, 420, `${o.outputDir}/alt-text.json`),
	];
	return {
		id: o.id,
		name: o.name,
		active: false,
		nodes,
		connections: {
			[nodes[0].name]: to('Read Product Photos'),
			'Read Product Photos': to('New Background', 'Describe for Alt Text'),
			'New Background': to('Reframe to Channel Shapes'),
			'Reframe to Channel Shapes': to('Upscale for Print'),
			'Upscale for Print': to('Write Photo Set'),
			'Describe for Alt Text': to('Alt Text to JSON'),
			'Alt Text to JSON': to('Write Alt Text'),
		},
		settings: { executionOrder: 'v1' },
		pinData: {},
	};
}

/**
 * Check before a batch: the folder's photos and masks checked with Check Only (nothing billed),
 * an IF node on the batch's totals, and only when every item is accepted and the estimate is
 * within `budget` are the same items edited and written.
 * @param {{id: string, name: string, inputDir: string, outputDir: string, budget?: number, pricePerImage?: number}} o
 */
function checkBeforeBatchWorkflow(o) {
	const base = editWorkflow({ id: o.id, name: o.name, inputDir: o.inputDir, outputDir: o.outputDir });
	const [trigger, read, pair, edit, write] = base.nodes;
	const at = (node, x, y) => ({ ...node, position: [x, y] });
	const check = {
		...edit,
		id: 'a0000000-0000-4000-8000-000000000010',
		name: 'Check the Batch',
		position: [660, 300],
		parameters: { ...edit.parameters, options: { checkOnly: true, pricePerImage: o.pricePerImage ?? 0.06 } },
	};
	const gate = node('a0000000-0000-4000-8000-000000000011', 'All Accepted and Within Budget?', 'n8n-nodes-base.if', 2, [880, 300], {
		conditions: {
			options: { caseSensitive: true, leftValue: '', typeValidation: 'strict' },
			conditions: [
				{
					id: 'a0000000-0000-4000-8000-000000000012',
					leftValue: `={{ $json.batch.refused === 0 && $json.batch.estimate <= ${o.budget ?? 5} }}`,
					rightValue: '',
					operator: { type: 'boolean', operation: 'true', singleValue: true },
				},
			],
			combinator: 'and',
		},
		options: {},
	});
	const again = node('a0000000-0000-4000-8000-000000000013', 'The Photos Again', 'n8n-nodes-base.code', 2, [1100, 200], { jsCode: "return $('Pair Photo with Mask').all();" });
	return {
		...base,
		nodes: [
			trigger,
			read,
			pair,
			check,
			gate,
			again,
			at({ ...edit, name: 'Edit the Batch' }, 1320, 200),
			// The edited images keep the photos' names (bag.jpg gives bag-edit-1.png).
			at({ ...write, parameters: { ...write.parameters, fileName: `={{ ${JSON.stringify(o.outputDir + '/')} + $binary.data.fileName }}` } }, 1540, 200),
		],
		connections: {
			[trigger.name]: to(read.name),
			[read.name]: to(pair.name),
			[pair.name]: to(check.name),
			[check.name]: to(gate.name),
			[gate.name]: { main: [[{ node: again.name, type: 'main', index: 0 }], []] },
			[again.name]: to('Edit the Batch'),
			'Edit the Batch': to(write.name),
		},
	};
}

const OPENAI_CREDENTIAL = { id: 'openAiCometTest1', name: 'CometAPI (OpenAI-compatible)' };

/**
 * An AI Agent whose chat model is n8n's OpenAI Chat Model on an OpenAI-compatible base URL
 * (CometAPI serves chat too), with Ideogram Edit as its tool: the agent fills the image URL, the
 * regions and the prompt with $fromAI. `chat` starts it from a chat message, else from a fixed task.
 * With `replaceBackground`, the agent has a second tool: the same node set to Replace Background,
 * and chooses between them by n8n's descriptions of their operations.
 * With `photoSet`, its tools are Describe and Reframe: the agent looks at a photo, then cuts it to shapes.
 * @param {{id: string, name: string, task?: string, chat?: boolean, toolOptions?: Record<string, unknown>, replaceBackground?: boolean, photoSet?: boolean}} o
 */
function agentWorkflow(o) {
	const id = (n) => `c0000000-0000-4000-8000-00000000000${n}`;
	const trigger = o.chat
		? node(id(0), 'When chat message received', '@n8n/n8n-nodes-langchain.chatTrigger', 1.1, [0, 300], { options: {} }, { webhookId: 'c0000000-0000-4000-8000-0000000000aa' })
		: node(id(0), 'When clicking ‘Execute workflow’', 'n8n-nodes-base.manualTrigger', 1, [0, 300], {});
	const system = { systemMessage: AGENT_SYSTEM_MESSAGE };
	const agent = node(id(1), 'AI Agent', '@n8n/n8n-nodes-langchain.agent', 3, [260, 300], o.chat ? { options: system } : { promptType: 'define', text: o.task, options: system });
	const model = node(id(2), 'OpenAI Chat Model', '@n8n/n8n-nodes-langchain.lmChatOpenAi', 1.3, [180, 520], { model: { __rl: true, value: 'gpt-4o-mini', mode: 'id' }, responsesApiEnabled: false, options: {} }, {
		credentials: { openAiApi: OPENAI_CREDENTIAL },
	});
	/** Ideogram Edit as a tool; links are what an agent passes on, files would only weigh down its context. */
	const tool = (n, name, parameters) =>
		node(id(n), name, 'n8n-nodes-cometapi.ideogramEditTool', 1.1, [240 + 160 * (n - 2), 520], { resource: 'image', ...parameters, options: o.toolOptions ?? { downloadImages: false } }, {
			credentials: { cometApi: CREDENTIAL },
		});
	const photoSetTools = [
		tool(5, 'Describe Photo', {
			operation: 'describe',
			imageSource: 'url',
			imageUrl: "={{ $fromAI('image_url', 'The http(s) address of the photo to look at', 'string') }}",
		}),
		tool(6, 'Reframe Photo', {
			operation: 'reframe',
			imageSource: 'url',
			imageUrl: "={{ $fromAI('image_url', 'The http(s) address of the photo to reframe', 'string') }}",
			targets: "={{ $fromAI('targets', 'The shapes to extend the photo to, as aspect ratios such as 1x1, 16x9, 9x16, separated by commas', 'string') }}",
		}),
	];
	const tools = o.photoSet ? photoSetTools : [
		tool(3, 'Ideogram Edit', {
			operation: 'editWithMask',
			imageSource: 'url',
			imageUrl: "={{ $fromAI('image_url', 'The http(s) address of the photo to edit', 'string') }}",
			maskSource: 'rectangles',
			regions: "={{ $fromAI('regions', 'The areas to repaint in percent of the photo, as left, top, width, height; several separated by semicolons', 'string') }}",
			regionUnit: 'percent',
			prompt: "={{ $fromAI('prompt', 'What to paint into the areas', 'string') }}",
		}),
	];
	if (o.replaceBackground && !o.photoSet) {
		tools.push(
			tool(4, 'Replace Background', {
				operation: 'replaceBackground',
				imageSource: 'url',
				imageUrl: "={{ $fromAI('image_url', 'The http(s) address of the product photo', 'string') }}",
				prompt: "={{ $fromAI('background', 'The new background to paint around the product', 'string') }}",
			}),
		);
	}
	return {
		id: o.id,
		name: o.name,
		active: false,
		nodes: [trigger, agent, model, ...tools],
		connections: {
			[trigger.name]: to(agent.name),
			[model.name]: { ai_languageModel: [[{ node: agent.name, type: 'ai_languageModel', index: 0 }]] },
			...Object.fromEntries(tools.map((t) => [t.name, { ai_tool: [[{ node: agent.name, type: 'ai_tool', index: 0 }]] }])),
		},
		settings: { executionOrder: 'v1' },
		pinData: {},
	};
}

const AGENT_SYSTEM_MESSAGE =
	'You edit product photos with the Ideogram Edit tool. Give it the photo URL, the areas to change in percent of the photo, and a prompt. Answer with the link to the edited image.';

const EXAMPLES_DIR = require('node:path').join(__dirname, '..', '..', 'examples');
const EXAMPLE_FILE = require('node:path').join(EXAMPLES_DIR, 'edit-product-photos.json');

/** Every example in examples/, by file name, as the builders make it. */
function examples() {
	return {
		'edit-product-photos.json': exampleWorkflow(),
		'ideogram-3-palette.json': editWorkflow({
			id: 'cometIdeogramV3P',
			name: 'Ideogram 3.0 edit with a color palette (CometAPI)',
			inputDir: '/home/node/.n8n-files/photos',
			outputDir: '/home/node/.n8n-files/edited',
			parameters: {
				prompt: 'a ceramic vase with a bold glaze',
				model: 'V_3',
				renderingSpeed: 'TURBO',
				colorPalette: 'custom',
				paletteMembers: '#C0392B:0.6, #F5E6CC:0.4',
			},
		}),
		'mask-from-rectangles.json': rectanglesWorkflow({
			id: 'cometIdeogramRec',
			name: 'New background around each product, mask from rectangles (CometAPI)',
			inputDir: '/home/node/.n8n-files/photos',
			outputDir: '/home/node/.n8n-files/edited',
			parameters: { prompt: 'a sunlit marble countertop in a bright kitchen', regions: '20, 15, 60, 70', invertRegions: true },
		}),
		'replace-background.json': replaceBackgroundWorkflow({
			id: 'cometIdeogramRBg',
			name: 'Replace the background of product photos, Ideogram 3.0 (CometAPI)',
			inputDir: '/home/node/.n8n-files/photos',
			outputDir: '/home/node/.n8n-files/edited',
			parameters: { prompt: 'a sunlit marble countertop in a bright kitchen', renderingSpeed: 'TURBO', stylePreset: 'GOLDEN_HOUR' },
		}),
		'agent-edit-from-url.json': agentWorkflow({ id: 'cometIdeogramAgt', name: 'AI agent edits a photo from a URL (CometAPI)', chat: true }),
		'check-before-batch.json': checkBeforeBatchWorkflow({
			id: 'cometIdeogramChk',
			name: 'Check a folder of photos before editing it: every item accepted, the estimate within budget (CometAPI)',
			inputDir: '/home/node/.n8n-files/photos',
			outputDir: '/home/node/.n8n-files/edited',
		}),
		'product-photo-set.json': productPhotoSetWorkflow({
			id: 'cometIdeogramSet',
			name: 'A photo set for every channel: new background, three shapes, upscaled, with alt text (CometAPI)',
			inputDir: '/home/node/.n8n-files/photos',
			outputDir: '/home/node/.n8n-files/photo-set',
		}),
	};
}

module.exports = { editWorkflow, rectanglesWorkflow, replaceBackgroundWorkflow, photosWorkflow, productPhotoSetWorkflow, checkBeforeBatchWorkflow, agentWorkflow, exampleWorkflow, examples, EXAMPLE_FILE, EXAMPLES_DIR, CREDENTIAL, OPENAI_CREDENTIAL };

// `node test/e2e/workflows.js` writes the example files again after a change to the builders.
if (require.main === module) {
	for (const [file, wf] of Object.entries(examples())) {
		require('node:fs').writeFileSync(require('node:path').join(EXAMPLES_DIR, file), JSON.stringify(wf, null, 2) + '\n');
	}
}
