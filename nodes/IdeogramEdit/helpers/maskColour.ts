/**
 * Whether a PNG mask is really black and white. A mask that is a colour photo is almost always the
 * photo and the mask fields swapped, and the API would bill the request and edit nonsense.
 * Only PNG is decoded (the platform's DecompressionStream inflates it); JPEG and WEBP masks are
 * taken as they are.
 */

/** A pixel whose channels differ by more than this is coloured; greys and anti-aliased edges are not. */
const COLOUR_SPREAD = 48;
/** Share of coloured pixels above which a mask is refused. */
export const MAX_COLOURED_SHARE = 0.01;

function u32be(buf: Uint8Array, o: number): number {
	return ((buf[o] << 24) >>> 0) + (buf[o + 1] << 16) + (buf[o + 2] << 8) + buf[o + 3];
}

function chunkType(buf: Uint8Array, o: number): string {
	return String.fromCharCode(buf[o], buf[o + 1], buf[o + 2], buf[o + 3]);
}

async function inflate(data: Uint8Array): Promise<Uint8Array> {
	const stream = new Blob([data]).stream().pipeThrough(new DecompressionStream('deflate'));
	return new Uint8Array(await new Response(stream).arrayBuffer());
}

function paeth(a: number, b: number, c: number): number {
	const p = a + b - c;
	const pa = Math.abs(p - a);
	const pb = Math.abs(p - b);
	const pc = Math.abs(p - c);
	return pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
}

/**
 * The share of coloured pixels in a PNG, or undefined when it cannot tell (not a PNG, interlaced,
 * damaged): then the mask is not refused on this ground.
 */
export async function colouredShare(png: Uint8Array): Promise<number | undefined> {
	if (png.length < 33 || chunkType(png, 12) !== 'IHDR') return undefined;
	const width = u32be(png, 16);
	const height = u32be(png, 20);
	const depth = png[24];
	const type = png[25];
	// Greyscale (0) and grey with alpha (4) cannot hold colour; Adam7 is rare in masks.
	if (type === 0 || type === 4 || png[28] !== 0) return type === 0 || type === 4 ? 0 : undefined;
	if (type !== 2 && type !== 3 && type !== 6) return undefined;

	let palette: Uint8Array | undefined;
	const idat: Uint8Array[] = [];
	for (let o = 8; o + 12 <= png.length; ) {
		const length = u32be(png, o);
		const t = chunkType(png, o + 4);
		const body = png.subarray(o + 8, o + 8 + length);
		if (t === 'PLTE') palette = body;
		if (t === 'IDAT') idat.push(body);
		if (t === 'IEND') break;
		o += 12 + length;
	}
	if (type === 3 && !palette) return undefined;

	let raw: Uint8Array;
	try {
		const joined = new Uint8Array(idat.reduce((n, c) => n + c.length, 0));
		let at = 0;
		for (const c of idat) {
			joined.set(c, at);
			at += c.length;
		}
		raw = await inflate(joined);
	} catch {
		return undefined;
	}

	const channels = type === 2 ? 3 : type === 6 ? 4 : 1;
	const bitsPerPixel = channels * depth;
	const bpp = Math.max(1, bitsPerPixel >> 3);
	const stride = Math.ceil((width * bitsPerPixel) / 8);
	if (raw.length < height * (stride + 1)) return undefined;

	let previous = new Uint8Array(stride);
	let line = new Uint8Array(stride);
	let coloured = 0;
	const byteStep = depth === 16 ? 2 : 1;
	for (let y = 0; y < height; y++) {
		const filter = raw[y * (stride + 1)];
		const src = raw.subarray(y * (stride + 1) + 1, (y + 1) * (stride + 1));
		for (let i = 0; i < stride; i++) {
			const a = i >= bpp ? line[i - bpp] : 0;
			const b = previous[i];
			const c = i >= bpp ? previous[i - bpp] : 0;
			const x = src[i];
			line[i] =
				filter === 1 ? x + a : filter === 2 ? x + b : filter === 3 ? x + ((a + b) >> 1) : filter === 4 ? x + paeth(a, b, c) : x;
		}
		for (let px = 0; px < width; px++) {
			let r: number, g: number, bl: number;
			if (type === 3) {
				const bit = px * depth;
				const index = (line[bit >> 3] >> (8 - depth - (bit & 7))) & ((1 << depth) - 1);
				r = palette![index * 3];
				g = palette![index * 3 + 1];
				bl = palette![index * 3 + 2];
			} else {
				const o = px * channels * byteStep;
				r = line[o];
				g = line[o + byteStep];
				bl = line[o + 2 * byteStep];
			}
			if (Math.max(r, g, bl) - Math.min(r, g, bl) > COLOUR_SPREAD) coloured++;
		}
		[previous, line] = [line, previous];
	}
	return coloured / (width * height);
}
