/**
 * What an operation of the node is to the shared pipeline: its place in the Operation list, its
 * parameters and options in the editor, its checks, the request it builds and how its answer
 * becomes output items. The item loop, the check and send phases and the transport know
 * operations only through this.
 */
import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import type { Checked } from '../checked';
import type { ImageInfo } from '../images/sniff';
import type { InputFile } from '../inputs/binaryFiles';
import type { CheckedOptions, RouteOption } from '../parameters/options';
import type { ResultImage } from '../run/outputItems';
import type { SharedWork } from '../run/shareInRun';

/** Its entry in the editor's Operation list and in the nodes panel's actions. */
export interface OperationChoice {
	name: string;
	value: string;
	action: string;
	description: string;
}

/** What every operation's checked parameters hold beside its own. */
export interface OperationParameters extends CheckedOptions {
	/** The model the output names (V_3 for the 3.0 routes). */
	model: string;
	/** What the user asked for, as the output repeats it. */
	prompt: string;
	/** Images the request asks for: its weight against the in-flight bound. */
	numImages: number;
}

export interface Operation<Params extends OperationParameters = OperationParameters, Inputs = unknown, Files = unknown> {
	readonly choice: OperationChoice;
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
	/** Those files, read again for the request (they are not held while the item waits). */
	readFiles(ctx: IExecuteFunctions, itemIndex: number, params: Params, inputs: Inputs, photo: InputFile): Promise<Files>;
	/** The request's multipart body, in the field names of its route. */
	form(params: Params, photo: InputFile, files: Files): FormData;
	/** The images its answer holds; undefined when the answer is not of that shape. */
	answer(body: unknown): ResultImage[] | undefined;
}

/** An operation as the pipeline holds it, whatever its own parameter and file types. */
export type AnyOperation = Operation<OperationParameters, unknown, unknown>;

/** Checks an operation against the interface with its own types, and hands it over as the pipeline holds it. */
export function defineOperation<Params extends OperationParameters, Inputs, Files>(operation: Operation<Params, Inputs, Files>): AnyOperation {
	return operation as unknown as AnyOperation;
}
