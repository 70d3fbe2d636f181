import type { IDataObject, IDisplayOptions, INodeProperties } from 'n8n-workflow';

import {
	COLOR_PALETTE_PRESETS,
	DEFAULT_ENDPOINT_PATH,
	DEFAULT_REPLACE_BACKGROUND_PATH,
	EDIT_WITH_MASK,
	MAX_STYLE_REFERENCES,
	OPERATIONS,
	REPLACE_BACKGROUND,
	STYLE_PRESETS,
	DEFAULT_V3_ENDPOINT_PATH,
	DEFAULT_MAX_IMAGES_IN_FLIGHT,
	DEFAULT_MAX_RETRIES,
	DEFAULT_TIMEOUT_SECONDS,
	MAGIC_PROMPT_OPTIONS,
	MAX_NUM_IMAGES,
	MAX_SEED,
	MODELS,
	RENDERING_SPEEDS,
	STYLE_TYPES,
	STYLE_TYPES_V3,
	V2_MODELS,
	V3_MODEL,
} from './constants';

const forEdit = { operation: [EDIT_WITH_MASK] };
const forV2 = { show: { ...forEdit, model: V2_MODELS } };
const forEditV3 = { ...forEdit, model: [V3_MODEL] };
const forV3 = { show: forEditV3 };
const forReplaceBackground = { operation: [REPLACE_BACKGROUND] };

/**
 * Ideogram 3.0's style parameters. A 3.0 edit and Replace Background (always 3.0) both take them,
 * and n8n shows a parameter on one condition only, so they are listed once for each.
 */
function styleParameters(show: IDisplayOptions['show'] & object): INodeProperties[] {
	return [
		{
			displayName: 'Rendering Speed',
			name: 'renderingSpeed',
			type: 'options',
			options: RENDERING_SPEEDS.map((o) => ({ name: o.name, value: o.value })),
			default: 'DEFAULT',
			description: 'Faster rendering costs less; Quality takes longest and costs most',
			displayOptions: { show },
		},
		{
			displayName: 'Color Palette',
			name: 'colorPalette',
			type: 'options',
			options: [
				{ name: 'None', value: 'none' },
				{ name: 'Preset', value: 'preset', description: 'One of Ideogram\'s named palettes' },
				{ name: 'Custom Colors', value: 'custom', description: 'Up to 8 hex colors, with weights' },
			],
			default: 'none',
			description: 'Colors the new part of the image should use',
			displayOptions: { show },
		},
		{
			displayName: 'Palette',
			name: 'colorPalettePreset',
			type: 'options',
			options: COLOR_PALETTE_PRESETS.map((o) => ({ name: o.name, value: o.value })),
			default: 'EMBER',
			displayOptions: { show: { ...show, colorPalette: ['preset'] } },
		},
		{
			displayName: 'Palette Colors',
			name: 'paletteMembers',
			type: 'string',
			default: '',
			required: true,
			placeholder: 'e.g. #C0392B:0.6, #F5E6CC:0.4',
			description: 'Up to 8 hex colors, each with an optional weight from 0.05 to 1, separated by commas',
			displayOptions: { show: { ...show, colorPalette: ['custom'] } },
		},
		{
			displayName: 'Style Codes',
			name: 'styleCodes',
			type: 'string',
			default: '',
			placeholder: 'e.g. AB12CD34, 0F0F0F0F',
			description: 'Ideogram style codes (8 hex digits each), separated by commas. Not together with a Style Type other than Auto.',
			displayOptions: { show },
		},
		{
			displayName: 'Style Preset',
			name: 'stylePreset',
			type: 'options',
			options: [{ name: 'None', value: '' }, ...STYLE_PRESETS.map((o) => ({ name: o.name, value: o.value }))],
			default: '',
			description: 'One of Ideogram 3.0\'s named looks. Not together with Style Codes or Style Reference Images.',
			displayOptions: { show },
		},
		{
			displayName: 'Style Reference Images',
			name: 'styleReferenceImages',
			type: 'string',
			default: '',
			placeholder: 'e.g. style, https://example.com/brand-look.jpg',
			hint: `Up to ${MAX_STYLE_REFERENCES} JPEG, PNG or WEBP images, 10 MB together`,
			description:
				'Images whose look the result should follow: binary field names of the item or http(s) addresses, separated by commas. With Style Type Auto or General only; not together with Style Codes or a Style Preset.',
			displayOptions: { show },
		},
	];
}

/** The 3.0 edit's character reference: one image that keeps a person's look, and its mask. */
const characterParameters: INodeProperties[] = [
	{
		displayName: 'Character Reference Image',
		name: 'characterReference',
		type: 'string',
		default: '',
		placeholder: 'e.g. character or https://example.com/model.jpg',
		hint: 'One JPEG, PNG or WEBP image, at most 10 MB; billed at Ideogram\'s character reference price',
		description: 'A person whose look the edit keeps: the binary field name of the item, or an http(s) address. Empty for none.',
		displayOptions: { show: forEditV3 },
	},
	{
		displayName: 'Character Reference Mask',
		name: 'characterReferenceMask',
		type: 'string',
		default: '',
		placeholder: 'e.g. characterMask',
		description: 'Optional: the binary field with a mask of the character reference, of exactly its size. Empty for none.',
		displayOptions: { show: forEditV3 },
	},
];

export const properties: INodeProperties[] = [
	{
		// One resource: it lets n8n name the operation in an AI Agent's tool description.
		displayName: 'Resource',
		name: 'resource',
		type: 'options',
		noDataExpression: true,
		options: [{ name: 'Image', value: 'image' }],
		default: 'image',
	},
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['image'] } },
		options: OPERATIONS.map((o) => ({ ...o })),
		default: EDIT_WITH_MASK,
	},
	{
		displayName: 'Image Source',
		name: 'imageSource',
		type: 'options',
		options: [
			{ name: 'Binary Field', value: 'binary', description: 'An image in a binary field of the input item' },
			{ name: 'URL', value: 'url', description: 'An image on the web: the node downloads it and checks it before anything is billed' },
		],
		default: 'binary',
		description: 'Where the image to edit comes from',
	},
	{
		displayName: 'Image Binary Field',
		name: 'imageBinaryProperty',
		type: 'string',
		default: 'data',
		required: true,
		displayOptions: { show: { imageSource: ['binary'] } },
		placeholder: 'e.g. data',
		hint: 'The photo to edit: JPEG, PNG or WEBP, at most 10 MB',
		description: 'Name of the binary field of the input item that holds the image to edit',
	},
	{
		displayName: 'Image URL',
		name: 'imageUrl',
		type: 'string',
		default: '',
		required: true,
		placeholder: 'e.g. https://example.com/photos/handbag.jpg',
		hint: 'A JPEG, PNG or WEBP image, at most 10 MB, that opens without signing in',
		description: 'Address of the image to edit',
		displayOptions: { show: { imageSource: ['url'] } },
	},
	{
		displayName: 'Mask Source',
		name: 'maskSource',
		type: 'options',
		options: [
			{ name: 'Binary Field', value: 'binary', description: 'A black-and-white mask image in a binary field of the input item' },
			{ name: 'Rectangles', value: 'rectangles', description: 'The node draws the mask from rectangles, at the image\'s exact size' },
		],
		default: 'binary',
		description: 'Where the mask that marks the area to edit comes from',
		displayOptions: { show: forEdit },
	},
	{
		displayName: 'Mask Binary Field',
		name: 'maskBinaryProperty',
		type: 'string',
		default: 'mask',
		required: true,
		displayOptions: { show: { ...forEdit, maskSource: ['binary'] } },
		placeholder: 'e.g. mask',
		hint: 'Black marks the area to edit, white is kept. Same width and height as the image.',
		description:
			'Name of the binary field of the input item that holds the mask: a black-and-white image of exactly the same size as the image',
	},
	{
		displayName: 'Regions',
		name: 'regions',
		type: 'string',
		default: '',
		required: true,
		placeholder: 'e.g. 120, 80, 300, 240; 500, 80, 100, 100',
		hint: 'One rectangle per line or semicolon: left, top, width, height',
		description:
			'The areas to edit, as left, top, width, height. JSON also works: [{"left":120,"top":80,"width":300,"height":240}].',
		typeOptions: { rows: 2 },
		displayOptions: { show: { ...forEdit, maskSource: ['rectangles'] } },
	},
	{
		displayName: 'Region Unit',
		name: 'regionUnit',
		type: 'options',
		options: [
			{ name: 'Pixels', value: 'pixels' },
			{ name: 'Percent of the Image', value: 'percent' },
		],
		default: 'pixels',
		description: 'Whether the rectangles are in pixels or in percent of the image\'s width and height (percent fits photos of any size)',
		displayOptions: { show: { ...forEdit, maskSource: ['rectangles'] } },
	},
	{
		displayName: 'Invert',
		name: 'invertRegions',
		type: 'boolean',
		default: false,
		description: 'Whether to edit everything but the rectangles (for example, a new background around a product)',
		displayOptions: { show: { ...forEdit, maskSource: ['rectangles'] } },
	},
	{
		displayName: 'Prompt',
		name: 'prompt',
		type: 'string',
		default: '',
		required: true,
		placeholder: 'e.g. a red leather handbag on the table',
		description: 'What to paint: into the black area of the mask, or, for Replace Background, the new background',
		typeOptions: { rows: 3 },
	},
	{
		displayName: 'Model',
		name: 'model',
		type: 'options',
		options: MODELS.map((m) => ({ name: m.name, value: m.value, description: m.description })),
		default: 'V_2_TURBO',
		description: 'The Ideogram model that does the edit',
		displayOptions: { show: forEdit },
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
		displayOptions: forV2,
	},
	{
		displayName: 'Style Type',
		name: 'styleTypeV3',
		type: 'options',
		options: STYLE_TYPES_V3.map((o) => ({ name: o.name, value: o.value })),
		default: 'AUTO',
		description: 'The style of the generated part of the image. Leave on Auto when you give Style Codes.',
		displayOptions: forV3,
	},
	...styleParameters(forEditV3),
	...characterParameters,
	...styleParameters(forReplaceBackground),
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
				displayOptions: { show: { '/operation': [EDIT_WITH_MASK] } },
				type: 'string',
				default: DEFAULT_ENDPOINT_PATH,
				description:
					'Path of the V_2 edit endpoint under the base URL of the credential. If the default answers 404, the node tries /ideogram/edit once by itself.',
			},
			{
				displayName: 'Endpoint Path (3.0)',
				name: 'endpointPathV3',
				displayOptions: { show: { '/operation': [EDIT_WITH_MASK] } },
				type: 'string',
				default: DEFAULT_V3_ENDPOINT_PATH,
				description: 'Path of the Ideogram 3.0 edit endpoint under the base URL of the credential. If the default answers 404, the node tries its new name, /ideogram/v1/ideogram-v3/inpaint, once by itself.',
			},
			{
				displayName: 'Endpoint Path (Replace Background)',
				name: 'endpointPathReplaceBackground',
				displayOptions: { show: { '/operation': [REPLACE_BACKGROUND] } },
				type: 'string',
				default: DEFAULT_REPLACE_BACKGROUND_PATH,
				description: 'Path of the Ideogram 3.0 Replace Background endpoint under the base URL of the credential',
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
				displayName: 'Invert Mask',
				name: 'invertMask',
				displayOptions: { show: { '/operation': [EDIT_WITH_MASK] } },
				type: 'boolean',
				default: false,
				description:
					'Whether the binary mask is white where the image is to be edited (as masks for other image APIs often are). The node turns it into black-marks-the-edit. PNG masks only.',
			},
			{
				displayName: 'Max Images in Flight',
				name: 'maxImagesInFlight',
				type: 'number',
				typeOptions: { minValue: 1, maxValue: 50, numberPrecision: 0 },
				default: DEFAULT_MAX_IMAGES_IN_FLIGHT,
				description:
					'How many images may be in the making at once across all items (a request for 4 images counts 4). The upstream allows 10 per organization; the node slows down by itself when it answers 429, for example because other workflows share the limit.',
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
				displayName: 'Retry When Outcome Unknown',
				name: 'retryUnknownOutcome',
				type: 'boolean',
				// On: in an overnight batch a missing image costs more than a rare second charge of a
				// few cents, and the item's `attempts` shows when it happened.
				default: true,
				description:
					'Whether to send an edit again after a 502, 504 or 524 or a connection dropped mid-request. The first request may have been made and billed upstream: on, an image may be billed twice; off, the item fails instead.',
			},
			{
				displayName: 'Timeout (Seconds)',
				name: 'timeout',
				type: 'number',
				typeOptions: { minValue: 1, numberPrecision: 0 },
				default: DEFAULT_TIMEOUT_SECONDS,
				description:
					'How long one item may take from its turn, its requests, retry waits and downloads included. An item out of time fails; a download out of time leaves the item with its URL and a download_error.',
			},
		],
	},
];

/**
 * Each option's default, read from its description above: n8n hands over only the options a user
 * added, so this is where the others come from.
 */
export const optionDefaults: IDataObject = Object.fromEntries(
	(properties.find((p) => p.name === 'options')?.options as INodeProperties[]).map((o) => [o.name, o.default]),
);
