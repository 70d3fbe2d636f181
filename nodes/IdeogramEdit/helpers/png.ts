/**
 * Just enough PNG for masks, without a dependency: a writer for 8-bit greyscale images (stored
 * deflate blocks, so no compressor is needed) and a reader that turns a non-interlaced PNG of any
 * colour type into 8-bit RGBA (the platform's DecompressionStream inflates it).
 */

const SIGNATURE = Uint8Array.from([137, 80, 78, 71, 13, 10, 26, 10]);

let crcTable: Uint32Array | undefined;
export function crc32(bytes: Uint8Array, start = 0, end = bytes.length): number {
	if (!crcTable) {
		crcTable = new Uint32Array(256);
		for (let n = 0; n < 256; n++) {
			let c = n;
			for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
			crcTable[n] = c >>> 0;
		}
	}
	let crc = 0xffffffff;
	for (let i = start; i < end; i++) crc = crcTable[(crc ^ bytes[i]) & 0xff] ^ (crc >>> 8);
	return (crc ^ 0xffffffff) >>> 0;
}

function adler32(bytes: Uint8Array): number {
	let a = 1;
	let b = 0;
	for (let i = 0; i < bytes.length; ) {
		// 5552 bytes keep the sums below 2^32 between reductions.
		const end = Math.min(bytes.length, i + 5552);
		for (; i < end; i++) {
			a += bytes[i];
			b += a;
		}
		a %= 65521;
		b %= 65521;
	}
	return ((b << 16) | a) >>> 0;
}

/** A zlib stream of stored (uncompressed) deflate blocks. */
function zlibStored(data: Uint8Array): Uint8Array {
	const blocks = Math.max(1, Math.ceil(data.length / 65535));
	const out = new Uint8Array(2 + blocks * 5 + data.length + 4);
	out[0] = 0x78;
	out[1] = 0x01;
	let o = 2;
	for (let b = 0; b < blocks; b++) {
		const start = b * 65535;
		const len = Math.min(65535, data.length - start);
		out[o++] = b === blocks - 1 ? 1 : 0;
		out[o++] = len & 0xff;
		out[o++] = len >>> 8;
		out[o++] = ~len & 0xff;
		out[o++] = (~len >>> 8) & 0xff;
		out.set(data.subarray(start, start + len), o);
		o += len;
	}
	const adler = adler32(data);
	out[o++] = adler >>> 24;
	out[o++] = (adler >>> 16) & 0xff;
	out[o++] = (adler >>> 8) & 0xff;
	out[o++] = adler & 0xff;
	return out;
}

function chunk(type: string, data: Uint8Array): Uint8Array {
	const out = new Uint8Array(12 + data.length);
	const view = new DataView(out.buffer);
	view.setUint32(0, data.length);
	for (let i = 0; i < 4; i++) out[4 + i] = type.charCodeAt(i);
	out.set(data, 8);
	view.setUint32(8 + data.length, crc32(out, 4, 8 + data.length));
	return out;
}

/** An 8-bit greyscale PNG of `pixels` (one byte per pixel, rows top to bottom). */
export function encodeGreyPng(width: number, height: number, pixels: Uint8Array): Buffer {
	const header = new Uint8Array(13);
	const view = new DataView(header.buffer);
	view.setUint32(0, width);
	view.setUint32(4, height);
	header[8] = 8; // bit depth
	header[9] = 0; // greyscale
	// Each row starts with its filter type, 0 (none).
	const raw = new Uint8Array(height * (width + 1));
	for (let y = 0; y < height; y++) raw.set(pixels.subarray(y * width, (y + 1) * width), y * (width + 1) + 1);
	return Buffer.concat([SIGNATURE, chunk('IHDR', header), chunk('IDAT', zlibStored(raw)), chunk('IEND', new Uint8Array(0))]);
}

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

export interface DecodedPng {
	width: number;
	height: number;
	/** Four bytes per pixel: red, green, blue, alpha. */
	rgba: Uint8Array;
}

/** Decodes a PNG to RGBA; undefined when it cannot (not a PNG, interlaced, damaged). */
export async function decodePng(png: Uint8Array): Promise<DecodedPng | undefined> {
	if (png.length < 33 || chunkType(png, 12) !== 'IHDR') return undefined;
	for (let i = 0; i < 8; i++) if (png[i] !== SIGNATURE[i]) return undefined;
	const width = u32be(png, 16);
	const height = u32be(png, 20);
	const depth = png[24];
	const type = png[25];
	if (png[28] !== 0 || ![0, 2, 3, 4, 6].includes(type) || width === 0 || height === 0) return undefined;

	let palette: Uint8Array | undefined;
	let transparency: Uint8Array | undefined;
	const idat: Uint8Array[] = [];
	for (let o = 8; o + 12 <= png.length; ) {
		const length = u32be(png, o);
		const t = chunkType(png, o + 4);
		const body = png.subarray(o + 8, o + 8 + length);
		if (t === 'PLTE') palette = body;
		if (t === 'tRNS') transparency = body;
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

	const channels = type === 2 ? 3 : type === 6 ? 4 : type === 4 ? 2 : 1;
	const bitsPerPixel = channels * depth;
	const bpp = Math.max(1, bitsPerPixel >> 3);
	const stride = Math.ceil((width * bitsPerPixel) / 8);
	if (raw.length < height * (stride + 1)) return undefined;

	const rgba = new Uint8Array(width * height * 4);
	let previous = new Uint8Array(stride);
	let line = new Uint8Array(stride);
	const byteStep = depth === 16 ? 2 : 1;
	const maxSample = (1 << Math.min(depth, 8)) - 1;
	const sampleAt = (px: number, channel: number): number => {
		if (depth >= 8) return line[(px * channels + channel) * byteStep];
		const bit = (px * channels + channel) * depth;
		return (line[bit >> 3] >> (8 - depth - (bit & 7))) & maxSample;
	};
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
			const o = (y * width + px) * 4;
			if (type === 3) {
				const index = sampleAt(px, 0);
				rgba[o] = palette![index * 3];
				rgba[o + 1] = palette![index * 3 + 1];
				rgba[o + 2] = palette![index * 3 + 2];
				rgba[o + 3] = transparency && index < transparency.length ? transparency[index] : 255;
			} else if (type === 0 || type === 4) {
				const grey = Math.round((sampleAt(px, 0) * 255) / maxSample);
				rgba[o] = rgba[o + 1] = rgba[o + 2] = grey;
				rgba[o + 3] = type === 4 ? sampleAt(px, 1) : 255;
			} else {
				rgba[o] = sampleAt(px, 0);
				rgba[o + 1] = sampleAt(px, 1);
				rgba[o + 2] = sampleAt(px, 2);
				rgba[o + 3] = type === 6 ? sampleAt(px, 3) : 255;
			}
		}
		[previous, line] = [line, previous];
	}
	return { width, height, rgba };
}
