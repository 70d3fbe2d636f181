import type { InputFile } from './binaryInput';
import type { EditParameters } from './editParameters';

/** The multipart body of one edit request, in the field names of the API page. */
export function buildEditForm(params: EditParameters, image: InputFile, mask: InputFile): FormData {
	const form = new FormData();
	// The sniffed MIME type, not the claimed one: a PNG named .jpg is still sent as a PNG.
	form.append('image_file', new Blob([image.data], { type: image.mimeType }), image.fileName);
	form.append('mask', new Blob([mask.data], { type: mask.mimeType }), mask.fileName);
	form.append('prompt', params.prompt);
	form.append('model', params.model);
	form.append('magic_prompt_option', params.magicPrompt);
	form.append('style_type', params.styleType);
	form.append('num_images', String(params.numImages));
	if (params.seed !== undefined) form.append('seed', String(params.seed));
	return form;
}
