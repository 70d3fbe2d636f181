import type { INodeProperties } from 'n8n-workflow';

import {
	DEFAULT_ENDPOINT_PATH,
	DEFAULT_MAX_IMAGES_IN_FLIGHT,
	DEFAULT_MAX_RETRIES,
	DEFAULT_TIMEOUT_SECONDS,
	MAGIC_PROMPT_OPTIONS,
	MAX_NUM_IMAGES,
	MAX_SEED,
	MODELS,
	STYLE_TYPES,
} from './constants';

export const properties: INodeProperties[] = [
	{
		displayName: 'Image Binary Field',
		name: 'imageBinaryProperty',
		type: 'string',
		default: 'data',
		required: true,
		placeholder: 'e.g. data',
		hint: 'The photo to edit: JPEG, PNG or WEBP, at most 10 MB',
		description: 'Name of the binary field of the input item that holds the image to edit',
	},
	{
		displayName: 'Mask Binary Field',
		name: 'maskBinaryProperty',
		type: 'string',
		default: 'mask',
		required: true,
		placeholder: 'e.g. mask',
		hint: 'Black marks the area to edit, white is kept. Same width and height as the image.',
		description:
			'Name of the binary field of the input item that holds the mask: a black-and-white image of exactly the same size as the image',
	},
	{
		displayName: 'Prompt',
		name: 'prompt',
		type: 'string',
		default: '',
		required: true,
		placeholder: 'e.g. a red leather handbag on the table',
		description: 'What to paint into the black area of the mask',
		typeOptions: { rows: 3 },
	},
	{
		displayName: 'Model',
		name: 'model',
		type: 'options',
		options: MODELS.map((m) => ({ name: m.name, value: m.value, description: m.description })),
		default: 'V_2_TURBO',
		description: 'The Ideogram model that does the edit',
	},
	{
		displayName: 'Magic Prompt',
		name: 'magicPrompt',
		type: 'options',
		options: MAGIC_PROMPT_OPTIONS.map((o) => ({ name: o.name, value: o.value })),
		default: 'AUTO',
		description:
			'Whether Ideogram may rewrite the prompt to improve the result; the prompt it used is in the output',
	},
	{
		displayName: 'Style Type',
		name: 'styleType',
		type: 'options',
		options: STYLE_TYPES.map((o) => ({ name: o.name, value: o.value })),
		default: 'AUTO',
		description: 'The style of the generated part of the image',
	},
	{
		displayName: 'Number of Images',
		name: 'numImages',
		type: 'number',
		typeOptions: { minValue: 1, maxValue: MAX_NUM_IMAGES, numberPrecision: 0 },
		default: 1,
		description: 'How many edited versions to make (each one is billed); each becomes one output item',
	},
	{
		displayName: 'Seed',
		name: 'seed',
		type: 'string',
		default: '',
		placeholder: 'Empty for a random seed',
		description: `A whole number from 0 to ${MAX_SEED}. The same seed, prompt and image give a similar result; leave empty for a random one.`,
	},
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		options: [
			{
				displayName: 'Download Images',
				name: 'downloadImages',
				type: 'boolean',
				default: true,
				description:
					'Whether to download each edited image into the output item as binary data. Result URLs expire after about a day, so keep this on unless you only need the links.',
			},
			{
				displayName: 'Endpoint Path',
				name: 'endpointPath',
				type: 'string',
				default: DEFAULT_ENDPOINT_PATH,
				description:
					'Path of the edit endpoint under the base URL of the credential. If the default answers 404, the node tries /ideogram/edit once by itself.',
			},
			{
				displayName: 'Include Unsafe Results',
				name: 'includeUnsafe',
				type: 'boolean',
				default: true,
				description:
					'Whether an image that failed the safety check still becomes an output item (with is_image_safe false, no URL and no binary), so that you can see it was made and billed',
			},
			{
				displayName: 'Max Images in Flight',
				name: 'maxImagesInFlight',
				type: 'number',
				typeOptions: { minValue: 1, maxValue: 50, numberPrecision: 0 },
				default: DEFAULT_MAX_IMAGES_IN_FLIGHT,
				description:
					'How many images may be in the making at once across all items (a request for 4 images counts 4). The upstream allows 10 per organisation; the node slows down by itself when it answers 429, for example because other workflows share the limit.',
			},
			{
				displayName: 'Max Retries',
				name: 'maxRetries',
				type: 'number',
				typeOptions: { minValue: 0, maxValue: 10, numberPrecision: 0 },
				default: DEFAULT_MAX_RETRIES,
				description:
					'How many times to retry a request that failed for a passing reason (rate limit, server busy, dropped connection). Bad requests are never retried.',
			},
			{
				displayName: 'Output Binary Field',
				name: 'outputBinaryProperty',
				type: 'string',
				default: 'data',
				description: 'Name of the binary field that receives the downloaded image',
			},
			{
				displayName: 'Timeout (Seconds)',
				name: 'timeout',
				type: 'number',
				typeOptions: { minValue: 1, numberPrecision: 0 },
				default: DEFAULT_TIMEOUT_SECONDS,
				description:
					'How long one item may take, retries and download included, before it fails',
			},
		],
	},
];
