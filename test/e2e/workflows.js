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
	const edit = {
		id: 'a0000000-0000-4000-8000-000000000003',
		name: 'Ideogram Edit',
		type: 'n8n-nodes-cometapi.ideogramEdit',
		typeVersion: 1,
		position: [660, 300],
		parameters: { prompt: 'a red leather handbag on the table', ...o.parameters },
		credentials: { cometApi: o.credential ?? CREDENTIAL },
		...(o.continueOnFail ? { onError: 'continueRegularOutput' } : {}),
		...o.editNode,
	};
	const nodes = [
		{
			id: 'a0000000-0000-4000-8000-000000000000',
			name: 'When clicking ‘Execute workflow’',
			type: 'n8n-nodes-base.manualTrigger',
			typeVersion: 1,
			position: [0, 300],
			parameters: {},
		},
		{
			id: 'a0000000-0000-4000-8000-000000000001',
			name: 'Read Photos and Masks',
			type: 'n8n-nodes-base.readWriteFile',
			typeVersion: 1,
			position: [220, 300],
			parameters: { fileSelector: `${o.inputDir}/*.{jpg,jpeg,png,webp}` },
		},
		{
			id: 'a0000000-0000-4000-8000-000000000002',
			name: 'Pair Photo with Mask',
			type: 'n8n-nodes-base.code',
			typeVersion: 2,
			position: [440, 300],
			parameters: { jsCode: PAIR_CODE },
		},
		edit,
	];
	const connections = {
		[nodes[0].name]: { main: [[{ node: nodes[1].name, type: 'main', index: 0 }]] },
		[nodes[1].name]: { main: [[{ node: nodes[2].name, type: 'main', index: 0 }]] },
		[nodes[2].name]: { main: [[{ node: edit.name, type: 'main', index: 0 }]] },
	};
	if (o.outputDir) {
		nodes.push({
			id: 'a0000000-0000-4000-8000-000000000004',
			name: 'Write Edited Images',
			type: 'n8n-nodes-base.readWriteFile',
			typeVersion: 1,
			position: [880, 300],
			parameters: {
				operation: 'write',
				fileName: `={{ ${JSON.stringify(o.outputDir + '/')} + $('Pair Photo with Mask').item.json.name + '-' + ($json.image_index + 1) + '.png' }}`,
				dataPropertyName: 'data',
				options: {},
			},
		});
		connections[edit.name] = { main: [[{ node: 'Write Edited Images', type: 'main', index: 0 }]] };
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

const EXAMPLE_FILE = require('node:path').join(__dirname, '..', '..', 'examples', 'edit-product-photos.json');

module.exports = { editWorkflow, exampleWorkflow, EXAMPLE_FILE, CREDENTIAL };

// `node test/e2e/workflows.js` writes the example file again after a change to the builder.
if (require.main === module) {
	require('node:fs').writeFileSync(EXAMPLE_FILE, JSON.stringify(exampleWorkflow(), null, 2) + '\n');
}
