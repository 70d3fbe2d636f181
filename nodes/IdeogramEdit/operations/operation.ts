/**
 * What an operation of the node is to the shared pipeline: its place in the Operation list, its
 * parameters and options in the editor, its checks, the requests it makes and how their answers
 * become output items. The item loop, the check and send phases and the transport know
 * operations only through this.
 */
import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import type { Checked } from '../checked';
import type { ImageInfo } from '../images/sniff';
import type { CheckedFile, UploadFile } from '../inputs/binaryFiles';
import type { CheckedOptions, RouteOption } from '../parameters/options';
import type { SharedWork } from '../run/shareInRun';

/** Its entry in the editor's Operation list and in the nodes panel's actions. */
export interface OperationChoice {
	name: string;
	value: string;
	action: string;
	description: string;
}

/** One request of an item. Most operations make one; Reframe makes one per target shape. */
export interface ItemRequest {
	/** Images it asks for: its weight against the in-flight bound. */
	numImages: number;
	/** Fields its output items carry, to tell them apart (Reframe: the target). */
	label?: IDataObject;
}

/**
 * An output known without asking the API, so not billed: the photo itself, as the output item of
 * a Reframe target of the photo's own shape.
 */
export interface PhotoAsOutput {
	photoAsOutput: true;
	json: IDataObject;
}

/** One output item of an answer: its JSON, and the image it holds, if any. */
export interface AnswerItem {
	json: IDataObject;
	/** A result image: downloaded into the item when it is safe and Download Images is on, named with `fileTag`. */
	image?: { url: string; safe: boolean; index: number; fileTag: string };
}

export interface Operation<Params extends CheckedOptions = CheckedOptions, Inputs = unknown, Files = unknown, Request extends ItemRequest = ItemRequest> {
	readonly choice: OperationChoice;
	/** Whether its answers hold images (the download options are shown for it). */
	readonly makesImages: boolean;
	/** Its parameters in the editor, each shown for it alone. */
	readonly properties: INodeProperties[];
	/** Its options in the Options collection, its route options among them. */
	readonly options: INodeProperties[];
	/** Its route options, for the checks. */
	readonly routes: RouteOption[];
	/** The item's parameters, read through n8n and checked, before any file is read. */
	parameters(ctx: IExecuteFunctions, itemIndex: number): Checked<Params>;
	/** What the item needs beside the photo (a mask, reference images), checked before anything is billed. */
	checkInputs(ctx: IExecuteFunctions, itemIndex: number, params: Params, photo: ImageInfo, shared: SharedWork, signal: AbortSignal): Promise<Inputs>;
	/** The files beside the photo as checked, by the names Check Only's verdict gives them; none when absent. */
	checkedFiles?(inputs: Inputs): Record<string, CheckedFile | CheckedFile[]>;
	/** The item's requests, decided at the check (they may depend on the photo's size). */
	requests(params: Params, photo: ImageInfo): Array<Request | PhotoAsOutput>;
	/** The files beside the photo, read again for the request (they are not held while the item waits). */
	readFiles(ctx: IExecuteFunctions, itemIndex: number, params: Params, inputs: Inputs, photo: UploadFile): Promise<Files>;
	/** One request's multipart body, in the field names of its route. */
	form(params: Params, photo: UploadFile, files: Files, request: Request): FormData;
	/** The output items of one answer; undefined when the answer is not of the route's shape. */
	outputs(body: unknown, params: Params, request: Request, attempts: number): AnswerItem[] | undefined;
}

/** An operation as the pipeline holds it, whatever its own types. */
export type AnyOperation = Operation<CheckedOptions, unknown, unknown, ItemRequest>;

/** Checks an operation against the interface with its own types, and hands it over as the pipeline holds it. */
export function defineOperation<Params extends CheckedOptions, Inputs, Files, Request extends ItemRequest>(
	operation: Operation<Params, Inputs, Files, Request>,
): AnyOperation {
	return operation as unknown as AnyOperation;
}

/** The one request of an operation that makes one. */
export function oneRequest(params: { numImages: number }): ItemRequest[] {
	return [{ numImages: params.numImages }];
}
