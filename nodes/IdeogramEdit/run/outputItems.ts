/** An answer's images as output items hold them: the API's fields, and what the user asked for. */
import type { IDataObject } from 'n8n-workflow';

import { isObject } from '../isObject';

/** One image of the API's answer, as documented: `url` is empty when the image is not safe. */
export interface ResultImage {
	url: string;
	seed?: number;
	prompt?: string;
	resolution?: string;
	is_image_safe: boolean;
	created?: string;
}

/** Reads the `data` list of an answer that holds images; undefined when the body is not of that shape. */
export function parseImageAnswer(body: unknown): ResultImage[] | undefined {
	if (!isObject(body) || !Array.isArray(body.data)) return undefined;
	const created = typeof body.created === 'string' ? body.created : undefined;
	return body.data.filter(isObject).map((d) => ({
		url: typeof d.url === 'string' ? d.url : '',
		seed: typeof d.seed === 'number' ? d.seed : undefined,
		prompt: typeof d.prompt === 'string' ? d.prompt : undefined,
		resolution: typeof d.resolution === 'string' ? d.resolution : undefined,
		// An image the API does not vouch for is treated as unsafe.
		is_image_safe: d.is_image_safe === true && typeof d.url === 'string' && d.url !== '',
		created: typeof d.created === 'string' ? d.created : created,
	}));
}

/** The JSON of one output item: the API's fields plus what the user asked for. */
export function resultJson(
	image: ResultImage,
	imageIndex: number,
	params: { model: string; prompt: string },
	attempts: number,
): IDataObject {
	return {
		url: image.url,
		seed: image.seed ?? null,
		prompt: image.prompt ?? null,
		resolution: image.resolution ?? null,
		is_image_safe: image.is_image_safe,
		created: image.created ?? null,
		model: params.model,
		image_index: imageIndex,
		input_prompt: params.prompt,
		attempts,
	};
}

/** A file name for a downloaded result, after the input image's name. */
export function resultFileName(inputFileName: string, imageIndex: number, extension: string): string {
	const base = inputFileName.replace(/\.[^./\\]+$/, '') || 'image';
	return `${base}-edit-${imageIndex + 1}.${extension}`;
}
