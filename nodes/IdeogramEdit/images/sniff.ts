/**
 * What an image file really is, read from its bytes: the API accepts JPEG, PNG and WEBP only, and
 * a file's claimed MIME type is often wrong (a PNG saved as `.jpg`, a download served as
 * `application/octet-stream`).
 */

import { invalid, valid, type Checked } from '../checked';
import { crc32, EXIF, IDAT, IEND, PNG_SIGNATURE, readPngHeader, u32be } from './png';

export type ImageFormat = 'png' | 'jpeg' | 'webp';

export interface ImageInfo {
	format: ImageFormat;
	mimeType: string;
	extension: string;
	width: number;
	height: number;
	/**
	 * The EXIF Orientation (1 to 8) when it is not 1, from a JPEG's Exif segment, a WEBP's EXIF chunk
	 * or a PNG's eXIf chunk: viewers show the stored pixels turned or flipped; 5 to 8 swap width and
	 * height. Read, not applied: the node edits the stored grid.
	 */
	orientation?: number;
	/**
	 * In a WEBP with such a tag, where the tag's value lies: its Exif chunk comes after the image
	 * data, so the send sets it to 1 as the file streams by (`orientationSetToOne`), holding nothing.
	 */
	orientationEntry?: OrientationEntry;
}

/** Where an Orientation tag's two bytes are in a file, and their byte order. */
export interface OrientationEntry {
	at: number;
	little: boolean;
}

/**
 * `piece`, which holds the file from offset `pieceAt`, with the Orientation `value` at `entry` set to
 * 1: a copy where the piece holds either byte of it, the piece itself elsewhere. 'changed' when the
 * bytes there are not the tag that was checked: the file changed since.
 */
export function orientationSetToOne(piece: Uint8Array, pieceAt: number, entry: OrientationEntry, value: number): Uint8Array | 'changed' {
	const from = Math.max(entry.at, pieceAt);
	const to = Math.min(entry.at + 2, pieceAt + piece.length);
	if (to <= from) return piece;
	const copy = new Uint8Array(piece);
	for (let k = from; k < to; k++) {
		const low = (k === entry.at) === entry.little;
		if (piece[k - pieceAt] !== (low ? value : 0)) return 'changed';
		copy[k - pieceAt] = low ? 1 : 0;
	}
	return copy;
}

/**
 * Why a file is not an image the API takes, by what the user does about it: fetch or export again a
 * file that is cut off or damaged, re-save one of a kind image APIs do not take, convert another format.
 */
export type FileFault = 'cut off' | 'damaged' | 'unsupported' | 'other format';

export interface ProbeProblem {
	fault: FileFault;
	/** What the file is, in words: "it is a JPEG file that ends before its image data does". */
	words: string;
}

/** The outcome of reading a file: an accepted image, or why it is not one. */
export type ImageProbe = Checked<ImageInfo, ProbeProblem>;

function refused(fault: FileFault, words: string): ImageProbe {
	return invalid({ fault, words });
}

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

function accepted(format: ImageFormat, width: number, height: number, orientation = 1, orientationEntry?: OrientationEntry): ImageProbe {
	if (!(width > 0 && height > 0)) {
		return refused('damaged', `it is a ${format.toUpperCase()} file with no valid width and height`);
	}
	const tagged = orientation !== 1 ? { orientation, ...(orientationEntry ? { orientationEntry } : {}) } : {};
	return valid({ format, mimeType: MIME[format], extension: EXTENSION[format], width, height, ...tagged });
}

/** The Orientation tag of the Exif data (a TIFF header and its IFDs) at `tiff`; 1 when absent or unreadable. */
function exifOrientation(buf: Uint8Array, tiff: number, end: number): number {
	const found = orientationEntry(buf, tiff, end);
	return found ? found.value : 1;
}

/**
 * Exif data in a WEBP's chunk is a TIFF header and its IFDs, or, as libvips writes it, JPEG's
 * "Exif\0\0" and then those; viewers take both. A PNG's eXIf holds the TIFF header only.
 */
function webpTiffStart(buf: Uint8Array, start: number): number {
	return ascii(buf, start, 6) === 'Exif\0\0' ? start + 6 : start;
}

/** Where the Orientation tag's value is, in the Exif segment whose TIFF header is at `tiff`. */
function orientationEntry(buf: Uint8Array, tiff: number, end: number): { value: number; at: number; little: boolean } | undefined {
	if (tiff + 8 > end) return undefined;
	const little = buf[tiff] === 0x49 && buf[tiff + 1] === 0x49;
	if (!little && !(buf[tiff] === 0x4d && buf[tiff + 1] === 0x4d)) return undefined;
	const u16 = (o: number) => (little ? buf[o] + (buf[o + 1] << 8) : (buf[o] << 8) + buf[o + 1]);
	const u32 = (o: number) => (little ? u16(o) + u16(o + 2) * 65536 : u16(o) * 65536 + u16(o + 2));
	const ifd = tiff + u32(tiff + 4);
	if (ifd + 2 > end) return undefined;
	const entries = u16(ifd);
	for (let k = 0; k < entries && ifd + 2 + 12 * (k + 1) <= end; k++) {
		const entry = ifd + 2 + 12 * k;
		// Tag 0x0112, of type SHORT.
		if (u16(entry) === 0x0112 && u16(entry + 2) === 3) {
			const value = u16(entry + 8);
			return value >= 1 && value <= 8 ? { value, at: entry + 8, little } : undefined;
		}
	}
	return undefined;
}

/**
 * A whole image file with its EXIF Orientation set to 1 (shown as stored): two bytes changed in a
 * copy (and, in a PNG, the CRC of its eXIf chunk), nothing re-encoded. The file as it is when it has
 * no such tag.
 */
export function withStoredOrientation(file: Buffer, format: ImageFormat): Buffer {
	return storedOrientationIn(file, format) ?? file;
}

/**
 * The first bytes of an image file (or all of it) with its Orientation set to 1, when the tag lies
 * wholly within them; undefined when it does not, or not yet. What is found in the first bytes is
 * what the whole file holds there: the walks read a file from its start.
 */
export function storedOrientationIn(file: Buffer, format: ImageFormat): Buffer | undefined {
	const found = format === 'jpeg' ? jpegOrientationEntry(file) : format === 'png' ? pngOrientationEntry(file) : webpOrientationEntry(file);
	if (!found) return undefined;
	if (found.entry.value === 1) return file;
	// The tag was just read from these bytes, so they are the tag.
	const set = orientationSetToOne(file, 0, found.entry, found.entry.value) as Uint8Array;
	const copy = Buffer.from(set.buffer, set.byteOffset, set.length);
	if (found.crcOf) copy.writeUInt32BE(crc32(copy, found.crcOf.start, found.crcOf.end), found.crcOf.end);
	return copy;
}

interface FoundOrientation {
	entry: { value: number; at: number; little: boolean };
	/** The span a PNG chunk's CRC covers (its type and data), the CRC right after it. */
	crcOf?: { start: number; end: number };
}

function jpegOrientationEntry(jpeg: Buffer): FoundOrientation | undefined {
	for (let o = 2; o + 4 <= jpeg.length; ) {
		// Stray and fill bytes are stepped over, as the check's walk steps over them.
		if (jpeg[o] !== 0xff || jpeg[o + 1] === 0xff || jpeg[o + 1] === 0x00) {
			const next = jpeg.indexOf(0xff, o + 1);
			if (next < 0) break;
			o = jpeg[o] === 0xff && jpeg[o + 1] === 0x00 ? o + 2 : next;
			continue;
		}
		const marker = jpeg[o + 1];
		if (marker === 0xda || marker === 0xd9) break;
		if (marker === 0xd8 || (marker >= 0xd0 && marker <= 0xd7) || marker === 0x01) {
			o += 2;
			continue;
		}
		const end = o + 2 + u16be(jpeg, o + 2);
		if (marker === 0xe1 && ascii(jpeg, o + 4, 6) === 'Exif\0\0') {
			const entry = orientationEntry(jpeg, o + 10, Math.min(end, jpeg.length));
			return entry && { entry };
		}
		o = end;
	}
	return undefined;
}

/**
 * The Orientation of the eXIf chunk before the pixel data, as the check's walk reads it: PNG puts
 * eXIf before IDAT, and viewers (libvips, browsers) read it only there.
 */
function pngOrientationEntry(png: Buffer): FoundOrientation | undefined {
	for (let o = 8; o + 12 <= png.length; ) {
		const length = u32be(png, o);
		const type = u32be(png, o + 4);
		if (type === IDAT || type === IEND) break;
		const end = o + 8 + length;
		if (type === EXIF && end + 4 <= png.length) {
			const entry = orientationEntry(png, o + 8, Math.min(end, o + 8 + EXIF_READ));
			return entry && { entry, crcOf: { start: o + 4, end } };
		}
		o = end + 4;
	}
	return undefined;
}

/** The first EXIF chunk's Orientation in an extended WEBP that says it has one. */
function webpOrientationEntry(webp: Buffer): FoundOrientation | undefined {
	if (!webpHasExif(webp)) return undefined;
	const riffEnd = Math.min(webp.length, u32le(webp, 4) + 8);
	for (let o = 12; o + 8 <= riffEnd; ) {
		const size = u32le(webp, o + 4);
		if (ascii(webp, o, 4) === 'EXIF') {
			const entry = orientationEntry(webp, webpTiffStart(webp, o + 8), Math.min(riffEnd, o + 8 + size, o + 8 + EXIF_READ));
			return entry && { entry };
		}
		o += 8 + size + (size & 1);
	}
	return undefined;
}

/** An extended WEBP (VP8X) whose flags say an EXIF chunk follows. */
function webpHasExif(buf: Uint8Array): boolean {
	return ascii(buf, 12, 4) === 'VP8X' && buf.length > 20 && (buf[20] & 0x08) !== 0;
}

/** How much of a PNG's or WEBP's Exif chunk is read for the Orientation: IFD0 comes first, and the chunk may be large. */
const EXIF_READ = 65536;

/** The first bytes of an Exif chunk, gathered as the file streams by (the chunk may span pieces). */
class ExifBytes {
	private readonly bytes: Uint8Array;

	private filled = 0;

	constructor(
		private readonly from: number,
		length: number,
		private readonly format: 'png' | 'webp',
	) {
		this.bytes = new Uint8Array(Math.min(length, EXIF_READ));
	}

	/** Copies what of the chunk lies in `piece`, which holds the file from offset `at`. */
	take(piece: Uint8Array, at: number): void {
		const start = Math.max(this.from, at);
		const end = Math.min(this.from + this.bytes.length, at + piece.length);
		if (end <= start) return;
		this.bytes.set(piece.subarray(start - at, end - at), start - this.from);
		this.filled += end - start;
	}

	orientation(): number {
		return this.entry()?.value ?? 1;
	}

	/** The tag, where it lies in the file. */
	entry(): { value: number; at: number; little: boolean } | undefined {
		if (this.filled < this.bytes.length) return undefined;
		const found = orientationEntry(this.bytes, this.format === 'webp' ? webpTiffStart(this.bytes, 0) : 0, this.bytes.length);
		return found && { ...found, at: this.from + found.at };
	}
}

const TRUNCATED = (format: string) => refused('cut off', `it is a ${format} file that ends before its image data does`);

/**
 * The kinds of JPEG no image API decodes, by their start-of-frame marker: baseline (C0), extended
 * (C1) and progressive (C2) remain, at 8 bits.
 */
const JPEG_PROCESSES: Record<number, string> = {
	0xc3: 'lossless',
	0xc5: 'hierarchical',
	0xc6: 'hierarchical progressive',
	0xc7: 'hierarchical lossless',
	0xc9: 'arithmetic-coded',
	0xca: 'arithmetic-coded progressive',
	0xcb: 'arithmetic-coded lossless',
	0xcd: 'hierarchical arithmetic-coded',
	0xce: 'hierarchical arithmetic-coded progressive',
	0xcf: 'hierarchical arithmetic-coded lossless',
};

// Start-of-frame markers carry the size; C4 (DHT), C8 (JPG) and CC (DAC) share the range but don't.
function isStartOfFrame(marker: number): boolean {
	return marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc;
}

/**
 * What the file's first bytes say, and what the rest of it must still show: a PNG's chunks walked
 * to IEND, a JPEG's end-of-image marker after its first scan, a WEBP's declared length.
 */
type Reading =
	| { kind: 'settled'; probe: ImageProbe }
	| { kind: 'png'; width: number; height: number; next: number; iendEnd?: number; idat: boolean; exif?: ExifBytes }
	| { kind: 'jpeg'; width: number; height: number; orientation: number; eoiFrom: number; eoi: boolean }
	| { kind: 'webp'; header: ImageProbe; riffEnd: number; next?: number; exif?: ExifBytes };

/** How far the walk of a JPEG's markers has come: the file offset of the next marker, and the size once read. */
interface JpegWalk {
	offset: number;
	size?: { width: number; height: number };
	orientation?: number;
}

/**
 * The JPEG's markers up to its first scan, walked on from where the last piece left off (`walk`),
 * in `buf`, which holds the file from offset `base`; undefined when more bytes are needed. Each
 * marker is read once, however many markers the file has and however it is cut into pieces.
 */
function readJpegHead(buf: Uint8Array, base: number, walk: JpegWalk, final: boolean): Reading | undefined {
	for (;;) {
		const at = walk.offset - base;
		if (at + 4 > buf.length) return final ? { kind: 'settled', probe: TRUNCATED('JPEG') } : undefined;
		if (buf[at] !== 0xff) {
			// Stray bytes between segments: decoders (libjpeg, Pillow) skip to the next marker, and so does the walk.
			const next = buf.indexOf(0xff, at + 1);
			if (next < 0) {
				if (!final) return undefined;
				return { kind: 'settled', probe: TRUNCATED('JPEG') };
			}
			walk.offset = base + next;
			continue;
		}
		const marker = buf[at + 1];
		if (marker === 0x00) {
			walk.offset += 2; // a stuffed 0xFF among stray bytes: no marker
			continue;
		}
		if (marker === 0xff) {
			walk.offset += 1; // fill byte
			continue;
		}
		if (marker === 0xd8 || (marker >= 0xd0 && marker <= 0xd7) || marker === 0x01) {
			walk.offset += 2; // markers without a length
			continue;
		}
		// An APP1 is told apart by its first six bytes, which may come with the next piece.
		if (marker === 0xe1 && walk.orientation === undefined && at + 10 > buf.length && !final) return undefined;
		if (marker === 0xe1 && walk.orientation === undefined && ascii(buf, at + 4, 6) === 'Exif\0\0') {
			// The Exif segment is read whole (at most 64 KB) for its Orientation tag.
			const end = at + 2 + u16be(buf, at + 2);
			if (end > buf.length) {
				if (!final) return undefined;
				return { kind: 'settled', probe: TRUNCATED('JPEG') };
			}
			walk.orientation = exifOrientation(buf, at + 10, end);
		}
		if (isStartOfFrame(marker)) {
			if (at + 9 > buf.length) {
				if (!final) return undefined;
				return { kind: 'settled', probe: TRUNCATED('JPEG') };
			}
			const kind = JPEG_PROCESSES[marker];
			if (kind) return { kind: 'settled', probe: refused('unsupported', `it is a ${kind} JPEG, which image APIs do not take`) };
			if (buf[at + 4] !== 8) return { kind: 'settled', probe: refused('unsupported', `it is a ${buf[at + 4]}-bit JPEG, which image APIs do not take (they take 8-bit JPEGs)`) };
			walk.size = { height: u16be(buf, at + 5), width: u16be(buf, at + 7) };
		}
		if (marker === 0xda) {
			// Start of scan: entropy-coded data follows, and a whole file ends with EOI after it.
			if (!walk.size) return { kind: 'settled', probe: refused('damaged', 'it is a JPEG file with no frame header') };
			return { kind: 'jpeg', ...walk.size, orientation: walk.orientation ?? 1, eoiFrom: walk.offset + 1, eoi: false };
		}
		walk.offset += 2 + u16be(buf, at + 2);
	}
}

function readWebpHead(buf: Uint8Array): Reading {
	const chunk = ascii(buf, 12, 4);
	let header: ImageProbe = refused('damaged', 'it is a WEBP file whose image data is damaged or of an unknown kind');
	if (chunk === 'VP8 ' && buf.length >= 30 && startsWith(buf, [0x9d, 0x01, 0x2a], 23)) {
		header = accepted('webp', u16le(buf, 26) & 0x3fff, u16le(buf, 28) & 0x3fff);
	} else if (chunk === 'VP8L' && buf.length >= 25 && buf[20] === 0x2f) {
		const bits = u32le(buf, 21);
		header = accepted('webp', (bits & 0x3fff) + 1, ((bits >>> 14) & 0x3fff) + 1);
	} else if (chunk === 'VP8X' && buf.length >= 30) {
		header = accepted('webp', u24le(buf, 24) + 1, u24le(buf, 27) + 1);
	}
	// Only an extended file that says it has Exif is walked for its chunk (it comes after the image data).
	return { kind: 'webp', header, riffEnd: u32le(buf, 4) + 8, ...(webpHasExif(buf) ? { next: 12 } : {}) };
}

/** What the file's start says; undefined while more bytes could change it; 'jpeg' for a JPEG, whose markers are walked on. */
function readHead(buf: Uint8Array, final: boolean): Reading | 'jpeg' | undefined {
	if (buf.length < 16 && !final) return undefined;
	if (startsWith(buf, PNG_SIGNATURE)) {
		if (buf.length < 33 && !final) return undefined;
		if (buf.length < 33 || ascii(buf, 12, 4) !== 'IHDR') {
			return { kind: 'settled', probe: refused('damaged', 'it starts like a PNG but has no image header (the file is damaged)') };
		}
		// The rules a decoder holds the header to; the pixel cap is the caller's, with its own message.
		const header = readPngHeader(buf, Infinity);
		if ('problem' in header) return { kind: 'settled', probe: refused('damaged', `it is a PNG file whose header breaks PNG's rules: ${header.problem.replace(/^its header /, '')}`) };
		return { kind: 'png', width: header.value.width, height: header.value.height, next: 8, idat: false };
	}
	if (startsWith(buf, [0xff, 0xd8, 0xff])) return 'jpeg';
	if (buf.length >= 16 && ascii(buf, 0, 4) === 'RIFF' && ascii(buf, 8, 4) === 'WEBP') {
		return buf.length < 30 && !final ? undefined : readWebpHead(buf);
	}
	return buf.length < 4096 && !final ? undefined : { kind: 'settled', probe: refused('other format', describeOther(buf)) };
}

const EOI = Uint8Array.from([0xff, 0xd9]);

/**
 * Reads an image file as it streams by, piece after piece, and keeps only its start (until the
 * header is read) and its last few bytes: the check of a photo in n8n's binary store costs its
 * header, not its megabytes of memory. The verdict is the same however the file is cut into pieces.
 */
export class ImageProber {
	/** Bytes seen so far. */
	size = 0;

	/** The start of the file not read yet, from file offset `headBase` (a JPEG's walked markers are let go). */
	private head: Uint8Array = new Uint8Array(0);

	private headBase = 0;

	/** For a JPEG, how far its markers have been walked. */
	private jpeg: JpegWalk | undefined;

	private reading: Reading | undefined;

	/** The last bytes seen, for a chunk header or marker that spans two pieces. */
	private carry: Uint8Array = new Uint8Array(0);

	push(piece: Uint8Array): void {
		const at = this.size;
		this.size += piece.length;
		if (this.reading) {
			this.follow(piece, at);
			return;
		}
		this.head = this.head.length ? Buffer.concat([this.head, piece]) : piece;
		this.start(false);
	}

	end(): ImageProbe {
		if (!this.reading) this.start(true);
		const reading = this.reading!;
		switch (reading.kind) {
			case 'settled':
				return reading.probe;
			case 'png': {
				if (!reading.idat && (reading.iendEnd !== undefined || reading.next >= this.size)) return refused('damaged', 'it is a PNG file with no pixel data (no IDAT chunk)');
				const orientation = reading.exif?.orientation();
				if (reading.iendEnd !== undefined && reading.iendEnd <= this.size) return accepted('png', reading.width, reading.height, orientation);
				// Without IEND, but its last chunk whole: decoders (libpng, Pillow) take it; a mask is decoded to be sure.
				if (reading.iendEnd === undefined && reading.next === this.size) return accepted('png', reading.width, reading.height, orientation);
				return TRUNCATED('PNG');
			}
			case 'jpeg':
				return reading.eoi ? accepted('jpeg', reading.width, reading.height, reading.orientation) : TRUNCATED('JPEG');
			case 'webp':
				if (reading.riffEnd > this.size) return TRUNCATED('WEBP');
				if ('value' in reading.header && reading.exif) {
					const entry = reading.exif.entry();
					return accepted('webp', reading.header.value.width, reading.header.value.height, entry?.value, entry && { at: entry.at, little: entry.little });
				}
				return reading.header;
		}
	}

	/** Once the head is read, the bytes kept so far are followed like any other piece. */
	private start(final: boolean): void {
		if (!this.jpeg) {
			const head = readHead(this.head, final);
			if (head === 'jpeg') this.jpeg = { offset: 2 };
			else this.reading = head;
		}
		if (this.jpeg) {
			this.reading = readJpegHead(this.head, this.headBase, this.jpeg, final);
			if (!this.reading) {
				// What the walk has passed is not needed again.
				const passed = Math.min(this.head.length, this.jpeg.offset - this.headBase);
				this.head = this.head.subarray(passed);
				this.headBase += passed;
				return;
			}
		}
		if (!this.reading) return;
		const head = this.head;
		this.head = new Uint8Array(0);
		this.follow(head, this.headBase);
	}

	private follow(piece: Uint8Array, at: number): void {
		const reading = this.reading!;
		if (reading.kind === 'png') {
			// Walk the chunks to the end so that a truncated upload is caught here, not by the API.
			while (reading.iendEnd === undefined && reading.next + 8 <= at + piece.length) {
				// Read in place: a file of one-byte chunks must cost no object per chunk.
				const inPiece = reading.next >= at;
				const header = inPiece ? piece : this.bytesAt(piece, at, reading.next, 8);
				const o = inPiece ? reading.next - at : 0;
				const length = u32be(header, o);
				const type = u32be(header, o + 4);
				if (type === EXIF && !reading.exif && !reading.idat) reading.exif = new ExifBytes(reading.next + 8, length, 'png');
				if (type === IDAT) reading.idat = true;
				if (type === IEND) reading.iendEnd = reading.next + 12 + length;
				else reading.next += 12 + length;
			}
			reading.exif?.take(piece, at);
		} else if (reading.kind === 'webp' && reading.next !== undefined) {
			while (!reading.exif && reading.next + 8 <= at + piece.length && reading.next + 8 <= reading.riffEnd) {
				const inPiece = reading.next >= at;
				const header = inPiece ? piece : this.bytesAt(piece, at, reading.next, 8);
				const o = inPiece ? reading.next - at : 0;
				const size = u32le(header, o + 4);
				if (ascii(header, o, 4) === 'EXIF') reading.exif = new ExifBytes(reading.next + 8, Math.min(size, reading.riffEnd - reading.next - 8), 'webp');
				else reading.next += 8 + size + (size & 1);
			}
			reading.exif?.take(piece, at);
		} else if (reading.kind === 'jpeg' && !reading.eoi) {
			// Searched from the end, where the marker is: a whole file in memory costs nothing to search.
			const last = Buffer.from(piece.buffer, piece.byteOffset, piece.length).lastIndexOf(EOI);
			const spanning = this.carry[this.carry.length - 1] === 0xff && piece[0] === 0xd9 && at - 1 >= reading.eoiFrom;
			reading.eoi = spanning || (last >= 0 && at + last >= reading.eoiFrom);
		}
		const keep = piece.subarray(Math.max(0, piece.length - 8));
		this.carry = Uint8Array.from(keep.length === 8 ? keep : [...this.carry, ...keep].slice(-8));
	}

	/** `length` bytes at file offset `offset`, which may begin in the carried bytes before `piece`. */
	private bytesAt(piece: Uint8Array, at: number, offset: number, length: number): Uint8Array {
		if (offset >= at) return piece.subarray(offset - at, offset - at + length);
		const carried = this.carry.subarray(this.carry.length - (at - offset));
		return Uint8Array.from([...carried, ...piece.subarray(0, length - carried.length)]);
	}
}

/** Names a file that is not one of the accepted formats, so the error can say what to convert. */
function describeOther(buf: Uint8Array): string {
	if (buf.length === 0) return 'it is empty (0 bytes)';
	if (ascii(buf, 0, 4) === 'GIF8') return 'it is a GIF image';
	if (ascii(buf, 0, 2) === 'BM') return 'it is a BMP image';
	if (ascii(buf, 0, 4) === 'II*\0' || ascii(buf, 0, 4) === 'MM\0*') return 'it is a TIFF image';
	if (ascii(buf, 4, 4) === 'ftyp') return `it is a HEIC/AVIF image or a video (${ascii(buf, 8, 4).trim()})`;
	if (ascii(buf, 0, 5) === '%PDF-') return 'it is a PDF document';
	// An SVG may open with a long comment or XML prologue: the first 4 KB are looked at (what the head holds).
	const head = ascii(buf, 0, 4096).toLowerCase();
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

/** What a whole file in memory is. */
export function probeImage(buf: Uint8Array): ImageProbe {
	const prober = new ImageProber();
	prober.push(buf);
	return prober.end();
}
