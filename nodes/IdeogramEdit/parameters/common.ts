/**
 * Parameters that several operations take: the prompt, Magic Prompt, the number of images and the
 * seed. Each operation shows its own copy (n8n shows a parameter on one condition only), made here,
 * and checks it here.
 */
import type { IDataObject, IDisplayOptions, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { refuse, valid, type Checked } from '../checked';
import { MAX_NUM_IMAGES, MAX_PROMPT_LENGTH, MAX_SEED } from '../limits';
import { checkOptions, type CheckedOptions, type RouteOption } from './options';
import { describe, integerInRange } from './values';

type Show = NonNullable<IDisplayOptions['show']>;

export const MAGIC_PROMPT_OPTIONS = [
	{ name: 'Auto', value: 'AUTO' },
	{ name: 'On', value: 'ON' },
	{ name: 'Off', value: 'OFF' },
] as const;

export function promptProperty(show: Show, description: string): INodeProperties {
	return {
		displayName: 'Prompt',
		name: 'prompt',
		type: 'string',
		default: '',
		required: true,
		placeholder: 'e.g. a red leather handbag on the table',
		description,
		typeOptions: { rows: 3 },
		displayOptions: { show },
	};
}

export function magicPromptProperty(show: Show): INodeProperties {
	return {
		displayName: 'Magic Prompt',
		name: 'magicPrompt',
		type: 'options',
		options: MAGIC_PROMPT_OPTIONS.map((o) => ({ name: o.name, value: o.value })),
		default: 'AUTO',
		description: 'Whether Ideogram may rewrite the prompt to improve the result; the prompt it used is in the output',
		displayOptions: { show },
	};
}

export function numImagesProperty(show: Show): INodeProperties {
	return {
		displayName: 'Number of Images',
		name: 'numImages',
		type: 'number',
		typeOptions: { minValue: 1, maxValue: MAX_NUM_IMAGES, numberPrecision: 0 },
		default: 1,
		description: 'How many versions to make (each one is billed); each becomes one output item',
		displayOptions: { show },
	};
}

export function seedProperty(show: Show): INodeProperties {
	return {
		displayName: 'Seed',
		name: 'seed',
		type: 'string',
		default: '',
		placeholder: 'Empty for a random seed',
		description: `A whole number from 0 to ${MAX_SEED}. The same seed, prompt and image give a similar result; leave empty for a random one.`,
		displayOptions: { show },
	};
}

/** The prompt, trimmed: required, and within what the API accepts. `example` shows what to write. */
export function checkPrompt(value: unknown, example: string): Checked<string> {
	if (typeof value !== 'string' || value.trim() === '') {
		return refuse('Prompt', typeof value === 'string' ? 'is empty' : `${describe(value)} is not text`, example);
	}
	const prompt = value.trim();
	if (prompt.length > MAX_PROMPT_LENGTH) {
		return refuse('Prompt', `is ${prompt.length} characters long, more than the ${MAX_PROMPT_LENGTH} the API accepts`, 'Shorten the prompt.');
	}
	return valid(prompt);
}

/** Text that may be left empty (none), trimmed, within what the API accepts; `fix` says what to write. */
export function checkOptionalText(parameter: string, value: unknown, fix: string): Checked<string | undefined> {
	if (value === undefined || value === null || (typeof value === 'string' && value.trim() === '')) return valid(undefined);
	if (typeof value !== 'string') return refuse(parameter, `${describe(value)} is not text`, fix);
	const text = value.trim();
	if (text.length > MAX_PROMPT_LENGTH) return refuse(parameter, `is ${text.length} characters long, more than the ${MAX_PROMPT_LENGTH} the API accepts`, 'Shorten it.');
	return valid(text);
}

export function checkNumImages(value: unknown): Checked<number> {
	return integerInRange('Number of Images', value, 1, MAX_NUM_IMAGES, `Set Number of Images to a whole number from 1 to ${MAX_NUM_IMAGES}.`);
}

/** An empty seed means a random one, and is not sent. */
export function checkSeed(value: unknown): Checked<number | undefined> {
	if (value === undefined || value === null || (typeof value === 'string' && value.trim() === '')) return valid(undefined);
	return integerInRange('Seed', value, 0, MAX_SEED, `Use a whole number from 0 to ${MAX_SEED}, or leave Seed empty for a random one.`);
}

/**
 * The named parameters of item `i` as n8n resolves them (expressions can make any of them any
 * type), and the Options collection: what every operation reads before checking.
 */
export function readParameters<Name extends string>(ctx: IExecuteFunctions, i: number, names: readonly Name[]): Record<Name, unknown> & { options: IDataObject } {
	const raw = Object.fromEntries(names.map((name) => [name, ctx.getNodeParameter(name, i)])) as Record<Name, unknown>;
	return { ...raw, options: ctx.getNodeParameter('options', i) as IDataObject };
}

/** The parameters every operation that makes images ends with. */
export interface RawImageCount {
	numImages: unknown;
	seed: unknown;
	options: IDataObject;
}

/** Number of Images, Seed and the options with the operation's route, checked in that order. */
export function checkImageCount(raw: RawImageCount, route: RouteOption): Checked<{ numImages: number; seed?: number } & CheckedOptions> {
	const numImages = checkNumImages(raw.numImages);
	if ('problem' in numImages) return numImages;
	const seed = checkSeed(raw.seed);
	if ('problem' in seed) return seed;
	const options = checkOptions(raw.options, route);
	if ('problem' in options) return options;
	return valid({ numImages: numImages.value, seed: seed.value, ...options.value });
}
