/** The credential's Base URL, checked before anything is sent to it. */
import { refuse, valid, type Checked } from '../checked';
import { describe } from './values';

export function checkBaseUrl(value: unknown): Checked<string> {
	const fix = "Open the Comet API credential and set Base URL to https://api.cometapi.com (or your gateway's http(s) address).";
	if (typeof value !== 'string' || value.trim() === '') return refuse('Base URL (credential)', 'is empty', fix);
	let url: URL;
	try {
		url = new URL(value.trim());
	} catch {
		return refuse('Base URL (credential)', `${describe(value)} is not a URL`, fix);
	}
	if (url.protocol !== 'http:' && url.protocol !== 'https:') {
		return refuse('Base URL (credential)', `${describe(value)} is not an http(s) address`, fix);
	}
	return valid(value.trim().replace(/\/+$/, ''));
}
