import type { IDataObject } from 'n8n-workflow';

import {
	COLOR_PALETTE_PRESETS,
	MAGIC_PROMPT_OPTIONS,
	MAX_NUM_IMAGES,
	MAX_PALETTE_COLORS,
	MAX_PROMPT_LENGTH,
	MAX_SEED,
	MODELS,
	RENDERING_SPEEDS,
	STYLE_TYPES,
	STYLE_TYPES_V3,
	V3_MODEL,
} from '../constants';
import { optionDefaults } from '../properties';
import { refuse, valid, type Checked } from './checked';

export type ColorPalette = { name: string } | { members: Array<{ color_hex: string; color_weight?: number }> };

/** The node's parameters for one item, checked and in the form the request needs. */
export interface EditParameters {
	prompt: string;
	model: string;
	magicPrompt: string;
	/** Undefined when style codes stand in for the style type (3.0). */
	styleType?: string;
	renderingSpeed?: string;
	colorPalette?: ColorPalette;
	styleCodes: string[];
	invertMask: boolean;
	numImages: number;
	seed?: number;
	downloadImages: boolean;
	includeUnsafe: boolean;
	outputBinaryProperty: string;
	endpointPath: string;
	maxRetries: number;
	retryUnknownOutcome: boolean;
	timeoutMs: number;
	/** Read from the first item: one bound for the whole run. */
	maxImagesInFlight: number;
}

/** The parameters as n8n hands them over: expressions can make any of them any type. */
export interface RawEditParameters {
	prompt: unknown;
	model: unknown;
	magicPrompt: unknown;
	/** V_2 models only; 3.0 has its own style types. */
	styleType?: unknown;
	numImages: unknown;
	seed: unknown;
	/** 3.0 only; absent for the V_2 models. */
	styleTypeV3?: unknown;
	renderingSpeed?: unknown;
	colorPalette?: unknown;
	colorPalettePreset?: unknown;
	paletteMembers?: unknown;
	styleCodes?: unknown;
	/** The options the user added; the others take their description's default. */
	options: IDataObject;
}


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
		return refuse(parameter, `${describe(value)} is not a whole number`, fix);
	}
	if (n < min || n > max) {
		return refuse(parameter, `${n} is out of range (${min} to ${max})`, fix);
	}
	return valid(n);
}

function oneOf(
	parameter: string,
	value: unknown,
	allowed: ReadonlyArray<{ value: string }>,
): Checked<string> {
	const values = allowed.map((a) => a.value);
	if (typeof value === 'string' && values.includes(value.trim())) return valid(value.trim());
	return refuse(
			parameter,
			`${describe(value)} is not one of ${values.join(', ')}`,
			`Pick one of the listed values, or make the expression return one of: ${values.join(', ')}.`,
		);
}

export function checkBinaryFieldName(parameter: string, value: unknown): Checked<string> {
	if (typeof value === 'string' && value.trim() !== '') return valid(value.trim());
	return refuse(
			parameter,
			'is empty',
			'Enter the name of a binary field, for example "data".',
		);
}

/** The prompt, trimmed: required, and within what the API accepts. */
function checkPrompt(value: unknown): Checked<string> {
	if (typeof value !== 'string' || value.trim() === '') {
		return refuse(
			'Prompt',
			typeof value === 'string' ? 'is empty' : `${describe(value)} is not text`,
			'Describe what to paint into the black area of the mask, for example "a red leather handbag".',
		);
	}
	const prompt = value.trim();
	if (prompt.length > MAX_PROMPT_LENGTH) {
		return refuse('Prompt', `is ${prompt.length} characters long, more than the ${MAX_PROMPT_LENGTH} the API accepts`, 'Shorten the prompt.');
	}
	return valid(prompt);
}

/** An empty seed means a random one, and is not sent. */
function checkSeed(value: unknown): Checked<number | undefined> {
	if (value === undefined || value === null || (typeof value === 'string' && value.trim() === '')) return valid(undefined);
	return integerInRange('Seed', value, 0, MAX_SEED, `Use a whole number from 0 to ${MAX_SEED}, or leave Seed empty for a random one.`);
}

type CheckedOptions = Pick<
	EditParameters,
	| 'invertMask'
	| 'downloadImages'
	| 'includeUnsafe'
	| 'outputBinaryProperty'
	| 'endpointPath'
	| 'maxRetries'
	| 'retryUnknownOutcome'
	| 'timeoutMs'
	| 'maxImagesInFlight'
>;

/** The Options collection, with the description's default for every option not added. */
function checkOptions(added: IDataObject, isV3: boolean): Checked<CheckedOptions> {
	const options = { ...optionDefaults, ...added };
	const outputBinaryProperty = checkBinaryFieldName('Output Binary Field', options.outputBinaryProperty);
	if ('problem' in outputBinaryProperty) return outputBinaryProperty;

	const [pathParameter, pathOption] = isV3 ? ['Endpoint Path (3.0)', 'endpointPathV3'] : ['Endpoint Path', 'endpointPath'];
	const endpointPath = String(options[pathOption]).trim();
	if (!/^\/[\w\-./]*$/.test(endpointPath)) {
		return refuse(pathParameter, `${describe(options[pathOption])} is not a path`, `Use a path that starts with "/", such as ${String(optionDefaults[pathOption])}.`);
	}

	const maxRetries = integerInRange('Max Retries', options.maxRetries, 0, 10, 'Use a whole number from 0 to 10.');
	if ('problem' in maxRetries) return maxRetries;

	const bound = options.maxImagesInFlight;
	if (typeof bound !== 'number' || !Number.isInteger(bound) || bound < 1) {
		return refuse('Max Images in Flight', `${String(bound)} is not a whole number of 1 or more`, 'Set Max Images in Flight to a whole number such as 10.');
	}

	const timeout = options.timeout;
	if (typeof timeout !== 'number' || !(timeout > 0)) {
		return refuse('Timeout (Seconds)', `${describe(timeout)} is not a positive number`, 'Use a number of seconds, such as 180.');
	}

	return valid({
		invertMask: options.invertMask === true,
		downloadImages: options.downloadImages !== false,
		includeUnsafe: options.includeUnsafe !== false,
		outputBinaryProperty: outputBinaryProperty.value,
		endpointPath,
		maxRetries: maxRetries.value,
		retryUnknownOutcome: options.retryUnknownOutcome !== false,
		timeoutMs: Math.round(timeout * 1000),
		maxImagesInFlight: bound,
	});
}

export function checkEditParameters(raw: RawEditParameters): Checked<EditParameters> {
	const prompt = checkPrompt(raw.prompt);
	if ('problem' in prompt) return prompt;
	const model = oneOf('Model', raw.model, MODELS);
	if ('problem' in model) return model;
	// Ideogram 3.0 has its own route, field names and parameters.
	const isV3 = model.value === V3_MODEL;
	const magicPrompt = oneOf('Magic Prompt', raw.magicPrompt, MAGIC_PROMPT_OPTIONS);
	if ('problem' in magicPrompt) return magicPrompt;
	const v3 = isV3 ? checkV3Parameters(raw) : valid(undefined);
	if ('problem' in v3) return v3;
	const styleType = isV3 ? valid(v3.value?.styleType) : oneOf('Style Type', raw.styleType, STYLE_TYPES);
	if ('problem' in styleType) return styleType;
	const numImages = integerInRange('Number of Images', raw.numImages, 1, MAX_NUM_IMAGES, `Set Number of Images to a whole number from 1 to ${MAX_NUM_IMAGES}.`);
	if ('problem' in numImages) return numImages;
	const seed = checkSeed(raw.seed);
	if ('problem' in seed) return seed;
	const options = checkOptions(raw.options, isV3);
	if ('problem' in options) return options;

	return valid({
		prompt: prompt.value,
		model: model.value,
		magicPrompt: magicPrompt.value,
		styleType: styleType.value,
		renderingSpeed: v3.value?.renderingSpeed,
		colorPalette: v3.value?.colorPalette,
		styleCodes: v3.value?.styleCodes ?? [],
		numImages: numImages.value,
		seed: seed.value,
		...options.value,
	});
}

/** "#FF5500:0.6, #003366" (weights optional), one color per comma, semicolon or line. */
export function parsePaletteColors(value: unknown): Checked<ColorPalette> {
	const fix = `Give up to ${MAX_PALETTE_COLORS} colors as hex codes with optional weights from 0.05 to 1, for example "#FF5500:0.6, #003366:0.4".`;
	if (typeof value !== 'string' || value.trim() === '') {
		return refuse('Palette Colors', typeof value === 'string' ? 'is empty' : `${describe(value)} is not text`, fix);
	}
	const parts = value.split(/[,;\n]+/).map((p) => p.trim()).filter((p) => p !== '');
	if (parts.length > MAX_PALETTE_COLORS) {
		return refuse('Palette Colors', `has ${parts.length} colors, more than ${MAX_PALETTE_COLORS}`, fix);
	}
	const members: Array<{ color_hex: string; color_weight?: number }> = [];
	for (const part of parts) {
		const m = /^(#?[0-9a-f]{6})\s*(?::\s*([0-9]*\.?[0-9]+))?$/i.exec(part);
		const weight = m?.[2] === undefined ? undefined : Number(m[2]);
		if (!m || (weight !== undefined && !(weight >= 0.05 && weight <= 1))) {
			return refuse('Palette Colors', `${describe(part)} is not a hex color with an optional weight from 0.05 to 1`, fix);
		}
		const hex = `#${m[1].replace('#', '').toUpperCase()}`;
		members.push(weight === undefined ? { color_hex: hex } : { color_hex: hex, color_weight: weight });
	}
	return valid({ members });
}

/** Ideogram's style codes: 8 hex digits each, separated by commas or spaces. */
export function parseStyleCodes(value: unknown): Checked<string[]> {
	if (value === undefined || value === null || (typeof value === 'string' && value.trim() === '')) return valid([]);
	const list = Array.isArray(value) ? value.map(String) : typeof value === 'string' ? value.split(/[\s,;]+/) : undefined;
	const fix = 'Style codes are 8 hex digits each, such as "AB12CD34", separated by commas.';
	if (!list) return refuse('Style Codes', `${describe(value)} is not text`, fix);
	const codes = list.map((c) => c.trim()).filter((c) => c !== '');
	const bad = codes.find((c) => !/^[0-9a-f]{8}$/i.test(c));
	if (bad !== undefined) return refuse('Style Codes', `${describe(bad)} is not an 8-digit hex style code`, fix);
	return valid(codes.map((c) => c.toUpperCase()));
}

function checkV3Parameters(raw: RawEditParameters): Checked<{
	styleType?: string;
	renderingSpeed: string;
	colorPalette?: ColorPalette;
	styleCodes: string[];
}> {
	const renderingSpeed = oneOf('Rendering Speed', raw.renderingSpeed, RENDERING_SPEEDS);
	if ('problem' in renderingSpeed) return renderingSpeed;
	const styleType = oneOf('Style Type', raw.styleTypeV3, STYLE_TYPES_V3);
	if ('problem' in styleType) return styleType;
	const styleCodes = parseStyleCodes(raw.styleCodes);
	if ('problem' in styleCodes) return styleCodes;
	if (styleCodes.value.length && styleType.value !== 'AUTO') {
		return refuse(
				'Style Codes',
				`cannot be used together with Style Type ${styleType.value}`,
				'Ideogram takes either style codes or a style type: set Style Type to Auto, or clear Style Codes.',
			);
	}
	let colorPalette: ColorPalette | undefined;
	const kind = raw.colorPalette;
	if (kind === 'preset') {
		const preset = oneOf('Palette', raw.colorPalettePreset, COLOR_PALETTE_PRESETS);
		if ('problem' in preset) return preset;
		colorPalette = { name: preset.value };
	} else if (kind === 'custom') {
		const colors = parsePaletteColors(raw.paletteMembers);
		if ('problem' in colors) return colors;
		colorPalette = colors.value;
	} else if (kind !== 'none') {
		return refuse('Color Palette', `${describe(kind)} is not one of none, preset, custom`, 'Pick None, Preset or Custom Colors.');
	}
	return {
		value: {
			// Style codes replace the style type; AUTO is then not sent at all.
			styleType: styleCodes.value.length ? undefined : styleType.value,
			renderingSpeed: renderingSpeed.value,
			colorPalette,
			styleCodes: styleCodes.value,
		},
	};
}

/** Checks the credential's base URL before anything is sent to it. */
export function checkBaseUrl(value: unknown): Checked<string> {
	const fix =
		'Open the Comet API credential and set Base URL to https://api.cometapi.com (or your gateway\'s http(s) address).';
	if (typeof value !== 'string' || value.trim() === '') {
		return refuse('Base URL (credential)', 'is empty', fix);
	}
	let url: URL;
	try {
		url = new URL(value.trim());
	} catch {
		return refuse('Base URL (credential)', `${describe(value)} is not a URL`, fix);
	}
	if (url.protocol !== 'http:' && url.protocol !== 'https:') {
		return refuse('Base URL (credential)', `${describe(value)} is not an http(s) address`, fix);
	}
	return valid(value.trim().replace(/\/+$/, ''));
}

