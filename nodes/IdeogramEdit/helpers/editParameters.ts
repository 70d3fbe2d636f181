import type { IDataObject } from 'n8n-workflow';

import {
	DEFAULT_ENDPOINT_PATH,
	DEFAULT_MAX_RETRIES,
	DEFAULT_TIMEOUT_SECONDS,
	MAGIC_PROMPT_OPTIONS,
	MAX_NUM_IMAGES,
	MAX_PROMPT_LENGTH,
	MAX_SEED,
	MODELS,
	STYLE_TYPES,
} from '../constants';
import { problem, type InputProblem } from './inputProblem';

/** The node's parameters for one item, checked and in the form the request needs. */
export interface EditParameters {
	prompt: string;
	model: string;
	magicPrompt: string;
	styleType: string;
	numImages: number;
	seed?: number;
	downloadImages: boolean;
	includeUnsafe: boolean;
	outputBinaryProperty: string;
	endpointPath: string;
	maxRetries: number;
	timeoutMs: number;
}

/** The parameters as n8n hands them over: expressions can make any of them any type. */
export interface RawEditParameters {
	prompt: unknown;
	model: unknown;
	magicPrompt: unknown;
	styleType: unknown;
	numImages: unknown;
	seed: unknown;
	options: IDataObject;
}

type Checked<T> = { value: T } | { problem: InputProblem };

function describe(value: unknown): string {
	if (value === null) return 'null';
	if (Array.isArray(value)) return 'a list';
	if (typeof value === 'object') return 'an object';
	if (typeof value === 'string') return `"${value.length > 40 ? value.slice(0, 40) + '…' : value}"`;
	return String(value);
}

/** A whole number, given as a number or as digits (a Google Sheets cell arrives as text). */
function wholeNumber(value: unknown): number | undefined {
	if (typeof value === 'number') return Number.isInteger(value) ? value : undefined;
	if (typeof value === 'string' && /^\s*-?\d+\s*$/.test(value)) return Number(value);
	return undefined;
}

function integerInRange(
	parameter: string,
	value: unknown,
	min: number,
	max: number,
	fix: string,
): Checked<number> {
	const n = wholeNumber(value);
	if (n === undefined) {
		return { problem: problem(parameter, `${describe(value)} is not a whole number`, fix) };
	}
	if (n < min || n > max) {
		return { problem: problem(parameter, `${n} is out of range (${min} to ${max})`, fix) };
	}
	return { value: n };
}

function oneOf(
	parameter: string,
	value: unknown,
	allowed: ReadonlyArray<{ value: string }>,
): Checked<string> {
	const values = allowed.map((a) => a.value);
	if (typeof value === 'string' && values.includes(value.trim())) return { value: value.trim() };
	return {
		problem: problem(
			parameter,
			`${describe(value)} is not one of ${values.join(', ')}`,
			`Pick one of the listed values, or make the expression return one of: ${values.join(', ')}.`,
		),
	};
}

export function checkBinaryFieldName(parameter: string, value: unknown): Checked<string> {
	if (typeof value === 'string' && value.trim() !== '') return { value: value.trim() };
	return {
		problem: problem(
			parameter,
			'is empty',
			'Enter the name of a binary field, for example "data".',
		),
	};
}

export function checkEditParameters(raw: RawEditParameters): Checked<EditParameters> {
	const { options } = raw;

	if (typeof raw.prompt !== 'string' || raw.prompt.trim() === '') {
		return {
			problem: problem(
				'Prompt',
				typeof raw.prompt === 'string' ? 'is empty' : `${describe(raw.prompt)} is not text`,
				'Describe what to paint into the black area of the mask, for example "a red leather handbag".',
			),
		};
	}
	const prompt = raw.prompt.trim();
	if (prompt.length > MAX_PROMPT_LENGTH) {
		return {
			problem: problem(
				'Prompt',
				`is ${prompt.length} characters long, more than the ${MAX_PROMPT_LENGTH} the API accepts`,
				'Shorten the prompt.',
			),
		};
	}

	const model = oneOf('Model', raw.model, MODELS);
	if ('problem' in model) return model;
	const magicPrompt = oneOf('Magic Prompt', raw.magicPrompt, MAGIC_PROMPT_OPTIONS);
	if ('problem' in magicPrompt) return magicPrompt;
	const styleType = oneOf('Style Type', raw.styleType, STYLE_TYPES);
	if ('problem' in styleType) return styleType;

	const numImages = integerInRange(
		'Number of Images',
		raw.numImages,
		1,
		MAX_NUM_IMAGES,
		`Set Number of Images to a whole number from 1 to ${MAX_NUM_IMAGES}.`,
	);
	if ('problem' in numImages) return numImages;

	let seed: number | undefined;
	if (!(raw.seed === undefined || raw.seed === null || (typeof raw.seed === 'string' && raw.seed.trim() === ''))) {
		const checked = integerInRange(
			'Seed',
			raw.seed,
			0,
			MAX_SEED,
			`Use a whole number from 0 to ${MAX_SEED}, or leave Seed empty for a random one.`,
		);
		if ('problem' in checked) return checked;
		seed = checked.value;
	}

	const outputBinaryProperty = checkBinaryFieldName(
		'Output Binary Field',
		options.outputBinaryProperty ?? 'data',
	);
	if ('problem' in outputBinaryProperty) return outputBinaryProperty;

	const endpointPath = String(options.endpointPath ?? DEFAULT_ENDPOINT_PATH).trim();
	if (!/^\/[\w\-./]*$/.test(endpointPath)) {
		return {
			problem: problem(
				'Endpoint Path',
				`${describe(options.endpointPath)} is not a path`,
				`Use a path that starts with "/", such as ${DEFAULT_ENDPOINT_PATH}.`,
			),
		};
	}

	const maxRetries = integerInRange(
		'Max Retries',
		options.maxRetries ?? DEFAULT_MAX_RETRIES,
		0,
		10,
		'Use a whole number from 0 to 10.',
	);
	if ('problem' in maxRetries) return maxRetries;

	const timeout = options.timeout ?? DEFAULT_TIMEOUT_SECONDS;
	if (typeof timeout !== 'number' || !(timeout > 0)) {
		return {
			problem: problem('Timeout (Seconds)', `${describe(timeout)} is not a positive number`, 'Use a number of seconds, such as 180.'),
		};
	}

	return {
		value: {
			prompt,
			model: model.value,
			magicPrompt: magicPrompt.value,
			styleType: styleType.value,
			numImages: numImages.value,
			seed,
			downloadImages: options.downloadImages !== false,
			includeUnsafe: options.includeUnsafe !== false,
			outputBinaryProperty: outputBinaryProperty.value,
			endpointPath,
			maxRetries: maxRetries.value,
			timeoutMs: Math.round(timeout * 1000),
		},
	};
}

/** Checks the credential's base URL before anything is sent to it. */
export function checkBaseUrl(value: unknown): Checked<string> {
	const fix =
		'Open the Comet API credential and set Base URL to https://api.cometapi.com (or your gateway\'s http(s) address).';
	if (typeof value !== 'string' || value.trim() === '') {
		return { problem: problem('Base URL (credential)', 'is empty', fix) };
	}
	let url: URL;
	try {
		url = new URL(value.trim());
	} catch {
		return { problem: problem('Base URL (credential)', `${describe(value)} is not a URL`, fix) };
	}
	if (url.protocol !== 'http:' && url.protocol !== 'https:') {
		return {
			problem: problem('Base URL (credential)', `${describe(value)} is not an http(s) address`, fix),
		};
	}
	return { value: value.trim().replace(/\/+$/, '') };
}

