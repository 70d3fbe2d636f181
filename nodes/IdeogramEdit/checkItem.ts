/**
 * The check phase: everything about one item that can be checked without spending a request,
 * before the item is sent.
 */
import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import { EDIT_WITH_MASK, MAX_KEPT_MASK_BYTES, V3_MODEL } from './constants';
import { checkBinaryImage, checkInputFile, checkPngMask, checkSameSize, marksNothing, readInputFile, type InputFile } from './helpers/binaryInput';
import { checkBinaryFieldName, checkEditParameters, type EditParameters, type RawEditParameters } from './helpers/editParameters';
import type { ImageInfo } from './helpers/imageInfo';
import { checkImageUrl } from './helpers/imageUrl';
import { refuse, valid, type Checked } from './helpers/checked';
import { inputError, valueOrThrow } from './helpers/nodeErrors';
import { parseRegions, regionMaskPng, regionsInPixels, type Region, type RegionUnit } from './helpers/regions';
import { shareInRun } from './helpers/shareInRun';
import { checkReferences, checkUrlImage, PHOTO, type CheckedReferences, type ImageSource, type ReferenceUrls } from './imageSources';

type MaskSource =
	| { kind: 'binary'; field: string }
	| { kind: 'rectangles'; regions: Region[]; unit: RegionUnit; invert: boolean };
/**
 * The mask once checked: one the node made (drawn, or inverted) is kept for the send, since it is
 * small once compressed; a mask from a binary field is read again at the send.
 */
export type CheckedMask = { kind: 'made'; file: InputFile } | { kind: 'binary'; field: string };

/** Masks drawn from rectangles in this run, by size and rectangles: items alike share one. */
export type DrawnMasks = Map<string, Promise<{ png: Buffer; marksEdit: boolean }>>;

/**
 * Checks of stored masks in this run, by stored file, Invert Mask and photo size: one mask file
 * merged onto every photo is read and decoded once. The outcome is kept, not the file.
 */
export type StoredMasks = Map<string, Promise<Checked<CheckedMask>>>;

/** What the items of one run share while they are checked. */
export interface CheckRun {
	drawnMasks: DrawnMasks;
	storedMasks: StoredMasks;
	/** Reference images by URL: a batch that shares a brand's look downloads it once. */
	referenceUrls: ReferenceUrls;
}

/** An item whose parameters and files passed every check. */
export interface CheckedItem {
	params: EditParameters;
	image: ImageSource;
	/** None for Replace Background. */
	mask?: CheckedMask;
	references: CheckedReferences;
}

/**
 * The item's parameters as n8n resolves them: n8n-workflow fills in the description's defaults, so
 * none is repeated here. Parameters of the other model family are hidden in the editor and not read.
 */
function rawParameters(ctx: IExecuteFunctions, i: number): RawEditParameters {
	const operation = ctx.getNodeParameter('operation', i);
	const edit = operation === EDIT_WITH_MASK;
	// Replace Background is a 3.0 route, with no model to choose.
	const model = edit ? ctx.getNodeParameter('model', i) : V3_MODEL;
	const v3 = model === V3_MODEL;
	// The palette's preset or colors are shown, and so read, only for the palette kind picked.
	const colorPalette = v3 ? ctx.getNodeParameter('colorPalette', i) : undefined;
	return {
		operation,
		prompt: ctx.getNodeParameter('prompt', i),
		model,
		magicPrompt: ctx.getNodeParameter('magicPrompt', i),
		numImages: ctx.getNodeParameter('numImages', i),
		seed: ctx.getNodeParameter('seed', i),
		...(v3
			? {
					renderingSpeed: ctx.getNodeParameter('renderingSpeed', i),
					colorPalette,
					colorPalettePreset: colorPalette === 'preset' ? ctx.getNodeParameter('colorPalettePreset', i) : undefined,
					paletteMembers: colorPalette === 'custom' ? ctx.getNodeParameter('paletteMembers', i) : undefined,
					styleCodes: ctx.getNodeParameter('styleCodes', i),
					stylePreset: ctx.getNodeParameter('stylePreset', i),
					styleReferenceImages: ctx.getNodeParameter('styleReferenceImages', i),
					...(edit
						? {
								styleTypeV3: ctx.getNodeParameter('styleTypeV3', i),
								characterReference: ctx.getNodeParameter('characterReference', i),
								characterReferenceMask: ctx.getNodeParameter('characterReferenceMask', i),
							}
						: {}),
				}
			: { styleType: ctx.getNodeParameter('styleType', i) }),
		options: ctx.getNodeParameter('options', i) as IDataObject,
	};
}

async function checkImageSource(ctx: IExecuteFunctions, i: number, params: EditParameters, signal: AbortSignal): Promise<ImageSource> {
	if (ctx.getNodeParameter('imageSource', i) !== 'url') {
		return { kind: 'binary', field: valueOrThrow(ctx, i, checkBinaryFieldName('Image Binary Field', ctx.getNodeParameter('imageBinaryProperty', i))) };
	}
	const url = valueOrThrow(ctx, i, checkImageUrl(ctx.getNodeParameter('imageUrl', i)));
	return { kind: 'url', photo: await checkUrlImage(ctx, i, url, params.timeoutMs, PHOTO, signal) };
}

function checkMaskSource(ctx: IExecuteFunctions, i: number): MaskSource {
	if (ctx.getNodeParameter('maskSource', i) !== 'rectangles') {
		return { kind: 'binary', field: valueOrThrow(ctx, i, checkBinaryFieldName('Mask Binary Field', ctx.getNodeParameter('maskBinaryProperty', i))) };
	}
	const unit = ctx.getNodeParameter('regionUnit', i) === 'percent' ? 'percent' : 'pixels';
	const regions = valueOrThrow(ctx, i, parseRegions(ctx.getNodeParameter('regions', i), unit));
	return { kind: 'rectangles', regions, unit, invert: ctx.getNodeParameter('invertRegions', i) === true };
}

/**
 * Reads and checks everything about one item that can be checked without spending a request.
 * `signal` ends its downloads: on Stop, or when the run no longer needs the item.
 */
export async function checkItem(ctx: IExecuteFunctions, itemIndex: number, run: CheckRun, signal: AbortSignal): Promise<CheckedItem> {
	const params = valueOrThrow(ctx, itemIndex, checkEditParameters(rawParameters(ctx, itemIndex)));
	const edit = params.operation === EDIT_WITH_MASK;
	const maskSource = edit ? checkMaskSource(ctx, itemIndex) : undefined;
	const image = await checkImageSource(ctx, itemIndex, params, signal);
	// A URL photo was checked as it was downloaded, a stored one from its header: its size is all the mask check needs.
	const photo = image.kind === 'url' ? image.photo : valueOrThrow(ctx, itemIndex, await checkBinaryImage(ctx, itemIndex, 'Image', image.field));
	const mask = maskSource ? await checkMask(ctx, itemIndex, params, maskSource, photo, run) : undefined;
	const references = await checkReferences(ctx, itemIndex, params, run.referenceUrls, signal);
	return { params, image, mask, references };
}

/**
 * Checks the mask as an uploaded one is checked, whether the node drew it or the user gave it:
 * the image's exact size, at most 10 MB, a PNG that decodes within what its header declares, black
 * and white, and marking something to edit.
 */
async function checkMask(
	ctx: IExecuteFunctions,
	itemIndex: number,
	params: EditParameters,
	mask: MaskSource,
	image: ImageInfo,
	run: CheckRun,
): Promise<CheckedMask> {
	if (mask.kind === 'rectangles') {
		const regions = valueOrThrow(ctx, itemIndex, regionsInPixels(mask.regions, mask.unit, image.width, image.height));
		const key = JSON.stringify([image.width, image.height, mask.invert, regions]);
		const made = await shareInRun(run.drawnMasks, key, () => regionMaskPng(image.width, image.height, regions, mask.invert));
		if (!made.marksEdit) throw inputError(ctx, itemIndex, marksNothing('Regions', true));
		const file = checkInputFile('Mask', '', made.png, 'mask.png', {
			parameter: 'Regions',
			where: 'the mask drawn from the rectangles',
			subject: 'the mask drawn from the rectangles',
			otherwise: 'or use fewer, simpler rectangles.',
		});
		return { kind: 'made', file: valueOrThrow(ctx, itemIndex, file) };
	}
	const check = () => checkMaskFile(ctx, itemIndex, mask.field, image, params.invertMask);
	// Items that carry the same stored file (one mask merged onto every photo) share its check.
	const id = ctx.getInputData()[itemIndex].binary?.[mask.field]?.id;
	const key = JSON.stringify([id, mask.field, params.invertMask, image.width, image.height]);
	const isVerdict = (checked: Checked<CheckedMask>) => !('problem' in checked && checked.problem.passing);
	return valueOrThrow(ctx, itemIndex, await (id ? shareInRun(run.storedMasks, key, check, isVerdict) : check()));
}

/**
 * A mask from a binary field: header, size and format as the photo's, then, for a PNG, which is
 * decoded, the whole file.
 */
async function checkMaskFile(ctx: IExecuteFunctions, itemIndex: number, field: string, image: ImageInfo, invert: boolean): Promise<Checked<CheckedMask>> {
	const facts = await checkBinaryImage(ctx, itemIndex, 'Mask', field);
	if ('problem' in facts) return facts;
	const sized = checkSameSize(image, facts.value);
	if ('problem' in sized) return sized;
	if (facts.value.format !== 'png') {
		return invert
			? refuse('Invert Mask', `works on PNG masks, and this mask is ${facts.value.format.toUpperCase()}`, 'Save the mask as PNG first (Edit Image node, format PNG), or switch Invert Mask off.')
			: valid({ kind: 'binary', field });
	}
	const file = await readInputFile(ctx, itemIndex, 'Mask', field);
	if ('problem' in file) return file;
	const checked = await checkPngMask(file.value, invert, 'Mask Binary Field');
	if ('problem' in checked) return checked;
	// An inverted mask too large to keep is inverted again at the send.
	return valid(invert && checked.value.data.length <= MAX_KEPT_MASK_BYTES ? { kind: 'made', file: checked.value } : { kind: 'binary', field });
}
