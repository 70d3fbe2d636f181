import type { IDataObject } from 'n8n-workflow';

import {
	COLOR_PALETTE_PRESETS,
	EDIT_WITH_MASK,
	MAX_STYLE_REFERENCES,
	OPERATIONS,
	REPLACE_BACKGROUND,
	STYLE_PRESETS,
	STYLE_REFERENCE_STYLE_TYPES,
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
import { parseReferences, type ReferenceSpec } from './references';
import { refuse, valid, type Checked } from './checked';

export type Operation = typeof EDIT_WITH_MASK | typeof REPLACE_BACKGROUND;

export type ColorPalette = { name: string } | { members: Array<{ color_hex: string; color_weight?: number }> };

/** The node's parameters for one item, checked and in the form the request needs. */
export interface EditParameters {
	operation: Operation;
	prompt: string;
	/** V_3 for Replace Background, which is a 3.0 route. */
	model: string;
	magicPrompt: string;
	/** Undefined when style codes stand in for the style type (3.0). */
	styleType?: string;
	renderingSpeed?: string;
	colorPalette?: ColorPalette;
	styleCodes: string[];
	stylePreset?: string;
	styleReferences: ReferenceSpec[];
	characterReference?: ReferenceSpec;
	/** The binary field with the character reference's mask. */
	characterMaskField?: string;
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
	/** Absent in workflows made before there was a choice: Edit With Mask. */
	operation?: unknown;
	prompt: unknown;
	/** Edit With Mask only. */
	model?: unknown;
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
	stylePreset?: unknown;
	styleReferenceImages?: unknown;
	/** 3.0 edit only. */
	characterReference?: unknown;
	characterReferenceMask?: unknown;
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
/** The option with the route's path, by operation and model. */
type RouteOption = 'endpointPath' | 'endpointPathV3' | 'endpointPathReplaceBackground';

const ROUTE_PARAMETERS: Record<RouteOption, string> = {
	endpointPath: 'Endpoint Path',
	endpointPathV3: 'Endpoint Path (3.0)',
	endpointPathReplaceBackground: 'Endpoint Path (Replace Background)',
};

function checkOptions(added: IDataObject, pathOption: RouteOption): Checked<CheckedOptions> {
	const options = { ...optionDefaults, ...added };
	const outputBinaryProperty = checkBinaryFieldName('Output Binary Field', options.outputBinaryProperty);
	if ('problem' in outputBinaryProperty) return outputBinaryProperty;

	const pathParameter = ROUTE_PARAMETERS[pathOption];
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
	const operation = raw.operation === undefined ? valid(EDIT_WITH_MASK) : oneOf('Operation', raw.operation, OPERATIONS);
	if ('problem' in operation) return operation;
	const edit = operation.value === EDIT_WITH_MASK;
	const prompt = checkPrompt(raw.prompt);
	if ('problem' in prompt) return prompt;
	// Replace Background is a 3.0 route; the edit has the models to choose from.
	const model = edit ? oneOf('Model', raw.model, MODELS) : valid(V3_MODEL);
	if ('problem' in model) return model;
	// Ideogram 3.0 has its own route, field names and parameters.
	const isV3 = model.value === V3_MODEL;
	const magicPrompt = oneOf('Magic Prompt', raw.magicPrompt, MAGIC_PROMPT_OPTIONS);
	if ('problem' in magicPrompt) return magicPrompt;
	const v3 = isV3 ? checkV3Parameters(raw, edit) : valid(undefined);
	if ('problem' in v3) return v3;
	const styleType = isV3 ? valid(v3.value?.styleType) : oneOf('Style Type', raw.styleType, STYLE_TYPES);
	if ('problem' in styleType) return styleType;
	const numImages = integerInRange('Number of Images', raw.numImages, 1, MAX_NUM_IMAGES, `Set Number of Images to a whole number from 1 to ${MAX_NUM_IMAGES}.`);
	if ('problem' in numImages) return numImages;
	const seed = checkSeed(raw.seed);
	if ('problem' in seed) return seed;
	const route = edit ? (isV3 ? 'endpointPathV3' : 'endpointPath') : 'endpointPathReplaceBackground';
	const options = checkOptions(raw.options, route);
	if ('problem' in options) return options;

	return valid({
		operation: operation.value as Operation,
		prompt: prompt.value,
		model: model.value,
		magicPrompt: magicPrompt.value,
		styleCodes: [],
		styleReferences: [],
		...v3.value,
		styleType: styleType.value,
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

type V3Parameters = Pick<
	EditParameters,
	'styleType' | 'renderingSpeed' | 'colorPalette' | 'styleCodes' | 'stylePreset' | 'styleReferences' | 'characterReference' | 'characterMaskField'
>;

function checkColorPalette(raw: RawEditParameters): Checked<ColorPalette | undefined> {
	const kind = raw.colorPalette;
	if (kind === 'none') return valid(undefined);
	if (kind === 'preset') {
		const preset = oneOf('Palette', raw.colorPalettePreset, COLOR_PALETTE_PRESETS);
		return 'problem' in preset ? preset : valid({ name: preset.value });
	}
	if (kind === 'custom') return parsePaletteColors(raw.paletteMembers);
	return refuse('Color Palette', `${describe(kind)} is not one of none, preset, custom`, 'Pick None, Preset or Custom Colors.');
}

/** The character reference of a 3.0 edit: one image, and optionally its mask from a binary field. */
function checkCharacterReference(raw: RawEditParameters): Checked<Pick<V3Parameters, 'characterReference' | 'characterMaskField'>> {
	const references = parseReferences('Character Reference Image', raw.characterReference, 1);
	if ('problem' in references) return references;
	const [characterReference] = references.value;
	const mask = typeof raw.characterReferenceMask === 'string' ? raw.characterReferenceMask.trim() : raw.characterReferenceMask;
	if (mask === undefined || mask === null || mask === '') return valid({ characterReference });
	if (typeof mask !== 'string' || /[\s/\\]/.test(mask)) {
		return refuse('Character Reference Mask', `${describe(mask)} is not a binary field name`, 'Give the name of the binary field that holds the mask, such as "characterMask", or leave it empty.');
	}
	if (!characterReference) {
		return refuse('Character Reference Mask', 'is given without a Character Reference Image', 'Give the character reference image the mask belongs to, or clear Character Reference Mask.');
	}
	return valid({ characterReference, characterMaskField: mask });
}

/** What Ideogram refuses together: style codes, a preset and style references each replace the others. */
function styleConflict(v: Pick<V3Parameters, 'styleType' | 'styleCodes' | 'stylePreset' | 'styleReferences'>): Checked<true> {
	const style = 'Ideogram takes one of style codes, a style preset or style reference images:';
	if (v.styleCodes.length && v.styleType !== undefined && v.styleType !== 'AUTO') {
		return refuse('Style Codes', `cannot be used together with Style Type ${v.styleType}`, 'Ideogram takes either style codes or a style type: set Style Type to Auto, or clear Style Codes.');
	}
	if (v.styleCodes.length && v.stylePreset) {
		return refuse('Style Codes', `cannot be used together with Style Preset ${v.stylePreset}`, `${style} clear Style Codes or set Style Preset to None.`);
	}
	if (v.styleCodes.length && v.styleReferences.length) {
		return refuse('Style Codes', 'cannot be used together with Style Reference Images', `${style} clear Style Codes or Style Reference Images.`);
	}
	if (v.stylePreset && v.styleReferences.length) {
		return refuse('Style Preset', `${v.stylePreset} cannot be used together with Style Reference Images`, `${style} set Style Preset to None or clear Style Reference Images.`);
	}
	if (v.styleReferences.length && v.styleType !== undefined && !STYLE_REFERENCE_STYLE_TYPES.includes(v.styleType)) {
		return refuse('Style Reference Images', `work with Style Type Auto or General, not ${v.styleType}`, 'Set Style Type to Auto or General, or clear Style Reference Images.');
	}
	return valid(true);
}

/** Ideogram 3.0's parameters: of the edit, or of Replace Background (which has no style type and no character). */
function checkV3Parameters(raw: RawEditParameters, edit: boolean): Checked<V3Parameters> {
	const renderingSpeed = oneOf('Rendering Speed', raw.renderingSpeed, RENDERING_SPEEDS);
	if ('problem' in renderingSpeed) return renderingSpeed;
	const styleType = edit ? oneOf('Style Type', raw.styleTypeV3, STYLE_TYPES_V3) : valid(undefined);
	if ('problem' in styleType) return styleType;
	const styleCodes = parseStyleCodes(raw.styleCodes);
	if ('problem' in styleCodes) return styleCodes;
	const stylePreset = raw.stylePreset === '' || raw.stylePreset === undefined ? valid(undefined) : oneOf('Style Preset', raw.stylePreset, STYLE_PRESETS);
	if ('problem' in stylePreset) return stylePreset;
	const styleReferences = parseReferences('Style Reference Images', raw.styleReferenceImages, MAX_STYLE_REFERENCES);
	if ('problem' in styleReferences) return styleReferences;
	const style = { styleType: styleType.value, styleCodes: styleCodes.value, stylePreset: stylePreset.value, styleReferences: styleReferences.value };
	const conflict = styleConflict(style);
	if ('problem' in conflict) return conflict;
	const colorPalette = checkColorPalette(raw);
	if ('problem' in colorPalette) return colorPalette;
	const character = edit ? checkCharacterReference(raw) : valid({});
	if ('problem' in character) return character;
	return valid({
		...style,
		// Style codes replace the style type; AUTO is then not sent at all.
		styleType: styleCodes.value.length ? undefined : styleType.value,
		renderingSpeed: renderingSpeed.value,
		colorPalette: colorPalette.value,
		...character.value,
	});
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

