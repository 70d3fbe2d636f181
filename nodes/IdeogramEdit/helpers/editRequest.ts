import { V3_MODEL } from '../constants';
import type { InputFile } from './binaryInput';
import type { EditParameters } from './editParameters';

/** The multipart body of one edit request, in the field names of the model's route. */
export function buildEditForm(params: EditParameters, image: InputFile, mask: InputFile): FormData {
	return params.model === V3_MODEL ? buildV3Form(params, image, mask) : buildV2Form(params, image, mask);
}

/** The two files, under the image field's name of the route. */
function formWithFiles(imageField: string, image: InputFile, mask: InputFile): FormData {
	const form = new FormData();
	// The sniffed MIME type, not the claimed one: a PNG named .jpg is still sent as a PNG.
	form.append(imageField, new Blob([image.data], { type: image.mimeType }), image.fileName);
	form.append('mask', new Blob([mask.data], { type: mask.mimeType }), mask.fileName);
	return form;
}

function buildV2Form(params: EditParameters, image: InputFile, mask: InputFile): FormData {
	const form = formWithFiles('image_file', image, mask);
	form.append('prompt', params.prompt);
	form.append('model', params.model);
	form.append('magic_prompt_option', params.magicPrompt);
	form.append('style_type', params.styleType ?? 'AUTO');
	form.append('num_images', String(params.numImages));
	if (params.seed !== undefined) form.append('seed', String(params.seed));
	return form;
}

/** Ideogram 3.0: `image` not `image_file`, `magic_prompt` not `magic_prompt_option`, no `model`. */
function buildV3Form(params: EditParameters, image: InputFile, mask: InputFile): FormData {
	const form = formWithFiles('image', image, mask);
	form.append('prompt', params.prompt);
	form.append('magic_prompt', params.magicPrompt);
	form.append('num_images', String(params.numImages));
	if (params.seed !== undefined) form.append('seed', String(params.seed));
	if (params.renderingSpeed) form.append('rendering_speed', params.renderingSpeed);
	if (params.styleType) form.append('style_type', params.styleType);
	// An object field of a multipart body travels as a part holding its JSON.
	if (params.colorPalette) form.append('color_palette', JSON.stringify(params.colorPalette));
	for (const code of params.styleCodes) form.append('style_codes', code);
	return form;
}
