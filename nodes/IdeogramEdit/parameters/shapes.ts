/**
 * Ideogram 3.0's output shapes: the 69 resolutions and 15 aspect ratios its routes take, read from
 * what users and agents type ("16x9", "16:9", "1312x736"), and the resolution nearest a shape.
 */
import { refuse, valid, type Checked } from '../checked';
import { describe } from './values';

export const RESOLUTIONS_V3 = `512x1536 576x1408 576x1472 576x1536 640x1344 640x1408 640x1472 640x1536 704x1152 704x1216 704x1280 704x1344
704x1408 704x1472 736x1312 768x1088 768x1216 768x1280 768x1344 800x1280 832x960 832x1024 832x1088 832x1152 832x1216 832x1248 864x1152
896x960 896x1024 896x1088 896x1120 896x1152 960x832 960x896 960x1024 960x1088 1024x832 1024x896 1024x960 1024x1024 1088x768 1088x832
1088x896 1088x960 1120x896 1152x704 1152x832 1152x864 1152x896 1216x704 1216x768 1216x832 1248x832 1280x704 1280x768 1280x800 1312x736
1344x640 1344x704 1344x768 1408x576 1408x640 1408x704 1472x576 1472x640 1472x704 1536x512 1536x576 1536x640`.split(/\s+/);

export const ASPECT_RATIOS_V3 = ['1x3', '3x1', '1x2', '2x1', '9x16', '16x9', '10x16', '16x10', '2x3', '3x2', '3x4', '4x3', '4x5', '5x4', '1x1'];

/** A shape as Ideogram names it: "16x9" or "1312x736"; "16:9" and spaces are read the same. */
function normalize(value: string): string {
	return value.trim().toLowerCase().replace(/\s*[:×x]\s*/, 'x');
}

function ratioOf(shape: string): number {
	const [w, h] = shape.split('x').map(Number);
	return w / h;
}

/**
 * The allowed resolution nearest an aspect ratio (by the ratio of the sides, on a log scale, so
 * that 2:1 and 1:2 are as far from 1:1), the largest among equals: 16x9 gives 1312x736.
 */
export function nearestResolution(aspectRatio: string): string {
	const target = Math.log(ratioOf(aspectRatio));
	const area = (r: string) => r.split('x').map(Number).reduce((a, b) => a * b);
	let best = RESOLUTIONS_V3[0];
	for (const r of RESOLUTIONS_V3) {
		const d = Math.abs(Math.log(ratioOf(r)) - target);
		const bestD = Math.abs(Math.log(ratioOf(best)) - target);
		if (d < bestD - 1e-12 || (Math.abs(d - bestD) <= 1e-12 && area(r) > area(best))) best = r;
	}
	return best;
}

/** Whether an image of `width`×`height` already has the shape (within half a percent). */
export function hasShape(width: number, height: number, shape: string): boolean {
	return Math.abs(Math.log(width / height) - Math.log(ratioOf(shape))) < 0.005;
}

const RESOLUTION_FIX = `Use one of Ideogram 3.0's resolutions, such as 1024x1024, 1312x736 or 736x1312 (${RESOLUTIONS_V3.length} in all, listed in the parameter).`;
const RATIO_FIX = `Use one of ${ASPECT_RATIOS_V3.join(', ')}.`;

export function checkResolution(parameter: string, value: unknown): Checked<string | undefined> {
	if (value === undefined || value === null || value === '') return valid(undefined);
	const shape = typeof value === 'string' ? normalize(value) : '';
	return RESOLUTIONS_V3.includes(shape) ? valid(shape) : refuse(parameter, `${describe(value)} is not one of Ideogram 3.0's resolutions`, RESOLUTION_FIX);
}

export function checkAspectRatio(parameter: string, value: unknown): Checked<string | undefined> {
	if (value === undefined || value === null || value === '') return valid(undefined);
	const shape = typeof value === 'string' ? normalize(value) : '';
	return ASPECT_RATIOS_V3.includes(shape) ? valid(shape) : refuse(parameter, `${describe(value)} is not one of Ideogram 3.0's aspect ratios`, RATIO_FIX);
}

/** A target shape: an aspect ratio, sent as its nearest resolution, or an exact resolution. */
export interface TargetShape {
	/** As the user gave it, normalized: "16x9" or "1312x736". */
	target: string;
	resolution: string;
}

/** At most this many targets for one photo: one request each. */
export const MAX_TARGETS = 10;

/**
 * "1x1, 16x9, 9x16": aspect ratios or resolutions, separated by commas, semicolons or lines (or a
 * list, from an expression). Each once; at least one.
 */
export function parseTargets(parameter: string, value: unknown): Checked<TargetShape[]> {
	const fix = `Give aspect ratios (${ASPECT_RATIOS_V3.join(', ')}) or 3.0 resolutions (such as 1312x736), separated by commas, at most ${MAX_TARGETS}.`;
	const entries = Array.isArray(value) ? value : typeof value === 'string' ? value.split(/[,;\n]+/) : undefined;
	if (!entries || entries.some((e) => typeof e !== 'string')) return refuse(parameter, `${describe(value)} is not text`, fix);
	const shapes = (entries as string[]).map(normalize).filter((e) => e !== '');
	if (shapes.length === 0) return refuse(parameter, 'is empty', fix);
	if (shapes.length > MAX_TARGETS) return refuse(parameter, `has ${shapes.length} targets, more than ${MAX_TARGETS}`, fix);
	const targets: TargetShape[] = [];
	for (const shape of shapes) {
		if (targets.some((t) => t.target === shape)) return refuse(parameter, `names ${shape} twice`, 'Give each target once: each one is a request, and billed.');
		const resolution = ASPECT_RATIOS_V3.includes(shape) ? nearestResolution(shape) : RESOLUTIONS_V3.includes(shape) ? shape : undefined;
		if (!resolution) return refuse(parameter, `${describe(shape)} is neither one of Ideogram 3.0's aspect ratios nor one of its resolutions`, fix);
		const same = targets.find((t) => t.resolution === resolution);
		if (same) return refuse(parameter, `names ${same.target} and ${shape}, which are the same resolution (${resolution})`, 'Give each target once: each one is a request, and billed.');
		targets.push({ target: shape, resolution });
	}
	return valid(targets);
}
