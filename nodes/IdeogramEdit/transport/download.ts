import type { IExecuteFunctions } from 'n8n-workflow';

import { MAX_DOWNLOAD_BYTES, MAX_SOURCE_DOWNLOAD_BYTES } from '../constants';
import { probeImage, type ImageInfo } from '../helpers/imageInfo';
import type { FullResponse } from './cometApi';
import type { Deadline } from './deadline';
import { networkFailure } from './failure';
import { discardBody, readCapped } from './responseBody';

type DownloadResult = { data: Buffer; info: ImageInfo } | { error: string };

/**
 * `permanent`: trying again would get the same answer (a 4xx, a file over the cap, no time left).
 * `detail`: the HTTP client's own words, kept out of `error`, which may become an error message.
 */
type Fetched = { data: Buffer } | { error: string; permanent?: boolean; detail?: string };

function outOfTime(deadline: Deadline): Fetched | undefined {
	if (deadline.stopped) return { error: 'the execution was stopped before the download finished', permanent: true };
	if (deadline.expired) return { error: 'the Timeout ran out before the download finished', permanent: true };
	return undefined;
}

/** One GET of an image without authentication, read up to `cap` bytes and within the deadline. */
async function fetchCapped(ctx: IExecuteFunctions, url: string, deadline: Deadline, cap: number): Promise<Fetched> {
	const late = outOfTime(deadline);
	if (late) return late;
	let data: Buffer | 'too large';
	try {
		// Without authentication on purpose: images live on other hosts, which must not receive
		// the CometAPI key.
		const response = await deadline.within(
			ctx.helpers.httpRequest({
				method: 'GET',
				url,
				encoding: 'stream',
				returnFullResponse: true,
				ignoreHttpStatusErrors: true,
				abortSignal: deadline.signal(),
				// A second past the deadline, so that the deadline's own signal ends it first.
				timeout: Math.max(1, deadline.remaining) + 1000,
			}) as Promise<FullResponse>,
			(response) => discardBody(response.body),
		);
		if (response.statusCode < 200 || response.statusCode >= 300) {
			discardBody(response.body);
			const permanent = response.statusCode >= 400 && response.statusCode < 500 && ![408, 429].includes(response.statusCode);
			return response.statusCode === 404 || response.statusCode === 410
				? { error: `HTTP ${response.statusCode}: the image link has expired or does not exist`, permanent }
				: { error: `HTTP ${response.statusCode} from the image host`, permanent };
		}
		data = await readCapped(response.body, cap, deadline.signal());
	} catch (error) {
		const failure = networkFailure(error);
		return outOfTime(deadline) ?? { error: `the download failed: ${failure.reason}`, permanent: !failure.transient, detail: failure.detail };
	}
	if (data === 'too large') {
		return { error: `the image is larger than ${Math.floor(cap / 1024 / 1024)} MB`, permanent: true };
	}
	return { data };
}

/** Fetches once, and once more after a passing failure while time is left. */
async function fetchWithRetry(ctx: IExecuteFunctions, url: string, deadline: Deadline, cap: number) {
	const first = await fetchCapped(ctx, url, deadline, cap);
	if (!('error' in first) || first.permanent) return { fetched: first, attempts: 1 };
	return { fetched: await fetchCapped(ctx, url, deadline, cap), attempts: 2 };
}

/** Fetches a result image within the item's deadline; a failure is reported, never thrown. */
export async function downloadResultImage(
	ctx: IExecuteFunctions,
	url: string,
	deadline: Deadline,
): Promise<DownloadResult & { attempts: number }> {
	if (!/^https?:\/\//i.test(url)) return { error: 'the result URL is not an http(s) link', attempts: 0 };
	const { fetched, attempts } = await fetchWithRetry(ctx, url, deadline, MAX_DOWNLOAD_BYTES);
	if ('error' in fetched) return { error: fetched.error, attempts };
	const probe = probeImage(fetched.data);
	if (!probe.ok) return { error: `the download is not a JPEG, PNG or WEBP image: ${probe.reason}`, attempts };
	return { data: fetched.data, info: probe.info, attempts };
}

/**
 * Fetches the image to edit from a URL (once more after a passing failure), up to just over the
 * API's 10 MB; the caller checks the bytes as it checks binary input.
 */
export async function downloadSourceImage(
	ctx: IExecuteFunctions,
	url: string,
	deadline: Deadline,
): Promise<{ data: Buffer; fileName: string } | { error: string; detail?: string }> {
	const { fetched } = await fetchWithRetry(ctx, url, deadline, MAX_SOURCE_DOWNLOAD_BYTES);
	if ('error' in fetched) return { error: fetched.error, detail: fetched.detail };
	let last = '';
	try {
		last = decodeURIComponent(new URL(url).pathname.split('/').pop() ?? '').split(/[/\\]/).pop() ?? '';
	} catch {
		// a malformed escape: no file name from the URL
	}
	return { data: fetched.data, fileName: /^[\w\-. ]{1,100}$/.test(last) ? last : '' };
}
