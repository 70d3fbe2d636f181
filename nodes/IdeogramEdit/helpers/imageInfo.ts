/**
 * What an image file really is, read from its bytes: the API accepts JPEG, PNG and WEBP only, and
 * a file's claimed MIME type is often wrong (a PNG saved as `.jpg`, a download served as
 * `application/octet-stream`).
 */

import { invalid, valid, type Checked } from './checked';
import { PNG_SIGNATURE, u32be } from './png';

export type ImageFormat = 'png' | 'jpeg' | 'webp';

export interface ImageInfo {
	format: ImageFormat;
	mimeType: string;
	extension: string;
	width: number;
	height: number;
}

/** The outcome of reading a file: an accepted image, or why (in words) it is not one. */
export type ImageProbe = Checked<ImageInfo, string>;

const MIME: Record<ImageFormat, string> = {
	png: 'image/png',
	jpeg: 'image/jpeg',
	webp: 'image/webp',
};

const EXTENSION: Record<ImageFormat, string> = { png: 'png', jpeg: 'jpg', webp: 'webp' };

function startsWith(buf: Uint8Array, bytes: ArrayLike<number>, offset = 0): boolean {
	if (buf.length < offset + bytes.length) return false;
	for (let i = 0; i < bytes.length; i++) if (buf[offset + i] !== bytes[i]) return false;
	return true;
}

function ascii(buf: Uint8Array, offset: number, length: number): string {
	let s = '';
	for (let i = offset; i < offset + length && i < buf.length; i++) s += String.fromCharCode(buf[i]);
	return s;
}

function u16be(buf: Uint8Array, o: number): number {
	return (buf[o] << 8) + buf[o + 1];
}

function u16le(buf: Uint8Array, o: number): number {
	return buf[o] + (buf[o + 1] << 8);
}

function u24le(buf: Uint8Array, o: number): number {
	return buf[o] + (buf[o + 1] << 8) + (buf[o + 2] << 16);
}

function u32le(buf: Uint8Array, o: number): number {
	return u24le(buf, o) + ((buf[o + 3] << 24) >>> 0);
}

function accepted(format: ImageFormat, width: number, height: number): ImageProbe {
	if (!(width > 0 && height > 0)) {
		return invalid(`it is a ${format.toUpperCase()} file with no valid width and height`);
	}
	return valid({ format, mimeType: MIME[format], extension: EXTENSION[format], width, height });
}

function probePng(buf: Uint8Array): ImageProbe {
	if (buf.length < 33 || ascii(buf, 12, 4) !== 'IHDR') {
		return invalid('it starts like a PNG but has no image header (the file is damaged)');
	}
	// Walk the chunks to the end so that a truncated upload is caught here, not by the API.
	let offset = 8;
	while (offset + 12 <= buf.length) {
		const length = u32be(buf, offset);
		const type = ascii(buf, offset + 4, 4);
		offset += 12 + length;
		if (type === 'IEND') {
			return offset <= buf.length
				? accepted('png', u32be(buf, 16), u32be(buf, 20))
				: invalid('it is a PNG file that is cut off (truncated)');
		}
	}
	return invalid('it is a PNG file that is cut off (truncated)');
}

// Start-of-frame markers carry the size; C4 (DHT), C8 (JPG) and CC (DAC) share the range but don't.
function isStartOfFrame(marker: number): boolean {
	return marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc;
}

function probeJpeg(buf: Uint8Array): ImageProbe {
	let offset = 2;
	let size: { width: number; height: number } | undefined;
	while (offset + 4 <= buf.length) {
		if (buf[offset] !== 0xff) {
			return invalid('it starts like a JPEG but its structure is damaged');
		}
		const marker = buf[offset + 1];
		if (marker === 0xff) {
			offset += 1; // fill byte
			continue;
		}
		if (marker === 0xd8 || (marker >= 0xd0 && marker <= 0xd7) || marker === 0x01) {
			offset += 2; // markers without a length
			continue;
		}
		const length = u16be(buf, offset + 2);
		if (isStartOfFrame(marker) && offset + 9 <= buf.length) {
			size = { height: u16be(buf, offset + 5), width: u16be(buf, offset + 7) };
		}
		if (marker === 0xda) {
			// Start of scan: entropy-coded data follows, and a whole file ends with EOI after it.
			if (!size) return invalid('it is a JPEG file with no frame header');
			for (let i = buf.length - 2; i > offset; i--) {
				if (buf[i] === 0xff && buf[i + 1] === 0xd9) return accepted('jpeg', size.width, size.height);
			}
			return invalid('it is a JPEG file that is cut off (truncated)');
		}
		offset += 2 + length;
	}
	return invalid('it is a JPEG file that is cut off (truncated)');
}

function probeWebp(buf: Uint8Array): ImageProbe {
	if (u32le(buf, 4) + 8 > buf.length) {
		return invalid('it is a WEBP file that is cut off (truncated)');
	}
	const chunk = ascii(buf, 12, 4);
	if (chunk === 'VP8 ' && buf.length >= 30 && startsWith(buf, [0x9d, 0x01, 0x2a], 23)) {
		return accepted('webp', u16le(buf, 26) & 0x3fff, u16le(buf, 28) & 0x3fff);
	}
	if (chunk === 'VP8L' && buf.length >= 25 && buf[20] === 0x2f) {
		const bits = u32le(buf, 21);
		return accepted('webp', (bits & 0x3fff) + 1, ((bits >>> 14) & 0x3fff) + 1);
	}
	if (chunk === 'VP8X' && buf.length >= 30) {
		return accepted('webp', u24le(buf, 24) + 1, u24le(buf, 27) + 1);
	}
	return invalid('it is a WEBP file whose image data is damaged or of an unknown kind');
}

/** Names a file that is not one of the accepted formats, so the error can say what to convert. */
function describeOther(buf: Uint8Array): string {
	if (buf.length === 0) return 'it is empty (0 bytes)';
	if (ascii(buf, 0, 4) === 'GIF8') return 'it is a GIF image';
	if (ascii(buf, 0, 2) === 'BM') return 'it is a BMP image';
	if (ascii(buf, 0, 4) === 'II*\0' || ascii(buf, 0, 4) === 'MM\0*') return 'it is a TIFF image';
	if (ascii(buf, 4, 4) === 'ftyp') return `it is a HEIC/AVIF image or a video (${ascii(buf, 8, 4).trim()})`;
	if (ascii(buf, 0, 5) === '%PDF-') return 'it is a PDF document';
	const head = ascii(buf, 0, 512).toLowerCase();
	if (head.includes('<svg')) return 'it is an SVG drawing';
	if (head.includes('<html') || head.includes('<!doctype')) return 'it is an HTML page';
	let printable = 0;
	const sample = Math.min(buf.length, 512);
	for (let i = 0; i < sample; i++) {
		const c = buf[i];
		if (c === 9 || c === 10 || c === 13 || (c >= 32 && c < 127)) printable++;
	}
	if (printable === sample) return 'it is a text file';
	return 'it is not an image this node recognizes';
}

export function probeImage(buf: Uint8Array): ImageProbe {
	if (startsWith(buf, PNG_SIGNATURE)) return probePng(buf);
	if (startsWith(buf, [0xff, 0xd8, 0xff])) return probeJpeg(buf);
	if (buf.length >= 16 && ascii(buf, 0, 4) === 'RIFF' && ascii(buf, 8, 4) === 'WEBP') return probeWebp(buf);
	return invalid(describeOther(buf));
}
