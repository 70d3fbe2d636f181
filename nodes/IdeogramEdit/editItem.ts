import type { IBinaryData, IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { NodeApiError } from 'n8n-workflow';

import { MAX_KEPT_MASK_BYTES, V3_MODEL } from './constants';
import { checkInputFile, checkPngMask, checkSameSize, marksNothing, readInputFile, type InputFile } from './helpers/binaryInput';
import type { ImageInfo } from './helpers/imageInfo';
import { checkBinaryFieldName, checkEditParameters, type EditParameters } from './helpers/editParameters';
import { buildEditForm } from './helpers/editRequest';
import { inputError, problem } from './helpers/inputProblem';
import { parseEditResponse, resultFileName, resultJson } from './helpers/results';
import { checkImageUrl, parseRegions, regionMaskPng, regionsInPixels, type Region, type RegionUnit } from './helpers/sources';
import { sendEdit } from './transport/cometApi';
import { Deadline } from './transport/deadline';
import { downloadResultImage, downloadSourceImage } from './transport/download';
import type { InFlightLimiter } from './transport/inFlightLimiter';

/**
 * A photo from a URL, checked. Its bytes wait for the item's turn in n8n's binary data store
 * (`stored`), read back through the helpers; only in n8n's in-memory mode, where the store is
 * memory anyway, are they kept as they are (`data`).
 */
type UrlPhoto = Omit<InputFile, 'data'> & ({ stored: IBinaryData } | { data: Buffer });
type ImageSource = { kind: 'binary'; field: string } | { kind: 'url'; photo: UrlPhoto };
type MaskSource =
	| { kind: 'binary'; field: string }
	| { kind: 'rectangles'; regions: Region[]; unit: RegionUnit; invert: boolean };
/**
 * The mask once checked: one the node made (drawn, or inverted) is kept for the send, since it is
 * small once compressed; a mask from a binary field is read again at the send.
 */
type CheckedMask = { kind: 'made'; file: InputFile } | { kind: 'binary'; field: string };

/** Masks drawn from rectangles in this run, by size and rectangles: items alike share one. */
export type DrawnMasks = Map<string, Promise<{ png: Buffer; marksEdit: boolean }>>;

/** An item whose parameters and files passed every check. */
export interface CheckedItem {
	params: EditParameters;
	image: ImageSource;
	mask: CheckedMask;
}

function rawParameters(ctx: IExecuteFunctions, i: number) {
	const model = ctx.getNodeParameter('model', i);
	const v3 = model === V3_MODEL;
	// Parameters of the other model family are hidden in the editor and not read.
	return {
		prompt: ctx.getNodeParameter('prompt', i),
		model,
		magicPrompt: ctx.getNodeParameter('magicPrompt', i),
		styleType: v3 ? 'AUTO' : ctx.getNodeParameter('styleType', i),
		numImages: ctx.getNodeParameter('numImages', i),
		seed: ctx.getNodeParameter('seed', i, ''),
		...(v3
			? {
					styleTypeV3: ctx.getNodeParameter('styleTypeV3', i, 'AUTO'),
					renderingSpeed: ctx.getNodeParameter('renderingSpeed', i, 'DEFAULT'),
					colorPalette: ctx.getNodeParameter('colorPalette', i, 'none'),
					colorPalettePreset: ctx.getNodeParameter('colorPalettePreset', i, 'EMBER'),
					colorPaletteColors: ctx.getNodeParameter('paletteMembers', i, ''),
					styleCodes: ctx.getNodeParameter('styleCodes', i, ''),
				}
			: {}),
		options: ctx.getNodeParameter('options', i, {}) as IDataObject,
	};
}

async function checkImageSource(ctx: IExecuteFunctions, i: number, params: EditParameters): Promise<ImageSource> {
	if (ctx.getNodeParameter('imageSource', i, 'binary') !== 'url') {
		const field = checkBinaryFieldName('Image Binary Field', ctx.getNodeParameter('imageBinaryProperty', i));
		if ('problem' in field) throw inputError(ctx, i, field.problem);
		return { kind: 'binary', field: field.value };
	}
	const url = checkImageUrl(ctx.getNodeParameter('imageUrl', i));
	if ('problem' in url) throw inputError(ctx, i, url.problem);
	// Downloading costs nothing, so it happens now: a bad image is found before anything is billed.
	const deadline = new Deadline(params.timeoutMs, ctx.getExecutionCancelSignal());
	deadline.start();
	const downloaded = await downloadSourceImage(ctx, url.value, deadline);
	if ('error' in downloaded) {
		throw inputError(
			ctx,
			i,
			problem(
				'Image URL',
				`the image could not be downloaded: ${downloaded.error}`,
				`${downloaded.detail ? `(${downloaded.detail}) ` : ''}Check that the address opens the image in a browser without signing in, and that the file is at most 10 MB.`,
			),
		);
	}
	const where = `the file at ${url.value.length > 80 ? url.value.slice(0, 80) + '…' : url.value}`;
	const checked = checkInputFile('Image', '', downloaded.data, downloaded.fileName, {
		parameter: 'Image URL',
		where,
		subject: where,
		otherwise: 'or check that Image URL is the address of the image itself, not of a page that shows it.',
	});
	if ('problem' in checked) throw inputError(ctx, i, checked.problem);
	const { data, ...info } = checked.file;
	const stored = await ctx.helpers.prepareBinaryData(data, info.fileName, info.mimeType);
	return { kind: 'url', photo: stored.id ? { ...info, stored } : { ...info, data } };
}

function checkMaskSource(ctx: IExecuteFunctions, i: number): MaskSource {
	if (ctx.getNodeParameter('maskSource', i, 'binary') !== 'rectangles') {
		const field = checkBinaryFieldName('Mask Binary Field', ctx.getNodeParameter('maskBinaryProperty', i));
		if ('problem' in field) throw inputError(ctx, i, field.problem);
		return { kind: 'binary', field: field.value };
	}
	const unit = ctx.getNodeParameter('regionUnit', i, 'pixels') === 'percent' ? 'percent' : 'pixels';
	const regions = parseRegions(ctx.getNodeParameter('regions', i), unit);
	if ('problem' in regions) throw inputError(ctx, i, regions.problem);
	return { kind: 'rectangles', regions: regions.value, unit, invert: ctx.getNodeParameter('invertRegions', i, false) === true };
}

/** Reads and checks everything about one item that can be checked without spending a request. */
export async function checkItem(ctx: IExecuteFunctions, itemIndex: number, drawn: DrawnMasks): Promise<CheckedItem> {
	const checked = checkEditParameters(rawParameters(ctx, itemIndex));
	if ('problem' in checked) throw inputError(ctx, itemIndex, checked.problem);
	const params = checked.value;
	const maskSource = checkMaskSource(ctx, itemIndex);
	const image = await checkImageSource(ctx, itemIndex, params);
	// A URL photo was checked as it was downloaded; its size is all the mask check needs.
	const photo = image.kind === 'url' ? image.photo : await readInputFile(ctx, itemIndex, 'Image', image.field);
	const mask = await checkMask(ctx, itemIndex, params, maskSource, photo, drawn);
	return { params, image, mask };
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
	drawn: DrawnMasks,
): Promise<CheckedMask> {
	if (mask.kind === 'rectangles') {
		const regions = regionsInPixels(mask.regions, mask.unit, image.width, image.height);
		if ('problem' in regions) throw inputError(ctx, itemIndex, regions.problem);
		const key = JSON.stringify([image.width, image.height, mask.invert, regions.value]);
		if (!drawn.has(key)) drawn.set(key, regionMaskPng(image.width, image.height, regions.value, mask.invert));
		const made = await drawn.get(key)!;
		if (!made.marksEdit) throw inputError(ctx, itemIndex, marksNothing('Regions', true));
		const checked = checkInputFile('Mask', '', made.png, 'mask.png', {
			parameter: 'Regions',
			where: 'the mask drawn from the rectangles',
			subject: 'the mask drawn from the rectangles',
			otherwise: 'or use fewer, simpler rectangles.',
		});
		if ('problem' in checked) throw inputError(ctx, itemIndex, checked.problem);
		return { kind: 'made', file: checked.file };
	}
	const file = await readInputFile(ctx, itemIndex, 'Mask', mask.field);
	// The size first: a mask of the image's size decodes within the pixel cap the image passed.
	const mismatch = checkSameSize(image, file);
	if (mismatch) throw inputError(ctx, itemIndex, mismatch);
	if (params.invertMask && file.format !== 'png') {
		throw inputError(
			ctx,
			itemIndex,
			problem('Invert Mask', `works on PNG masks, and this mask is ${file.format.toUpperCase()}`, 'Save the mask as PNG first (Edit Image node, format PNG), or switch Invert Mask off.'),
		);
	}
	const checked = await checkPngMask(file, params.invertMask, 'Mask Binary Field');
	if ('problem' in checked) throw inputError(ctx, itemIndex, checked.problem);
	// An inverted mask too large to keep is inverted again at the send.
	return params.invertMask && checked.file.data.length <= MAX_KEPT_MASK_BYTES
		? { kind: 'made', file: checked.file }
		: { kind: 'binary', field: mask.field };
}

/** The mask to send: the one made at the check, or the binary field read (and inverted) again. */
async function maskToSend(ctx: IExecuteFunctions, itemIndex: number, item: CheckedItem, image: ImageInfo): Promise<InputFile> {
	if (item.mask.kind === 'made') return item.mask.file;
	const file = await readInputFile(ctx, itemIndex, 'Mask', item.mask.field);
	const mismatch = checkSameSize(image, file);
	if (mismatch) throw inputError(ctx, itemIndex, mismatch);
	if (!item.params.invertMask) return file;
	const checked = await checkPngMask(file, true, 'Mask Binary Field');
	if ('problem' in checked) throw inputError(ctx, itemIndex, checked.problem);
	return checked.file;
}

async function readImage(ctx: IExecuteFunctions, itemIndex: number, image: ImageSource): Promise<InputFile> {
	if (image.kind === 'binary') return await readInputFile(ctx, itemIndex, 'Image', image.field);
	const { photo } = image;
	if ('data' in photo) return photo;
	const { stored, ...info } = photo;
	try {
		return { ...info, data: await ctx.helpers.getBinaryDataBuffer(itemIndex, stored) };
	} catch (error) {
		throw inputError(
			ctx,
			itemIndex,
			problem(
				'Image URL',
				"the downloaded photo could not be read back from n8n's binary data store",
				`n8n said: ${(error as Error).message}. Check the binary data settings of this n8n instance (N8N_DEFAULT_BINARY_DATA_MODE), then run again.`,
			),
		);
	}
}

/** The files to send. */
async function readFiles(ctx: IExecuteFunctions, itemIndex: number, item: CheckedItem) {
	const image = await readImage(ctx, itemIndex, item.image);
	const mask = await maskToSend(ctx, itemIndex, item, image);
	return { image, mask };
}

/**
 * Edits one checked item: one request, then one output item per returned image. Undefined when
 * the run stopped, or was failing, before this item's request was sent.
 */
export async function editItem(
	ctx: IExecuteFunctions,
	itemIndex: number,
	item: CheckedItem,
	baseUrl: string,
	limiter: InFlightLimiter,
	failing: () => boolean,
): Promise<INodeExecutionData[] | undefined> {
	const { params } = item;
	const deadline = new Deadline(params.timeoutMs, ctx.getExecutionCancelSignal());
	let inputFileName = '';
	const sent = await sendEdit(ctx, {
		baseUrl,
		endpointPath: params.endpointPath,
		maxRetries: params.maxRetries,
		retryUnknownOutcome: params.retryUnknownOutcome,
		numImages: params.numImages,
		itemIndex,
		// The photo is read again rather than kept from the check, so only the requests in flight hold
		// photo bytes; a mask the node made is small and kept.
		buildForm: async () => {
			const { image, mask } = await readFiles(ctx, itemIndex, item);
			inputFileName = image.fileName;
			return buildEditForm(params, image, mask);
		},
		limiter,
		deadline,
		failing,
	});
	if (sent === 'stopped') return undefined;
	const { body, attempts } = sent;

	const images = parseEditResponse(body);
	if (!images) {
		throw new NodeApiError(ctx.getNode(), { message: 'unexpected answer' }, {
			message: `The API answered without the list of images it should return [item ${itemIndex}]`,
			description: 'Check that the Base URL of the credential and the Endpoint Path option point at CometAPI\'s Ideogram Edit endpoint.',
			itemIndex,
		});
	}

	const out: INodeExecutionData[] = [];
	for (const [imageIndex, result] of images.entries()) {
		if (!result.is_image_safe && !params.includeUnsafe) continue;
		const json = resultJson(result, imageIndex, params, attempts);
		const output: INodeExecutionData = { json, pairedItem: { item: itemIndex } };
		if (params.downloadImages && result.is_image_safe) {
			// Within the same deadline as the edit: an item out of time keeps its URL and says why.
			const download = await downloadResultImage(ctx, result.url, deadline);
			json.download_attempts = download.attempts;
			if ('error' in download) {
				json.download_error = download.error;
			} else {
				const fileName = resultFileName(inputFileName, imageIndex, download.info.extension);
				output.binary = {
					[params.outputBinaryProperty]: await ctx.helpers.prepareBinaryData(
						download.data,
						fileName,
						download.info.mimeType,
					),
				};
			}
		}
		out.push(output);
	}
	// Stopped during the downloads: the item is not done.
	return deadline.stopped ? undefined : out;
}
