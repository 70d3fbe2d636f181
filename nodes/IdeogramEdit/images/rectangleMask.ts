/**
 * A mask drawn from rectangles: the Regions parameter read, put in the image's pixels, and drawn.
 * Pure, so that every rule can be tested without n8n.
 */
import { MAX_REGIONS } from '../limits';
import { refuse, valid, type Checked } from '../checked';
import { encodeGrayPng } from './png';

export type RegionUnit = 'pixels' | 'percent';

/** A rectangle as the user gave it, in pixels or in percent of the image. */
export interface Region {
	left: number;
	top: number;
	width: number;
	height: number;
}

const REGION_FIX =
	'Give one rectangle per line or semicolon as left, top, width, height, for example "10, 20, 300, 200; 400, 20, 100, 100", or as JSON: [{"left":10,"top":20,"width":300,"height":200}].';

function toRegion(value: unknown): Region | undefined {
	const numbers = Array.isArray(value)
		? value
		: value !== null && typeof value === 'object'
			? ['left', 'top', 'width', 'height'].map((k) => (value as Record<string, unknown>)[k])
			: undefined;
	if (!numbers || numbers.length !== 4) return undefined;
	const [left, top, width, height] = numbers.map((n) => (typeof n === 'string' && n.trim() !== '' ? Number(n) : n));
	if (![left, top, width, height].every((n) => typeof n === 'number' && Number.isFinite(n))) return undefined;
	return { left, top, width, height } as Region;
}

/**
 * Reads the regions: text ("l, t, w, h; l, t, w, h"), JSON text, or what an expression or an AI
 * agent hands over (a list of objects or of four numbers).
 */
export function parseRegions(value: unknown, unit: RegionUnit): Checked<Region[]> {
	let list: unknown[] | undefined;
	if (Array.isArray(value)) {
		list = value.length === 4 && value.every((v) => typeof v === 'number') ? [value] : value;
	} else if (value !== null && typeof value === 'object') {
		list = [value];
	} else if (typeof value === 'string') {
		const text = value.trim();
		if (text === '') return refuse('Regions', 'is empty', REGION_FIX);
		if (text.startsWith('[') || text.startsWith('{')) {
			try {
				return parseRegions(JSON.parse(text), unit);
			} catch {
				return refuse('Regions', 'is not valid JSON', REGION_FIX);
			}
		}
		list = text.split(/[;\n]+/).map((r) => r.trim()).filter((r) => r !== '').map((r) => r.split(/[\s,]+/));
	}
	if (!list || list.length === 0) return refuse('Regions', 'holds no rectangle', REGION_FIX);
	// Every row of the mask is drawn past every rectangle: their number is capped before any is read.
	if (list.length > MAX_REGIONS) {
		return refuse('Regions', `has ${list.length} rectangles, more than ${MAX_REGIONS}`, `Give at most ${MAX_REGIONS} rectangles; neighbors can often be joined into one.`);
	}

	const regions: Region[] = [];
	for (const [i, raw] of list.entries()) {
		const region = toRegion(raw);
		const which = `rectangle ${i + 1}`;
		if (!region) return refuse('Regions', `${which} is not four numbers (left, top, width, height)`, REGION_FIX);
		if (region.width <= 0 || region.height <= 0) {
			return refuse('Regions', `${which} has no area (width and height must be above 0)`, REGION_FIX);
		}
		if (region.left < 0 || region.top < 0) {
			return refuse('Regions', `${which} starts outside the image (left and top must be 0 or more)`, REGION_FIX);
		}
		if (unit === 'percent' && (region.left >= 100 || region.top >= 100 || region.width > 100 || region.height > 100)) {
			return refuse('Regions', `${which} is not within 0 to 100 percent`, 'In percent, left and top are below 100 and width and height at most 100.');
		}
		regions.push(region);
	}
	return valid(regions);
}

/** The rectangles in whole pixels of an image, clipped to it; a problem if one misses it entirely. */
export function regionsInPixels(
	regions: Region[],
	unit: RegionUnit,
	width: number,
	height: number,
): Checked<Region[]> {
	const out: Region[] = [];
	for (const [i, r] of regions.entries()) {
		const scaleX = unit === 'percent' ? width / 100 : 1;
		const scaleY = unit === 'percent' ? height / 100 : 1;
		const left = Math.max(0, Math.round(r.left * scaleX));
		const top = Math.max(0, Math.round(r.top * scaleY));
		const right = Math.min(width, Math.round((r.left + r.width) * scaleX));
		const bottom = Math.min(height, Math.round((r.top + r.height) * scaleY));
		if (right <= left || bottom <= top) {
			return refuse(
				'Regions',
				`rectangle ${i + 1} (${r.left}, ${r.top}, ${r.width}, ${r.height} ${unit}) lies outside the ${width}×${height} image`,
				unit === 'pixels' ? 'Check the rectangle against the image size, or give the regions in percent.' : REGION_FIX,
			);
		}
		out.push({ left, top, width: right - left, height: bottom - top });
	}
	return valid(out);
}

/**
 * The mask Ideogram wants, of the image's exact size: black (edit) inside the rectangles and white
 * (keep) elsewhere, or the other way round with `invert` (edit everything but the rectangles).
 * `marksEdit` is false when nothing is left black (inverted rectangles that cover the whole image).
 */
export async function regionMaskPng(
	width: number,
	height: number,
	pixelRegions: Region[],
	invert: boolean,
): Promise<{ png: Buffer; marksEdit: boolean }> {
	const inside = invert ? 255 : 0;
	let marksEdit = false;
	const png = await encodeGrayPng(width, height, (y, row) => {
		row.fill(255 - inside);
		for (const r of pixelRegions) if (y >= r.top && y < r.top + r.height) row.fill(inside, r.left, r.left + r.width);
		if (!marksEdit) marksEdit = row.includes(0);
	});
	return { png, marksEdit };
}
