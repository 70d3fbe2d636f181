/**
 * Where the images of an item come from, and how they wait for the send: a binary field is checked
 * from a stream of its bytes and read whole at the send; an image given by URL is downloaded and
 * checked in the check phase (it costs nothing, and a bad image is found before anything is
 * billed) and waits in n8n's binary store. The photo and the 3.0 reference images all go this way.
 */
import type { IBinaryData, IExecuteFunctions } from 'n8n-workflow';

import { MAX_REFERENCE_BYTES } from './constants';
import { checkBinaryImage, checkInputFile, megabytes, readInputFile, type FileFacts, type FileRole, type InputFile } from './helpers/binaryInput';
import { problem } from './helpers/checked';
import type { EditParameters } from './helpers/editParameters';
import type { ImageInfo } from './helpers/imageInfo';
import { inputError, valueOrThrow } from './helpers/nodeErrors';
import type { ReferenceSpec } from './helpers/references';
import { shareInRun } from './helpers/shareInRun';
import { Deadline } from './transport/deadline';
import { downloadSourceImage } from './transport/download';

/**
 * An image from a URL, checked. Its bytes wait for the item's turn in n8n's binary data store
 * (`stored`), read back through the helpers; only in n8n's in-memory mode, where the store is
 * memory anyway, are they kept as they are (`data`).
 */
export type UrlPhoto = FileFacts & ({ stored: IBinaryData } | { data: Buffer });
export type ImageSource = { kind: 'binary'; field: string } | { kind: 'url'; photo: UrlPhoto };

/** A file's role and the parameters that name it, for the messages. */
export interface SourceName {
	role: FileRole;
	/** The parameter when the file is in a binary field, and when it is given by URL. */
	binary: string;
	url: string;
}

/** The photo. */
export const PHOTO: SourceName = { role: 'Image', binary: 'Image Binary Field', url: 'Image URL' };
const STYLE_REFERENCE: SourceName = { role: 'Style reference', binary: 'Style Reference Images', url: 'Style Reference Images' };
const CHARACTER_REFERENCE: SourceName = { role: 'Character reference', binary: 'Character Reference Image', url: 'Character Reference Image' };
const CHARACTER_MASK: SourceName = { role: 'Character mask', binary: 'Character Reference Mask', url: 'Character Reference Mask' };

/** Reference images downloaded in this run, by URL. */
export type ReferenceUrls = Map<string, Promise<UrlPhoto>>;

/** The 3.0 references of an item, checked; read again at the send like the photo. */
export interface CheckedReferences {
	style: ImageSource[];
	character?: ImageSource;
	characterMaskField?: string;
}

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

/** A reference image, checked: where it comes from, its size in pixels, and its bytes for the totals. */
interface CheckedReference {
	source: ImageSource;
	info: ImageInfo;
	bytes: number;
}

async function checkReference(
	ctx: IExecuteFunctions,
	i: number,
	spec: ReferenceSpec,
	timeoutMs: number,
	name: SourceName,
	urls: ReferenceUrls,
	signal: AbortSignal,
): Promise<CheckedReference> {
	if (spec.kind === 'url') {
		// Items of a run that share a reference share its download.
		const photo = await shareInRun(urls, spec.url, () => checkUrlImage(ctx, i, spec.url, timeoutMs, name, signal));
		return { source: { kind: 'url', photo }, info: photo, bytes: photo.bytes };
	}
	const file = valueOrThrow(ctx, i, await checkBinaryImage(ctx, i, name.role, spec.field, name.binary));
	return { source: { kind: 'binary', field: spec.field }, info: file, bytes: file.bytes };
}

/**
 * Checks the 3.0 reference images: each as the photo is checked, the style references at most
 * 10 MB together, the character reference's mask of exactly its size.
 */
export async function checkReferences(
	ctx: IExecuteFunctions,
	i: number,
	params: EditParameters,
	urls: ReferenceUrls,
	signal: AbortSignal,
): Promise<CheckedReferences> {
	const style: ImageSource[] = [];
	let total = 0;
	for (const spec of params.styleReferences) {
		const checked = await checkReference(ctx, i, spec, params.timeoutMs, STYLE_REFERENCE, urls, signal);
		style.push(checked.source);
		total += checked.bytes;
		// Refused as soon as the total is over, without reading the rest.
		if (total > MAX_REFERENCE_BYTES) {
			throw inputError(
				ctx,
				i,
				problem('Style Reference Images', `are ${megabytes(total)} together, over the 10 MB Ideogram takes for all style references`, 'Use fewer style reference images, or smaller ones (Edit Image node, Resize, or saved as JPEG).'),
			);
		}
	}
	if (!params.characterReference) return { style };
	const character = await checkReference(ctx, i, params.characterReference, params.timeoutMs, CHARACTER_REFERENCE, urls, signal);
	const field = params.characterMaskField;
	if (field) {
		const mask = valueOrThrow(ctx, i, await checkBinaryImage(ctx, i, CHARACTER_MASK.role, field, CHARACTER_MASK.binary));
		const { width, height } = character.info;
		if (mask.width !== width || mask.height !== height) {
			throw inputError(
				ctx,
				i,
				problem(
					'Character Reference Mask',
					`the mask is ${mask.width}×${mask.height} pixels but the character reference is ${width}×${height}`,
					`A character reference's mask must have the reference's exact width and height. Resize it to ${width}×${height}, or make it from the same image.`,
				),
			);
		}
	}
	return { style, character: character.source, characterMaskField: field };
}

/** Reads an image for the send: a binary field again, or a downloaded image back from n8n's binary store. */
export async function readSource(ctx: IExecuteFunctions, i: number, source: ImageSource, name: SourceName): Promise<InputFile> {
	if (source.kind === 'binary') return valueOrThrow(ctx, i, await readInputFile(ctx, i, name.role, source.field, name.binary));
	const { photo } = source;
	if ('data' in photo) return photo;
	const { stored, ...info } = photo;
	try {
		return { ...info, data: await ctx.helpers.getBinaryDataBuffer(i, stored) };
	} catch (error) {
		throw inputError(
			ctx,
			i,
			problem(
				name.url,
				"the downloaded image could not be read back from n8n's binary data store",
				`n8n said: ${(error as Error).message}. Check the binary data settings of this n8n instance (N8N_DEFAULT_BINARY_DATA_MODE), then run again.`,
			),
		);
	}
}

/** The references read for the send, in the order the request takes them. */
export async function readReferences(ctx: IExecuteFunctions, i: number, references: CheckedReferences) {
	const style: InputFile[] = [];
	for (const source of references.style) style.push(await readSource(ctx, i, source, STYLE_REFERENCE));
	const character = references.character && (await readSource(ctx, i, references.character, CHARACTER_REFERENCE));
	const characterMask = references.characterMaskField
		? await readSource(ctx, i, { kind: 'binary', field: references.characterMaskField }, CHARACTER_MASK)
		: undefined;
	return { style, character, characterMask };
}
