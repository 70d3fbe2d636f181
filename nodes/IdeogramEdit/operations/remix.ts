/**
 * Remix (Ideogram 3.0): new images from the photo and a prompt, the photo weighing as much as Image
 * Weight says, in the shape of a resolution or an aspect ratio (never both; neither means 1x1).
 */
import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { refuse, valid, type Checked } from '../checked';
import { referenceInputs, type CheckedReferences } from '../inputs/references';
import {
	checkImageCount,
	checkOptionalText,
	checkPrompt,
	MAGIC_PROMPT_OPTIONS,
	magicPromptProperty,
	numImagesProperty,
	promptProperty,
	readParameters,
	seedProperty,
	type RawImageCount,
} from '../parameters/common';
import { routeOption, type CheckedOptions } from '../parameters/options';
import { ASPECT_RATIOS_V3, checkAspectRatio, checkResolution, RESOLUTIONS_V3 } from '../parameters/shapes';
import {
	appendStyleTypeAndCharacter,
	characterProperties,
	checkStyle3,
	readStyle3,
	style3Form,
	styleProperties,
	styleTypeProperty,
	type RawStyle3,
	type Style3Files,
	type Style3Request,
} from '../parameters/style3';
import { integerInRange, oneOf } from '../parameters/values';
import { imageOutputs } from '../run/outputItems';
import { defineOperation, oneRequest, type ItemRequest } from './operation';

export const REMIX = 'remix';
const forRemix = { operation: [REMIX] };

const ROUTE = routeOption(REMIX, {
	displayName: 'Endpoint Path (Remix)',
	name: 'endpointPathRemix',
	type: 'string',
	default: '/ideogram/v1/ideogram-v3/remix',
	description: 'Path of the Ideogram 3.0 Remix endpoint under the base URL of the credential',
});

const properties: INodeProperties[] = [
	promptProperty(forRemix, 'What the new image shows; the photo guides it as much as Image Weight says'),
	{
		displayName: 'Image Weight',
		name: 'imageWeight',
		type: 'number',
		typeOptions: { minValue: 1, maxValue: 100, numberPrecision: 0 },
		default: 50,
		description: 'How much of the photo the new image keeps, from 1 (little) to 100 (most)',
		displayOptions: { show: forRemix },
	},
	{
		displayName: 'Aspect Ratio',
		name: 'aspectRatio',
		type: 'options',
		options: [{ name: 'None', value: '' }, ...ASPECT_RATIOS_V3.map((r) => ({ name: r.replace('x', ':'), value: r }))],
		default: '',
		description: 'The shape of the new image. Not together with Resolution; with neither, the image is square (1:1). The photo is cropped to it first.',
		displayOptions: { show: forRemix },
	},
	{
		displayName: 'Resolution',
		name: 'resolution',
		type: 'options',
		options: [{ name: 'None', value: '' }, ...RESOLUTIONS_V3.map((r) => ({ name: r, value: r }))],
		default: '',
		description: 'The exact size of the new image, one of Ideogram 3.0\'s resolutions. Not together with Aspect Ratio.',
		displayOptions: { show: forRemix },
	},
	{
		displayName: 'Negative Prompt',
		name: 'negativePrompt',
		type: 'string',
		default: '',
		placeholder: 'e.g. text, watermarks',
		description: 'What to leave out of the image; where it disagrees with the prompt, the prompt wins',
		displayOptions: { show: forRemix },
	},
	magicPromptProperty(forRemix),
	styleTypeProperty(forRemix),
	...styleProperties(forRemix),
	...characterProperties(forRemix),
	numImagesProperty(forRemix),
	seedProperty(forRemix),
];

export interface RemixParameters extends CheckedOptions, Style3Request {
	model: string;
	imageWeight: number;
	aspectRatio?: string;
	resolution?: string;
	negativePrompt?: string;
}

export interface RawRemixParameters extends RawStyle3, RawImageCount {
	prompt: unknown;
	imageWeight: unknown;
	aspectRatio: unknown;
	resolution: unknown;
	negativePrompt: unknown;
	magicPrompt: unknown;
}

export function checkRemixParameters(raw: RawRemixParameters): Checked<RemixParameters> {
	const prompt = checkPrompt(raw.prompt, 'Describe the new image, for example "the handbag on a beach at sunset".');
	if ('problem' in prompt) return prompt;
	const imageWeight = integerInRange('Image Weight', raw.imageWeight, 1, 100, 'Use a whole number from 1 to 100; 50 keeps about half of the photo.');
	if ('problem' in imageWeight) return imageWeight;
	const aspectRatio = checkAspectRatio('Aspect Ratio', raw.aspectRatio);
	if ('problem' in aspectRatio) return aspectRatio;
	const resolution = checkResolution('Resolution', raw.resolution);
	if ('problem' in resolution) return resolution;
	if (aspectRatio.value && resolution.value) {
		return refuse('Resolution', `${resolution.value} cannot be given together with Aspect Ratio ${aspectRatio.value}`, 'Ideogram takes a resolution or an aspect ratio: clear one of them.');
	}
	const negativePrompt = checkOptionalText('Negative Prompt', raw.negativePrompt, 'Say what to leave out, for example "text, watermarks", or leave it empty.');
	if ('problem' in negativePrompt) return negativePrompt;
	const magicPrompt = oneOf('Magic Prompt', raw.magicPrompt, MAGIC_PROMPT_OPTIONS);
	if ('problem' in magicPrompt) return magicPrompt;
	const style = checkStyle3(raw, { styleType: true, character: true });
	if ('problem' in style) return style;
	const count = checkImageCount(raw, ROUTE);
	if ('problem' in count) return count;
	return valid({
		...style.value,
		prompt: prompt.value,
		model: 'V_3',
		imageWeight: imageWeight.value,
		aspectRatio: aspectRatio.value,
		resolution: resolution.value,
		negativePrompt: negativePrompt.value,
		magicPrompt: magicPrompt.value,
		...count.value,
	});
}

function readRemixParameters(ctx: IExecuteFunctions, i: number): RawRemixParameters {
	return {
		...readParameters(ctx, i, ['prompt', 'imageWeight', 'aspectRatio', 'resolution', 'negativePrompt', 'magicPrompt', 'numImages', 'seed']),
		...readStyle3(ctx, i, { styleType: true, character: true }),
	};
}

export function remixForm(params: RemixParameters, photo: Parameters<typeof style3Form>[1], files: Style3Files): FormData {
	const form = style3Form(params, photo, files);
	form.append('image_weight', String(params.imageWeight));
	if (params.resolution) form.append('resolution', params.resolution);
	if (params.aspectRatio) form.append('aspect_ratio', params.aspectRatio);
	if (params.negativePrompt) form.append('negative_prompt', params.negativePrompt);
	appendStyleTypeAndCharacter(form, params, files);
	return form;
}

export const remix = defineOperation<RemixParameters, CheckedReferences, Style3Files, ItemRequest>({
	choice: { name: 'Remix', value: REMIX, action: 'Remix a photo into a new image', description: 'A new image from the photo and a prompt (3.0)' },
	makesImages: true,
	properties,
	options: [ROUTE.property],
	routes: [ROUTE],
	parameters: (ctx, i) => checkRemixParameters(readRemixParameters(ctx, i)),
	...referenceInputs(),
	requests: oneRequest,
	form: (params, photo, files) => remixForm(params, photo, files),
	outputs: (body, params, request, attempts) => imageOutputs(body, request, params, attempts, 'remix'),
});
