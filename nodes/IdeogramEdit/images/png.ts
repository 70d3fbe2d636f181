/**
 * Just enough PNG for masks, without a dependency: a writer for 8-bit grayscale images and a reader
 * that turns a non-interlaced PNG of any color type into rows of 8-bit RGBA. The platform's
 * CompressionStream and DecompressionStream do the deflating, so both run at native speed.
 *
 * The reader trusts nothing: the header is checked first (the pixel cap included), the pixel stream
 * is inflated piece by piece and never past what the header declares, so a small file that inflates
 * to gigabytes costs no more memory than one row of the image it claims to be.
 */
import { MAX_PIXELS } from '../limits';
import { invalid, valid, type Checked } from '../checked';

export const PNG_SIGNATURE = Uint8Array.from([137, 80, 78, 71, 13, 10, 26, 10]);

export function u32be(buf: Uint8Array, o: number): number {
	return ((buf[o] << 24) >>> 0) + (buf[o + 1] << 16) + (buf[o + 2] << 8) + buf[o + 3];
}

function chunkType(buf: Uint8Array, o: number): string {
	return String.fromCharCode(buf[o], buf[o + 1], buf[o + 2], buf[o + 3]);
}

/** A chunk type as the number its four bytes make: compared without making a string per chunk. */
function typeCode(type: string): number {
	return u32be(Uint8Array.from(type, (c) => c.charCodeAt(0)), 0);
}

export const IDAT = typeCode('IDAT');
export const IEND = typeCode('IEND');
export const EXIF = typeCode('eXIf');
const PLTE = typeCode('PLTE');
const TRNS = typeCode('tRNS');

let crcTable: Uint32Array | undefined;
export function crc32(bytes: Uint8Array, start: number, end: number): number {
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

function chunk(type: string, data: Uint8Array): Uint8Array {
	const out = new Uint8Array(12 + data.length);
	const view = new DataView(out.buffer);
	view.setUint32(0, data.length);
	for (let i = 0; i < 4; i++) out[4 + i] = type.charCodeAt(i);
	out.set(data, 8);
	// The CRC covers the compressed chunk only, which for a mask is small.
	view.setUint32(8 + data.length, crc32(out, 4, 8 + data.length));
	return out;
}

/** Scanlines are handed to the compressor in batches of about this many bytes. */
const BATCH_BYTES = 1 << 20;

/**
 * An 8-bit grayscale PNG, deflate-compressed. `drawRow(y, row)` writes the gray values of row `y`
 * into `row` (width bytes); rows are drawn and compressed a batch at a time, so the whole image is
 * never held uncompressed.
 */
export async function encodeGrayPng(
	width: number,
	height: number,
	drawRow: (y: number, row: Uint8Array) => void,
): Promise<Buffer> {
	const header = new Uint8Array(13);
	const view = new DataView(header.buffer);
	view.setUint32(0, width);
	view.setUint32(4, height);
	header[8] = 8; // bit depth
	header[9] = 0; // grayscale

	const rowBytes = width + 1; // each row starts with its filter type, 0 (none)
	const batchRows = Math.max(1, Math.floor(BATCH_BYTES / rowBytes));
	let y = 0;
	const scanlines = new ReadableStream<Uint8Array>({
		pull(controller) {
			if (y >= height) {
				controller.close();
				return;
			}
			const rows = Math.min(batchRows, height - y);
			// A new buffer per batch: the compressor may still hold the previous one.
			const batch = new Uint8Array(rows * rowBytes);
			for (let r = 0; r < rows; r++, y++) drawRow(y, batch.subarray(r * rowBytes + 1, (r + 1) * rowBytes));
			controller.enqueue(batch);
		},
	});
	const compressed = new Uint8Array(
		await new Response(scanlines.pipeThrough(new CompressionStream('deflate'))).arrayBuffer(),
	);
	return Buffer.concat([PNG_SIGNATURE, chunk('IHDR', header), chunk('IDAT', compressed), chunk('IEND', new Uint8Array(0))]);
}

export interface PngHeader {
	width: number;
	height: number;
	depth: number;
	colorType: number;
	interlaced: boolean;
}

const DEPTHS: Record<number, number[]> = { 0: [1, 2, 4, 8, 16], 2: [8, 16], 3: [1, 2, 4, 8], 4: [8, 16], 6: [8, 16] };

/** The image header, checked against the PNG rules and the pixel cap before anything is decoded. */
export function readPngHeader(png: Uint8Array, maxPixels = MAX_PIXELS): Checked<PngHeader, string> {
	if (png.length < 33 || PNG_SIGNATURE.some((b, i) => png[i] !== b) || u32be(png, 8) !== 13 || chunkType(png, 12) !== 'IHDR') {
		return invalid('it has no PNG image header');
	}
	const width = u32be(png, 16);
	const height = u32be(png, 20);
	const depth = png[24];
	const colorType = png[25];
	if (width === 0 || height === 0 || width > 0x7fffffff || height > 0x7fffffff) {
		return invalid(`its header declares an impossible size (${width}×${height})`);
	}
	if (!DEPTHS[colorType]?.includes(depth)) {
		return invalid(`its header declares color type ${colorType} with bit depth ${depth}, which PNG does not have`);
	}
	if (png[26] !== 0 || png[27] !== 0) return invalid('its header declares an unknown compression or filter method');
	if (png[28] > 1) return invalid(`its header declares an unknown interlace method (${png[28]})`);
	if (width * height > maxPixels) {
		return invalid(`its header declares ${width}×${height} pixels, over the cap of ${MAX_PIXELS / 1e6} megapixels`);
	}
	return valid({ width, height, depth, colorType, interlaced: png[28] === 1 });
}

function paeth(a: number, b: number, c: number): number {
	const p = a + b - c;
	const pa = Math.abs(p - a);
	const pb = Math.abs(p - b);
	const pc = Math.abs(p - c);
	return pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
}

/** Reverses a scanline's filter in place; `line` holds the filtered bytes on entry. */
function unfilter(filter: number, line: Uint8Array, previous: Uint8Array, bpp: number): boolean {
	const n = line.length;
	switch (filter) {
		case 0:
			return true;
		case 1:
			for (let i = bpp; i < n; i++) line[i] = line[i] + line[i - bpp];
			return true;
		case 2:
			for (let i = 0; i < n; i++) line[i] = line[i] + previous[i];
			return true;
		case 3:
			for (let i = 0; i < n; i++) line[i] = line[i] + (((i >= bpp ? line[i - bpp] : 0) + previous[i]) >> 1);
			return true;
		case 4:
			for (let i = 0; i < n; i++) {
				line[i] = line[i] + (i >= bpp ? paeth(line[i - bpp], previous[i], previous[i - bpp]) : previous[i]);
			}
			return true;
		default:
			return false;
	}
}

/** Writes one unfiltered scanline as RGBA. */
function toRgba(h: PngHeader, line: Uint8Array, palette: Uint8Array | undefined, alphas: Uint8Array | undefined, out: Uint8Array) {
	const { width, depth, colorType } = h;
	if (depth === 8 && colorType === 2) {
		for (let px = 0, i = 0, o = 0; px < width; px++, i += 3, o += 4) {
			out[o] = line[i];
			out[o + 1] = line[i + 1];
			out[o + 2] = line[i + 2];
			out[o + 3] = 255;
		}
		return;
	}
	const channels = colorType === 2 ? 3 : colorType === 6 ? 4 : colorType === 4 ? 2 : 1;
	const step = depth === 16 ? 2 : 1; // the high byte of a 16-bit sample is enough for a mask
	const maxSample = (1 << Math.min(depth, 8)) - 1;
	const sample = (px: number, channel: number): number => {
		if (depth >= 8) return line[(px * channels + channel) * step];
		const bit = (px * channels + channel) * depth;
		return (line[bit >> 3] >> (8 - depth - (bit & 7))) & maxSample;
	};
	for (let px = 0, o = 0; px < width; px++, o += 4) {
		if (colorType === 3) {
			const index = sample(px, 0);
			out[o] = palette![index * 3] ?? 0;
			out[o + 1] = palette![index * 3 + 1] ?? 0;
			out[o + 2] = palette![index * 3 + 2] ?? 0;
			out[o + 3] = alphas && index < alphas.length ? alphas[index] : 255;
		} else if (colorType === 0 || colorType === 4) {
			const gray = depth >= 8 ? sample(px, 0) : Math.round((sample(px, 0) * 255) / maxSample);
			out[o] = out[o + 1] = out[o + 2] = gray;
			out[o + 3] = colorType === 4 ? sample(px, 1) : 255;
		} else {
			out[o] = sample(px, 0);
			out[o + 1] = sample(px, 1);
			out[o + 2] = sample(px, 2);
			out[o + 3] = colorType === 6 ? sample(px, 3) : 255;
		}
	}
}

/**
 * Compressed input is fed in pieces of this size, however the file cuts it into IDAT chunks (an
 * encoder may write one-byte chunks): a piece never inflates to more than ~4 MB, and the cost of
 * decoding follows the file's bytes, not its number of chunks.
 */
const INFLATE_PIECE = 4096;

/** Whether rows can be handed over as they are: 8-bit gray, one byte a pixel. */
export function isGray8(h: PngHeader): boolean {
	return h.colorType === 0 && h.depth === 8;
}

interface PngChunks {
	/** Where the first IDAT chunk starts: the inflater walks on from there. */
	firstIdat: number;
	palette?: Uint8Array;
	alphas?: Uint8Array;
}

/** The chunks decoding needs, each checked to lie within the file; per chunk, only its header is read. */
function readChunks(png: Uint8Array, colorType: number): Checked<PngChunks, string> {
	let palette: Uint8Array | undefined;
	let alphas: Uint8Array | undefined;
	let firstIdat = -1;
	let ended = false;
	let o = 8;
	for (; o + 12 <= png.length; ) {
		const length = u32be(png, o);
		const type = u32be(png, o + 4);
		if (o + 12 + length > png.length) return invalid(`its ${chunkType(png, o + 4)} chunk runs past the end of the file (cut off)`);
		if (type === PLTE) palette = png.subarray(o + 8, o + 8 + length);
		else if (type === TRNS) alphas = png.subarray(o + 8, o + 8 + length);
		else if (type === IDAT && firstIdat < 0) firstIdat = o;
		o += 12 + length;
		if (type === IEND) {
			ended = true;
			break;
		}
	}
	// A file that lacks only its IEND chunk decodes (libpng, Pillow): the pixel data shows whether it is whole.
	if (!ended && o !== png.length) return invalid('it is cut off (its last chunk is incomplete)');
	if (colorType === 3 && (!palette || palette.length % 3 !== 0 || palette.length === 0)) {
		return invalid('it is a palette PNG without a valid palette (PLTE chunk)');
	}
	if (firstIdat < 0) return invalid('it has no pixel data (IDAT chunk)');
	return valid({ firstIdat, palette, alphas });
}

/**
 * The IDAT data inflated by the platform, the chunks' bodies joined into INFLATE_PIECE bytes at a
 * time as the inflater asks for them. The chunks were checked to lie within the file.
 */
function inflate(png: Uint8Array, firstIdat: number): ReadableStream<Uint8Array> {
	let chunkAt = firstIdat;
	let bodyAt = firstIdat + 8;
	let bodyEnd = firstIdat + 8 + u32be(png, firstIdat);
	const compressed = new ReadableStream<Uint8Array>({
		pull(controller) {
			const piece = new Uint8Array(INFLATE_PIECE);
			let filled = 0;
			while (filled < INFLATE_PIECE) {
				if (bodyAt >= bodyEnd) {
					// The next IDAT chunk; other chunks between them are skipped, IEND ends the data.
					chunkAt = bodyEnd + 4;
					while (chunkAt + 8 <= png.length && u32be(png, chunkAt + 4) !== IDAT && u32be(png, chunkAt + 4) !== IEND) chunkAt += 12 + u32be(png, chunkAt);
					if (chunkAt + 8 > png.length || u32be(png, chunkAt + 4) === IEND) break;
					bodyAt = chunkAt + 8;
					bodyEnd = bodyAt + u32be(png, chunkAt);
					continue;
				}
				const n = Math.min(INFLATE_PIECE - filled, bodyEnd - bodyAt);
				// Small bodies are copied byte by byte: no view object per chunk.
				if (n < 64) for (let k = 0; k < n; k++) piece[filled + k] = png[bodyAt + k];
				else piece.set(png.subarray(bodyAt, bodyAt + n), filled);
				filled += n;
				bodyAt += n;
			}
			if (filled > 0) controller.enqueue(filled === INFLATE_PIECE ? piece : piece.subarray(0, filled));
			if (filled < INFLATE_PIECE) controller.close();
		},
	});
	return compressed.pipeThrough(new DecompressionStream('deflate'));
}

/** A PNG decoded, or judged as far as its reader wanted. */
export interface DecodedPng extends PngHeader {
	/** Whether a tRNS chunk makes some pixels transparent. */
	hasTransparencyChunk: boolean;
	/** Whether the reader stopped before the last row; what follows was not read. */
	stoppedEarly: boolean;
}

/**
 * Decodes a PNG row by row: `onRow(row, y, gray, same)` gets each row as RGBA, or, for 8-bit gray
 * PNGs without a tRNS chunk (the usual mask), as its gray bytes (`gray` says which); the buffer is
 * reused, and read, for the next row. `same` says the row is the one before it again (most rows
 * of a mask are), so a reader may take what it found in that row. `onRow` returning false stops
 * the decoding there. Refused,
 * with the reason: a header that breaks the rules or the pixel cap, chunks that run past the file,
 * a pixel stream that is damaged, shorter than the header declares, or longer.
 */
export async function decodePngRows(
	png: Uint8Array,
	onRow: (row: Uint8Array, y: number, gray: boolean, same: boolean) => boolean | void,
): Promise<Checked<DecodedPng, string>> {
	const read = readPngHeader(png);
	if ('problem' in read) return read;
	const header = read.value;
	const { width, height, depth, colorType } = header;
	if (header.interlaced) return invalid('it is an interlaced PNG, which this node does not decode');

	const chunks = readChunks(png, colorType);
	if ('problem' in chunks) return chunks;
	const { firstIdat, palette, alphas } = chunks.value;

	const channels = colorType === 2 ? 3 : colorType === 6 ? 4 : colorType === 4 ? 2 : 1;
	const bitsPerPixel = channels * depth;
	const bpp = Math.max(1, bitsPerPixel >> 3);
	const stride = Math.ceil((width * bitsPerPixel) / 8);

	const reader = inflate(png, firstIdat).getReader();

	// Buffers, for the platform's compare: a row that repeats the one before is found at memcmp's speed.
	let previous = Buffer.alloc(stride);
	let line = Buffer.alloc(stride);
	const gray8 = isGray8(header) && !alphas;
	// 8-bit RGBA rows are handed over as they are.
	const asIs = gray8 || (depth === 8 && colorType === 6);
	const rgba = new Uint8Array(asIs ? 0 : width * 4);
	let filter = -1;
	let filled = 0;
	let y = 0;
	const stop = async (reason: string): Promise<Checked<DecodedPng, string>> => {
		await reader.cancel().catch(() => undefined);
		return invalid(reason);
	};
	try {
		for (;;) {
			const { done, value } = await reader.read();
			if (done) break;
			for (let p = 0; p < value.length; ) {
				if (y >= height) {
					return await stop(`its pixel data is longer than the ${width}×${height} pixels its header declares`);
				}
				if (filter < 0) {
					filter = value[p++];
					continue;
				}
				const n = Math.min(stride - filled, value.length - p);
				line.set(value.subarray(p, p + n), filled);
				filled += n;
				p += n;
				if (filled < stride) continue;
				// "Up" with nothing added (every byte 0: each equals the next) is the row before, kept as it is.
				const repeated = y > 0 && filter === 2 && line[0] === 0 && line.compare(line, 0, stride - 1, 1, stride) === 0;
				if (!repeated && !unfilter(filter, line, previous, bpp)) return await stop(`row ${y + 1} has an unknown filter type (${filter})`);
				const same = repeated || (y > 0 && line.equals(previous));
				const current = repeated ? previous : line;
				let more: boolean | void;
				if (asIs) {
					more = onRow(current, y, gray8, same);
				} else {
					// The RGBA buffer still holds the row before when this one is the same.
					if (!same) toRgba(header, current, palette, alphas, rgba);
					more = onRow(rgba, y, false, same);
				}
				if (more === false) {
					await reader.cancel().catch(() => undefined);
					return valid({ ...header, hasTransparencyChunk: !!alphas, stoppedEarly: y + 1 < height });
				}
				if (!repeated) [previous, line] = [line, previous];
				filter = -1;
				filled = 0;
				y++;
			}
		}
	} catch {
		return invalid('its compressed pixel data is damaged');
	}
	if (y < height) return invalid(`its pixel data ends after ${y} of the ${height} rows its header declares (cut off)`);
	return valid({ ...header, hasTransparencyChunk: !!alphas, stoppedEarly: false });
}
