/**
 * Ideogram 3.0's reference images, as given in the parameters: each is a binary field of the item
 * or an image URL. Pure, so that every rule can be tested without n8n.
 */
import { refuse, valid, type Checked } from '../checked';
import { checkImageUrl } from './imageUrl';

export type ReferenceSpec = { kind: 'binary'; field: string } | { kind: 'url'; url: string };

/**
 * "style, https://example.com/look.jpg": binary field names and URLs, separated by commas,
 * semicolons or lines (or a list, from an expression). Empty means none.
 */
export function parseReferences(parameter: string, value: unknown, max: number): Checked<ReferenceSpec[]> {
	if (value === undefined || value === null || (typeof value === 'string' && value.trim() === '')) return valid([]);
	const fix = `Give binary field names of the item (such as "style") or http(s) image addresses, separated by commas${max > 1 ? `, at most ${max}` : ''}.`;
	const entries = Array.isArray(value) ? value : typeof value === 'string' ? value.split(/[,;\n]+/) : undefined;
	if (!entries || entries.some((e) => typeof e !== 'string')) return refuse(parameter, 'is not text', fix);
	const names = (entries as string[]).map((e) => e.trim()).filter((e) => e !== '');
	if (names.length > max) {
		return refuse(parameter, `has ${names.length} images, more than the ${max} Ideogram takes`, fix);
	}
	const specs: ReferenceSpec[] = [];
	for (const name of names) {
		if (/^[a-z][a-z0-9+.-]*:\/\//i.test(name)) {
			const url = checkImageUrl(name, parameter);
			if ('problem' in url) return url;
			specs.push({ kind: 'url', url: url.value });
		} else if (/^[^\s/\\]+$/.test(name)) {
			specs.push({ kind: 'binary', field: name });
		} else {
			return refuse(parameter, `"${name.slice(0, 60)}" is neither a binary field name nor an http(s) address`, fix);
		}
	}
	return valid(specs);
}
