/**
 * Ideogram 3.0's reference images of an item: each checked as the photo is, the style references
 * at most 10 MB together, the character reference's mask of exactly its size; read again at the
 * send like the photo. A reference that the items of a run share by URL is downloaded once.
 */
import type { IExecuteFunctions } from 'n8n-workflow';

import { problem } from '../checked';
import type { ImageInfo } from '../images/sniff';
import type { Operation } from '../operations/operation';
import type { CheckedOptions } from '../parameters/options';
import type { ReferenceSpec } from '../parameters/references';
import { MAX_REFERENCE_BYTES, type Style3, type Style3Files } from '../parameters/style3';
import { inputError, valueOrThrow } from '../run/nodeErrors';
import type { SharedWork } from '../run/shareInRun';
import { checkBinaryImage, checkedFile, megabytes, type CheckedFile, type UploadFile } from './binaryFiles';
import { checkUrlImage, readSource, type ImageSource, type SourceName } from './imageSources';

const STYLE_REFERENCE: SourceName = { role: 'Style reference', binary: 'Style Reference Images', url: 'Style Reference Images' };
const CHARACTER_REFERENCE: SourceName = { role: 'Character reference', binary: 'Character Reference Image', url: 'Character Reference Image' };
const CHARACTER_MASK: SourceName = { role: 'Character mask', binary: 'Character Reference Mask', url: 'Character Reference Mask' };

/** The references of an item, checked. */
export interface CheckedReferences {
	style: ImageSource[];
	character?: ImageSource;
	characterMask?: ImageSource;
	/** What each is and its size, by the names Check Only's verdict gives them. */
	files: Record<string, CheckedFile | CheckedFile[]>;
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
	shared: SharedWork,
	signal: AbortSignal,
): Promise<CheckedReference> {
	if (spec.kind === 'url') {
		// Items of a run that share a reference share its download.
		const photo = await shared.share('reference download', spec.url, () => checkUrlImage(ctx, i, spec.url, timeoutMs, name, signal));
		return { source: { kind: 'url', photo }, info: photo, bytes: photo.bytes };
	}
	const file = valueOrThrow(ctx, i, await checkBinaryImage(ctx, i, name.role, spec.field, name.binary));
	return { source: { kind: 'binary', field: spec.field, file }, info: file, bytes: file.bytes };
}

/**
 * Checks the 3.0 reference images: each as the photo is checked, the style references at most
 * 10 MB together, the character reference's mask of exactly its size.
 */
export async function checkReferences(
	ctx: IExecuteFunctions,
	i: number,
	params: Style3 & { timeoutMs: number },
	shared: SharedWork,
	signal: AbortSignal,
): Promise<CheckedReferences> {
	const style: ImageSource[] = [];
	const files: CheckedReferences['files'] = {};
	const styleFiles: CheckedFile[] = [];
	let total = 0;
	for (const spec of params.styleReferences) {
		const checked = await checkReference(ctx, i, spec, params.timeoutMs, STYLE_REFERENCE, shared, signal);
		style.push(checked.source);
		styleFiles.push(checkedFile({ ...checked.info, bytes: checked.bytes }));
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
	if (styleFiles.length) files.style_references = styleFiles;
	if (!params.characterReference) return { style, files };
	const character = await checkReference(ctx, i, params.characterReference, params.timeoutMs, CHARACTER_REFERENCE, shared, signal);
	files.character_reference = checkedFile({ ...character.info, bytes: character.bytes });
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
		files.character_mask = checkedFile(mask);
		return { style, character: character.source, characterMask: { kind: 'binary', field, file: mask }, files };
	}
	return { style, character: character.source, files };
}

/** The references read for the send, in the order the request takes them. */
export async function readReferences(ctx: IExecuteFunctions, i: number, references: CheckedReferences): Promise<Style3Files> {
	const style: UploadFile[] = [];
	for (const source of references.style) style.push(await readSource(ctx, i, source, STYLE_REFERENCE));
	const character = references.character && (await readSource(ctx, i, references.character, CHARACTER_REFERENCE));
	const characterMask = references.characterMask && (await readSource(ctx, i, references.characterMask, CHARACTER_MASK));
	return { styleReferences: style, characterReference: character, characterMask };
}

/**
 * The reference images as the inputs of an operation that takes them and nothing else beside the
 * photo: checked, described for Check Only, read again for the send.
 */
export function referenceInputs<Params extends CheckedOptions & Style3>(): Pick<Operation<Params, CheckedReferences, Style3Files>, 'checkInputs' | 'checkedFiles' | 'readFiles'> {
	return {
		checkInputs: async (ctx, i, params, _photo, shared, signal) => await checkReferences(ctx, i, params, shared, signal),
		checkedFiles: (references) => references.files,
		readFiles: async (ctx, i, _params, references) => await readReferences(ctx, i, references),
	};
}
