/**
 * Ideogram 3.0's style parameters, which its operations share: rendering speed, color palette,
 * style codes, style preset and style reference images, and (where the route takes one) the
 * style type and a character reference. Their editor parameters, their checks, and their
 * multipart fields.
 */
import type { IDisplayOptions, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { refuse, valid, type Checked } from '../checked';
import type { UploadFile } from '../inputs/binaryFiles';
import { appendFile } from '../transport/multipart';
import { parseReferences, type ReferenceSpec } from './references';
import { STYLE_PRESETS } from './stylePresets';
import { describe, oneOf } from './values';

type Show = NonNullable<IDisplayOptions['show']>;

export const STYLE_TYPES_V3 = [
	{ name: 'Auto', value: 'AUTO' },
	{ name: 'General', value: 'GENERAL' },
	{ name: 'Realistic', value: 'REALISTIC' },
	{ name: 'Design', value: 'DESIGN' },
	{ name: 'Fiction', value: 'FICTION' },
	{ name: 'Stylized', value: 'STYLIZED' },
] as const;

export const RENDERING_SPEEDS = [
	{ name: 'Flash', value: 'FLASH' },
	{ name: 'Turbo', value: 'TURBO' },
	{ name: 'Balanced', value: 'BALANCED' },
	{ name: 'Default', value: 'DEFAULT' },
	{ name: 'Quality', value: 'QUALITY' },
] as const;

export const COLOR_PALETTE_PRESETS = [
	{ name: 'Ember', value: 'EMBER' },
	{ name: 'Fresh', value: 'FRESH' },
	{ name: 'Jungle', value: 'JUNGLE' },
	{ name: 'Magic', value: 'MAGIC' },
	{ name: 'Melon', value: 'MELON' },
	{ name: 'Mosaic', value: 'MOSAIC' },
	{ name: 'Pastel', value: 'PASTEL' },
	{ name: 'Ultramarine', value: 'ULTRAMARINE' },
] as const;
export const MAX_PALETTE_COLORS = 8;

/** Style references: Ideogram takes up to 10, of at most 10 MB together. */
export const MAX_STYLE_REFERENCES = 10;
export const MAX_REFERENCE_BYTES = 10 * 1024 * 1024;
/** Style references work with these style types only. */
const STYLE_REFERENCE_STYLE_TYPES = ['AUTO', 'GENERAL'];

/** The 3.0 style type, for the routes that take one. */
export function styleTypeProperty(show: Show): INodeProperties {
	return {
		displayName: 'Style Type',
		name: 'styleTypeV3',
		type: 'options',
		options: STYLE_TYPES_V3.map((o) => ({ name: o.name, value: o.value })),
		default: 'AUTO',
		description: 'The style of the generated part of the image. Leave on Auto when you give Style Codes.',
		displayOptions: { show },
	};
}

/** The style parameters every 3.0 route takes. */
export function styleProperties(show: Show): INodeProperties[] {
	return [
		{
			displayName: 'Rendering Speed',
			name: 'renderingSpeed',
			type: 'options',
			options: RENDERING_SPEEDS.map((o) => ({ name: o.name, value: o.value })),
			default: 'DEFAULT',
			description: 'Faster rendering costs less; Quality takes longest and costs most',
			displayOptions: { show },
		},
		{
			displayName: 'Color Palette',
			name: 'colorPalette',
			type: 'options',
			options: [
				{ name: 'None', value: 'none' },
				{ name: 'Preset', value: 'preset', description: "One of Ideogram's named palettes" },
				{ name: 'Custom Colors', value: 'custom', description: 'Up to 8 hex colors, with weights' },
			],
			default: 'none',
			description: 'Colors the new part of the image should use',
			displayOptions: { show },
		},
		{
			displayName: 'Palette',
			name: 'colorPalettePreset',
			type: 'options',
			options: COLOR_PALETTE_PRESETS.map((o) => ({ name: o.name, value: o.value })),
			default: 'EMBER',
			displayOptions: { show: { ...show, colorPalette: ['preset'] } },
		},
		{
			displayName: 'Palette Colors',
			name: 'paletteMembers',
			type: 'string',
			default: '',
			required: true,
			placeholder: 'e.g. #C0392B:0.6, #F5E6CC:0.4',
			description: 'Up to 8 hex colors, each with an optional weight from 0.05 to 1, separated by commas',
			displayOptions: { show: { ...show, colorPalette: ['custom'] } },
		},
		{
			displayName: 'Style Codes',
			name: 'styleCodes',
			type: 'string',
			default: '',
			placeholder: 'e.g. AB12CD34, 0F0F0F0F',
			description: 'Ideogram style codes (8 hex digits each), separated by commas. Not together with a Style Type other than Auto.',
			displayOptions: { show },
		},
		{
			displayName: 'Style Preset',
			name: 'stylePreset',
			type: 'options',
			options: [{ name: 'None', value: '' }, ...STYLE_PRESETS.map((o) => ({ name: o.name, value: o.value }))],
			default: '',
			description: "One of Ideogram 3.0's named looks. Not together with Style Codes or Style Reference Images.",
			displayOptions: { show },
		},
		{
			displayName: 'Style Reference Images',
			name: 'styleReferenceImages',
			type: 'string',
			default: '',
			placeholder: 'e.g. style, https://example.com/brand-look.jpg',
			hint: `Up to ${MAX_STYLE_REFERENCES} JPEG, PNG or WEBP images, 10 MB together`,
			description:
				'Images whose look the result should follow: binary field names of the item or http(s) addresses, separated by commas. With Style Type Auto or General only; not together with Style Codes or a Style Preset.',
			displayOptions: { show },
		},
	];
}

/** A character reference: one image that keeps a person's look, and its mask. */
export function characterProperties(show: Show): INodeProperties[] {
	return [
		{
			displayName: 'Character Reference Image',
			name: 'characterReference',
			type: 'string',
			default: '',
			placeholder: 'e.g. character or https://example.com/model.jpg',
			hint: "One JPEG, PNG or WEBP image, at most 10 MB; billed at Ideogram's character reference price",
			description: 'A person whose look the edit keeps: the binary field name of the item, or an http(s) address. Empty for none.',
			displayOptions: { show },
		},
		{
			displayName: 'Character Reference Mask',
			name: 'characterReferenceMask',
			type: 'string',
			default: '',
			placeholder: 'e.g. characterMask',
			description: 'Optional: the binary field with a mask of the character reference, of exactly its size. Empty for none.',
			displayOptions: { show },
		},
	];
}

/** Which of the optional 3.0 parts a route takes. */
export interface Style3Parts {
	styleType: boolean;
	character: boolean;
}

/** The 3.0 style parameters as n8n hands them over. */
export interface RawStyle3 {
	styleTypeV3?: unknown;
	renderingSpeed?: unknown;
	colorPalette?: unknown;
	colorPalettePreset?: unknown;
	paletteMembers?: unknown;
	styleCodes?: unknown;
	stylePreset?: unknown;
	styleReferenceImages?: unknown;
	characterReference?: unknown;
	characterReferenceMask?: unknown;
}

/** Reads what is shown: the palette's preset or colors only for the palette kind picked. */
export function readStyle3(ctx: IExecuteFunctions, i: number, parts: Style3Parts): RawStyle3 {
	const colorPalette = ctx.getNodeParameter('colorPalette', i);
	return {
		renderingSpeed: ctx.getNodeParameter('renderingSpeed', i),
		colorPalette,
		colorPalettePreset: colorPalette === 'preset' ? ctx.getNodeParameter('colorPalettePreset', i) : undefined,
		paletteMembers: colorPalette === 'custom' ? ctx.getNodeParameter('paletteMembers', i) : undefined,
		styleCodes: ctx.getNodeParameter('styleCodes', i),
		stylePreset: ctx.getNodeParameter('stylePreset', i),
		styleReferenceImages: ctx.getNodeParameter('styleReferenceImages', i),
		...(parts.styleType ? { styleTypeV3: ctx.getNodeParameter('styleTypeV3', i) } : {}),
		...(parts.character
			? { characterReference: ctx.getNodeParameter('characterReference', i), characterReferenceMask: ctx.getNodeParameter('characterReferenceMask', i) }
			: {}),
	};
}

export type ColorPalette = { name: string } | { members: Array<{ color_hex: string; color_weight?: number }> };

/** The 3.0 style parameters, checked and in the form the request needs. */
export interface Style3 {
	/** Undefined when style codes stand in for the style type, or the route takes none. */
	styleType?: string;
	renderingSpeed?: string;
	colorPalette?: ColorPalette;
	styleCodes: string[];
	stylePreset?: string;
	styleReferences: ReferenceSpec[];
	characterReference?: ReferenceSpec;
	/** The binary field with the character reference's mask. */
	characterMaskField?: string;
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

function checkColorPalette(raw: RawStyle3): Checked<ColorPalette | undefined> {
	const kind = raw.colorPalette;
	if (kind === 'none') return valid(undefined);
	if (kind === 'preset') {
		const preset = oneOf('Palette', raw.colorPalettePreset, COLOR_PALETTE_PRESETS);
		return 'problem' in preset ? preset : valid({ name: preset.value });
	}
	if (kind === 'custom') return parsePaletteColors(raw.paletteMembers);
	return refuse('Color Palette', `${describe(kind)} is not one of none, preset, custom`, 'Pick None, Preset or Custom Colors.');
}

/** The character reference: one image, and optionally its mask from a binary field. */
function checkCharacterReference(raw: RawStyle3): Checked<Pick<Style3, 'characterReference' | 'characterMaskField'>> {
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
function styleConflict(v: Pick<Style3, 'styleType' | 'styleCodes' | 'stylePreset' | 'styleReferences'>): Checked<true> {
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

export function checkStyle3(raw: RawStyle3, parts: Style3Parts): Checked<Style3> {
	const renderingSpeed = oneOf('Rendering Speed', raw.renderingSpeed, RENDERING_SPEEDS);
	if ('problem' in renderingSpeed) return renderingSpeed;
	const styleType = parts.styleType ? oneOf('Style Type', raw.styleTypeV3, STYLE_TYPES_V3) : valid(undefined);
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
	const character = parts.character ? checkCharacterReference(raw) : valid({});
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

/** The reference images of a 3.0 request, read for the send. */
export interface Style3Files {
	styleReferences: UploadFile[];
	characterReference?: UploadFile;
	characterMask?: UploadFile;
}

/** The 3.0 style fields of a request, as its route names them. */
export function appendStyle3(form: FormData, style: Style3, files: Style3Files): void {
	if (style.renderingSpeed) form.append('rendering_speed', style.renderingSpeed);
	if (style.stylePreset) form.append('style_preset', style.stylePreset);
	// An object field of a multipart body travels as a part holding its JSON.
	if (style.colorPalette) form.append('color_palette', JSON.stringify(style.colorPalette));
	for (const code of style.styleCodes) form.append('style_codes', code);
	// Lists of files are repeated parts of the same name.
	for (const reference of files.styleReferences) appendFile(form, 'style_reference_images', reference);
}

/** What a 3.0 request with a prompt holds beside the style. */
export interface Style3Request extends Style3 {
	prompt: string;
	magicPrompt: string;
	numImages: number;
	seed?: number;
}

/** The fields of a 3.0 route that takes a prompt: `image`, `magic_prompt`, no `model`, and the style. */
export function style3Form(params: Style3Request, image: UploadFile, files: Style3Files): FormData {
	const form = new FormData();
	appendFile(form, 'image', image);
	form.append('prompt', params.prompt);
	form.append('magic_prompt', params.magicPrompt);
	form.append('num_images', String(params.numImages));
	if (params.seed !== undefined) form.append('seed', String(params.seed));
	appendStyle3(form, params, files);
	return form;
}

/** The style type and character reference, for the routes that take them. */
export function appendStyleTypeAndCharacter(form: FormData, style: Style3, files: Style3Files): void {
	if (style.styleType) form.append('style_type', style.styleType);
	if (files.characterReference) appendFile(form, 'character_reference_images', files.characterReference);
	if (files.characterMask) appendFile(form, 'character_reference_images_mask', files.characterMask);
}
