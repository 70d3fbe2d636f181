/**
 * The check phase: everything about one item that can be checked without spending a request,
 * before the item is sent: its operation's parameters, the photo, and what the operation needs
 * beside it.
 */
import type { IExecuteFunctions } from 'n8n-workflow';

import { checkPhoto, type ImageSource } from '../inputs/imageSources';
import { operationFor } from '../operations';
import type { AnyOperation, ItemRequest, PhotoAsOutput } from '../operations/operation';
import type { CheckedOptions } from '../parameters/options';
import type { ImageInfo } from '../images/sniff';
import { valueOrThrow } from './nodeErrors';
import type { SharedWork } from './shareInRun';

/** An item whose parameters and files passed every check. */
export interface CheckedItem {
	operation: AnyOperation;
	params: CheckedOptions;
	image: ImageSource;
	/** What the operation checked beside the photo, for its requests. */
	inputs: unknown;
	/** Its requests, and the outputs known without one. */
	requests: Array<ItemRequest | PhotoAsOutput>;
	/** The photo as checked: its format, size and, when known, bytes. */
	photo: ImageInfo & { bytes?: number };
}

/**
 * Reads and checks everything about one item that can be checked without spending a request.
 * `shared` holds the work the run's items share; `signal` ends the item's downloads, on Stop or
 * when the run no longer needs the item.
 */
export async function checkItem(ctx: IExecuteFunctions, itemIndex: number, shared: SharedWork, signal: AbortSignal): Promise<CheckedItem> {
	const operation = valueOrThrow(ctx, itemIndex, operationFor(ctx.getNodeParameter('operation', itemIndex)));
	const params = valueOrThrow(ctx, itemIndex, operation.parameters(ctx, itemIndex));
	const { source, photo } = await checkPhoto(ctx, itemIndex, params.timeoutMs, signal);
	const inputs = await operation.checkInputs(ctx, itemIndex, params, photo, shared, signal);
	return { operation, params, image: source, inputs, requests: operation.requests(params, photo), photo };
}
