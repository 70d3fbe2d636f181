import type { IBinaryData, IExecuteFunctions } from 'n8n-workflow';

import { FILE_PIECE_BYTES, MAX_FILE_BYTES, MAX_PIXELS } from '../limits';
import { ImageProber, probeImage, type ImageFormat, type ImageInfo, type ImageProbe, type ProbeProblem } from '../images/sniff';
import { invalid, problem, refuse, valid, type Checked, type InputProblem } from '../checked';

/** What a file is for, in the messages: "Make the style reference smaller". */
export type FileRole = 'Image' | 'Mask' | 'Style reference' | 'Character reference' | 'Character mask';

export function megabytes(bytes: number): string {
	return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}

/** `bytes` is unknown when the file was read only up to the cap. */
function tooLarge(role: FileRole, parameter: string, subject: string, bytes?: number): InputProblem {
	return problem(
		parameter,
		bytes === undefined ? `${subject} is more than the 10 MB the API accepts` : `${subject} is ${megabytes(bytes)}, over the 10 MB the API accepts`,
		`Make the ${role.toLowerCase()} smaller first, for example with the Edit Image node (Resize) or by saving it as JPEG.`,
	);
}

/** Where a file came from, for the messages: by default a binary field of the item. */
export interface FileOrigin {
	parameter: string;
	/** "binary field "data"", "the file at <url>" */
	where: string;
	/** "the file in binary field "data"", "the file at <url>" */
	subject: string;
	/** The last part of the fix for a file that is not an image. */
	otherwise: string;
}

function binaryOrigin(role: FileRole, field: string, parameter = `${role} Binary Field`): FileOrigin {
	return {
		parameter,
		where: `binary field "${field}"`,
		subject: `the file in binary field "${field}"`,
		otherwise: `or point ${parameter} at the right binary field.`,
	};
}

/** A file checked as it streamed by: what it is and how large, without its bytes. */
export interface FileFacts extends ImageInfo {
	fileName: string;
	bytes: number;
}

/** A file as checked, as Check Only's verdict gives it: what it is and its size. */
export interface CheckedFile {
	format: ImageFormat;
	width: number;
	height: number;
	orientation?: number;
	bytes?: number;
	/** A mask the node draws (from Regions), or one it sends as its own black-and-white PNG. */
	made?: 'drawn' | 'converted';
}

export function checkedFile(file: ImageInfo & { bytes?: number }, made?: CheckedFile['made']): CheckedFile {
	const { format, width, height, orientation, bytes } = file;
	return { format, width, height, ...(orientation ? { orientation } : {}), ...(bytes !== undefined ? { bytes } : {}), ...(made ? { made } : {}) };
}

/** An image or mask file read from an input item and checked, ready to upload. */
export interface InputFile extends ImageInfo {
	fileName: string;
	data: Buffer;
}

/**
 * A checked file left in n8n's binary store: its bytes are read while the request is written, so
 * an upload holds a few pieces of it, not the whole file (and no copy of it).
 */
export interface StoredFile extends FileFacts {
	/**
	 * Its bytes, as many as were checked; a piece that breaks this throws the error to report.
	 * `closed` aborts when the request is over: the store's stream is then closed at once.
	 */
	read: (closed: AbortSignal) => AsyncIterable<Uint8Array>;
}

/** A file as a request takes it. */
export type UploadFile = InputFile | StoredFile;

/** Why a file is refused, with the fix its fault calls for. */
export function notAnImage(role: FileRole, origin: FileOrigin, why: ProbeProblem): InputProblem {
	const { parameter, subject, otherwise } = origin;
	const name = role.toLowerCase();
	switch (why.fault) {
		case 'cut off':
			return problem(
				parameter,
				`${subject} is cut off: ${why.words}`,
				`An upload, download or export was interrupted: fetch or export the ${name} again (for a URL, check that its server sends the whole file).`,
			);
		case 'damaged':
			return problem(parameter, `${subject} is damaged: ${why.words}`, `Export the ${name} again from where it came from, or save it anew with the Edit Image node.`);
		case 'unsupported':
			return problem(parameter, `${subject} is not an image the API takes: ${why.words}`, `Save the ${name} as an ordinary JPEG or PNG first (the Edit Image node can).`);
		case 'other format':
			return problem(parameter, `${subject} is not a JPEG, PNG or WEBP image: ${why.words}`, `Convert the ${name} to PNG or JPEG first (the Edit Image node can), ${otherwise}`);
	}
}

/** The checks every image file gets, on its size and on what its bytes showed. */
function checkFacts(
	role: FileRole,
	bytes: number,
	probe: () => ImageProbe,
	claimedFileName: string | undefined,
	origin: FileOrigin,
): Checked<Omit<FileFacts, 'bytes'>> {
	const { parameter, where, subject } = origin;
	if (bytes === 0) {
		return refuse(parameter, `${where} holds no data (0 bytes)`, `Check the node that produced the ${role.toLowerCase()}: it passed on an empty file.`);
	}
	if (bytes > MAX_FILE_BYTES) return invalid(tooLarge(role, parameter, subject, bytes));
	const probed = probe();
	if ('problem' in probed) return invalid(notAnImage(role, origin, probed.problem));
	const { width, height } = probed.value;
	if (width * height > MAX_PIXELS) {
		return refuse(
			parameter,
			`${subject} declares ${width}×${height} pixels (${Math.round((width * height) / 1e6)} megapixels), over the cap of ${MAX_PIXELS / 1e6} megapixels`,
			`Resize the ${role.toLowerCase()} first (Edit Image node, Resize): Ideogram edits at about 1 megapixel, so nothing is lost.`,
		);
	}
	const fallbackName = `${role.toLowerCase().replace(' ', '-')}.${probed.value.extension}`;
	return valid({ ...probed.value, fileName: claimedFileName?.trim() || fallbackName });
}

/** Checks a file's bytes; pure, so that every rule can be tested without n8n. */
export function checkInputFile(
	role: FileRole,
	field: string,
	data: Buffer,
	claimedFileName: string | undefined,
	origin: FileOrigin = binaryOrigin(role, field),
): Checked<InputFile> {
	const facts = checkFacts(role, data.length, () => probeImage(data), claimedFileName, origin);
	if ('problem' in facts) return facts;
	return valid({ ...facts.value, data });
}

/** The binary field's metadata, or why the item has none. */
function binaryField(ctx: IExecuteFunctions, itemIndex: number, role: FileRole, field: string, parameter: string): Checked<IBinaryData> {
	const item = ctx.getInputData()[itemIndex];
	if (!item.binary?.[field]) {
		const present = Object.keys(item.binary ?? {});
		return refuse(
			parameter,
			`the item has no binary field "${field}"`,
			present.length
				? `The item's binary fields are: ${present.join(', ')}. Set ${parameter} to the one that holds the ${role.toLowerCase()}.`
				: `The item has no binary data at all. Read the ${role.toLowerCase()} first (Read/Write Files from Disk, HTTP Request with response format File, or a form upload).`,
		);
	}
	const meta = ctx.helpers.assertBinaryData(itemIndex, field);
	// n8n 2.x records the size: a huge file is refused before it is read.
	if (typeof meta.bytes === 'number' && meta.bytes > MAX_FILE_BYTES) {
		return invalid(tooLarge(role, parameter, `the file in binary field "${field}"`, meta.bytes));
	}
	return valid(meta);
}

/** A binary field whose file n8n could not hand over. */
export function unreadable(parameter: string, field: string, error: unknown): { problem: InputProblem } {
	return invalid({
		...problem(
			parameter,
			`the file in binary field "${field}" could not be read`,
			`n8n said: ${(error as Error).message}. Run the node that produced the file again: a file kept from an earlier execution may have been deleted by n8n.`,
		),
		passing: true,
	});
}

/** Reads one binary field of an item through n8n's helpers, so every binary data mode works. */
export async function readInputFile(
	ctx: IExecuteFunctions,
	itemIndex: number,
	role: FileRole,
	field: string,
	parameter = `${role} Binary Field`,
): Promise<Checked<InputFile>> {
	const meta = binaryField(ctx, itemIndex, role, field, parameter);
	if ('problem' in meta) return meta;
	let data: Buffer;
	try {
		data = await ctx.helpers.getBinaryDataBuffer(itemIndex, field);
	} catch (error) {
		return unreadable(parameter, field, error);
	}
	return checkInputFile(role, field, data, meta.value.fileName, binaryOrigin(role, field, parameter));
}

/**
 * Checks an image in a binary field without holding it: a file in n8n's binary store (every mode
 * but the in-memory one) streams by through n8n's helpers, keeping its header and its count, and
 * stops at the size cap. What the check phase needs; the file streams by again into its request.
 */
export async function checkBinaryImage(
	ctx: IExecuteFunctions,
	itemIndex: number,
	role: FileRole,
	field: string,
	parameter = `${role} Binary Field`,
): Promise<Checked<FileFacts>> {
	const meta = binaryField(ctx, itemIndex, role, field, parameter);
	if ('problem' in meta) return meta;
	const origin = binaryOrigin(role, field, parameter);
	const { id, fileName } = meta.value;
	if (!id) {
		// In memory the file is already whole.
		const file = await readInputFile(ctx, itemIndex, role, field, parameter);
		if ('problem' in file) return file;
		const { data, ...facts } = file.value;
		return valid({ ...facts, bytes: data.length });
	}
	const prober = new ImageProber();
	try {
		for await (const piece of await ctx.helpers.getBinaryStream(id, FILE_PIECE_BYTES)) {
			prober.push(piece as Buffer);
			if (prober.size > MAX_FILE_BYTES) return invalid(tooLarge(role, parameter, origin.subject));
		}
	} catch (error) {
		return unreadable(parameter, field, error);
	}
	const facts = checkFacts(role, prober.size, () => prober.end(), fileName, origin);
	return 'problem' in facts ? facts : valid({ ...facts.value, bytes: prober.size });
}
