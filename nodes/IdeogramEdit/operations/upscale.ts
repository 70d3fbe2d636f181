/**
 * Upscale: the photo enlarged, as close to it as Resemblance says and with as much new detail as
 * Detail says, optionally guided by a prompt. Its settings travel as one JSON part, `image_request`.
 */
import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { valid, type Checked } from '../checked';
import { checkImageCount, checkOptionalText, MAGIC_PROMPT_OPTIONS, magicPromptProperty, numImagesProperty, readParameters, seedProperty, type RawImageCount } from '../parameters/common';
import { routeOption, type CheckedOptions } from '../parameters/options';
import { integerInRange, oneOf } from '../parameters/values';
import { imageOutputs } from '../run/outputItems';
import { appendFile } from '../transport/multipart';
import { defineOperation, oneRequest, type ItemRequest } from './operation';

export const UPSCALE = 'upscale';
const forUpscale = { operation: [UPSCALE] };

const ROUTE = routeOption(UPSCALE, {
	displayName: 'Endpoint Path (Upscale)',
	name: 'endpointPathUpscale',
	type: 'string',
	default: '/ideogram/upscale',
	description: 'Path of the Ideogram Upscale endpoint under the base URL of the credential',
});

const properties: INodeProperties[] = [
	{
		displayName: 'Prompt',
		name: 'prompt',
		type: 'string',
		default: '',
		placeholder: 'e.g. a leather handbag, sharp stitching',
		description: 'Optional: what the photo shows, to guide the new detail',
		typeOptions: { rows: 2 },
		displayOptions: { show: forUpscale },
	},
	{
		displayName: 'Resemblance',
		name: 'resemblance',
		type: 'number',
		typeOptions: { minValue: 1, maxValue: 100, numberPrecision: 0 },
		default: 50,
		description: 'How close the result stays to the photo, from 1 to 100',
		displayOptions: { show: forUpscale },
	},
	{
		displayName: 'Detail',
		name: 'detail',
		type: 'number',
		typeOptions: { minValue: 1, maxValue: 100, numberPrecision: 0 },
		default: 50,
		description: 'How much new detail the result gets, from 1 to 100',
		displayOptions: { show: forUpscale },
	},
	magicPromptProperty(forUpscale),
	numImagesProperty(forUpscale),
	seedProperty(forUpscale),
];

export interface UpscaleParameters extends CheckedOptions {
	prompt?: string;
	resemblance: number;
	detail: number;
	magicPrompt: string;
	numImages: number;
	seed?: number;
}

export interface RawUpscaleParameters extends RawImageCount {
	prompt: unknown;
	resemblance: unknown;
	detail: unknown;
	magicPrompt: unknown;
}

export function checkUpscaleParameters(raw: RawUpscaleParameters): Checked<UpscaleParameters> {
	const prompt = checkOptionalText('Prompt', raw.prompt, 'Describe the photo in words, or leave Prompt empty.');
	if ('problem' in prompt) return prompt;
	const resemblance = integerInRange('Resemblance', raw.resemblance, 1, 100, 'Use a whole number from 1 to 100; 50 is the default.');
	if ('problem' in resemblance) return resemblance;
	const detail = integerInRange('Detail', raw.detail, 1, 100, 'Use a whole number from 1 to 100; 50 is the default.');
	if ('problem' in detail) return detail;
	const magicPrompt = oneOf('Magic Prompt', raw.magicPrompt, MAGIC_PROMPT_OPTIONS);
	if ('problem' in magicPrompt) return magicPrompt;
	const count = checkImageCount(raw, ROUTE);
	if ('problem' in count) return count;
	return valid({ prompt: prompt.value, resemblance: resemblance.value, detail: detail.value, magicPrompt: magicPrompt.value, ...count.value });
}

function readUpscaleParameters(ctx: IExecuteFunctions, i: number): RawUpscaleParameters {
	return readParameters(ctx, i, ['prompt', 'resemblance', 'detail', 'magicPrompt', 'numImages', 'seed']);
}

/** The photo as `image_file`, and every setting in the one JSON part `image_request`. */
export function upscaleForm(params: UpscaleParameters, photo: Parameters<typeof appendFile>[2]): FormData {
	const form = new FormData();
	appendFile(form, 'image_file', photo);
	const request: IDataObject = {
		...(params.prompt !== undefined ? { prompt: params.prompt } : {}),
		resemblance: params.resemblance,
		detail: params.detail,
		magic_prompt_option: params.magicPrompt,
		num_images: params.numImages,
		...(params.seed !== undefined ? { seed: params.seed } : {}),
	};
	form.append('image_request', JSON.stringify(request));
	return form;
}

export const upscale = defineOperation<UpscaleParameters, undefined, undefined, ItemRequest>({
	choice: { name: 'Upscale', value: UPSCALE, action: 'Upscale a photo', description: 'Enlarge the photo, with new detail (for print and zoom)' },
	makesImages: true,
	properties,
	options: [ROUTE.property],
	routes: [ROUTE],
	parameters: (ctx, i) => checkUpscaleParameters(readUpscaleParameters(ctx, i)),
	checkInputs: async () => undefined,
	requests: oneRequest,
	readFiles: async () => undefined,
	form: (params, photo) => upscaleForm(params, photo),
	outputs: (body, params, request, attempts) => imageOutputs(body, request, { model: null, prompt: params.prompt ?? null }, attempts, 'upscale'),
});
