/**
 * Bad input never costs a credit: each case fails with a message that names the item, the
 * parameter and the fix, and the CometAPI-compatible server receives no request at all.
 */
import sharp from 'sharp';

import { handmadePng, makeImage, makeMask } from '../fixtures/images';
import { engine, type InputItem, type RunOptions } from '../harness/executeNode';
import { everyText, failure, photoItem, recordFigures, run, useServer } from './setup';

const { server } = useServer();

interface BadCase {
	name: string;
	items?: () => Promise<InputItem[]>;
	parameters?: RunOptions['parameters'];
	baseUrl?: string;
	message: RegExp;
	fix: RegExp;
}

const file = (data: Buffer, fileName: string, mimeType: string) => ({ data, fileName, mimeType });
async function withImage(data: Buffer, fileName = 'photo.png', mimeType = 'image/png'): Promise<InputItem[]> {
	return [{ binary: { data: file(data, fileName, mimeType), mask: file(await makeMask(64, 64), 'mask.png', 'image/png') } }];
}
async function withMask(data: Buffer, fileName = 'mask.png', mimeType = 'image/png'): Promise<InputItem[]> {
	return [{ binary: { data: file(await makeImage(64, 64, 'jpeg'), 'photo.jpg', 'image/jpeg'), mask: file(data, fileName, mimeType) } }];
}
/** A phone photo stored sideways (80×60, shown 60×80 by its EXIF Orientation 6) and its mask. */
async function phoneWithMask(mask: { data: Buffer; fileName: string; mimeType: string }): Promise<InputItem[]> {
	return [{ binary: { data: file(await sharp(await makeImage(80, 60, 'jpeg')).withMetadata({ orientation: 6 }).jpeg().toBuffer(), 'phone.jpg', 'image/jpeg'), mask } }];
}
/** A photo item with more binary fields (reference images). */
async function withExtra(extra: Record<string, Promise<{ data: Buffer; fileName: string; mimeType: string }> | { data: Buffer; fileName: string; mimeType: string }>): Promise<InputItem[]> {
	const [item] = await withImage(await makeImage(64, 64, 'png'));
	const binary = { ...item.binary };
	for (const [name, f] of Object.entries(extra)) binary[name] = await f;
	return [{ ...item, binary }];
}
const png = async (width: number, height: number) => file(await makeImage(width, height, 'png'), 'ref.png', 'image/png');
/** A PNG of `mb` megabytes: a real header and image data that is not decoded by the check. */
const big = (mb: number) => file(handmadePng(2000, 1000, 2, Buffer.alloc(mb * 1024 * 1024)), 'big.png', 'image/png');
/** A photo item, with `name` served on the test server's /files/ as an image host would. */
function hosting(name: string, data: () => Promise<Buffer>, type: string) {
	return async () => {
		server().host(name, await data(), type);
		return withImage(await makeImage(64, 64, 'png'));
	};
}
const GIF = Buffer.from('R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7', 'base64');
const SVG = Buffer.from('<svg xmlns="http://www.w3.org/2000/svg" width="64" height="64"><rect width="64" height="64"/></svg>');

const cases: BadCase[] = [
	{ name: 'no image binary field', items: async () => [{ binary: { mask: file(await makeMask(8, 8), 'm.png', 'image/png') } }], message: /^Image Binary Field: the item has no binary field "data" \[item 0\]$/, fix: /binary fields are: mask/ },
	{ name: 'no mask binary field', items: async () => [{ binary: { data: file(await makeImage(8, 8), 'p.png', 'image/png') } }], message: /^Mask Binary Field: the item has no binary field "mask" \[item 0\]$/, fix: /Set Mask Binary Field/ },
	{ name: 'no binary data at all', items: async () => [{ json: { sku: 1 } }], message: /^Image Binary Field: the item has no binary field "data"/, fix: /Read the image first/ },
	{ name: 'the image field names another field', parameters: { imageBinaryProperty: 'photo' }, message: /^Image Binary Field: the item has no binary field "photo"/, fix: /are: data, mask/ },
	{ name: 'an image field that holds no data', items: () => withImage(Buffer.alloc(0)), message: /^Image Binary Field: binary field "data" holds no data \(0 bytes\) \[item 0\]$/, fix: /empty file/ },
	{ name: 'a mask field that holds no data', items: () => withMask(Buffer.alloc(0)), message: /^Mask Binary Field: binary field "mask" holds no data/, fix: /empty file/ },
	{ name: 'a text file as the image', items: () => withImage(Buffer.from('SKU,price\n1,2\n'), 'list.csv', 'text/csv'), message: /^Image Binary Field: .* not a JPEG, PNG or WEBP image: it is a text file \[item 0\]$/, fix: /Convert the image to PNG or JPEG/ },
	{ name: 'a GIF as the image', items: () => withImage(GIF, 'a.gif', 'image/gif'), message: /it is a GIF image \[item 0\]$/, fix: /Edit Image node/ },
	{ name: 'an SVG as the mask', items: () => withMask(SVG, 'mask.svg', 'image/svg+xml'), message: /^Mask Binary Field: .* it is an SVG drawing/, fix: /Convert the mask/ },
	{ name: 'a PDF as the image', items: () => withImage(Buffer.from('%PDF-1.7\n%…'), 'a.pdf', 'application/pdf'), message: /it is a PDF document/, fix: /Convert/ },
	{ name: 'an HTML page saved as the mask', items: () => withMask(Buffer.from('<!DOCTYPE html><html>Access denied</html>'), 'mask.png'), message: /it is an HTML page/, fix: /Convert the mask/ },
	{ name: 'a truncated PNG', items: async () => withImage((await makeImage(64, 64, 'png')).subarray(0, 300)), message: /^Image Binary Field: the file in binary field "data" is cut off: it is a PNG file that ends before its image data does \[item 0\]$/, fix: /fetch or export the image again/ },
	{ name: 'a truncated JPEG', items: async () => { const j = await makeImage(64, 64, 'jpeg'); return withImage(j.subarray(0, j.length - 200), 'p.jpg', 'image/jpeg'); }, message: /is cut off: it is a JPEG file that ends before its image data does/, fix: /fetch or export the image again/ },
	{ name: 'a truncated WEBP', items: async () => { const w = await makeImage(64, 64, 'webp-lossy'); return withImage(w.subarray(0, w.length - 20), 'p.webp', 'image/webp'); }, message: /is cut off: it is a WEBP file that ends before its image data does/, fix: /fetch or export the image again/ },
	{ name: 'a text file whose MIME type claims PNG', items: () => withImage(Buffer.from('not really a png'), 'fake.png', 'image/png'), message: /it is a text file/, fix: /Convert/ },
	{ name: 'an image over 10 MB whose size n8n did not record (as 1.x stores files): read only up to the cap', items: async () => [{ binary: { data: { ...file(Buffer.concat([await makeImage(64, 64), Buffer.alloc(30 * 1024 * 1024)]), 'photo.png', 'image/png'), sizeNotRecorded: true }, mask: file(await makeMask(64, 64), 'mask.png', 'image/png') } }], message: /^Image Binary Field: the file in binary field "data" is more than the 10 MB the API accepts \[item 0\]$/, fix: /smaller/ },
	{
		// n8n 2.x records a stored file's size, so the message gives it; n8n 1.x does not, and the
		// count of the streamed bytes stops at the cap.
		name: `an image just over 10 MB (n8n ${engine.major}.x: ${engine.major >= 2 ? 'its recorded size' : 'no recorded size, counted up to the cap'})`,
		items: async () => withImage(Buffer.concat([await makeImage(64, 64), Buffer.alloc(10 * 1024 * 1024)])),
		message:
			engine.major >= 2
				? /^Image Binary Field: the file in binary field "data" is 10.0 MB, over the 10 MB the API accepts \[item 0\]$/
				: /^Image Binary Field: the file in binary field "data" is more than the 10 MB the API accepts \[item 0\]$/,
		fix: /smaller/,
	},
	{ name: 'a mask one pixel narrower', items: async () => [{ binary: { data: file(await makeImage(64, 64), 'p.png', 'image/png'), mask: file(await makeMask(63, 64), 'm.png', 'image/png') } }], message: /^Mask Binary Field: the mask is 63×64 pixels but the image is 64×64 \[item 0\]$/, fix: /Resize the mask to 64×64/ },
	{ name: 'a color photo as the mask', items: async () => withMask(await makeImage(64, 64, 'png')), message: /^Mask Binary Field: the mask is a color image/, fix: /not swapped/ },
	{ name: 'an empty prompt', parameters: { prompt: '' }, message: /^Prompt: is empty \[item 0\]$/, fix: /Describe what to paint/ },
	{ name: 'a whitespace prompt', parameters: { prompt: ' \n\t ' }, message: /^Prompt: is empty/, fix: /Describe/ },
	{ name: 'a prompt longer than the API accepts', parameters: { prompt: 'x'.repeat(10001) }, message: /^Prompt: is 10001 characters long/, fix: /Shorten/ },
	{ name: 'a prompt expression that gives a list', parameters: { prompt: () => ['a', 'b'] }, message: /^Prompt: a list is not text/, fix: /Describe/ },
	{ name: 'Number of Images 0', parameters: { numImages: 0 }, message: /^Number of Images: 0 is out of range \(1 to 8\)/, fix: /1 to 8/ },
	{ name: 'Number of Images 9', parameters: { numImages: 9 }, message: /^Number of Images: 9 is out of range/, fix: /1 to 8/ },
	{ name: 'Number of Images from an expression that gives an object', parameters: { numImages: () => ({ n: 2 }) }, message: /^Number of Images: an object is not a whole number/, fix: /whole number/ },
	{ name: 'Number of Images "four"', parameters: { numImages: 'four' }, message: /"four" is not a whole number/, fix: /whole number/ },
	{ name: 'Seed -1', parameters: { seed: '-1' }, message: /^Seed: -1 is out of range \(0 to 2147483647\)/, fix: /leave Seed empty/ },
	{ name: 'Seed 2147483648', parameters: { seed: 2147483648 }, message: /^Seed: 2147483648 is out of range/, fix: /0 to 2147483647/ },
	{ name: 'Seed 1.5', parameters: { seed: 1.5 }, message: /^Seed: 1.5 is not a whole number/, fix: /whole number/ },
	{ name: 'an unknown model from an expression', parameters: { model: () => 'V_1' }, message: /^Model: "V_1" is not one of V_2_TURBO, V_2, V_3/, fix: /expression return one of/ },
	{ name: 'an unknown style from an expression', parameters: { styleType: () => 'FICTION' }, message: /^Style Type: "FICTION" is not one of AUTO, GENERAL, REALISTIC, DESIGN, RENDER_3D, ANIME/, fix: /Pick one/ },
	{ name: 'an unknown Magic Prompt value', parameters: { magicPrompt: 'yes' }, message: /^Magic Prompt: "yes" is not one of AUTO, ON, OFF/, fix: /Pick one/ },
	{ name: 'an empty Output Binary Field', parameters: { options: { outputBinaryProperty: '' } }, message: /^Output Binary Field: is empty/, fix: /name of a binary field/ },
	{ name: 'Max Images in Flight 0', parameters: { options: { maxImagesInFlight: 0 } }, message: /^Max Images in Flight: 0 is not a whole number of 1 or more \[item 0\]$/, fix: /whole number such as 10/ },
	{ name: 'an empty base URL', baseUrl: '', message: /^Base URL \(credential\): is empty \[item 0\]$/, fix: /https:\/\/api.cometapi.com/ },
	{ name: 'a base URL that is not http(s)', baseUrl: 'ftp://api.cometapi.com', message: /^Base URL \(credential\): "ftp:\/\/api.cometapi.com" is not an http\(s\) address/, fix: /Base URL/ },
	{ name: 'a base URL without a scheme', baseUrl: 'api.cometapi.com', message: /is not a URL/, fix: /Base URL/ },

	// Ideogram 3.0
	{ name: '3.0: style codes together with a style type', parameters: { model: 'V_3', styleCodes: 'AB12CD34', styleTypeV3: 'REALISTIC' }, message: /^Style Codes: cannot be used together with Style Type REALISTIC \[item 0\]$/, fix: /set Style Type to Auto/ },
	{ name: '3.0: a style code that is not 8 hex digits', parameters: { model: 'V_3', styleCodes: 'AB12CD34, XYZ' }, message: /^Style Codes: "XYZ" is not an 8-digit hex style code/, fix: /8 hex digits each/ },
	{ name: '3.0: a palette weight over 1', parameters: { model: 'V_3', colorPalette: 'custom', paletteMembers: '#FF0000:2' }, message: /^Palette Colors: "#FF0000:2" is not a hex color with an optional weight from 0.05 to 1/, fix: /up to 8 colors as hex codes/ },
	{ name: '3.0: nine palette colors', parameters: { model: 'V_3', colorPalette: 'custom', paletteMembers: Array(9).fill('#FF0000').join(', ') }, message: /^Palette Colors: has 9 colors, more than 8/, fix: /up to 8 colors/ },
	{ name: '3.0: an unknown palette from an expression', parameters: { model: 'V_3', colorPalette: 'preset', colorPalettePreset: () => 'NEON' }, message: /^Palette: "NEON" is not one of EMBER, FRESH/, fix: /Pick one/ },
	{ name: '3.0: an unknown rendering speed', parameters: { model: 'V_3', renderingSpeed: 'SLOW' }, message: /^Rendering Speed: "SLOW" is not one of FLASH, TURBO, BALANCED, DEFAULT, QUALITY/, fix: /Pick one/ },
	{ name: '3.0: a V_2 style type from an expression', parameters: { model: 'V_3', styleTypeV3: () => 'ANIME' }, message: /^Style Type: "ANIME" is not one of AUTO, GENERAL, REALISTIC, DESIGN, FICTION/, fix: /Pick one/ },

	// Replace Background, references and presets (3.0)
	{ name: 'Replace Background: an unknown style preset from an expression', parameters: { operation: 'replaceBackground', stylePreset: () => 'CINEMATIC' }, message: /^Style Preset: "CINEMATIC" is not one of 80S_ILLUSTRATION, /, fix: /Pick one/ },
	{ name: 'Replace Background: style codes together with a style preset', parameters: { operation: 'replaceBackground', stylePreset: 'BAUHAUS', styleCodes: 'AB12CD34' }, message: /^Style Codes: cannot be used together with Style Preset BAUHAUS \[item 0\]$/, fix: /set Style Preset to None/ },
	{ name: 'Replace Background: a photo that is a GIF', items: () => withImage(GIF, 'a.gif', 'image/gif'), parameters: { operation: 'replaceBackground' }, message: /^Image Binary Field: .* it is a GIF image \[item 0\]$/, fix: /Convert the image/ },
	{ name: '3.0: a style preset together with style reference images', items: () => withExtra({ style: png(20, 20) }), parameters: { model: 'V_3', stylePreset: 'BAUHAUS', styleReferenceImages: 'style' }, message: /^Style Preset: BAUHAUS cannot be used together with Style Reference Images/, fix: /set Style Preset to None or clear Style Reference Images/ },
	{ name: '3.0: style codes together with style reference images', items: () => withExtra({ style: png(20, 20) }), parameters: { model: 'V_3', styleCodes: 'AB12CD34', styleReferenceImages: 'style' }, message: /^Style Codes: cannot be used together with Style Reference Images/, fix: /clear Style Codes or Style Reference Images/ },
	{ name: '3.0: style references with style type Realistic', items: () => withExtra({ style: png(20, 20) }), parameters: { model: 'V_3', styleTypeV3: 'REALISTIC', styleReferenceImages: 'style' }, message: /^Style Reference Images: work with Style Type Auto or General, not REALISTIC/, fix: /Set Style Type to Auto or General/ },
	{ name: '3.0: eleven style reference images', parameters: { model: 'V_3', styleReferenceImages: Array(11).fill('data').join(', ') }, message: /^Style Reference Images: has 11 images, more than the 10 Ideogram takes/, fix: /at most 10/ },
	{ name: '3.0: a style reference field the item does not have', parameters: { model: 'V_3', styleReferenceImages: 'look' }, message: /^Style Reference Images: the item has no binary field "look"/, fix: /binary fields are: data, mask/ },
	{ name: '3.0: a style reference that is a GIF', items: () => withExtra({ style: { data: GIF, fileName: 's.gif', mimeType: 'image/gif' } }), parameters: { model: 'V_3', styleReferenceImages: 'style' }, message: /^Style Reference Images: the file in binary field "style" is not a JPEG, PNG or WEBP image: it is a GIF image/, fix: /Convert the style reference/ },
	{ name: '3.0: style references over 10 MB together', items: () => withExtra({ a: big(6), b: big(6) }), parameters: { model: 'V_3', styleReferenceImages: 'a, b' }, message: /^Style Reference Images: are 12.0 MB together, over the 10 MB Ideogram takes for all style references/, fix: /fewer style reference images/ },
	{ name: '3.0: three style references of 6 MB: refused at the second, the third not read', items: () => withExtra({ a: big(6), b: big(6), c: big(6) }), parameters: { model: 'V_3', styleReferenceImages: 'a, b, c' }, message: /^Style Reference Images: are 12.0 MB together/, fix: /fewer style reference images/ },
	{ name: '3.0: a style reference URL over 10 MB', items: hosting('huge-look.png', async () => Buffer.concat([await makeImage(16, 16, 'png'), Buffer.alloc(10 * 1024 * 1024)]), 'image/png'), parameters: { model: 'V_3', styleReferenceImages: () => `${server().url}/files/huge-look.png` }, message: /^Style Reference Images: the image could not be downloaded: the image is larger than 10 MB/, fix: /at most 10 MB/ },
	{ name: '3.0: a style reference URL that answers 404', parameters: { model: 'V_3', styleReferenceImages: () => `${server().url}/files/gone.jpg` }, message: /^Style Reference Images: the image could not be downloaded: HTTP 404/, fix: /opens the image in a browser/ },
	{ name: '3.0: a style reference that is a path, not a URL', parameters: { model: 'V_3', styleReferenceImages: '/tmp/look.png' }, message: /^Style Reference Images: "\/tmp\/look.png" is neither a binary field name nor an http\(s\) address/, fix: /binary field names/ },
	{ name: '3.0: two character references', items: () => withExtra({ a: png(20, 20), b: png(20, 20) }), parameters: { model: 'V_3', characterReference: 'a, b' }, message: /^Character Reference Image: has 2 images, more than the 1 Ideogram takes/, fix: /binary field names/ },
	{ name: '3.0: a character mask without a character reference', items: () => withExtra({ m: png(20, 20) }), parameters: { model: 'V_3', characterReferenceMask: 'm' }, message: /^Character Reference Mask: is given without a Character Reference Image/, fix: /clear Character Reference Mask/ },
	{ name: '3.0: a character mask of another size than its reference', items: async () => withExtra({ face: png(30, 40), m: { data: await makeMask(40, 30), fileName: 'm.png', mimeType: 'image/png' } }), parameters: { model: 'V_3', characterReference: 'face', characterReferenceMask: 'm' }, message: /^Character Reference Mask: the mask is 40×30 pixels but the character reference is 30×40/, fix: /Resize it to 30×40/ },

	// Image Source: URL (downloading is free; the edit is not sent)
	{ name: 'an image URL that answers 404', parameters: { imageSource: 'url', imageUrl: () => `${server().url}/files/nothing-here.jpg` }, message: /^Image URL: the image could not be downloaded: HTTP 404/, fix: /opens the image in a browser/ },
	{ name: 'an image URL that is a web page', items: hosting('page.html', async () => Buffer.from('<html>sign in</html>'), 'text/html'), parameters: { imageSource: 'url', imageUrl: () => `${server().url}/files/page.html` }, message: /^Image URL: the file at http:\/\/127\.0\.0\.1:\d+\/files\/page\.html is not a JPEG, PNG or WEBP image: it is an HTML page/, fix: /not of a page that shows it/ },
	{ name: 'an image URL over 10 MB', items: hosting('huge.png', async () => Buffer.concat([await makeImage(16, 16, 'png'), Buffer.alloc(10 * 1024 * 1024)]), 'image/png'), parameters: { imageSource: 'url', imageUrl: () => `${server().url}/files/huge.png` }, message: /^Image URL: the image could not be downloaded: the image is larger than 10 MB/, fix: /at most 10 MB/ },
	{ name: 'an image URL that is not a URL', parameters: { imageSource: 'url', imageUrl: 'photo.jpg' }, message: /^Image URL: "photo.jpg" is not a URL/, fix: /full http\(s\) address/ },
	{ name: 'an image URL that is not http(s)', parameters: { imageSource: 'url', imageUrl: 'ftp://example.com/a.jpg' }, message: /^Image URL: "ftp:\/\/example.com\/a.jpg" is not an http\(s\) address/, fix: /full http\(s\) address/ },
	{ name: 'an empty image URL', parameters: { imageSource: 'url', imageUrl: () => '' }, message: /^Image URL: is empty/, fix: /full http\(s\) address/ },
	{ name: 'a binary mask of another size than the image from a URL', items: hosting('wide.jpg', () => makeImage(120, 60, 'jpeg'), 'image/jpeg'), parameters: { imageSource: 'url', imageUrl: () => `${server().url}/files/wide.jpg` }, message: /^Mask Binary Field: the mask is 64×64 pixels but the image is 120×60/, fix: /Resize the mask to 120×60/ },

	// Mask Source: Rectangles
	{ name: 'empty regions', parameters: { maskSource: 'rectangles', regions: '' }, message: /^Regions: is empty/, fix: /left, top, width, height/ },
	{ name: 'a rectangle without area', parameters: { maskSource: 'rectangles', regions: '10, 10, 0, 5' }, message: /^Regions: rectangle 1 has no area/, fix: /left, top, width, height/ },
	{ name: 'a hundred and one rectangles', parameters: { maskSource: 'rectangles', regions: Array(101).fill('1, 1, 2, 2').join('; ') }, message: /^Regions: has 101 rectangles, more than 100 \[item 0\]$/, fix: /at most 100 rectangles/ },
	{ name: 'a rectangle of three numbers', parameters: { maskSource: 'rectangles', regions: '1, 2, 3' }, message: /^Regions: rectangle 1 is not four numbers/, fix: /left, top, width, height/ },
	{ name: 'a rectangle starting left of the image', parameters: { maskSource: 'rectangles', regions: '10,10,10,10; -5, 0, 10, 10' }, message: /^Regions: rectangle 2 starts outside the image/, fix: /left, top, width, height/ },
	{ name: 'a rectangle outside the image', parameters: { maskSource: 'rectangles', regions: '500, 10, 20, 20' }, message: /^Regions: rectangle 1 \(500, 10, 20, 20 pixels\) lies outside the 64×64 image/, fix: /image size/ },
	{ name: 'regions that are broken JSON', parameters: { maskSource: 'rectangles', regions: '[{"left":1}' }, message: /^Regions: is not valid JSON/, fix: /left, top, width, height/ },
	{ name: 'a rectangle over 100 percent', parameters: { maskSource: 'rectangles', regionUnit: 'percent', regions: '0, 0, 120, 10' }, message: /^Regions: rectangle 1 is not within 0 to 100 percent/, fix: /In percent/ },

	// Invert Mask
	{ name: 'White = Edit on a JPEG mask', items: async () => withMask(await sharp(await makeMask(64, 64)).jpeg().toBuffer(), 'mask.jpg', 'image/jpeg'), parameters: { options: { maskConvention: 'white' } }, message: /^Mask Convention: White = Edit works on PNG masks, and this mask is JPEG \[item 0\]$/, fix: /Save the mask as PNG first/ },
	{
		name: 'a JPEG mask drawn on a phone photo stored sideways (EXIF Orientation 6), as viewers show it: only PNG masks are turned',
		items: async () => phoneWithMask(file(await sharp(await makeMask(60, 80)).jpeg().toBuffer(), 'upright.jpg', 'image/jpeg')),
		message: /^Mask Binary Field: the mask is a JPEG of 60×80 pixels, taken as drawn on the photo as viewers show it \(turned by its EXIF Orientation 6\), and only a PNG mask can be turned to the photo's stored 80×60 \[item 0\]$/,
		fix: /Save the mask as PNG .*As the Photo Is Stored.*Do not resize/,
	},
	{
		name: 'a mask of the stored size with Mask Orientation As Viewers Show the Photo',
		items: async () => phoneWithMask(file(await makeMask(80, 60), 'stored.png', 'image/png')),
		parameters: { options: { maskOrientation: 'shown' } },
		message: /^Mask Binary Field: the mask is 80×60 pixels but the photo as viewers show it \(turned by its EXIF Orientation 6\) is 60×80 \[item 0\]$/,
		fix: /stored size: if it was made on the stored pixels, set Mask Orientation to Auto or As the Photo Is Stored/,
	},
	{
		name: 'a mask of the shown size with Mask Orientation As the Photo Is Stored',
		items: async () => phoneWithMask(file(await makeMask(60, 80), 'upright.png', 'image/png')),
		parameters: { options: { maskOrientation: 'stored' } },
		message: /^Mask Binary Field: the mask is 60×80 pixels, the photo as viewers show it \(turned by its EXIF Orientation 6\), but Mask Orientation is As the Photo Is Stored \(80×60\) \[item 0\]$/,
		fix: /Set Mask Orientation to Auto/,
	},
	{ name: 'a maskOrientation no one knows', parameters: { options: { maskOrientation: 'upright' } }, message: /^Mask Orientation: "upright" is not one of auto, stored, shown \[item 0\]$/, fix: /Pick one of the listed values/ },
	{ name: 'a neutral packshot given as the mask', items: async () => withMask(await sharp(Buffer.from('<svg xmlns="http://www.w3.org/2000/svg" width="64" height="64"><defs><radialGradient id="g"><stop offset="0" stop-color="#ccc"/><stop offset="1" stop-color="#444"/></radialGradient></defs><rect width="100%" height="100%" fill="#fff"/><ellipse cx="32" cy="34" rx="20" ry="24" fill="url(#g)"/></svg>')).png().toBuffer(), 'packshot.png', 'image/png'), message: /^Mask Binary Field: the mask is mostly gray \(\d+% of its marked area is neither black nor white\), as a photo is, not a black-and-white mask \[item 0\]$/, fix: /not swapped/ },
	{ name: 'an all-black mask', items: async () => withMask(await sharp({ create: { width: 64, height: 64, channels: 3, background: '#000' } }).png().toBuffer(), 'black.png', 'image/png'), message: /^Mask Binary Field: the mask marks the whole image in Mask Convention Black = Edit: nothing of the photo would be kept \[item 0\]$/, fix: /White = Edit/ },
	{ name: 'a maskConvention no one knows', parameters: { options: { maskConvention: 'sideways' } }, message: /^Mask Convention: "sideways" is not one of black, transparent, white \[item 0\]$/, fix: /Pick one of the listed values/ },

	// Remix, Reframe, Upscale and Describe
	{ name: 'Remix: a resolution outside the 3.0 list, from an expression', parameters: { operation: 'remix', resolution: () => '1000x1000' }, message: /^Resolution: "1000x1000" is not one of Ideogram 3\.0's resolutions \[item 0\]$/, fix: /1312x736/ },
	{ name: 'Remix: an aspect ratio outside the list', parameters: { operation: 'remix', aspectRatio: () => '7x5' }, message: /^Aspect Ratio: "7x5" is not one of Ideogram 3\.0's aspect ratios/, fix: /16x9/ },
	{ name: 'Remix: both a resolution and an aspect ratio', parameters: { operation: 'remix', resolution: '1024x1024', aspectRatio: '16x9' }, message: /^Resolution: 1024x1024 cannot be given together with Aspect Ratio 16x9 \[item 0\]$/, fix: /clear one of them/ },
	{ name: 'Remix: Image Weight 0', parameters: { operation: 'remix', imageWeight: 0 }, message: /^Image Weight: 0 is out of range \(1 to 100\)/, fix: /1 to 100/ },
	{ name: 'Remix: Image Weight 101', parameters: { operation: 'remix', imageWeight: 101 }, message: /^Image Weight: 101 is out of range/, fix: /1 to 100/ },
	{ name: 'Remix: an empty prompt', parameters: { operation: 'remix', prompt: ' ' }, message: /^Prompt: is empty \[item 0\]$/, fix: /Describe the new image/ },
	{ name: 'Remix: a negative prompt that is not text', parameters: { operation: 'remix', negativePrompt: () => ({ no: 'text' }) }, message: /^Negative Prompt: an object is not text/, fix: /leave out/ },
	{ name: 'Remix: style codes with Style Type Realistic', parameters: { operation: 'remix', styleCodes: 'AB12CD34', styleTypeV3: 'REALISTIC' }, message: /^Style Codes: cannot be used together with Style Type REALISTIC/, fix: /Style Type to Auto/ },
	{ name: 'Reframe: an empty target list', parameters: { operation: 'reframe', targets: ' , ' }, message: /^Target Shapes: is empty \[item 0\]$/, fix: /aspect ratios/ },
	{ name: 'Reframe: a repeated target', parameters: { operation: 'reframe', targets: '16x9, 1x1, 16:9' }, message: /^Target Shapes: names 16x9 twice \[item 0\]$/, fix: /each target once/ },
	{ name: 'Reframe: an aspect ratio and the resolution it is made at', parameters: { operation: 'reframe', targets: '16x9, 1312x736' }, message: /^Target Shapes: names 16x9 and 1312x736, which are the same resolution \(1312x736\)/, fix: /each target once/ },
	{ name: 'Reframe: a target that is no 3.0 shape, from an expression', parameters: { operation: 'reframe', targets: () => '1x1, 1920x1080' }, message: /^Target Shapes: "1920x1080" is neither one of Ideogram 3\.0's aspect ratios nor one of its resolutions/, fix: /1312x736/ },
	{ name: 'Reframe: eleven targets', parameters: { operation: 'reframe', targets: '1x3, 3x1, 1x2, 2x1, 9x16, 16x9, 10x16, 16x10, 2x3, 3x2, 3x4' }, message: /^Target Shapes: has 11 targets, more than 10/, fix: /at most 10/ },
	{ name: 'Reframe: a target list that is not text', parameters: { operation: 'reframe', targets: () => 42 }, message: /^Target Shapes: 42 is not text/, fix: /aspect ratios/ },
	{ name: 'Upscale: Resemblance 0', parameters: { operation: 'upscale', resemblance: 0 }, message: /^Resemblance: 0 is out of range \(1 to 100\)/, fix: /1 to 100/ },
	{ name: 'Upscale: Detail 101', parameters: { operation: 'upscale', detail: 101 }, message: /^Detail: 101 is out of range/, fix: /1 to 100/ },
	{ name: 'Upscale: Detail "lots"', parameters: { operation: 'upscale', detail: () => 'lots' }, message: /^Detail: "lots" is not a whole number/, fix: /1 to 100/ },
	{ name: 'Upscale: a prompt that is not text', parameters: { operation: 'upscale', prompt: () => ['a', 'list'] }, message: /^Prompt: a list is not text/, fix: /leave Prompt empty/ },
	{ name: 'Describe: a model version that does not exist', parameters: { operation: 'describe', describeModelVersion: () => 'V_9' }, message: /^Describe Model Version: "V_9" is not one of V_3, V_2 \[item 0\]$/, fix: /V_3, V_2/ },
	{ name: 'Describe: a GIF as the photo', parameters: { operation: 'describe' }, items: () => withImage(GIF, 'a.gif', 'image/gif'), message: /it is a GIF image \[item 0\]$/, fix: /Edit Image node/ },
	{ name: 'Upscale: a photo over 10 MB', parameters: { operation: 'upscale' }, items: async () => [{ binary: { data: big(11) } }], message: /^Image Binary Field: the file in binary field "data" (is 11\.0 MB, over|is more than) the 10 MB the API accepts/, fix: /smaller/ },
	{ name: 'an unknown operation (a workflow edited by hand)', parameters: { operation: 'paint' }, message: /^Operation: "paint" is not one of editWithMask, replaceBackground, remix, reframe, upscale, describe/, fix: /Pick one/ },
];

describe('bad inputs: a clear error, and no request sent', () => {
	it.each(cases.map((c) => [c.name, c] as const))('%s', async (_name, c) => {
		const items = c.items ? await c.items() : [await photoItem(64, 64)];
		const error = await failure(
			run(server(), {
				items,
				parameters: c.parameters,
				credentials: c.baseUrl === undefined ? undefined : { apiKey: server().apiKey, baseUrl: c.baseUrl },
			}),
		);
		expect(error.message).toMatch(c.message);
		expect(error.description).toMatch(c.fix);
		expect(error.constructor.name).toBe('NodeOperationError');
		expect(server().requests).toHaveLength(0);
		expect(everyText(error)).not.toContain(server().apiKey);
	});

	it('a bad item among good ones stops the run before any of them is sent', async () => {
		const items = [await photoItem(64, 64), await photoItem(64, 64), ...(await withMask(await makeMask(64, 63)))];
		const error = await failure(run(server(), { items }));
		expect(error.message).toMatch(/\[item 2\]$/);
		expect(server().requests).toHaveLength(0);
	});

	it('a PNG whose MIME type claims JPEG is fine, and is sent as the PNG it is', async () => {
		const png = await makeImage(64, 64, 'png');
		const result = await run(server(), { items: await withImage(png, 'photo.jpg', 'image/jpeg') });
		expect(result.items).toHaveLength(1);
		expect(server().editRequests[0].fields.image_file).toMatchObject({ fileName: 'photo.jpg', mimeType: 'image/png', format: 'png' });
	});

	it.each([
		['JPEG', 'jpeg'],
		['WEBP (lossless)', 'webp-lossless'],
		['WEBP (with alpha)', 'webp-alpha'],
	] as const)('a %s image is accepted by the node and by the server', async (_name, format) => {
		const result = await run(server(), { items: await withImage(await makeImage(64, 64, format), 'photo', 'application/octet-stream') });
		expect(result.items).toHaveLength(1);
	});

	it('a palette PNG mask in black and white is accepted', async () => {
		const mask = await sharp(await makeMask(64, 64)).png({ palette: true, colors: 2 }).toBuffer();
		const result = await run(server(), { items: await withMask(mask) });
		expect(result.items).toHaveLength(1);
	});

	afterAll(() => recordFigures('bad-inputs', { badInputsTried: cases.length + 1, requestsSentForThem: 0 }));
});
