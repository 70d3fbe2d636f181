import type { IExecuteFunctions } from 'n8n-workflow';

import { MAX_DOWNLOAD_BYTES, MAX_SOURCE_DOWNLOAD_BYTES } from '../constants';
import { probeImage, type ImageInfo } from '../helpers/imageInfo';
import type { FullResponse } from './cometApi';

export type DownloadResult = { data: Buffer; info: ImageInfo } | { error: string };

/** Reads a response body up to the cap, and stops reading (and drops the connection) past it. */
async function readCapped(body: unknown, cap: number): Promise<Buffer | 'too large'> {
	if (Buffer.isBuffer(body)) return body.length > cap ? 'too large' : body;
	if (body instanceof ArrayBuffer) return readCapped(Buffer.from(body), cap);
	if (typeof body === 'string') return readCapped(Buffer.from(body), cap);
	const stream = body as AsyncIterable<Uint8Array> & { destroy?: () => void };
	const chunks: Buffer[] = [];
	let size = 0;
	for await (const chunk of stream) {
		size += chunk.length;
		if (size > cap) {
			stream.destroy?.();
			return 'too large';
		}
		chunks.push(Buffer.from(chunk));
	}
	return Buffer.concat(chunks);
}

/** `permanent`: trying again would get the same answer (a 4xx, a file over the cap). */
type Fetched = { data: Buffer } | { error: string; permanent?: boolean };

/** One GET of an image without authentication, read up to `cap` bytes. */
async function fetchCapped(ctx: IExecuteFunctions, url: string, timeoutMs: number, cap: number): Promise<Fetched> {
	let response: FullResponse;
	let data: Buffer | 'too large';
	try {
		// Without authentication on purpose: images live on other hosts, which must not receive
		// the CometAPI key.
		response = (await ctx.helpers.httpRequest({
			method: 'GET',
			url,
			encoding: 'stream',
			returnFullResponse: true,
			ignoreHttpStatusErrors: true,
			timeout: timeoutMs,
		})) as FullResponse;
		if (response.statusCode < 200 || response.statusCode >= 300) {
			(response.body as { destroy?: () => void })?.destroy?.();
			const permanent = response.statusCode >= 400 && response.statusCode < 500 && ![408, 429].includes(response.statusCode);
			return response.statusCode === 404 || response.statusCode === 410
				? { error: `HTTP ${response.statusCode}: the image link has expired or does not exist`, permanent }
				: { error: `HTTP ${response.statusCode} from the image host`, permanent };
		}
		data = await readCapped(response.body, cap);
	} catch {
		return { error: 'the download failed without an answer (dropped connection or timeout)' };
	}
	if (data === 'too large') {
		return { error: `the image is larger than ${Math.floor(cap / 1024 / 1024)} MB`, permanent: true };
	}
	return { data };
}

async function downloadOnce(ctx: IExecuteFunctions, url: string, timeoutMs: number): Promise<DownloadResult> {
	const fetched = await fetchCapped(ctx, url, timeoutMs, MAX_DOWNLOAD_BYTES);
	if ('error' in fetched) return { error: fetched.error };
	const { data } = fetched;
	const probe = probeImage(data);
	if (!probe.ok) return { error: `the download is not a JPEG, PNG or WEBP image: ${probe.reason}` };
	return { data, info: probe.info };
}

/** Fetches a result image, once more if the first try fails; a failure is reported, never thrown. */
export async function downloadResultImage(
	ctx: IExecuteFunctions,
	url: string,
	timeoutMs: number,
): Promise<DownloadResult & { attempts: number }> {
	if (!/^https?:\/\//i.test(url)) return { error: 'the result URL is not an http(s) link', attempts: 0 };
	const first = await downloadOnce(ctx, url, timeoutMs);
	if (!('error' in first)) return { ...first, attempts: 1 };
	const second = await downloadOnce(ctx, url, timeoutMs);
	return { ...second, attempts: 2 };
}

/**
 * Fetches the image to edit from a URL (once more after a passing failure), up to just over the
 * API's 10 MB; the caller checks the bytes as it checks binary input.
 */
export async function downloadSourceImage(
	ctx: IExecuteFunctions,
	url: string,
	timeoutMs: number,
): Promise<{ data: Buffer; fileName: string } | { error: string }> {
	let fetched = await fetchCapped(ctx, url, timeoutMs, MAX_SOURCE_DOWNLOAD_BYTES);
	if ('error' in fetched && !fetched.permanent) {
		fetched = await fetchCapped(ctx, url, timeoutMs, MAX_SOURCE_DOWNLOAD_BYTES);
	}
	if ('error' in fetched) return { error: fetched.error };
	let last = '';
	try {
		last = decodeURIComponent(new URL(url).pathname.split('/').pop() ?? '').split(/[/\\]/).pop() ?? '';
	} catch {
		// a malformed escape: no file name from the URL
	}
	return { data: fetched.data, fileName: /^[\w\-. ]{1,100}$/.test(last) ? last : '' };
}
