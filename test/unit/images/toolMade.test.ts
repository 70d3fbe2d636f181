/**
 * Files as other tools make them: Pillow and libjpeg-turbo's cjpeg and jpegtran, made by
 * test/fixtures/tool-made/make.py and committed with what the node must say of each. Photos are
 * held against what libvips (sharp) reads; masks are checked in their convention, and what would
 * be sent is decoded and held against the same mask in Ideogram's convention.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import sharp from 'sharp';

import { ImageProber, probeImage } from '../../../nodes/IdeogramEdit/images/sniff';
import type { MaskConvention } from '../../../nodes/IdeogramEdit/images/maskScan';
import { checkPngMask, convertedMask } from '../../../nodes/IdeogramEdit/inputs/masks';
import { file } from '../../fixtures/checked';

const DIR = join(__dirname, '../../fixtures/tool-made');

interface Entry {
	file: string;
	tool: string;
	role: 'photo' | 'mask';
	format?: string;
	width?: number;
	height?: number;
	orientation?: number;
	refused?: string;
	words?: string;
	convention?: MaskConvention;
	verdict?: 'ok' | 'refused';
	why?: string;
}

const manifest: { files: Entry[]; width: number; height: number } = JSON.parse(readFileSync(join(DIR, 'manifest.json'), 'utf8'));
const read = (name: string) => readFileSync(join(DIR, name));
const photos = manifest.files.filter((e) => e.role === 'photo');
const masks = manifest.files.filter((e) => e.role === 'mask');

const inPieces = (data: Buffer, size: number) => {
	const prober = new ImageProber();
	for (let o = 0; o < data.length; o += size) prober.push(data.subarray(o, o + size));
	return prober.end();
};

/** The pixels a mask marks for editing (dark), as a decoder that ignores transparency reads them, after flattening on white. */
async function marked(png: Buffer): Promise<boolean[]> {
	const { data } = await sharp(png).flatten({ background: '#ffffff' }).greyscale().raw().toBuffer({ resolveWithObject: true });
	return [...data].map((v) => v < 128);
}

describe('photos made by Pillow and libjpeg', () => {
	it('the set holds what cameras, phones and tools write', () => {
		expect(photos.length).toBeGreaterThanOrEqual(18);
		expect(new Set(photos.map((e) => e.tool))).toEqual(new Set(['Pillow', 'cjpeg', 'jpegtran']));
	});

	it.each(photos.filter((e) => !e.refused).map((e) => [e.file, e] as const))('%s is read as libvips reads it, whole or in pieces', async (_name, entry) => {
		const data = read(entry.file);
		const meta = await sharp(data).metadata();
		const expected = { format: entry.format, width: entry.width, height: entry.height, ...(entry.orientation ? { orientation: entry.orientation } : {}) };
		expect({ format: meta.format === 'jpeg' ? 'jpeg' : meta.format, width: meta.width, height: meta.height, ...(meta.orientation && meta.orientation !== 1 ? { orientation: meta.orientation } : {}) }).toEqual(expected);
		const verdict = { value: expect.objectContaining(expected) };
		expect(probeImage(data)).toEqual(verdict);
		if (!entry.orientation) expect(probeImage(data)).toEqual({ value: expect.not.objectContaining({ orientation: expect.anything() }) });
		for (const size of [1, 13, 4096]) expect(inPieces(data, size)).toEqual(verdict);
	});

	it.each(photos.filter((e) => e.refused).map((e) => [e.file, e] as const))('%s is refused at the check, saying why', (_name, entry) => {
		expect(probeImage(read(entry.file))).toEqual({ problem: { fault: entry.refused, words: entry.words } });
	});
});

describe('masks made by Pillow, in the convention each is made for', () => {
	const reference = () => marked(read('mask-L.png'));

	it.each(masks.filter((e) => e.verdict === 'ok').map((e) => [e.file, e] as const))('%s passes, and what is sent marks what the mask marks', async (_name, entry) => {
		const mask = await file('Mask', read(entry.file), entry.file);
		const checked = await checkPngMask(mask, entry.convention!, 'Mask Binary Field');
		expect(checked).toEqual({ value: expect.anything() });
		const { convert } = (checked as { value: { convert: boolean } }).value;
		// Sent as the node's own black-and-white PNG when converted, else as it is.
		const sent = convert ? await convertedMask(mask, entry.convention!, 'Mask Binary Field') : { value: mask };
		expect(sent).toEqual({ value: expect.objectContaining({ format: 'png', width: manifest.width, height: manifest.height }) });
		const sentMarks = await marked((sent as { value: { data: Buffer } }).value.data);
		if (entry.file === 'mask-canvas.png' || entry.file === 'mask-anti-aliased.png' || entry.file === 'mask-soft-edges.png') {
			// Another shape, or soft edges: the sent mask marks its dark pixels, a part of the image and not all of it.
			const share = sentMarks.filter(Boolean).length / sentMarks.length;
			expect(share).toBeGreaterThan(0.05);
			expect(share).toBeLessThan(0.95);
			return;
		}
		expect(sentMarks).toEqual(await reference());
	});

	it('a mask with transparency is sent converted, so that a reader that ignores alpha marks the same pixels', async () => {
		for (const [name, convention] of [['mask-openai.png', 'transparent'], ['mask-canvas.png', 'black'], ['mask-LA.png', 'black'], ['mask-RGBA.png', 'black']] as const) {
			const mask = await file('Mask', read(name), name);
			const checked = await checkPngMask(mask, convention, 'Mask Binary Field');
			const transparent = (await sharp(read(name)).stats()).channels[(await sharp(read(name)).metadata()).channels! - 1].min < 255;
			expect({ name, convert: 'value' in checked && checked.value.convert }).toEqual({ name, convert: transparent || convention !== 'black' });
		}
	});

	it.each(masks.filter((e) => e.verdict === 'refused').map((e) => [e.file, e] as const))('%s is refused as %s', async (_name, entry) => {
		const checked = await checkPngMask(await file('Mask', read(entry.file), entry.file), entry.convention!, 'Mask Binary Field');
		expect('problem' in checked && checked.problem.problem).toMatch(new RegExp(entry.why!.replace(/ /g, '.*')));
	});
});
