/** The address of an image (the photo, or a reference). Pure, so that every rule can be tested without n8n. */
import { refuse, valid, type Checked } from '../checked';

export function checkImageUrl(value: unknown, parameter = 'Image URL'): Checked<string> {
	const fix = 'Give the full http(s) address of a JPEG, PNG or WEBP image, for example https://example.com/photo.jpg.';
	if (typeof value !== 'string' || value.trim() === '') {
		return refuse(parameter, typeof value === 'string' ? 'is empty' : 'is not text', fix);
	}
	let url: URL;
	try {
		url = new URL(value.trim());
	} catch {
		return refuse(parameter, `"${value.trim().slice(0, 80)}" is not a URL`, fix);
	}
	if (url.protocol !== 'http:' && url.protocol !== 'https:') {
		return refuse(parameter, `"${value.trim().slice(0, 80)}" is not an http(s) address`, fix);
	}
	return valid(url.href);
}
