import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { NodeApiError } from 'n8n-workflow';

import { V3_MODEL } from './constants';
import { checkInputFile, checkMaskColours, checkSameSize, readInputFile, type InputFile } from './helpers/binaryInput';
import { checkBinaryFieldName, checkEditParameters, type EditParameters } from './helpers/editParameters';
import { buildEditForm } from './helpers/editRequest';
import { inputError, problem } from './helpers/inputProblem';
import { invertMaskPng } from './helpers/maskColour';
import { parseEditResponse, resultFileName, resultJson } from './helpers/results';
import { checkImageUrl, parseRegions, regionMaskPng, regionsInPixels, type Region, type RegionUnit } from './helpers/sources';
import { sendEdit } from './transport/cometApi';
import { downloadResultImage, downloadSourceImage } from './transport/download';
import type { InFlightLimiter } from './transport/inFlightLimiter';

type ImageSource = { kind: 'binary'; field: string } | { kind: 'url'; file: InputFile };
type MaskSource =
	| { kind: 'binary'; field: string }
	| { kind: 'rectangles'; regions: Region[]; unit: RegionUnit; invert: boolean };

/** An item whose parameters and files passed every check. */
export interface CheckedItem {
	params: EditParameters;
	image: ImageSource;
	mask: MaskSource;
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
	const downloaded = await downloadSourceImage(ctx, url.value, params.timeoutMs);
	if ('error' in downloaded) {
		throw inputError(
			ctx,
			i,
			problem('Image URL', `the image could not be downloaded: ${downloaded.error}`, 'Check that the address opens the image in a browser without signing in, and that the file is at most 10 MB.'),
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
	return { kind: 'url', file: checked.file };
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
export async function checkItem(ctx: IExecuteFunctions, itemIndex: number): Promise<CheckedItem> {
	const checked = checkEditParameters(rawParameters(ctx, itemIndex));
	if ('problem' in checked) throw inputError(ctx, itemIndex, checked.problem);
	const params = checked.value;
	const mask = checkMaskSource(ctx, itemIndex);
	const image = await checkImageSource(ctx, itemIndex, params);
	const item: CheckedItem = { params, image, mask };

	await readFiles(ctx, itemIndex, item, true);
	return item;
}

async function readMask(
	ctx: IExecuteFunctions,
	itemIndex: number,
	item: CheckedItem,
	image: InputFile,
	checking: boolean,
): Promise<InputFile> {
	const { mask } = item;
	if (mask.kind === 'rectangles') {
		const regions = regionsInPixels(mask.regions, mask.unit, image.width, image.height);
		if ('problem' in regions) throw inputError(ctx, itemIndex, regions.problem);
		const png = regionMaskPng(image.width, image.height, regions.value, mask.invert);
		return { format: 'png', mimeType: 'image/png', extension: 'png', width: image.width, height: image.height, data: png, fileName: 'mask.png' };
	}
	const file = await readInputFile(ctx, itemIndex, 'Mask', mask.field);
	if (checking) {
		const colours = await checkMaskColours(file);
		if (colours) throw inputError(ctx, itemIndex, colours);
		if (item.params.invertMask && file.format !== 'png') {
			throw inputError(
				ctx,
				itemIndex,
				problem('Invert Mask', `works on PNG masks, and this mask is ${file.format.toUpperCase()}`, 'Save the mask as PNG first (Edit Image node, format PNG), or switch Invert Mask off.'),
			);
		}
	}
	if (!item.params.invertMask) return file;
	const inverted = await invertMaskPng(file.data);
	if (!inverted) {
		throw inputError(ctx, itemIndex, problem('Invert Mask', 'the PNG mask could not be decoded to invert it', 'Save the mask again as a plain (not interlaced) PNG.'));
	}
	return { ...file, data: inverted, mimeType: 'image/png' };
}

/** The files to send; `checking` adds the checks that need the mask as it was given. */
async function readFiles(ctx: IExecuteFunctions, itemIndex: number, item: CheckedItem, checking = false) {
	const image = item.image.kind === 'url' ? item.image.file : await readInputFile(ctx, itemIndex, 'Image', item.image.field);
	const mask = await readMask(ctx, itemIndex, item, image, checking);
	const mismatch = checkSameSize(image, mask);
	if (mismatch) throw inputError(ctx, itemIndex, mismatch);
	return { image, mask };
}

/**
 * Edits one checked item: one request, then one output item per returned image. Undefined when
 * the run stopped before this item's request was sent.
 */
export async function editItem(
	ctx: IExecuteFunctions,
	itemIndex: number,
	item: CheckedItem,
	baseUrl: string,
	limiter: InFlightLimiter,
	stopped: () => boolean,
): Promise<INodeExecutionData[] | undefined> {
	const { params } = item;
	let inputFileName = '';
	const sent = await sendEdit(ctx, {
		baseUrl,
		endpointPath: params.endpointPath,
		maxRetries: params.maxRetries,
		timeoutMs: params.timeoutMs,
		numImages: params.numImages,
		itemIndex,
		// Read again rather than kept from the check, so only the requests in flight hold file bytes.
		buildForm: async () => {
			const { image, mask } = await readFiles(ctx, itemIndex, item);
			inputFileName = image.fileName;
			return buildEditForm(params, image, mask);
		},
		limiter,
		stopped,
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
			const download = await downloadResultImage(ctx, result.url, params.timeoutMs);
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
	return out;
}
