/**
 * What a PNG mask says, read in one pass over its pixels: whether it is really black and white (a
 * mask that is a colour photo is almost always the photo and the mask fields swapped), whether it
 * marks anything to edit, and, for Invert Mask, the mask turned into Ideogram's convention.
 * Only PNG is decoded; JPEG and WEBP masks are taken as they are.
 */
import { decodePngRows, encodeGreyPng, readPngHeader, type PngRead } from './png';

/** A pixel whose channels differ by more than this is coloured; greys and anti-aliased edges are not. */
const COLOUR_SPREAD = 48;
/** Share of coloured pixels above which a mask is refused. */
export const MAX_COLOURED_SHARE = 0.01;
/** Below this grey a pixel counts as black: it marks the area to edit. */
const EDIT_BELOW = 128;

export interface MaskScan {
	width: number;
	height: number;
	colouredShare: number;
	/** Whether any pixel marks the area to edit (after inverting, with `invert`). */
	marksEdit: boolean;
	/** With `invert`: the mask made the other way round, black where it was white. */
	inverted?: Buffer;
}

/**
 * Reads a PNG mask. Transparent pixels count as white. With `invert`, a mask made the other way
 * round (white marks the edit, as many image APIs want) is turned into Ideogram's: black marks it.
 */
export async function scanMaskPng(png: Uint8Array, invert: boolean): Promise<PngRead<MaskScan>> {
	const header = readPngHeader(png);
	if (!header.ok) return header;
	const { width, height } = header.value;
	// Within the pixel cap, checked by the header read above.
	const grey = invert ? new Uint8Array(width * height) : undefined;
	let coloured = 0;
	let marksEdit = false;
	const decoded = await decodePngRows(png, (rgba, y) => {
		for (let px = 0, o = 0; px < width; px++, o += 4) {
			const r = rgba[o];
			const g = rgba[o + 1];
			const b = rgba[o + 2];
			if (Math.max(r, g, b) - Math.min(r, g, b) > COLOUR_SPREAD) coloured++;
			const alpha = rgba[o + 3] / 255;
			const value = Math.round((0.299 * r + 0.587 * g + 0.114 * b) * alpha + 255 * (1 - alpha));
			const shown = invert ? 255 - value : value;
			if (shown < EDIT_BELOW) marksEdit = true;
			if (grey) grey[y * width + px] = shown;
		}
	});
	if (!decoded.ok) return decoded;
	const inverted = grey
		? await encodeGreyPng(width, height, (y, row) => row.set(grey.subarray(y * width, (y + 1) * width)))
		: undefined;
	return { ok: true, value: { width, height, colouredShare: coloured / (width * height), marksEdit, inverted } };
}
