import type { IExecuteFunctions } from 'n8n-workflow';

import { MAX_DOWNLOAD_BYTES, MAX_SOURCE_DOWNLOAD_BYTES } from '../limits';
import { invalid, valid, type Checked } from '../checked';
import { probeImage, type ImageInfo } from '../images/sniff';
import type { FullResponse } from './cometApi';
import type { Deadline } from './deadline';
import { networkFailure } from './failure';
import { discardBody, readCapped } from './responseBody';

/**
 * Why a download failed. `permanent`: trying again would get the same answer (a 4xx, a file over
 * the cap, no time left). `detail`: the HTTP client's own words, kept out of `reason`, which may
 * become an error message.
 */
interface DownloadFailure {
	reason: string;
	permanent?: boolean;
	detail?: string;
	/** n8n's own advice, when n8n refused the download. */
	advice?: string;
}
type Fetched = Checked<Buffer, DownloadFailure>;

function failed(reason: string, permanent?: boolean, detail?: string, advice?: string): { problem: DownloadFailure } {
	return invalid({ reason, permanent, detail, ...(advice ? { advice } : {}) });
}

function outOfTime(deadline: Deadline): Fetched | undefined {
	if (deadline.stopped) return failed('the execution was stopped before the download finished', true);
	if (deadline.expired) return failed('the Timeout ran out before the download finished', true);
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
				? failed(`HTTP ${response.statusCode}: the image link has expired or does not exist`, permanent)
				: failed(`HTTP ${response.statusCode} from the image host`, permanent);
		}
		data = await readCapped(response.body, cap, deadline.signal());
	} catch (error) {
		const failure = networkFailure(error);
		return outOfTime(deadline) ?? failed(`the download failed: ${failure.reason}`, !failure.transient, failure.detail, failure.advice);
	}
	if (data === 'too large') {
		return failed(`the image is larger than ${Math.floor(cap / 1024 / 1024)} MB`, true);
	}
	return valid(data);
}

/** Fetches once, and once more after a passing failure while time is left. */
async function fetchWithRetry(ctx: IExecuteFunctions, url: string, deadline: Deadline, cap: number) {
	const first = await fetchCapped(ctx, url, deadline, cap);
	if (!('problem' in first) || first.problem.permanent) return { fetched: first, attempts: 1 };
	return { fetched: await fetchCapped(ctx, url, deadline, cap), attempts: 2 };
}

/** Fetches a result image within the item's deadline; a failure is reported, never thrown. */
export async function downloadResultImage(
	ctx: IExecuteFunctions,
	url: string,
	deadline: Deadline,
): Promise<Checked<{ data: Buffer; info: ImageInfo }, string> & { attempts: number }> {
	if (!/^https?:\/\//i.test(url)) return { ...invalid('the result URL is not an http(s) link'), attempts: 0 };
	const { fetched, attempts } = await fetchWithRetry(ctx, url, deadline, MAX_DOWNLOAD_BYTES);
	if ('problem' in fetched) return { ...invalid(fetched.problem.reason), attempts };
	const probe = probeImage(fetched.value);
	if ('problem' in probe) {
		const what = probe.problem.fault === 'cut off' ? 'the download is cut off' : 'the download is not a JPEG, PNG or WEBP image';
		return { ...invalid(`${what}: ${probe.problem.words}`), attempts };
	}
	return { ...valid({ data: fetched.value, info: probe.value }), attempts };
}

/**
 * Fetches the image to edit from a URL (once more after a passing failure), up to just over the
 * API's 10 MB; the caller checks the bytes as it checks binary input.
 */
export async function downloadSourceImage(
	ctx: IExecuteFunctions,
	url: string,
	deadline: Deadline,
): Promise<Checked<{ data: Buffer; fileName: string }, DownloadFailure>> {
	const { fetched } = await fetchWithRetry(ctx, url, deadline, MAX_SOURCE_DOWNLOAD_BYTES);
	if ('problem' in fetched) return fetched;
	let last = '';
	try {
		last = decodeURIComponent(new URL(url).pathname.split('/').pop() ?? '').split(/[/\\]/).pop() ?? '';
	} catch {
		// a malformed escape: no file name from the URL
	}
	return valid({ data: fetched.value, fileName: /^[\w\-. ]{1,100}$/.test(last) ? last : '' });
}
