/**
 * Edit With Mask: the area a mask marks repainted, with V_2 or V_2_TURBO on /edit or with 3.0 on
 * its own route. The mask comes from a binary field or is drawn from rectangles.
 */
import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { valid, type Checked } from '../checked';
import type { MaskConvention } from '../images/maskScan';
import type { ImageInfo } from '../images/sniff';
import type { InputFile, UploadFile } from '../inputs/binaryFiles';
import { checkMask, maskFile, maskToSend, readMaskSource, type CheckedMask, type MaskGrid, type MaskSource } from '../inputs/masks';
import { checkReferences, readReferences, type CheckedReferences } from '../inputs/references';
import {
	checkImageCount,
	checkPrompt,
	MAGIC_PROMPT_OPTIONS,
	magicPromptProperty,
	numImagesProperty,
	promptProperty,
	readParameters,
	seedProperty,
	type RawImageCount,
} from '../parameters/common';
import { operationOption, routeOption, withDefaults, type CheckedOptions } from '../parameters/options';
import {
	appendStyleTypeAndCharacter,
	characterProperties,
	checkStyle3,
	readStyle3,
	styleProperties,
	style3Form,
	styleTypeProperty,
	type RawStyle3,
	type Style3,
	type Style3Files,
} from '../parameters/style3';
import { oneOf } from '../parameters/values';
import { imageOutputs } from '../run/outputItems';
import { appendFile } from '../transport/multipart';
import { defineOperation, oneRequest, type ItemRequest } from './operation';

export const EDIT_WITH_MASK = 'editWithMask';

export const MODELS = [
	{ name: 'V_2_TURBO', value: 'V_2_TURBO', description: 'Faster and cheaper' },
	{ name: 'V_2', value: 'V_2', description: 'Higher quality' },
	{ name: '3.0', value: 'V_3', description: 'Ideogram 3.0: rendering speeds, color palettes and style codes' },
] as const;
const V2_MODELS = ['V_2_TURBO', 'V_2'];
export const V3_MODEL = 'V_3';

const STYLE_TYPES = [
	{ name: 'Auto', value: 'AUTO' },
	{ name: 'General', value: 'GENERAL' },
	{ name: 'Realistic', value: 'REALISTIC' },
	{ name: 'Design', value: 'DESIGN' },
	{ name: '3D Render', value: 'RENDER_3D' },
	{ name: 'Anime', value: 'ANIME' },
] as const;

const forEdit = { operation: [EDIT_WITH_MASK] };
const forV2 = { ...forEdit, model: V2_MODELS };
const forV3 = { ...forEdit, model: [V3_MODEL] };
const forRectangles = { ...forEdit, maskSource: ['rectangles'] };

const V2_ROUTE = routeOption(
	EDIT_WITH_MASK,
	{
		displayName: 'Endpoint Path',
		name: 'endpointPath',
		type: 'string',
		default: '/edit',
		description: 'Path of the V_2 edit endpoint under the base URL of the credential. If the default answers 404, the node tries /ideogram/edit once by itself.',
	},
	// Gateways of CometAPI's family serve the same endpoint here.
	'/ideogram/edit',
);
const V3_ROUTE = routeOption(
	EDIT_WITH_MASK,
	{
		displayName: 'Endpoint Path (3.0)',
		name: 'endpointPathV3',
		type: 'string',
		default: '/ideogram/v1/ideogram-v3/edit',
		description:
			'Path of the Ideogram 3.0 edit endpoint under the base URL of the credential. If the default answers 404, the node tries its new name, /ideogram/v1/ideogram-v3/inpaint, once by itself.',
	},
	// Ideogram's new name for the 3.0 edit ("Inpaint"); the edit route is legacy there.
	'/ideogram/v1/ideogram-v3/inpaint',
);
const MASK_CONVENTION = operationOption(EDIT_WITH_MASK, {
	displayName: 'Mask Convention',
	name: 'maskConvention',
	type: 'options',
	options: [
		{ name: 'Black = Edit (Ideogram)', value: 'black', description: 'Black marks the area to edit, white is kept' },
		{
			name: 'Transparent = Edit (OpenAI)',
			value: 'transparent',
			description: "Transparent pixels mark the area to edit, as in masks for OpenAI's image edit; colors are ignored",
		},
		{ name: 'White = Edit', value: 'white', description: 'White marks the area to edit, as in masks for many other image APIs' },
	],
	default: 'black',
	description:
		'How the binary mask marks the area to edit. The node sends Ideogram its own black-and-white PNG of any mask that is not Black = Edit or that has transparency. PNG masks only, except Black = Edit.',
});

const MASK_ORIENTATION = operationOption(EDIT_WITH_MASK, {
	displayName: 'Mask Orientation',
	name: 'maskOrientation',
	type: 'options',
	options: [
		{
			name: 'Auto',
			value: 'auto',
			description: "A mask of the photo's size as viewers show it is taken as drawn so, one of its stored size as drawn on the stored pixels; Regions as viewers show it",
		},
		{ name: 'As the Photo Is Stored', value: 'stored', description: 'The mask and Regions are on the stored pixels, as tools that ignore the Orientation tag make them' },
		{ name: 'As Viewers Show the Photo', value: 'shown', description: 'The mask and Regions are on the photo as viewers show it, turned by its Orientation tag' },
	],
	default: 'auto',
	description:
		'For a photo with an EXIF Orientation tag (most phone photos): what the mask and Regions were drawn on. The node turns them to the stored pixels it sends. Photos without the tag are not affected.',
});

/**
 * The switch Mask Convention replaced, shown for nodes of version 1 only. It stays described there
 * because n8n drops, when a saved workflow loads, every option its node does not show: without it, a
 * saved "on" would quietly become Black = Edit. Nodes of version 1.1 have Mask Convention alone.
 */
const INVERT_MASK: INodeProperties = {
	displayName: 'Invert Mask',
	name: 'invertMask',
	type: 'boolean',
	default: false,
	description:
		'Whether the binary mask is white where the image is to be edited. Kept for workflows made before Mask Convention: on is the same as Mask Convention White = Edit, and Mask Convention, when added, wins.',
	displayOptions: { show: { '/operation': [EDIT_WITH_MASK], '@version': [1] } },
};

/** Mask Convention, or what the Invert Mask switch of saved workflows meant by it. */
export function maskConventionOf(options: IDataObject): Checked<MaskConvention> {
	if (options.maskConvention === undefined && options.invertMask === true) return valid('white');
	const convention = oneOf('Mask Convention', withDefaults(options, [MASK_CONVENTION]).maskConvention, MASK_CONVENTION.options as Array<{ value: string }>);
	return convention as Checked<MaskConvention>;
}

const properties: INodeProperties[] = [
	{
		displayName: 'Mask Source',
		name: 'maskSource',
		type: 'options',
		options: [
			{ name: 'Binary Field', value: 'binary', description: 'A black-and-white mask image in a binary field of the input item' },
			{ name: 'Rectangles', value: 'rectangles', description: "The node draws the mask from rectangles, at the image's exact size" },
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
		description: 'Name of the binary field of the input item that holds the mask: a black-and-white image of exactly the same size as the image',
	},
	{
		displayName: 'Regions',
		name: 'regions',
		type: 'string',
		default: '',
		required: true,
		placeholder: 'e.g. 120, 80, 300, 240; 500, 80, 100, 100',
		hint: 'One rectangle per line or semicolon: left, top, width, height',
		description: 'The areas to edit, as left, top, width, height. JSON also works: [{"left":120,"top":80,"width":300,"height":240}].',
		typeOptions: { rows: 2 },
		displayOptions: { show: forRectangles },
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
		description: "Whether the rectangles are in pixels or in percent of the image's width and height (percent fits photos of any size)",
		displayOptions: { show: forRectangles },
	},
	{
		displayName: 'Invert',
		name: 'invertRegions',
		type: 'boolean',
		default: false,
		description: 'Whether to edit everything but the rectangles (for example, a new background around a product)',
		displayOptions: { show: forRectangles },
	},
	promptProperty(forEdit, 'What to paint into the black area of the mask'),
	{
		displayName: 'Model',
		name: 'model',
		type: 'options',
		options: MODELS.map((m) => ({ name: m.name, value: m.value, description: m.description })),
		default: 'V_2_TURBO',
		description: 'The Ideogram model that does the edit',
		displayOptions: { show: forEdit },
	},
	magicPromptProperty(forEdit),
	{
		displayName: 'Style Type',
		name: 'styleType',
		type: 'options',
		options: STYLE_TYPES.map((o) => ({ name: o.name, value: o.value })),
		default: 'AUTO',
		description: 'The style of the generated part of the image',
		displayOptions: { show: forV2 },
	},
	styleTypeProperty(forV3),
	...styleProperties(forV3),
	...characterProperties(forV3),
	numImagesProperty(forEdit),
	seedProperty(forEdit),
];

/** An edit's parameters, checked and in the form the request needs. */
export interface EditParameters extends CheckedOptions, Partial<Style3> {
	prompt: string;
	model: string;
	magicPrompt: string;
	styleCodes: string[];
	styleReferences: Style3['styleReferences'];
	maskConvention: MaskConvention;
	maskGrid: MaskGrid;
	numImages: number;
	seed?: number;
}

/** The parameters as n8n hands them over: expressions can make any of them any type. */
export interface RawEditParameters extends RawStyle3, RawImageCount {
	prompt: unknown;
	model: unknown;
	magicPrompt: unknown;
	/** V_2 models only; 3.0 has its own style types. */
	styleType?: unknown;
}

export function checkEditParameters(raw: RawEditParameters): Checked<EditParameters> {
	const prompt = checkPrompt(raw.prompt, 'Describe what to paint into the black area of the mask, for example "a red leather handbag".');
	if ('problem' in prompt) return prompt;
	const model = oneOf('Model', raw.model, MODELS);
	if ('problem' in model) return model;
	// Ideogram 3.0 has its own route, field names and parameters.
	const isV3 = model.value === V3_MODEL;
	const magicPrompt = oneOf('Magic Prompt', raw.magicPrompt, MAGIC_PROMPT_OPTIONS);
	if ('problem' in magicPrompt) return magicPrompt;
	const style3 = isV3 ? checkStyle3(raw, { styleType: true, character: true }) : valid(undefined);
	if ('problem' in style3) return style3;
	const styleType = isV3 ? valid(style3.value?.styleType) : oneOf('Style Type', raw.styleType, STYLE_TYPES);
	if ('problem' in styleType) return styleType;
	const count = checkImageCount(raw, isV3 ? V3_ROUTE : V2_ROUTE);
	if ('problem' in count) return count;
	const maskConvention = maskConventionOf(raw.options);
	if ('problem' in maskConvention) return maskConvention;
	const maskGrid = oneOf('Mask Orientation', withDefaults(raw.options, [MASK_ORIENTATION]).maskOrientation, MASK_ORIENTATION.options as Array<{ value: string }>);
	if ('problem' in maskGrid) return maskGrid;
	return valid({
		prompt: prompt.value,
		model: model.value,
		magicPrompt: magicPrompt.value,
		styleCodes: [],
		styleReferences: [],
		...style3.value,
		styleType: styleType.value,
		maskConvention: maskConvention.value,
		maskGrid: maskGrid.value as MaskGrid,
		...count.value,
	});
}

/** The item's parameters as n8n resolves them; those of the other model family are hidden, and not read. */
function readEditParameters(ctx: IExecuteFunctions, i: number): RawEditParameters {
	const raw = readParameters(ctx, i, ['prompt', 'model', 'magicPrompt', 'numImages', 'seed']);
	return { ...raw, ...(raw.model === V3_MODEL ? readStyle3(ctx, i, { styleType: true, character: true }) : readParameters(ctx, i, ['styleType'])) };
}

type EditItemParameters = EditParameters & { mask: MaskSource };

interface EditInputs {
	mask: CheckedMask;
	references: CheckedReferences;
}

/** The files of one edit request beside the photo. */
export interface EditFiles extends Style3Files {
	mask?: InputFile;
}

function v2Form(params: EditParameters, image: UploadFile, files: EditFiles): FormData {
	const form = new FormData();
	appendFile(form, 'image_file', image);
	if (files.mask) appendFile(form, 'mask', files.mask);
	form.append('prompt', params.prompt);
	form.append('model', params.model);
	form.append('magic_prompt_option', params.magicPrompt);
	form.append('style_type', params.styleType ?? 'AUTO');
	form.append('num_images', String(params.numImages));
	if (params.seed !== undefined) form.append('seed', String(params.seed));
	return form;
}

/** The multipart body of one edit, in the field names of its route. */
export function editForm(params: EditParameters, image: UploadFile, files: EditFiles): FormData {
	if (params.model !== V3_MODEL) return v2Form(params, image, files);
	const form = style3Form(params, image, files);
	if (files.mask) appendFile(form, 'mask', files.mask);
	appendStyleTypeAndCharacter(form, params, files);
	return form;
}

export const editWithMask = defineOperation<EditItemParameters, EditInputs, EditFiles, ItemRequest>({
	choice: { name: 'Edit With Mask', value: EDIT_WITH_MASK, action: 'Edit the masked part of an image', description: 'Repaint the area a mask marks (V_2, V_2_TURBO or 3.0)' },
	makesImages: true,
	properties,
	options: [V2_ROUTE.property, V3_ROUTE.property, MASK_CONVENTION, MASK_ORIENTATION, INVERT_MASK],
	routes: [V2_ROUTE, V3_ROUTE],
	parameters(ctx, i) {
		const params = checkEditParameters(readEditParameters(ctx, i));
		if ('problem' in params) return params;
		const mask = readMaskSource(ctx, i, params.value.maskConvention, params.value.maskGrid);
		return 'problem' in mask ? mask : valid({ ...params.value, mask: mask.value });
	},
	async checkInputs(ctx, i, params, photo: ImageInfo, shared, signal) {
		const mask = await checkMask(ctx, i, params.mask, photo, shared);
		return { mask, references: await checkReferences(ctx, i, params, shared, signal) };
	},
	checkedFiles: (inputs) => ({ mask: maskFile(inputs.mask), ...inputs.references.files }),
	async readFiles(ctx, i, params, inputs, photo) {
		const mask = await maskToSend(ctx, i, inputs.mask, photo);
		return { mask, ...(await readReferences(ctx, i, inputs.references)) };
	},
	requests: oneRequest,
	form: (params, photo, files) => editForm(params, photo, files),
	outputs: (body, params, request, attempts) => imageOutputs(body, request, params, attempts, 'edit'),
});
