/**
 * The send phase: one checked item's request once it has its place in flight, its files read then,
 * then one output item per returned image, with the image downloaded.
 */
import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { NodeApiError } from 'n8n-workflow';

import { PHOTO, readSource } from '../inputs/imageSources';
import { sendEdit } from '../transport/cometApi';
import { Deadline } from '../transport/deadline';
import { downloadResultImage } from '../transport/download';
import type { InFlightLimiter } from '../transport/inFlightLimiter';
import type { RunRoutes } from '../transport/routes';
import type { CheckedItem } from './checkItem';
import { resultFileName, resultJson } from './outputItems';

/** What the sends of one run share. */
export interface SendRun {
	baseUrl: string;
	/** The run's one in-flight bound. */
	limiter: InFlightLimiter;
	/** The paths the run's routes answer at. */
	routes: RunRoutes;
	/** True once the run is failing: requests not yet started are then not sent at all. */
	failing: () => boolean;
	/** True for the first time a notice is seen in the run. */
	firstNotice: (notice: string) => boolean;
}

/**
 * Edits one checked item: one request, then one output item per returned image. Undefined when
 * the run stopped, or was failing, before this item's request was sent.
 */
export async function sendItem(
	ctx: IExecuteFunctions,
	itemIndex: number,
	item: CheckedItem,
	run: SendRun,
): Promise<INodeExecutionData[] | undefined> {
	const { operation, params } = item;
	const deadline = new Deadline(params.timeoutMs, ctx.getExecutionCancelSignal());
	let inputFileName = '';
	const sent = await sendEdit(ctx, {
		baseUrl: run.baseUrl,
		route: run.routes.route(params.endpointPath, params.fallbackPath),
		maxRetries: params.maxRetries,
		retryUnknownOutcome: params.retryUnknownOutcome,
		numImages: params.numImages,
		itemIndex,
		// The photo is read whole only here (the check streamed it), so only the requests in flight
		// hold photo bytes; a mask the node made is small and kept.
		buildForm: async () => {
			const photo = await readSource(ctx, itemIndex, item.image, PHOTO);
			inputFileName = photo.fileName;
			return operation.form(params, photo, await operation.readFiles(ctx, itemIndex, params, item.inputs, photo));
		},
		limiter: run.limiter,
		deadline,
		failing: run.failing,
	});
	if (sent === 'stopped') return undefined;
	const { body, attempts } = sent;
	// A route about to go away is said once per run, before it breaks a schedule.
	const notice = sent.notice && run.firstNotice(sent.notice) ? sent.notice : undefined;

	const answered = operation.answer(body);
	if (!answered) {
		throw new NodeApiError(ctx.getNode(), { message: 'unexpected answer' }, {
			message: `The API answered without the list of images it should return [item ${itemIndex}]`,
			description: 'Check that the Base URL of the credential and the Endpoint Path option point at CometAPI\'s Ideogram Edit endpoint.',
			itemIndex,
		});
	}

	// No more than were asked for (and billed): a runaway answer does not become thousands of items and downloads.
	const images = answered.slice(0, params.numImages);
	const out: INodeExecutionData[] = [];
	for (const [imageIndex, result] of images.entries()) {
		if (!result.is_image_safe && !params.includeUnsafe) continue;
		const json = resultJson(result, imageIndex, params, attempts);
		if (notice) json.api_notice = notice;
		const output: INodeExecutionData = { json, pairedItem: { item: itemIndex } };
		// A failing run's output is thrown away: its images are not downloaded for nothing.
		if (params.downloadImages && result.is_image_safe && !run.failing()) {
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
