/**
 * The mask of an edit, checked as an uploaded one is checked whether the node drew it or the user
 * gave it: the image's exact size, at most 10 MB, a PNG that decodes within what its header
 * declares, black and white, marking something to edit and leaving something. What is sent is
 * what was judged: a mask made in another convention, or with transparency, goes as the node's own
 * black-and-white PNG.
 */
import type { IExecuteFunctions } from 'n8n-workflow';

import { invalid, problem, refuse, valid, type Checked, type InputProblem } from '../checked';
import { parseRegions, regionMaskPng, regionsInPixels, type Region, type RegionUnit } from '../images/rectangleMask';
import type { ImageInfo } from '../images/sniff';
import { checkBinaryFieldName } from '../parameters/values';
import { inputError, valueOrThrow } from '../run/nodeErrors';
import type { SharedWork } from '../run/shareInRun';
import { convertMaskPng, MAX_COLORED_SHARE, MAX_MID_SHARE, scanMaskPng, type MaskConvention, type MaskScan } from '../images/maskScan';
import { shownSize, storedRegion } from '../images/orientation';
import { withStoredOrientation } from '../images/sniff';
import { readPngHeader } from '../images/png';
import { checkBinaryImage, checkedFile, checkInputFile, readInputFile, type CheckedFile, type FileFacts, type InputFile } from './binaryFiles';

/**
 * For a photo with an EXIF Orientation tag, what the mask and Regions are drawn on: `shown`, the
 * photo as viewers show it; `stored`, its stored pixels (as tools that ignore the tag make masks);
 * `auto`, a mask of the shown size as shown and any other as stored, Regions as shown.
 */
export type MaskGrid = 'auto' | 'shown' | 'stored';

/** Where the mask comes from, as the parameters say. */
export type MaskSource =
	| { kind: 'binary'; field: string; convention: MaskConvention; grid: MaskGrid }
	| { kind: 'rectangles'; regions: Region[]; unit: RegionUnit; invert: boolean; grid: MaskGrid };

/**
 * The mask once checked: one the node drew is kept for the send, since it is small once
 * compressed; a mask from a binary field is read again at the send, and converted with `convert`.
 */
export type CheckedMask =
	| { kind: 'made'; file: InputFile }
	| { kind: 'binary'; field: string; convert?: MaskConvention; turned?: boolean; facts: FileFacts };

/** The mask as Check Only's verdict describes it: the file given, or the one the node draws. */
export function maskFile(mask: CheckedMask): CheckedFile {
	if (mask.kind === 'made') return checkedFile({ ...mask.file, bytes: mask.file.data.length }, 'drawn');
	return checkedFile(mask.facts, mask.convert ? 'converted' : undefined);
}

/** Reads and checks the Mask Source parameters; `convention` and `grid` are the Mask Convention and Mask Orientation options. */
export function readMaskSource(ctx: IExecuteFunctions, i: number, convention: MaskConvention, grid: MaskGrid): Checked<MaskSource> {
	if (ctx.getNodeParameter('maskSource', i) !== 'rectangles') {
		const field = checkBinaryFieldName('Mask Binary Field', ctx.getNodeParameter('maskBinaryProperty', i));
		return 'problem' in field ? field : valid({ kind: 'binary', field: field.value, convention, grid });
	}
	const unit = ctx.getNodeParameter('regionUnit', i) === 'percent' ? 'percent' : 'pixels';
	const regions = parseRegions(ctx.getNodeParameter('regions', i), unit);
	if ('problem' in regions) return regions;
	return valid({ kind: 'rectangles', regions: regions.value, unit, invert: ctx.getNodeParameter('invertRegions', i) === true, grid });
}

export async function checkMask(ctx: IExecuteFunctions, itemIndex: number, mask: MaskSource, image: ImageInfo, shared: SharedWork): Promise<CheckedMask> {
	if (mask.kind === 'rectangles') {
		// Regions are given on the photo as viewers show it (unless Mask Orientation says stored), and drawn on its stored grid.
		const orientation = mask.grid === 'stored' ? undefined : image.orientation;
		const shown = shownSize(image.width, image.height, orientation);
		const onShown = valueOrThrow(ctx, itemIndex, regionsInPixels(mask.regions, mask.unit, shown.width, shown.height));
		const regions = orientation ? onShown.map((r) => storedRegion(orientation, image.width, image.height, r)) : onShown;
		// Masks drawn from rectangles in this run, by size and rectangles: items alike share one.
		const key = JSON.stringify([image.width, image.height, mask.invert, regions]);
		const made = await shared.share('drawn mask', key, () => regionMaskPng(image.width, image.height, regions, mask.invert));
		if (!made.marksEdit) throw inputError(ctx, itemIndex, invertedRegionsMarkNothing());
		const file = checkInputFile('Mask', '', made.png, 'mask.png', {
			parameter: 'Regions',
			where: 'the mask drawn from the rectangles',
			subject: 'the mask drawn from the rectangles',
			otherwise: 'or use fewer, simpler rectangles.',
		});
		return { kind: 'made', file: valueOrThrow(ctx, itemIndex, file) };
	}
	const { field, convention, grid } = mask;
	const check = () => checkMaskFile(ctx, itemIndex, field, image, convention, grid);
	// Items that carry the same stored file (one mask merged onto every photo) share its check; the
	// outcome is kept, not the file, and a passing failure to read it is no verdict.
	const id = ctx.getInputData()[itemIndex].binary?.[field]?.id;
	const key = JSON.stringify([id, field, convention, grid, image.width, image.height, image.orientation ?? 1]);
	const isVerdict = (checked: Checked<CheckedMask>) => !('problem' in checked && checked.problem.passing);
	return valueOrThrow(ctx, itemIndex, await (id ? shared.share('stored mask', key, check, isVerdict) : check()));
}

/**
 * A mask from a binary field: header, size and format as the photo's, then, for a PNG, judged as
 * far as the verdicts need.
 */
async function checkMaskFile(ctx: IExecuteFunctions, itemIndex: number, field: string, image: ImageInfo, convention: MaskConvention, grid: MaskGrid): Promise<Checked<CheckedMask>> {
	const facts = await checkBinaryImage(ctx, itemIndex, 'Mask', field);
	if ('problem' in facts) return facts;
	const sized = checkSameSize(image, facts.value, grid);
	if ('problem' in sized) return sized;
	const turned = isDrawnOnShown(image, facts.value, grid);
	if (facts.value.format !== 'png') {
		if (turned) return refuse('Mask Binary Field', ...cannotTurn(image, facts.value));
		return convention !== 'black'
			? refuse('Mask Convention', `${CONVENTION_NAMES[convention]} works on PNG masks, and this mask is ${facts.value.format.toUpperCase()}`, 'Save the mask as PNG first (Edit Image node, format PNG), or make it black where the image is to be edited and set Mask Convention to Black = Edit.')
			: valid({ kind: 'binary', field, facts: facts.value });
	}
	const file = await readInputFile(ctx, itemIndex, 'Mask', field);
	if ('problem' in file) return file;
	const checked = await checkPngMask(file.value, convention, 'Mask Binary Field');
	if ('problem' in checked) return checked;
	if (turned) return valid({ kind: 'binary', field, convert: convention, turned: true, facts: facts.value });
	return valid({ kind: 'binary', field, convert: checked.value.convert ? convention : undefined, facts: facts.value });
}

/**
 * Whether the mask is drawn on the photo as viewers show it, and so is to be turned to its stored
 * pixels: never for a photo without the tag, or with Mask Orientation As Stored; with Auto, when it
 * has the shown size (also when that is the stored size: an upside-down, mirrored or square photo,
 * whose mask a user draws as the photo is shown, as Regions are given).
 */
function isDrawnOnShown(image: ImageInfo, mask: ImageInfo, grid: MaskGrid): boolean {
	if (!image.orientation || image.orientation === 1 || grid === 'stored') return false;
	const shown = shownSize(image.width, image.height, image.orientation);
	return mask.width === shown.width && mask.height === shown.height;
}

/** Why a JPEG or WEBP mask drawn on the photo as shown is refused: the node turns PNG masks only. */
function cannotTurn(image: ImageInfo, mask: ImageInfo): [string, string] {
	return [
		`the mask is a ${mask.format.toUpperCase()} of ${mask.width}×${mask.height} pixels, taken as drawn on the photo as viewers show it (turned by its EXIF Orientation ${image.orientation}), and only a PNG mask can be turned to the photo's stored ${image.width}×${image.height}`,
		`Save the mask as PNG (the node then turns it), or, if it was made on the stored pixels (by a tool that ignores the Orientation tag), set Mask Orientation to As the Photo Is Stored. Do not resize the mask: that would distort it.`,
	];
}

/** The mask to send: the one drawn at the check, or the binary field read (and converted) again. */
export async function maskToSend(ctx: IExecuteFunctions, itemIndex: number, mask: CheckedMask, image: ImageInfo): Promise<InputFile> {
	if (mask.kind === 'made') return mask.file;
	const file = valueOrThrow(ctx, itemIndex, await readMaskFor(ctx, itemIndex, mask.field, image, mask.turned ? 'shown' : 'stored'));
	const toStored = mask.turned ? { orientation: image.orientation!, width: image.width, height: image.height } : undefined;
	if (mask.convert) return valueOrThrow(ctx, itemIndex, await convertedMask(file, mask.convert, 'Mask Binary Field', toStored));
	// A mask is judged as its pixels are stored, and goes so: a tag of its own would turn it at the API.
	return file.orientation ? { ...file, data: withStoredOrientation(file.data, file.format) } : file;
}

/**
 * Black marks the area to edit, so the mask must line up with the image pixel for pixel: the
 * stored size, or, for a photo with an Orientation tag, the shown size unless Mask Orientation is
 * As the Photo Is Stored (and only the shown one with As Viewers Show the Photo).
 */
export function checkSameSize<Mask extends ImageInfo>(image: ImageInfo, mask: Mask, grid: MaskGrid = 'auto'): Checked<Mask> {
	const tagged = image.orientation !== undefined && image.orientation !== 1;
	const shown = shownSize(image.width, image.height, image.orientation);
	const fitsShown = mask.width === shown.width && mask.height === shown.height;
	const fitsStored = mask.width === image.width && mask.height === image.height;
	if (grid === 'shown' && tagged) {
		if (fitsShown) return valid(mask);
		return refuse(
			'Mask Binary Field',
			`the mask is ${mask.width}×${mask.height} pixels but the photo as viewers show it (turned by its EXIF Orientation ${image.orientation}) is ${shown.width}×${shown.height}`,
			fitsStored
				? `The mask has the photo's stored size: if it was made on the stored pixels, set Mask Orientation to Auto or As the Photo Is Stored.`
				: `A mask must have the photo's exact width and height as viewers show it (Mask Orientation As Viewers Show the Photo). Make it from the same photo.`,
		);
	}
	if (fitsStored || (grid === 'auto' && tagged && fitsShown)) return valid(mask);
	if (tagged && fitsShown) {
		// Mask Orientation As Stored, and a mask of the shown size.
		return refuse(
			'Mask Binary Field',
			`the mask is ${mask.width}×${mask.height} pixels, the photo as viewers show it (turned by its EXIF Orientation ${image.orientation}), but Mask Orientation is As the Photo Is Stored (${image.width}×${image.height})`,
			'Set Mask Orientation to Auto, so that the node turns the mask to the stored pixels. Do not resize the mask: that would distort it.',
		);
	}
	return refuse(
		'Mask Binary Field',
		`the mask is ${mask.width}×${mask.height} pixels but the image is ${image.width}×${image.height}`,
		`A mask must have the image's exact width and height. Resize the mask to ${image.width}×${image.height} (Edit Image node, Resize, with "Ignore Aspect Ratio"), or make it from the same photo.`,
	);
}

const CONVENTION_NAMES: Record<MaskConvention, string> = { black: 'Black = Edit', white: 'White = Edit', transparent: 'Transparent = Edit' };

function conventionName(convention: MaskConvention): string {
	return `Mask Convention ${CONVENTION_NAMES[convention]}`;
}

/**
 * The checks a PNG mask gets once its size matches the image's, judged as far as they need (see
 * `scanMaskPng`): it decodes within what its header declares, it is black and white rather than a
 * photo (colors, or mostly mid-tones), it marks something and leaves something. `convert` says
 * whether it is to be sent as the node's own black-and-white PNG: made in another convention than
 * Ideogram's, or with transparent pixels, which not every reader of a mask sees.
 * JPEG and WEBP masks are not decoded, and an interlaced PNG only when it must be converted.
 */
export async function checkPngMask(mask: InputFile, convention: MaskConvention, parameter: string): Promise<Checked<{ convert: boolean }>> {
	if (mask.format !== 'png') return valid({ convert: false });
	const header = readPngHeader(mask.data);
	if ('value' in header && header.value.interlaced && convention === 'black' && header.value.colorType !== 4 && header.value.colorType !== 6) return valid({ convert: false });
	const scan = await scanMaskPng(mask.data, convention);
	if ('problem' in scan) return unreadableMask(parameter, scan.problem);
	const judged = judgeMask(scan.value, convention, parameter);
	// Transparency seen in the judged rows (a canvas-style mask shows it at once) is converted away;
	// an opaque RGBA mask goes as it is, which spares it a whole decode at the send.
	return 'problem' in judged ? judged : valid({ convert: convention !== 'black' || scan.value.transparent });
}

/** A mask converted for the send, judged again on all of its rows: what is sent is what was judged. */
export async function convertedMask(
	mask: InputFile,
	convention: MaskConvention,
	parameter: string,
	toStored?: { orientation: number; width: number; height: number },
): Promise<Checked<InputFile>> {
	const converted = await convertMaskPng(mask.data, convention, toStored);
	if ('problem' in converted) return unreadableMask(parameter, converted.problem);
	const judged = judgeMask(converted.value.scan, convention, parameter);
	if ('problem' in judged) return judged;
	// What the node makes passes the checks of what users send: format, size and the 10 MB cap.
	return checkInputFile('Mask', '', converted.value.png, 'mask.png', {
		parameter,
		where: 'the mask converted to black and white',
		subject: 'the mask converted to black and white',
		otherwise: 'or send it as a black-and-white PNG without transparency (Mask Convention Black = Edit).',
	});
}

function unreadableMask(parameter: string, why: string): Checked<never> {
	return refuse(parameter, `the PNG mask cannot be read: ${why}`, 'Save the mask again as a plain (not interlaced) PNG, for example with the Edit Image node.');
}

/** What to try when a mask with transparency is judged in the black or white convention. */
function transparencyHint(scan: MaskScan, convention: MaskConvention): string {
	return scan.transparent && convention !== 'transparent'
		? ' If transparency marks the area to edit (as in masks made for OpenAI\'s image edit), set Mask Convention to Transparent = Edit.'
		: '';
}

/** The verdicts on a judged mask, most telling first. */
export function judgeMask(scan: MaskScan, convention: MaskConvention, parameter: string): Checked<void> {
	if (scan.coloredShare > MAX_COLORED_SHARE) {
		return refuse(
			parameter,
			`the mask is a color image (${Math.max(1, Math.round(scan.coloredShare * 100))}% of its pixels are colored), not black and white`,
			`A mask is black where the image is to be edited and white elsewhere. Check that Image Binary Field and Mask Binary Field are not swapped.${transparencyHint(scan, convention)}`,
		);
	}
	if (scan.midShare > MAX_MID_SHARE && scan.midOfAll >= MAX_COLORED_SHARE) {
		return refuse(
			parameter,
			`the mask is mostly gray (${Math.round(scan.midShare * 100)}% of its marked area is neither black nor white), as a photo is, not a black-and-white mask`,
			`Check that Image Binary Field and Mask Binary Field are not swapped. A soft-edged mask must still be black inside the area to edit: make its edges harder (threshold it).${transparencyHint(scan, convention)}`,
		);
	}
	if (!scan.marksEdit) return invalid(marksNothing(parameter, convention, scan.transparent));
	if (!scan.keepsSome) {
		const other = scan.transparent && convention !== 'transparent' ? 'transparent' : convention === 'black' ? 'white' : 'black';
		return refuse(
			parameter,
			`the mask marks the whole image in ${conventionName(convention)}: nothing of the photo would be kept`,
			`The mask is likely made the other way round: set Mask Convention to ${CONVENTION_NAMES[other]}. To repaint a whole image, use Remix.`,
		);
	}
	return valid(undefined);
}

/** A mask that marks nothing asks for no edit, and the API would still bill it. */
export function marksNothing(parameter: string, convention: MaskConvention, transparent: boolean): InputProblem {
	const none = convention === 'transparent' ? 'no transparent pixel' : convention === 'white' ? 'no white pixel' : 'no black pixel';
	const fix =
		convention === 'transparent'
			? 'Transparent = Edit reads only transparency, and this mask is opaque. If black marks the edit, set Mask Convention to Black = Edit.'
			: transparent
				? 'This mask has transparent pixels: if they mark the area to edit, set Mask Convention to Transparent = Edit.'
				: convention === 'black'
					? 'Black marks the area to edit. Paint the part of the image to change black, or set Mask Convention to White = Edit if your mask is white where it should be edited.'
					: 'White = Edit reads white as the area to edit. If black marks it, set Mask Convention to Black = Edit.';
	return problem(parameter, `the mask marks nothing to edit: it has ${none}`, fix);
}

/** Rectangles inverted over the whole image leave nothing to edit. */
function invertedRegionsMarkNothing(): InputProblem {
	return problem(
		'Regions',
		'the mask marks nothing to edit: it has no black pixel once inverted',
		'With Invert the area outside the rectangles is edited: leave some part of the image outside them, or switch Invert off.',
	);
}

/**
 * A mask from a binary field, held to the image's exact size, stored or as shown as `grid` says
 * (the caller's, always given). The size is checked first, from the header, so a mask that is decoded afterwards stays within the pixel cap the image passed.
 */
export async function readMaskFor(ctx: IExecuteFunctions, itemIndex: number, field: string, image: ImageInfo, grid: MaskGrid): Promise<Checked<InputFile>> {
	const file = await readInputFile(ctx, itemIndex, 'Mask', field);
	if ('problem' in file) return file;
	return checkSameSize(image, file.value, grid);
}
