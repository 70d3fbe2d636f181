import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { NodeApiError } from 'n8n-workflow';

import { checkMaskColours, checkSameSize, readInputFile } from './helpers/binaryInput';
import { checkBinaryFieldName, checkEditParameters, type EditParameters } from './helpers/editParameters';
import { buildEditForm } from './helpers/editRequest';
import { inputError } from './helpers/inputProblem';
import { parseEditResponse, resultFileName, resultJson } from './helpers/results';
import { sendEdit } from './transport/cometApi';
import { downloadResultImage } from './transport/download';
import type { InFlightLimiter } from './transport/inFlightLimiter';

/** An item whose parameters and files passed every check. */
export interface CheckedItem {
	params: EditParameters;
	imageField: string;
	maskField: string;
}

/** Reads and checks everything about one item that can be checked without spending a request. */
export async function checkItem(ctx: IExecuteFunctions, itemIndex: number): Promise<CheckedItem> {
	const checked = checkEditParameters({
		prompt: ctx.getNodeParameter('prompt', itemIndex),
		model: ctx.getNodeParameter('model', itemIndex),
		magicPrompt: ctx.getNodeParameter('magicPrompt', itemIndex),
		styleType: ctx.getNodeParameter('styleType', itemIndex),
		numImages: ctx.getNodeParameter('numImages', itemIndex),
		seed: ctx.getNodeParameter('seed', itemIndex, ''),
		options: ctx.getNodeParameter('options', itemIndex, {}) as IDataObject,
	});
	if ('problem' in checked) throw inputError(ctx, itemIndex, checked.problem);

	const imageField = checkBinaryFieldName('Image Binary Field', ctx.getNodeParameter('imageBinaryProperty', itemIndex));
	if ('problem' in imageField) throw inputError(ctx, itemIndex, imageField.problem);
	const maskField = checkBinaryFieldName('Mask Binary Field', ctx.getNodeParameter('maskBinaryProperty', itemIndex));
	if ('problem' in maskField) throw inputError(ctx, itemIndex, maskField.problem);

	const { mask } = await readFiles(ctx, itemIndex, imageField.value, maskField.value);
	const colours = await checkMaskColours(mask);
	if (colours) throw inputError(ctx, itemIndex, colours);
	return { params: checked.value, imageField: imageField.value, maskField: maskField.value };
}

async function readFiles(ctx: IExecuteFunctions, itemIndex: number, imageField: string, maskField: string) {
	const image = await readInputFile(ctx, itemIndex, 'Image', imageField);
	const mask = await readInputFile(ctx, itemIndex, 'Mask', maskField);
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
			const { image, mask } = await readFiles(ctx, itemIndex, item.imageField, item.maskField);
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
