/**
 * Describe: the photo put into words (for prompts, alt text, catalog copy). No image is made; one
 * output item per description. As an AI Agent's tool, it is the agent's way to look at a photo.
 */
import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { valid, type Checked } from '../checked';
import { isObject } from '../isObject';
import { readParameters } from '../parameters/common';
import { checkOptions, routeOption, type CheckedOptions } from '../parameters/options';
import { oneOf } from '../parameters/values';
import { appendFile } from '../transport/multipart';
import { defineOperation, type AnswerItem, type ItemRequest } from './operation';

export const DESCRIBE = 'describe';
const forDescribe = { operation: [DESCRIBE] };

const MODEL_VERSIONS = [
	{ name: 'V_3', value: 'V_3' },
	{ name: 'V_2', value: 'V_2' },
] as const;

/** A description is a few sentences: more than this many from one request is not an answer. */
const MAX_DESCRIPTIONS = 10;

const ROUTE = routeOption(DESCRIBE, {
	displayName: 'Endpoint Path (Describe)',
	name: 'endpointPathDescribe',
	type: 'string',
	default: '/ideogram/describe',
	description: 'Path of the Ideogram Describe endpoint under the base URL of the credential',
});

const properties: INodeProperties[] = [
	{
		displayName: 'Describe Model Version',
		name: 'describeModelVersion',
		type: 'options',
		options: MODEL_VERSIONS.map((o) => ({ name: o.name, value: o.value })),
		default: 'V_3',
		description: 'The Ideogram model that writes the description',
		displayOptions: { show: forDescribe },
	},
];

export interface DescribeParameters extends CheckedOptions {
	modelVersion: string;
}

export function checkDescribeParameters(raw: { describeModelVersion: unknown; options: IDataObject }): Checked<DescribeParameters> {
	const modelVersion = oneOf('Describe Model Version', raw.describeModelVersion, MODEL_VERSIONS);
	if ('problem' in modelVersion) return modelVersion;
	const options = checkOptions(raw.options, ROUTE);
	if ('problem' in options) return options;
	return valid({ modelVersion: modelVersion.value, ...options.value });
}

/** The descriptions of an answer, `{"descriptions": [{"text"}]}`, as output items. */
export function describeOutputs(body: unknown, params: DescribeParameters, attempts: number): AnswerItem[] | undefined {
	if (!isObject(body) || !Array.isArray(body.descriptions)) return undefined;
	return body.descriptions
		.filter((d): d is { text: string } => isObject(d) && typeof d.text === 'string')
		.slice(0, MAX_DESCRIPTIONS)
		.map((d, index) => ({ json: { description: d.text, description_index: index, describe_model_version: params.modelVersion, attempts } }));
}

export const describeOperation = defineOperation<DescribeParameters, undefined, undefined, ItemRequest>({
	choice: { name: 'Describe', value: DESCRIBE, action: 'Describe a photo in words', description: 'Write a description of the photo (alt text, catalog copy, prompts); no image' },
	makesImages: false,
	properties,
	options: [ROUTE.property],
	routes: [ROUTE],
	parameters: (ctx: IExecuteFunctions, i: number) => checkDescribeParameters(readParameters(ctx, i, ['describeModelVersion'])),
	checkInputs: async () => undefined,
	// One request, with one place in flight.
	requests: () => [{ numImages: 1 }],
	readFiles: async () => undefined,
	form: (params, photo) => {
		const form = new FormData();
		appendFile(form, 'image_file', photo);
		form.append('describe_model_version', params.modelVersion);
		return form;
	},
	outputs: (body, params, _request, attempts) => describeOutputs(body, params, attempts),
});
