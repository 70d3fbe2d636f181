import { REPLACE_BACKGROUND, V3_MODEL } from '../constants';
import type { InputFile } from './binaryInput';
import type { EditParameters } from './editParameters';

/** The files of one request: the photo, its mask (not for Replace Background) and 3.0's references. */
export interface EditFiles {
	image: InputFile;
	mask?: InputFile;
	styleReferences: InputFile[];
	characterReference?: InputFile;
	characterMask?: InputFile;
}

/** The multipart body of one request, in the field names of its route. */
export function buildEditForm(params: EditParameters, files: EditFiles): FormData {
	// Replace Background takes 3.0's fields without a mask: the subject is found by the model.
	if (params.operation === REPLACE_BACKGROUND) return v3Form(params, files);
	return params.model === V3_MODEL ? buildV3Form(params, files) : buildV2Form(params, files);
}

// The sniffed MIME type, not the claimed one: a PNG named .jpg is still sent as a PNG.
function appendFile(form: FormData, field: string, file: InputFile): void {
	form.append(field, new Blob([file.data], { type: file.mimeType }), file.fileName);
}

function buildV2Form(params: EditParameters, files: EditFiles): FormData {
	const form = new FormData();
	appendFile(form, 'image_file', files.image);
	if (files.mask) appendFile(form, 'mask', files.mask);
	form.append('prompt', params.prompt);
	form.append('model', params.model);
	form.append('magic_prompt_option', params.magicPrompt);
	form.append('style_type', params.styleType ?? 'AUTO');
	form.append('num_images', String(params.numImages));
	if (params.seed !== undefined) form.append('seed', String(params.seed));
	return form;
}

/** 3.0's fields, shared by the edit and Replace Background: `image`, `magic_prompt`, no `model`. */
function v3Form(params: EditParameters, files: EditFiles): FormData {
	const form = new FormData();
	appendFile(form, 'image', files.image);
	form.append('prompt', params.prompt);
	form.append('magic_prompt', params.magicPrompt);
	form.append('num_images', String(params.numImages));
	if (params.seed !== undefined) form.append('seed', String(params.seed));
	if (params.renderingSpeed) form.append('rendering_speed', params.renderingSpeed);
	if (params.stylePreset) form.append('style_preset', params.stylePreset);
	// An object field of a multipart body travels as a part holding its JSON.
	if (params.colorPalette) form.append('color_palette', JSON.stringify(params.colorPalette));
	for (const code of params.styleCodes) form.append('style_codes', code);
	// Lists of files are repeated parts of the same name.
	for (const reference of files.styleReferences) appendFile(form, 'style_reference_images', reference);
	return form;
}

function buildV3Form(params: EditParameters, files: EditFiles): FormData {
	const form = v3Form(params, files);
	if (files.mask) appendFile(form, 'mask', files.mask);
	if (params.styleType) form.append('style_type', params.styleType);
	if (files.characterReference) appendFile(form, 'character_reference_images', files.characterReference);
	if (files.characterMask) appendFile(form, 'character_reference_images_mask', files.characterMask);
	return form;
}
