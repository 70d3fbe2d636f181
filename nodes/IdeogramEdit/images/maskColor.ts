/**
 * What a PNG mask says, read in one pass over its pixels: whether it is really black and white (a
 * mask that is a color photo is almost always the photo and the mask fields swapped), whether it
 * marks anything to edit, and, for Invert Mask, the mask turned into Ideogram's convention.
 * Only PNG is decoded; JPEG and WEBP masks are taken as they are.
 */
import { valid, type Checked } from '../checked';
import { decodePngRows, encodeGrayPng, isGray8, readPngHeader } from './png';

/** A pixel whose channels differ by more than this is colored; grays and anti-aliased edges are not. */
const COLOR_SPREAD = 48;
/** Share of colored pixels above which a mask is refused. */
export const MAX_COLORED_SHARE = 0.01;
/** Below this gray a pixel counts as black: it marks the area to edit. */
const EDIT_BELOW = 128;

export interface MaskScan {
	width: number;
	height: number;
	coloredShare: number;
	/** Whether any pixel marks the area to edit (after inverting, with `invert`). */
	marksEdit: boolean;
	/** With `invert`: the mask made the other way round, black where it was white. */
	inverted?: Buffer;
}

/**
 * Reads a PNG mask. Transparent pixels count as white. With `invert`, a mask made the other way
 * round (white marks the edit, as many image APIs want) is turned into Ideogram's: black marks it.
 */
export async function scanMaskPng(png: Uint8Array, invert: boolean): Promise<Checked<MaskScan, string>> {
	const header = readPngHeader(png);
	if ('problem' in header) return header;
	const { width, height } = header.value;
	const gray8 = isGray8(header.value);
	// Within the pixel cap, checked by the header read above.
	const gray = invert ? new Uint8Array(width * height) : undefined;
	let colored = 0;
	let marksEdit = false;
	// Masks are long runs of one color: each run of equal pixels is judged once and filled at once.
	const decoded = await decodePngRows(png, (row, y) => {
		const out = gray?.subarray(y * width, (y + 1) * width);
		if (gray8) {
			// The usual mask: gray bytes as they are; it cannot hold color.
			for (let px = 0; px < width; ) {
				const value = row[px];
				let end = px + 1;
				while (end < width && row[end] === value) end++;
				const shown = invert ? 255 - value : value;
				if (shown < EDIT_BELOW) marksEdit = true;
				out?.fill(shown, px, end);
				px = end;
			}
			return;
		}
		// Rows are RGBA buffers of the decoder's own, so four-byte aligned: a pixel is one word.
		const words = new Uint32Array(row.buffer, row.byteOffset, width);
		for (let px = 0; px < width; ) {
			const word = words[px];
			let end = px + 1;
			while (end < width && words[end] === word) end++;
			const o = px * 4;
			const r = row[o];
			const g = row[o + 1];
			const b = row[o + 2];
			const a = row[o + 3];
			const max = r > g ? (r > b ? r : b) : g > b ? g : b;
			const min = r < g ? (r < b ? r : b) : g < b ? g : b;
			if (max - min > COLOR_SPREAD) colored += end - px;
			// Luma on white, in integers: transparent counts as white.
			const luma = (299 * r + 587 * g + 114 * b + 500) / 1000;
			const value = a === 255 ? luma : (luma * a + 255 * (255 - a)) / 255;
			const shown = Math.round(invert ? 255 - value : value);
			if (shown < EDIT_BELOW) marksEdit = true;
			out?.fill(shown, px, end);
			px = end;
		}
	});
	if ('problem' in decoded) return decoded;
	const inverted = gray
		? await encodeGrayPng(width, height, (y, row) => row.set(gray.subarray(y * width, (y + 1) * width)))
		: undefined;
	return valid({ width, height, coloredShare: colored / (width * height), marksEdit, inverted });
}
