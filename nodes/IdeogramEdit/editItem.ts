/**
 * The send phase: one checked item's request once it has its place in flight, then one output item
 * per returned image, with the image downloaded.
 */
import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { NodeApiError } from 'n8n-workflow';

import type { CheckedItem, ImageSource } from './checkItem';
import { checkPngMask, readInputFile, readMaskFor, type InputFile } from './helpers/binaryInput';
import { buildEditForm } from './helpers/editRequest';
import type { ImageInfo } from './helpers/imageInfo';
import { problem } from './helpers/checked';
import { inputError, valueOrThrow } from './helpers/nodeErrors';
import { parseEditResponse, resultFileName, resultJson } from './helpers/results';
import { sendEdit } from './transport/cometApi';
import { Deadline } from './transport/deadline';
import { downloadResultImage } from './transport/download';
import type { InFlightLimiter } from './transport/inFlightLimiter';

/** The mask to send: the one made at the check, or the binary field read (and inverted) again. */
async function maskToSend(ctx: IExecuteFunctions, itemIndex: number, item: CheckedItem, image: ImageInfo): Promise<InputFile> {
	if (item.mask.kind === 'made') return item.mask.file;
	const file = valueOrThrow(ctx, itemIndex, await readMaskFor(ctx, itemIndex, item.mask.field, image));
	return item.params.invertMask ? valueOrThrow(ctx, itemIndex, await checkPngMask(file, true, 'Mask Binary Field')) : file;
}

async function readImage(ctx: IExecuteFunctions, itemIndex: number, image: ImageSource): Promise<InputFile> {
	if (image.kind === 'binary') return valueOrThrow(ctx, itemIndex, await readInputFile(ctx, itemIndex, 'Image', image.field));
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
			if ('problem' in download) {
				json.download_error = download.problem;
			} else {
				const { data, info } = download.value;
				const fileName = resultFileName(inputFileName, imageIndex, info.extension);
				output.binary = {
					[params.outputBinaryProperty]: await ctx.helpers.prepareBinaryData(data, fileName, info.mimeType),
				};
			}
		}
		out.push(output);
	}
	// Stopped during the downloads: the item is not done.
	return deadline.stopped ? undefined : out;
}
