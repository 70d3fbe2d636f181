import type { IExecuteFunctions } from 'n8n-workflow';

import { MAX_FILE_BYTES } from '../constants';
import { probeImage, type ImageInfo } from './imageInfo';
import { inputError, problem, type InputProblem } from './inputProblem';
import { colouredShare, MAX_COLOURED_SHARE } from './maskColour';

/** An image or mask file read from an input item and checked, ready to upload. */
export interface InputFile extends ImageInfo {
	data: Buffer;
	fileName: string;
}

export type FileRole = 'Image' | 'Mask';

function megabytes(bytes: number): string {
	return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}

/** Where a file came from, for the messages: by default a binary field of the item. */
export interface FileOrigin {
	parameter: string;
	/** "binary field "data"", "the file at <url>" */
	where: string;
	/** "the file in binary field "data"", "the file at <url>" */
	subject: string;
	/** The last part of the fix for a file that is not an image. */
	otherwise: string;
}

export function binaryOrigin(role: FileRole, field: string): FileOrigin {
	const parameter = `${role} Binary Field`;
	return {
		parameter,
		where: `binary field "${field}"`,
		subject: `the file in binary field "${field}"`,
		otherwise: `or point ${parameter} at the right binary field.`,
	};
}

/** Checks a file's bytes; pure, so that every rule can be tested without n8n. */
export function checkInputFile(
	role: FileRole,
	field: string,
	data: Buffer,
	claimedFileName: string | undefined,
	origin: FileOrigin = binaryOrigin(role, field),
): { file: InputFile } | { problem: InputProblem } {
	const { parameter, where, subject, otherwise } = origin;
	if (data.length === 0) {
		return {
			problem: problem(
				parameter,
				`${where} holds no data (0 bytes)`,
				`Check the node that produced the ${role.toLowerCase()}: it passed on an empty file.`,
			),
		};
	}
	if (data.length > MAX_FILE_BYTES) {
		return {
			problem: problem(
				parameter,
				`${subject} is ${megabytes(data.length)}, over the 10 MB the API accepts`,
				`Make the ${role.toLowerCase()} smaller first, for example with the Edit Image node (Resize) or by saving it as JPEG.`,
			),
		};
	}
	const probe = probeImage(data);
	if (!probe.ok) {
		return {
			problem: problem(
				parameter,
				`${subject} is not a JPEG, PNG or WEBP image: ${probe.reason}`,
				`Convert the ${role.toLowerCase()} to PNG or JPEG first (the Edit Image node can), ${otherwise}`,
			),
		};
	}
	const fallbackName = `${role.toLowerCase()}.${probe.info.extension}`;
	return {
		file: { ...probe.info, data, fileName: claimedFileName?.trim() || fallbackName },
	};
}

/** Black marks the area to edit, so the mask must line up with the image pixel for pixel. */
export function checkSameSize(image: InputFile, mask: InputFile): InputProblem | undefined {
	if (image.width === mask.width && image.height === mask.height) return undefined;
	return problem(
		'Mask Binary Field',
		`the mask is ${mask.width}×${mask.height} pixels but the image is ${image.width}×${image.height}`,
		`A mask must have the image's exact width and height. Resize the mask to ${image.width}×${image.height} (Edit Image node, Resize, with "Ignore Aspect Ratio"), or make it from the same photo.`,
	);
}

/** A PNG mask that is a colour image is refused: usually the photo and mask fields are swapped. */
export async function checkMaskColours(mask: InputFile): Promise<InputProblem | undefined> {
	if (mask.format !== 'png') return undefined;
	const share = await colouredShare(mask.data);
	if (share === undefined || share <= MAX_COLOURED_SHARE) return undefined;
	return problem(
		'Mask Binary Field',
		`the mask is a colour image (${Math.max(1, Math.round(share * 100))}% of its pixels are coloured), not black and white`,
		'A mask is black where the image is to be edited and white elsewhere. Check that Image Binary Field and Mask Binary Field are not swapped.',
	);
}

/** Reads one binary field of an item through n8n's helpers, so every binary data mode works. */
export async function readInputFile(
	ctx: IExecuteFunctions,
	itemIndex: number,
	role: FileRole,
	field: string,
): Promise<InputFile> {
	const item = ctx.getInputData()[itemIndex];
	if (!item.binary?.[field]) {
		const present = Object.keys(item.binary ?? {});
		throw inputError(
			ctx,
			itemIndex,
			problem(
				`${role} Binary Field`,
				`the item has no binary field "${field}"`,
				present.length
					? `The item's binary fields are: ${present.join(', ')}. Set ${role} Binary Field to the one that holds the ${role.toLowerCase()}.`
					: `The item has no binary data at all. Read the ${role.toLowerCase()} first (Read/Write Files from Disk, HTTP Request with response format File, or a form upload).`,
			),
		);
	}
	const meta = ctx.helpers.assertBinaryData(itemIndex, field);
	const data = await ctx.helpers.getBinaryDataBuffer(itemIndex, field);
	const checked = checkInputFile(role, field, data, meta.fileName);
	if ('problem' in checked) throw inputError(ctx, itemIndex, checked.problem);
	return checked.file;
}
