/**
 * Where the images of an item come from, and how they wait for the send: a binary field is checked
 * from a stream of its bytes and streams by again into its request; an image given by URL is downloaded and
 * checked in the check phase (it costs nothing, and a bad image is found before anything is
 * billed) and waits in n8n's binary store. The photo and the reference images all go this way.
 */
import type { IBinaryData, IExecuteFunctions } from 'n8n-workflow';

import { problem, type InputProblem } from '../checked';
import type { ImageInfo } from '../images/sniff';
import { FILE_PIECE_BYTES } from '../limits';
import { checkImageUrl } from '../parameters/imageUrl';
import { checkBinaryFieldName } from '../parameters/values';
import { inputError, valueOrThrow } from '../run/nodeErrors';
import { Deadline } from '../transport/deadline';
import { orientationSetToOne, storedOrientationIn, withStoredOrientation } from '../images/sniff';
import { downloadSourceImage } from '../transport/download';
import {
	checkBinaryImage,
	checkInputFile,
	readInputFile,
	unreadable,
	type FileFacts,
	type FileRole,
	type InputFile,
	type StoredFile,
	type UploadFile,
} from './binaryFiles';

/**
 * An image from a URL, checked. Its bytes wait for the item's turn in n8n's binary data store
 * (`stored`), read back through the helpers; only in n8n's in-memory mode, where the store is
 * memory anyway, are they kept as they are (`data`).
 */
export type UrlPhoto = FileFacts & ({ stored: IBinaryData } | { data: Buffer });
/** A binary field with what its check found (`file`), or an image downloaded from a URL. */
export type ImageSource = { kind: 'binary'; field: string; file: FileFacts } | { kind: 'url'; photo: UrlPhoto };

/** A file's role and the parameters that name it, for the messages. */
export interface SourceName {
	role: FileRole;
	/** The parameter when the file is in a binary field, and when it is given by URL. */
	binary: string;
	url: string;
}

/** The photo. */
export const PHOTO: SourceName = { role: 'Image', binary: 'Image Binary Field', url: 'Image URL' };

/**
 * Downloads an image given by URL and checks it like a binary one; it then waits in n8n's binary
 * store. `signal` (Stop, or the run no longer needing the item) ends the download.
 */
export async function checkUrlImage(ctx: IExecuteFunctions, i: number, url: string, timeoutMs: number, name: SourceName, signal: AbortSignal): Promise<UrlPhoto> {
	const { role, url: parameter } = name;
	const deadline = new Deadline(timeoutMs, signal);
	deadline.start();
	const downloaded = await downloadSourceImage(ctx, url, deadline);
	if ('problem' in downloaded) {
		const { reason, detail, advice } = downloaded.problem;
		// n8n's refusal (its SSRF protection) is n8n's to explain.
		const fix = advice
			? `n8n said: ${detail}. ${advice}`
			: `${detail ? `(${detail}) ` : ''}Check that the address opens the image in a browser without signing in, and that the file is at most 10 MB.`;
		throw inputError(ctx, i, problem(parameter, `the image could not be downloaded: ${reason}`, fix));
	}
	const where = `the file at ${url.length > 80 ? url.slice(0, 80) + '…' : url}`;
	const checked = valueOrThrow(
		ctx,
		i,
		checkInputFile(role, '', downloaded.value.data, downloaded.value.fileName, {
			parameter,
			where,
			subject: where,
			otherwise: `or check that ${parameter} is the address of the image itself, not of a page that shows it.`,
		}),
	);
	const { data, ...info } = checked;
	const stored = await ctx.helpers.prepareBinaryData(data, info.fileName, info.mimeType);
	return stored.id ? { ...info, bytes: data.length, stored } : { ...info, bytes: data.length, data };
}

/**
 * An image for the send: a file in n8n's binary store is read while the request is written (its
 * Orientation tag set to 1 on the way); one in memory is taken as it is, its tag set to 1.
 */
export async function readSource(ctx: IExecuteFunctions, i: number, source: ImageSource, name: SourceName): Promise<UploadFile> {
	const checked = source.kind === 'binary' ? source.file : source.photo;
	const id = source.kind === 'binary' ? ctx.helpers.assertBinaryData(i, source.field).id : 'stored' in source.photo ? source.photo.stored.id : undefined;
	if (id) return storedFile(ctx, i, id, checked, source, name);
	const file = await readSourceAsStored(ctx, i, source, name);
	// Sent as stored, tag set to 1: the API edits the grid the mask and Regions were turned to.
	return file.orientation ? { ...file, data: withStoredOrientation(file.data, file.format) } : file;
}

/**
 * A checked file of n8n's binary store, to be read as the request is written: as many bytes as the
 * check counted, or the error that says why not (the request then fails before it is complete, so
 * it is not billed).
 */
function storedFile(ctx: IExecuteFunctions, i: number, id: string, checked: FileFacts, source: ImageSource, name: SourceName): StoredFile {
	const parameter = source.kind === 'binary' ? name.binary : name.url;
	const field = source.kind === 'binary' ? source.field : '';
	const cannotRead = (error: unknown) =>
		inputError(ctx, i, source.kind === 'binary' ? unreadable(parameter, field, error).problem : notReadBack(parameter, error));
	async function* read(closed: AbortSignal): AsyncIterable<Uint8Array> {
		let pieces: AsyncIterable<Uint8Array> & { destroy?: () => void };
		try {
			pieces = (await ctx.helpers.getBinaryStream(id, FILE_PIECE_BYTES)) as typeof pieces;
		} catch (error) {
			throw cannotRead(error);
		}
		// A request stopped or failed mid-upload leaves this generator waiting: the file is closed now, not when it is collected.
		const close = () => pieces.destroy?.();
		if (closed.aborted) close();
		closed.addEventListener('abort', close, { once: true });
		const what = source.kind === 'binary' ? `the file in binary field "${field}"` : 'the downloaded image';
		const changed = (why: string) =>
			inputError(ctx, i, problem(parameter, `${what} changed after it was checked: ${why}`, 'Nothing was billed (the request was not completed). Run the item again.'));
		let bytes = 0;
		// A WEBP's tag, after its image data, is set to 1 where the check found it, as the file streams by.
		const entry = checked.orientation ? checked.orientationEntry : undefined;
		// Any other tagged file's first pieces are held until its tag is found in them, and set to 1.
		let held: Buffer[] | undefined = checked.orientation && !entry ? [] : undefined;
		let tagMoved = false;
		let heldBytes = 0;
		let triedAt = 0;
		try {
			for await (const piece of pieces) {
				const at = bytes;
				bytes += piece.length;
				if (bytes > checked.bytes) break;
				if (entry) {
					const set = orientationSetToOne(piece, at, entry, checked.orientation!);
					if (set === 'changed') {
						tagMoved = true;
						break;
					}
					yield set;
					continue;
				}
				if (!held) {
					yield piece;
					continue;
				}
				held.push(Buffer.from(piece.buffer, piece.byteOffset, piece.length));
				heldBytes += piece.length;
				// Looked for again each time what is held has doubled: the tag is almost always in the first piece.
				if (heldBytes < 2 * triedAt) continue;
				triedAt = heldBytes;
				const head = storedOrientationIn(Buffer.concat(held), checked.format);
				if (head) {
					held = undefined;
					yield head;
				}
			}
		} catch (error) {
			throw cannotRead(error);
		}
		if (tagMoved) throw changed('its Orientation tag is not where it was');
		if (held && bytes === checked.bytes) yield withStoredOrientation(Buffer.concat(held), checked.format);
		if (bytes !== checked.bytes) throw changed(`it had ${checked.bytes} bytes then and ${bytes > checked.bytes ? 'more' : bytes} at the send`);
	}
	return { ...checked, read };
}

async function readSourceAsStored(ctx: IExecuteFunctions, i: number, source: ImageSource, name: SourceName): Promise<InputFile> {
	if (source.kind === 'binary') return valueOrThrow(ctx, i, await readInputFile(ctx, i, name.role, source.field, name.binary));
	const { photo } = source;
	if ('data' in photo) return photo;
	const { stored, ...info } = photo;
	try {
		return { ...info, data: await ctx.helpers.getBinaryDataBuffer(i, stored) };
	} catch (error) {
		throw inputError(ctx, i, notReadBack(name.url, error));
	}
}

function notReadBack(parameter: string, error: unknown): InputProblem {
	return problem(
		parameter,
		"the downloaded image could not be read back from n8n's binary data store",
		`n8n said: ${(error as Error).message}. Check the binary data settings of this n8n instance (N8N_DEFAULT_BINARY_DATA_MODE), then run again.`,
	);
}

/**
 * The photo as binary data of an output item, as it came in: the input's own record for a binary
 * field (nothing is copied), the stored download for a URL.
 */
export async function photoBinaryData(ctx: IExecuteFunctions, i: number, source: ImageSource): Promise<IBinaryData> {
	if (source.kind === 'binary') return ctx.helpers.assertBinaryData(i, source.field);
	const { photo } = source;
	if ('stored' in photo) return photo.stored;
	return await ctx.helpers.prepareBinaryData(photo.data, photo.fileName, photo.mimeType);
}

/**
 * The item's photo, from the Image Source parameters: a binary field checked as it streams by, or
 * a URL downloaded and checked. Its size is all later checks (the mask) need.
 */
export async function checkPhoto(ctx: IExecuteFunctions, i: number, timeoutMs: number, signal: AbortSignal): Promise<{ source: ImageSource; photo: ImageInfo }> {
	if (ctx.getNodeParameter('imageSource', i) !== 'url') {
		const field = valueOrThrow(ctx, i, checkBinaryFieldName(PHOTO.binary, ctx.getNodeParameter('imageBinaryProperty', i)));
		const file = valueOrThrow(ctx, i, await checkBinaryImage(ctx, i, PHOTO.role, field));
		return { source: { kind: 'binary', field, file }, photo: file };
	}
	const url = valueOrThrow(ctx, i, checkImageUrl(ctx.getNodeParameter('imageUrl', i)));
	const photo = await checkUrlImage(ctx, i, url, timeoutMs, PHOTO, signal);
	return { source: { kind: 'url', photo }, photo };
}
