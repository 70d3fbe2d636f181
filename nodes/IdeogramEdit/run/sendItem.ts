/**
 * The send phase: one checked item's request once it has its place in flight, its files read then,
 * then one output item per returned image, with the image downloaded.
 */
import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { NodeApiError } from 'n8n-workflow';

import { photoBinaryData, PHOTO, readSource } from '../inputs/imageSources';
import type { ItemRequest, PhotoAsOutput } from '../operations/operation';
import type { AnswerTimes } from '../transport/backoff';
import { sendEdit } from '../transport/cometApi';
import { Deadline } from '../transport/deadline';
import { downloadResultImage } from '../transport/download';
import type { InFlightLimiter } from '../transport/inFlightLimiter';
import type { RunRoutes } from '../transport/routes';
import type { CheckedItem } from './checkItem';
import { resultFileName } from './outputItems';

/** What the sends of one run share. */
export interface SendRun {
	baseUrl: string;
	/** The run's one in-flight bound. */
	limiter: InFlightLimiter;
	/** The paths the run's routes answer at. */
	routes: RunRoutes;
	/** How long the run's answered edits took. */
	answerTimes: AnswerTimes;
	/** True once the run is failing: requests not yet started are then not sent at all. */
	failing: () => boolean;
	/** True for the first time a notice is seen in the run. */
	firstNotice: (notice: string) => boolean;
	/** Whether failed items become error items (On Error: Continue). */
	continueOnFail: boolean;
	/** The error item for a failed request, with the fields that tell it apart. */
	errorItem: (thrown: unknown, itemIndex: number, label?: IDataObject) => INodeExecutionData;
}

/**
 * One request of a checked item, then one output item per returned image (or description), the
 * images downloaded. Undefined when the run stopped, or was failing, before it was sent.
 */
async function sendRequest(
	ctx: IExecuteFunctions,
	itemIndex: number,
	item: CheckedItem,
	request: ItemRequest,
	run: SendRun,
	deadline: Deadline,
): Promise<INodeExecutionData[] | undefined> {
	const { operation, params } = item;
	let inputFileName = '';
	const sent = await sendEdit(ctx, {
		baseUrl: run.baseUrl,
		route: run.routes.route(params.endpointPath, params.fallbackPath),
		maxRetries: params.maxRetries,
		retryUnknownOutcome: params.retryUnknownOutcome,
		numImages: request.numImages,
		itemIndex,
		// The photo is read again only here (the check streamed it), as the request is written, so
		// only the requests in flight hold pieces of it; a mask the node made is small and kept.
		buildForm: async () => {
			const photo = await readSource(ctx, itemIndex, item.image, PHOTO);
			inputFileName = photo.fileName;
			return operation.form(params, photo, await operation.readFiles(ctx, itemIndex, params, item.inputs, photo), request);
		},
		limiter: run.limiter,
		answerTimes: run.answerTimes,
		deadline,
		failing: run.failing,
	});
	if (sent === 'stopped') return undefined;
	// A route about to go away is said once per run, before it breaks a schedule.
	const notice = sent.notice && run.firstNotice(sent.notice) ? sent.notice : undefined;

	const answered = operation.outputs(sent.body, params, request, sent.attempts);
	if (!answered) {
		throw new NodeApiError(ctx.getNode(), { message: 'unexpected answer' }, {
			message: `The API answered without the ${operation.makesImages ? 'list of images' : 'answer'} it should return [item ${itemIndex}]`,
			description: "Check that the Base URL of the credential and the Endpoint Path option point at CometAPI's Ideogram endpoint for this operation.",
			itemIndex,
		});
	}

	const out: INodeExecutionData[] = [];
	for (const { json, image } of answered) {
		if (image && !image.safe && !params.includeUnsafe) continue;
		if (notice) json.api_notice = notice;
		// The photo was sent as stored: results are in that grid, and this says how viewers turn it.
		if (item.photo.orientation) json.photo_orientation = item.photo.orientation;
		const output: INodeExecutionData = { json, pairedItem: { item: itemIndex } };
		// A failing run's output is thrown away: its images are not downloaded for nothing.
		if (image?.safe && params.downloadImages && !run.failing()) {
			// Within the same deadline as the request: an item out of time keeps its URL and says why.
			const download = await downloadResultImage(ctx, image.url, deadline);
			json.download_attempts = download.attempts;
			if ('problem' in download) {
				json.download_error = download.problem;
			} else {
				const { data, info } = download.value;
				const fileName = resultFileName(inputFileName, image.index, info.extension, image.fileTag);
				output.binary = { [params.outputBinaryProperty]: await ctx.helpers.prepareBinaryData(data, fileName, info.mimeType) };
			}
		}
		out.push(output);
	}
	// Stopped during the downloads: the item is not done.
	return deadline.stopped ? undefined : out;
}

/** An output known without a request: the photo itself, as it came in. */
async function photoOutput(ctx: IExecuteFunctions, itemIndex: number, item: CheckedItem, known: PhotoAsOutput): Promise<INodeExecutionData[]> {
	const output: INodeExecutionData = { json: { ...known.json }, pairedItem: { item: itemIndex } };
	if (item.params.downloadImages) output.binary = { [item.params.outputBinaryProperty]: await photoBinaryData(ctx, itemIndex, item.image) };
	return [output];
}

/**
 * Sends one checked item: its requests (one for most operations, one per target for Reframe),
 * within one deadline for the whole item, and its output items in request order. Undefined when
 * the run stopped, or was failing, before a request was sent. When one of several requests fails
 * in a run that continues on fail, the others' items (billed) are kept beside its error item.
 */
export async function sendItem(ctx: IExecuteFunctions, itemIndex: number, item: CheckedItem, run: SendRun): Promise<INodeExecutionData[] | undefined> {
	const deadline = new Deadline(item.params.timeoutMs, ctx.getExecutionCancelSignal());
	const outcomes = await Promise.allSettled(
		item.requests.map(async (request) =>
			'photoAsOutput' in request ? await photoOutput(ctx, itemIndex, item, request) : await sendRequest(ctx, itemIndex, item, request, run, deadline),
		),
	);
	const failed = outcomes.findIndex((o) => o.status === 'rejected');
	if (failed >= 0 && (!run.continueOnFail || outcomes.length === 1)) throw (outcomes[failed] as PromiseRejectedResult).reason;
	if (outcomes.some((o) => o.status === 'fulfilled' && o.value === undefined)) return undefined;
	return outcomes.flatMap((o, k) => {
		if (o.status === 'fulfilled') return o.value!;
		const label = 'photoAsOutput' in item.requests[k] ? {} : (item.requests[k] as ItemRequest).label;
		return [run.errorItem(o.reason, itemIndex, label)];
	});
}
