/**
 * Whether a PNG mask is really black and white. A mask that is a colour photo is almost always the
 * photo and the mask fields swapped, and the API would bill the request and edit nonsense.
 * Only PNG is decoded; JPEG and WEBP masks are taken as they are.
 */
import { decodePng, encodeGreyPng } from './png';

/** A pixel whose channels differ by more than this is coloured; greys and anti-aliased edges are not. */
const COLOUR_SPREAD = 48;
/** Share of coloured pixels above which a mask is refused. */
export const MAX_COLOURED_SHARE = 0.01;

/**
 * The share of coloured pixels in a PNG, or undefined when it cannot tell (not a PNG, interlaced,
 * damaged): then the mask is not refused on this ground.
 */
export async function colouredShare(png: Uint8Array): Promise<number | undefined> {
	if (png.length < 33) return undefined;
	// Greyscale (0) and grey with alpha (4) cannot hold colour.
	if (png[25] === 0 || png[25] === 4) return 0;
	const decoded = await decodePng(png);
	if (!decoded) return undefined;
	const { rgba, width, height } = decoded;
	let coloured = 0;
	for (let o = 0; o < rgba.length; o += 4) {
		const r = rgba[o];
		const g = rgba[o + 1];
		const b = rgba[o + 2];
		if (Math.max(r, g, b) - Math.min(r, g, b) > COLOUR_SPREAD) coloured++;
	}
	return coloured / (width * height);
}

/**
 * A mask made the other way round (white marks the edit, as many image APIs want) turned into
 * Ideogram's: black marks the edit. Transparent pixels count as white before inverting.
 * Undefined when the PNG cannot be decoded.
 */
export async function invertMaskPng(png: Uint8Array): Promise<Buffer | undefined> {
	const decoded = await decodePng(png);
	if (!decoded) return undefined;
	const { rgba, width, height } = decoded;
	const grey = new Uint8Array(width * height);
	for (let p = 0, o = 0; p < grey.length; p++, o += 4) {
		const alpha = rgba[o + 3] / 255;
		const luma = 0.299 * rgba[o] + 0.587 * rgba[o + 1] + 0.114 * rgba[o + 2];
		grey[p] = 255 - Math.round(luma * alpha + 255 * (1 - alpha));
	}
	return encodeGreyPng(width, height, grey);
}
