/**
 * Replace Background (Ideogram 3.0): the subject of a photo kept, a new background painted around
 * it from the prompt. No mask: the model finds the subject.
 */
import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { valid, type Checked } from '../checked';
import { referenceInputs, type CheckedReferences } from '../inputs/references';
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
import { routeOption, type CheckedOptions } from '../parameters/options';
import { checkStyle3, readStyle3, style3Form, styleProperties, type RawStyle3, type Style3, type Style3Files, type Style3Request } from '../parameters/style3';
import { oneOf } from '../parameters/values';
import { imageOutputs } from '../run/outputItems';
import { defineOperation, oneRequest, type ItemRequest } from './operation';

export const REPLACE_BACKGROUND = 'replaceBackground';
/** A 3.0 route: the output names the model so. */
const MODEL = 'V_3';

const forReplaceBackground = { operation: [REPLACE_BACKGROUND] };

const ROUTE = routeOption(REPLACE_BACKGROUND, {
	displayName: 'Endpoint Path (Replace Background)',
	name: 'endpointPathReplaceBackground',
	type: 'string',
	default: '/ideogram/v1/ideogram-v3/replace-background',
	description: 'Path of the Ideogram 3.0 Replace Background endpoint under the base URL of the credential',
});

const properties: INodeProperties[] = [
	promptProperty(forReplaceBackground, 'The new background to paint around the subject'),
	magicPromptProperty(forReplaceBackground),
	...styleProperties(forReplaceBackground),
	numImagesProperty(forReplaceBackground),
	seedProperty(forReplaceBackground),
];

export interface ReplaceBackgroundParameters extends CheckedOptions, Style3Request {
	model: string;
}

export interface RawReplaceBackgroundParameters extends RawStyle3, RawImageCount {
	prompt: unknown;
	magicPrompt: unknown;
}

export function checkReplaceBackgroundParameters(raw: RawReplaceBackgroundParameters): Checked<ReplaceBackgroundParameters> {
	const prompt = checkPrompt(raw.prompt, 'Describe the new background, for example "a sunlit marble countertop".');
	if ('problem' in prompt) return prompt;
	const magicPrompt = oneOf('Magic Prompt', raw.magicPrompt, MAGIC_PROMPT_OPTIONS);
	if ('problem' in magicPrompt) return magicPrompt;
	const style: Checked<Style3> = checkStyle3(raw, { styleType: false, character: false });
	if ('problem' in style) return style;
	const count = checkImageCount(raw, ROUTE);
	if ('problem' in count) return count;
	return valid({ ...style.value, prompt: prompt.value, model: MODEL, magicPrompt: magicPrompt.value, ...count.value });
}

function readReplaceBackgroundParameters(ctx: IExecuteFunctions, i: number): RawReplaceBackgroundParameters {
	return { ...readParameters(ctx, i, ['prompt', 'magicPrompt', 'numImages', 'seed']), ...readStyle3(ctx, i, { styleType: false, character: false }) };
}

export const replaceBackground = defineOperation<ReplaceBackgroundParameters, CheckedReferences, Style3Files, ItemRequest>({
	choice: {
		name: 'Replace Background',
		value: REPLACE_BACKGROUND,
		action: 'Replace the background of a photo',
		description: 'Keep the subject, paint a new background around it (3.0, no mask)',
	},
	makesImages: true,
	properties,
	options: [ROUTE.property],
	routes: [ROUTE],
	parameters: (ctx, i) => checkReplaceBackgroundParameters(readReplaceBackgroundParameters(ctx, i)),
	...referenceInputs(),
	requests: oneRequest,
	form: (params, photo, files) => style3Form(params, photo, files),
	outputs: (body, params, request, attempts) => imageOutputs(body, request, params, attempts, 'edit'),
});
