/**
 * What a PNG mask says, judged as it is decoded and only as far as the answer needs: whether it
 * marks something, whether it leaves something, and whether it looks like a mask at all (a mask is
 * almost all black and white; a photo given as the mask by mistake has colors or mid-tones). And,
 * for the send, the mask as the node's own black-and-white PNG, whatever convention it was made in.
 * Only PNG is decoded; JPEG and WEBP masks are taken as they are.
 */
import { valid, type Checked } from '../checked';
import { grayToStored } from './orientation';
import { decodePngRows, encodeGrayPng, readPngHeader } from './png';

/** How a mask marks the area to edit. Ideogram's is black; OpenAI's image edit takes transparency. */
export type MaskConvention = 'black' | 'white' | 'transparent';

/** A pixel whose channels differ by more than this is colored; grays and anti-aliased edges are not. */
const COLOR_SPREAD = 48;
/** Share of colored pixels, of those judged, above which a mask is refused as a color image. */
export const MAX_COLORED_SHARE = 0.01;
/** In Ideogram's terms, below this gray a pixel marks the area to edit. */
const EDIT_BELOW = 128;
/** Grays from here to WHITE_FROM are mid-tones: a mask has them only along its edges. */
const MID_FROM = 32;
const WHITE_FROM = 224;
/**
 * Of the pixels that are not white (the marked area and its edges), the share of mid-tones above
 * which a mask is refused as a likely photo. Crisp and anti-aliased masks stay under a tenth, soft
 * (feathered) edges of a few dozen pixels under a third; a packshot's product is mostly mid-tones.
 */
export const MAX_MID_SHARE = 0.5;
/** Judging may stop early only while the mid-tones stay under this share: a clear mask. */
const CLEAR_MID_SHARE = 0.25;
/** Rows judged from the first row that is not all white, at least, before judging may stop. */
export function judgedWindow(height: number): number {
	return Math.max(16, Math.ceil(height / 8));
}

export interface MaskScan {
	width: number;
	height: number;
	/** Rows judged: all of them, or fewer when the verdicts were certain earlier. */
	rowsJudged: number;
	/** Of the pixels judged. */
	coloredShare: number;
	/** Mid-tones, of the judged pixels that are not white, and of all judged pixels. */
	midShare: number;
	midOfAll: number;
	/** Whether the judged pixels include one that marks the edit, and one that keeps the photo. */
	marksEdit: boolean;
	keepsSome: boolean;
	/** Whether any judged pixel is transparent (alpha under half). */
	transparent: boolean;
	/** Whether the PNG can carry transparency: then it is sent as the node's own black-and-white PNG. */
	hasAlpha: boolean;
}

/**
 * Judges a PNG mask row by row, in `convention`. With `whole`, every row; otherwise it stops once
 * the verdicts are certain: something marked and something kept have been seen, and at least
 * `judgedWindow(height)` rows from the first row that is not all white are clearly a mask.
 * `onShown(row, y)`, with `whole`, gets each row as the gray Ideogram reads: black marks the edit.
 */
export async function scanMaskPng(
	png: Uint8Array,
	convention: MaskConvention,
	options: { whole?: boolean; onShown?: (row: Uint8Array, y: number) => void } = {},
): Promise<Checked<MaskScan, string>> {
	const header = readPngHeader(png);
	if ('problem' in header) return header;
	const { width, height } = header.value;
	const shown = new Uint8Array(width);
	const window = judgedWindow(height);
	let colored = 0;
	let mid = 0;
	let notWhite = 0;
	let marksEdit = false;
	let keepsSome = false;
	let transparent = false;
	let firstRow = -1;
	let rows = 0;
	// What the last row judged held, for the rows that repeat it.
	let rowColored = 0;
	let rowMid = 0;
	let rowNotWhite = 0;
	const decoded = await decodePngRows(png, (row, y, gray, same) => {
		if (!same) judgeRow(row, gray);
		colored += rowColored;
		mid += rowMid;
		notWhite += rowNotWhite;
		rows = y + 1;
		options.onShown?.(shown, y);
		if (firstRow < 0 && rowNotWhite > 0) firstRow = y;
		if (options.whole || firstRow < 0 || !marksEdit || !keepsSome || rows - firstRow < window) return true;
		const clear = mid <= CLEAR_MID_SHARE * notWhite && colored <= MAX_COLORED_SHARE * rows * width;
		return !clear;
	});
	/** One row read into `shown` (gray in Ideogram's terms) and judged; the verdicts are the run's. */
	function judgeRow(row: Uint8Array, gray: boolean): void {
		rowColored = 0;
		rowMid = 0;
		rowNotWhite = 0;
		// Masks are long runs of one value: each run is judged once and filled at once.
		if (gray) {
			for (let px = 0; px < width; ) {
				const value = row[px];
				let end = px + 1;
				while (end < width && row[end] === value) end++;
				const v = convention === 'white' ? 255 - value : convention === 'transparent' ? 255 : value;
				shown.fill(v, px, end);
				px = end;
			}
		} else {
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
				if (a < 128) transparent = true;
				let v: number;
				if (convention === 'transparent') {
					// Only the alpha counts; the colors under it are whatever the tool left.
					v = a;
				} else {
					const max = r > g ? (r > b ? r : b) : g > b ? g : b;
					const min = r < g ? (r < b ? r : b) : g < b ? g : b;
					// A transparent pixel's color is not shown, so it is not colored.
					if (a >= 128 && max - min > COLOR_SPREAD) rowColored += end - px;
					const luma = (299 * r + 587 * g + 114 * b) / 1000;
					// Transparent counts as what is kept: white in Ideogram's convention, black in the inverse one.
					v = convention === 'black' ? (luma * a + 255 * (255 - a)) / 255 : 255 - (luma * a) / 255;
				}
				shown.fill(Math.round(v), px, end);
				px = end;
			}
		}
		for (let px = 0; px < width; ) {
			const v = shown[px];
			let end = px + 1;
			while (end < width && shown[end] === v) end++;
			if (v < EDIT_BELOW) marksEdit = true;
			else keepsSome = true;
			if (v < WHITE_FROM) {
				rowNotWhite += end - px;
				if (v >= MID_FROM) rowMid += end - px;
			}
			px = end;
		}
	}
	if ('problem' in decoded) return decoded;
	const pixels = rows * width;
	return valid({
		width,
		height,
		rowsJudged: rows,
		coloredShare: colored / pixels,
		midShare: notWhite ? mid / notWhite : 0,
		midOfAll: mid / pixels,
		marksEdit,
		keepsSome,
		transparent,
		hasAlpha: header.value.colorType === 4 || header.value.colorType === 6 || decoded.value.hasTransparencyChunk,
	});
}

/**
 * The mask as the node's own 8-bit gray PNG, black where `convention` marks the edit. Decodes every
 * row. With `toStored`, a mask drawn on a photo as viewers show it is turned to the photo's stored grid.
 */
export async function convertMaskPng(
	png: Uint8Array,
	convention: MaskConvention,
	toStored?: { orientation: number; width: number; height: number },
): Promise<Checked<{ png: Buffer; scan: MaskScan }, string>> {
	const header = readPngHeader(png);
	if ('problem' in header) return header;
	const { width, height } = header.value;
	// Within the pixel cap, checked by the header read above.
	let gray: Uint8Array = new Uint8Array(width * height);
	const scan = await scanMaskPng(png, convention, { whole: true, onShown: (row, y) => gray.set(row, y * width) });
	if ('problem' in scan) return scan;
	const size = toStored ?? { width, height };
	if (toStored) gray = grayToStored(gray, toStored.orientation, toStored.width, toStored.height);
	const made = await encodeGrayPng(size.width, size.height, (y, row) => row.set(gray.subarray(y * size.width, (y + 1) * size.width)));
	return valid({ png: made, scan: scan.value });
}
