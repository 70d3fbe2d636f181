/**
 * Reframe (Ideogram 3.0): the photo extended to new shapes, what lies beyond its edges painted in.
 * No prompt. Each target shape of an item is one request; a target of the photo's own shape needs
 * none, and the photo itself is that target's output.
 */
import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { valid, type Checked } from '../checked';
import { referenceInputs, type CheckedReferences } from '../inputs/references';
import type { UploadFile } from '../inputs/binaryFiles';
import { checkImageCount, numImagesProperty, readParameters, seedProperty, type RawImageCount } from '../parameters/common';
import { routeOption, type CheckedOptions } from '../parameters/options';
import { ASPECT_RATIOS_V3, hasShape, parseTargets, type TargetShape } from '../parameters/shapes';
import { appendStyle3, checkStyle3, readStyle3, styleProperties, type RawStyle3, type Style3, type Style3Files } from '../parameters/style3';
import { imageOutputs } from '../run/outputItems';
import { appendFile } from '../transport/multipart';
import { defineOperation, type ItemRequest, type PhotoAsOutput } from './operation';

export const REFRAME = 'reframe';
const MODEL = 'V_3';
const forReframe = { operation: [REFRAME] };

const ROUTE = routeOption(REFRAME, {
	displayName: 'Endpoint Path (Reframe)',
	name: 'endpointPathReframe',
	type: 'string',
	default: '/ideogram/v1/ideogram-v3/reframe',
	description: 'Path of the Ideogram 3.0 Reframe endpoint under the base URL of the credential',
});

const properties: INodeProperties[] = [
	{
		displayName: 'Target Shapes',
		name: 'targets',
		type: 'string',
		default: '1x1',
		required: true,
		placeholder: 'e.g. 1x1, 16x9, 9x16',
		hint: 'Aspect ratios, or exact 3.0 resolutions such as 1312x736, separated by commas: one request each',
		description: `The shapes to extend the photo to. An aspect ratio (${ASPECT_RATIOS_V3.map((r) => r.replace('x', ':')).join(', ')}) is made at the 3.0 resolution nearest it (16:9 at 1312x736); a target of the photo's own shape costs nothing and gives the photo back.`,
		displayOptions: { show: forReframe },
	},
	...styleProperties(forReframe),
	numImagesProperty(forReframe),
	seedProperty(forReframe),
];

export interface ReframeParameters extends CheckedOptions, Style3 {
	targets: TargetShape[];
	numImages: number;
	seed?: number;
}

export interface RawReframeParameters extends RawStyle3, RawImageCount {
	targets: unknown;
}

export function checkReframeParameters(raw: RawReframeParameters): Checked<ReframeParameters> {
	const targets = parseTargets('Target Shapes', raw.targets);
	if ('problem' in targets) return targets;
	const style = checkStyle3(raw, { styleType: false, character: false });
	if ('problem' in style) return style;
	const count = checkImageCount(raw, ROUTE);
	if ('problem' in count) return count;
	return valid({ ...style.value, targets: targets.value, ...count.value });
}

function readReframeParameters(ctx: IExecuteFunctions, i: number): RawReframeParameters {
	return { ...readParameters(ctx, i, ['targets', 'numImages', 'seed']), ...readStyle3(ctx, i, { styleType: false, character: false }) };
}

/** One target's request: its resolution, and the fields its output items carry. */
export interface ReframeRequest extends ItemRequest {
	target: TargetShape;
	label: IDataObject;
}

/** One request per target, in the order given; a target of the photo's own shape needs none. */
export function reframeRequests(params: ReframeParameters, photo: { width: number; height: number }): Array<ReframeRequest | PhotoAsOutput> {
	return params.targets.map((target) => {
		const label = { target: target.target, target_resolution: target.resolution };
		if (hasShape(photo.width, photo.height, target.target)) {
			const json = {
				url: null,
				seed: null,
				prompt: null,
				resolution: `${photo.width}x${photo.height}`,
				is_image_safe: true,
				created: null,
				model: MODEL,
				image_index: 0,
				input_prompt: null,
				attempts: 0,
				...label,
				reframed: false,
			};
			return { photoAsOutput: true, json } satisfies PhotoAsOutput;
		}
		return { numImages: params.numImages, target, label: { ...label, reframed: true } };
	});
}

export function reframeForm(params: ReframeParameters, photo: UploadFile, files: Style3Files, request: ReframeRequest): FormData {
	const form = new FormData();
	appendFile(form, 'image', photo);
	form.append('resolution', request.target.resolution);
	form.append('num_images', String(request.numImages));
	if (params.seed !== undefined) form.append('seed', String(params.seed));
	appendStyle3(form, params, files);
	return form;
}

export const reframe = defineOperation<ReframeParameters, CheckedReferences, Style3Files, ReframeRequest>({
	choice: { name: 'Reframe', value: REFRAME, action: 'Reframe a photo to new shapes', description: 'Extend the photo to other aspect ratios, one request per shape (3.0, no prompt)' },
	makesImages: true,
	properties,
	options: [ROUTE.property],
	routes: [ROUTE],
	parameters: (ctx, i) => checkReframeParameters(readReframeParameters(ctx, i)),
	...referenceInputs(),
	requests: reframeRequests,
	form: reframeForm,
	outputs: (body, _params, request, attempts) =>
		imageOutputs(body, request, { model: MODEL, prompt: null }, attempts, `reframe-${request.target.target}`),
});
