/** An answer's images as output items hold them: the API's fields, and what the user asked for. */
import type { IDataObject } from 'n8n-workflow';

import { isObject } from '../isObject';
import type { AnswerItem } from '../operations/operation';

/** One image of the API's answer, as documented: `url` is empty when the image is not safe. */
export interface ResultImage {
	url: string;
	seed?: number;
	prompt?: string;
	resolution?: string;
	is_image_safe: boolean;
	created?: string;
	/** Set when the operation changes the size (Upscale). */
	upscaled_resolution?: string;
	style_type?: string;
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
		...(typeof d.upscaled_resolution === 'string' ? { upscaled_resolution: d.upscaled_resolution } : {}),
		...(typeof d.style_type === 'string' ? { style_type: d.style_type } : {}),
	}));
}

/** The JSON of one output item: the API's fields plus what the user asked for. */
export function resultJson(
	image: ResultImage,
	imageIndex: number,
	params: { model: string | null; prompt: string | null },
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
		// Only where the answer has them: the edits' output keeps its shape.
		...(image.upscaled_resolution !== undefined ? { upscaled_resolution: image.upscaled_resolution } : {}),
		...(image.style_type !== undefined ? { style_type: image.style_type } : {}),
	};
}

/**
 * The output items of an answer that holds images: no more than were asked for (and billed), so
 * a runaway answer does not become thousands of items and downloads. `label` tells a request's
 * items apart (Reframe's target); `fileTag` names the downloaded files ("edit": shoe-edit-1.png).
 */
export function imageOutputs(
	body: unknown,
	request: { numImages: number; label?: IDataObject },
	fields: { model: string | null; prompt: string | null },
	attempts: number,
	fileTag: string,
): AnswerItem[] | undefined {
	const images = parseImageAnswer(body);
	if (!images) return undefined;
	return images.slice(0, request.numImages).map((image, index) => ({
		json: { ...resultJson(image, index, fields, attempts), ...request.label },
		image: { url: image.url, safe: image.is_image_safe, index, fileTag },
	}));
}

/** A file name for a downloaded result, after the input image's name: shoe-edit-1.png, shoe-reframe-16x9-1.png. */
export function resultFileName(inputFileName: string, imageIndex: number, extension: string, fileTag = 'edit'): string {
	const base = inputFileName.replace(/\.[^./\\]+$/, '') || 'image';
	return `${base}-${fileTag}-${imageIndex + 1}.${extension}`;
}
