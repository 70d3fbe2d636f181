/**
 * The mask of an edit, checked as an uploaded one is checked whether the node drew it or the user
 * gave it: the image's exact size, at most 10 MB, a PNG that decodes within what its header
 * declares, black and white, and marking something to edit.
 */
import type { IExecuteFunctions } from 'n8n-workflow';

import { invalid, problem, refuse, valid, type Checked, type InputProblem } from '../checked';
import { parseRegions, regionMaskPng, regionsInPixels, type Region, type RegionUnit } from '../images/rectangleMask';
import type { ImageInfo } from '../images/sniff';
import { MAX_KEPT_MASK_BYTES } from '../limits';
import { checkBinaryFieldName } from '../parameters/values';
import { inputError, valueOrThrow } from '../run/nodeErrors';
import type { SharedWork } from '../run/shareInRun';
import { MAX_COLORED_SHARE, scanMaskPng } from '../images/maskColor';
import { readPngHeader } from '../images/png';
import { checkBinaryImage, checkInputFile, readInputFile, type InputFile } from './binaryFiles';

/** Where the mask comes from, as the parameters say. */
export type MaskSource = { kind: 'binary'; field: string } | { kind: 'rectangles'; regions: Region[]; unit: RegionUnit; invert: boolean };

/**
 * The mask once checked: one the node made (drawn, or inverted) is kept for the send, since it is
 * small once compressed; a mask from a binary field is read again at the send.
 */
export type CheckedMask = { kind: 'made'; file: InputFile } | { kind: 'binary'; field: string };

/** Reads and checks the Mask Source parameters. */
export function readMaskSource(ctx: IExecuteFunctions, i: number): Checked<MaskSource> {
	if (ctx.getNodeParameter('maskSource', i) !== 'rectangles') {
		const field = checkBinaryFieldName('Mask Binary Field', ctx.getNodeParameter('maskBinaryProperty', i));
		return 'problem' in field ? field : valid({ kind: 'binary', field: field.value });
	}
	const unit = ctx.getNodeParameter('regionUnit', i) === 'percent' ? 'percent' : 'pixels';
	const regions = parseRegions(ctx.getNodeParameter('regions', i), unit);
	if ('problem' in regions) return regions;
	return valid({ kind: 'rectangles', regions: regions.value, unit, invert: ctx.getNodeParameter('invertRegions', i) === true });
}

export async function checkMask(
	ctx: IExecuteFunctions,
	itemIndex: number,
	mask: MaskSource,
	invertMask: boolean,
	image: ImageInfo,
	shared: SharedWork,
): Promise<CheckedMask> {
	if (mask.kind === 'rectangles') {
		const regions = valueOrThrow(ctx, itemIndex, regionsInPixels(mask.regions, mask.unit, image.width, image.height));
		// Masks drawn from rectangles in this run, by size and rectangles: items alike share one.
		const key = JSON.stringify([image.width, image.height, mask.invert, regions]);
		const made = await shared.share('drawn mask', key, () => regionMaskPng(image.width, image.height, regions, mask.invert));
		if (!made.marksEdit) throw inputError(ctx, itemIndex, marksNothing('Regions', true));
		const file = checkInputFile('Mask', '', made.png, 'mask.png', {
			parameter: 'Regions',
			where: 'the mask drawn from the rectangles',
			subject: 'the mask drawn from the rectangles',
			otherwise: 'or use fewer, simpler rectangles.',
		});
		return { kind: 'made', file: valueOrThrow(ctx, itemIndex, file) };
	}
	const check = () => checkMaskFile(ctx, itemIndex, mask.field, image, invertMask);
	// Items that carry the same stored file (one mask merged onto every photo) share its check; the
	// outcome is kept, not the file, and a passing failure to read it is no verdict.
	const id = ctx.getInputData()[itemIndex].binary?.[mask.field]?.id;
	const key = JSON.stringify([id, mask.field, invertMask, image.width, image.height]);
	const isVerdict = (checked: Checked<CheckedMask>) => !('problem' in checked && checked.problem.passing);
	return valueOrThrow(ctx, itemIndex, await (id ? shared.share('stored mask', key, check, isVerdict) : check()));
}

/**
 * A mask from a binary field: header, size and format as the photo's, then, for a PNG, which is
 * decoded, the whole file.
 */
async function checkMaskFile(ctx: IExecuteFunctions, itemIndex: number, field: string, image: ImageInfo, invert: boolean): Promise<Checked<CheckedMask>> {
	const facts = await checkBinaryImage(ctx, itemIndex, 'Mask', field);
	if ('problem' in facts) return facts;
	const sized = checkSameSize(image, facts.value);
	if ('problem' in sized) return sized;
	if (facts.value.format !== 'png') {
		return invert
			? refuse('Invert Mask', `works on PNG masks, and this mask is ${facts.value.format.toUpperCase()}`, 'Save the mask as PNG first (Edit Image node, format PNG), or switch Invert Mask off.')
			: valid({ kind: 'binary', field });
	}
	const file = await readInputFile(ctx, itemIndex, 'Mask', field);
	if ('problem' in file) return file;
	const checked = await checkPngMask(file.value, invert, 'Mask Binary Field');
	if ('problem' in checked) return checked;
	// An inverted mask too large to keep is inverted again at the send.
	return valid(invert && checked.value.data.length <= MAX_KEPT_MASK_BYTES ? { kind: 'made', file: checked.value } : { kind: 'binary', field });
}

/** The mask to send: the one made at the check, or the binary field read (and inverted) again. */
export async function maskToSend(ctx: IExecuteFunctions, itemIndex: number, mask: CheckedMask, invertMask: boolean, image: ImageInfo): Promise<InputFile> {
	if (mask.kind === 'made') return mask.file;
	const file = valueOrThrow(ctx, itemIndex, await readMaskFor(ctx, itemIndex, mask.field, image));
	return invertMask ? valueOrThrow(ctx, itemIndex, await checkPngMask(file, true, 'Mask Binary Field')) : file;
}

/** Black marks the area to edit, so the mask must line up with the image pixel for pixel. */
export function checkSameSize<Mask extends ImageInfo>(image: ImageInfo, mask: Mask): Checked<Mask> {
	if (image.width === mask.width && image.height === mask.height) return valid(mask);
	return refuse(
		'Mask Binary Field',
		`the mask is ${mask.width}×${mask.height} pixels but the image is ${image.width}×${image.height}`,
		`A mask must have the image's exact width and height. Resize the mask to ${image.width}×${image.height} (Edit Image node, Resize, with "Ignore Aspect Ratio"), or make it from the same photo.`,
	);
}

/**
 * The checks a PNG mask gets once its size matches the image's: it must decode within what its
 * header declares, be black and white (a color image is usually the photo and the mask fields
 * swapped), and mark something to edit. Returns the mask to send: inverted with `invert`.
 * JPEG and WEBP masks are not decoded, and an interlaced PNG only when it must be inverted.
 */
export async function checkPngMask(mask: InputFile, invert: boolean, parameter: string): Promise<Checked<InputFile>> {
	if (mask.format !== 'png') return valid(mask);
	const header = readPngHeader(mask.data);
	if ('value' in header && header.value.interlaced && !invert) return valid(mask);
	const scan = await scanMaskPng(mask.data, invert);
	if ('problem' in scan) {
		return refuse(parameter, `the PNG mask cannot be read: ${scan.problem}`, 'Save the mask again as a plain (not interlaced) PNG, for example with the Edit Image node.');
	}
	const { coloredShare, marksEdit, inverted } = scan.value;
	if (coloredShare > MAX_COLORED_SHARE) {
		return refuse(
			parameter,
			`the mask is a color image (${Math.max(1, Math.round(coloredShare * 100))}% of its pixels are colored), not black and white`,
			'A mask is black where the image is to be edited and white elsewhere. Check that Image Binary Field and Mask Binary Field are not swapped.',
		);
	}
	if (!marksEdit) return invalid(marksNothing(parameter, invert));
	return valid(inverted ? { ...mask, data: inverted, mimeType: 'image/png' } : mask);
}

/** A mask without a black pixel asks for no edit, and the API would still bill it. */
export function marksNothing(parameter: string, inverted: boolean): InputProblem {
	return problem(
		parameter,
		`the mask marks nothing to edit: it has no black pixel${inverted ? ' once inverted' : ''}`,
		inverted
			? 'With Invert Mask (or Invert for rectangles) the white or unmarked area is edited: leave some part of the image unmarked, or switch Invert off.'
			: 'Black marks the area to edit. Paint the part of the image to change black, or switch Invert Mask on if your mask is white where it should be edited.',
	);
}

/**
 * A mask from a binary field, held to the image's exact size. The size is checked first, from the
 * header, so a mask that is decoded afterwards stays within the pixel cap the image passed.
 */
export async function readMaskFor(ctx: IExecuteFunctions, itemIndex: number, field: string, image: ImageInfo): Promise<Checked<InputFile>> {
	const file = await readInputFile(ctx, itemIndex, 'Mask', field);
	return 'problem' in file ? file : checkSameSize(image, file.value);
}
