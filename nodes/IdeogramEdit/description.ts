/**
 * The node's parameters: the photo every operation starts from, then each operation's own
 * parameters (each shown for its operation alone), and the Options collection, whose shared
 * options and operations' options are listed in alphabetical order as n8n's editor does.
 */
import type { INodeProperties } from 'n8n-workflow';

import { OPERATIONS } from './operations';
import { EDIT_WITH_MASK } from './operations/editWithMask';
import { CHECK_OPTIONS, IMAGE_OPTIONS, REQUEST_OPTIONS } from './parameters/options';

const photoSource: INodeProperties[] = [
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
];

/** The download options, shown for the operations that make images. */
const imageOptions = IMAGE_OPTIONS.map((option) => ({
	...option,
	displayOptions: { show: { '/operation': OPERATIONS.filter((o) => o.makesImages).map((o) => o.choice.value) } },
}));

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
		options: OPERATIONS.map((o) => ({ ...o.choice })),
		default: EDIT_WITH_MASK,
	},
	...photoSource,
	...OPERATIONS.flatMap((o) => o.properties),
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		options: [...imageOptions, ...REQUEST_OPTIONS, ...CHECK_OPTIONS, ...OPERATIONS.flatMap((o) => o.options)].sort((a, b) => a.displayName.localeCompare(b.displayName, 'en')),
	},
];

/** The editor's subtitle: the model for Edit With Mask, the operation's name otherwise. */
const names = Object.fromEntries(OPERATIONS.filter((o) => o.choice.value !== EDIT_WITH_MASK).map((o) => [o.choice.value, o.choice.name]));
export const subtitle = `={{${JSON.stringify(names)}[$parameter["operation"]] || $parameter["model"]}}`;
