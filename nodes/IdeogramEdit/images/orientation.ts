/**
 * EXIF orientation, as phones write it: the pixels are stored one way (a portrait photo as
 * 4032×3024) and a tag tells viewers to turn or flip them. Whether the API applies the tag is not
 * known, so the node makes the answer the same either way: the photo is sent with its tag set to 1
 * (a change of two bytes, no re-encoding), so the API edits the stored grid, and what the user drew
 * on the photo as viewers show it (a mask of the shown size, Regions) is turned to that grid.
 */
import type { Region } from './rectangleMask';

/** Orientations 5 to 8 turn the photo by a quarter: viewers show it with width and height swapped. */
export function swapsSides(orientation: number | undefined): boolean {
	return orientation !== undefined && orientation >= 5 && orientation <= 8;
}

/** The photo's size as viewers show it. */
export function shownSize(width: number, height: number, orientation: number | undefined): { width: number; height: number } {
	return swapsSides(orientation) ? { width: height, height: width } : { width, height };
}

/**
 * Where the pixel shown at (x, y) is stored, in a photo stored as `width`×`height`. The Orientation
 * tag says how the stored pixels are shown: 2 mirrored, 3 turned half round, 4 flipped, 5 to 8 the
 * quarter turns (6: turned clockwise to be shown, 8: counterclockwise).
 */
export function storedPoint(orientation: number, width: number, height: number, x: number, y: number): [number, number] {
	switch (orientation) {
		case 2:
			return [width - 1 - x, y];
		case 3:
			return [width - 1 - x, height - 1 - y];
		case 4:
			return [x, height - 1 - y];
		case 5:
			return [y, x];
		case 6:
			return [y, height - 1 - x];
		case 7:
			return [width - 1 - y, height - 1 - x];
		case 8:
			return [width - 1 - y, x];
		default:
			return [x, y];
	}
}

/** A rectangle in pixels of the photo as shown, as the stored photo holds it. */
export function storedRegion(orientation: number, width: number, height: number, r: Region): Region {
	const [x1, y1] = storedPoint(orientation, width, height, r.left, r.top);
	const [x2, y2] = storedPoint(orientation, width, height, r.left + r.width - 1, r.top + r.height - 1);
	const left = Math.min(x1, x2);
	const top = Math.min(y1, y2);
	return { left, top, width: Math.abs(x2 - x1) + 1, height: Math.abs(y2 - y1) + 1 };
}

/**
 * A gray mask drawn on the photo as shown (`shown`, row after row, the shown size), turned to the
 * stored `width`×`height` grid.
 */
export function grayToStored(shown: Uint8Array, orientation: number, width: number, height: number): Uint8Array {
	const { width: shownWidth, height: shownHeight } = shownSize(width, height, orientation);
	const stored = new Uint8Array(width * height);
	for (let y = 0; y < shownHeight; y++) {
		for (let x = 0; x < shownWidth; x++) {
			const [sx, sy] = storedPoint(orientation, width, height, x, y);
			stored[sy * width + sx] = shown[y * shownWidth + x];
		}
	}
	return stored;
}
