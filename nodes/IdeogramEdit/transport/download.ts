import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import { MAX_DOWNLOAD_BYTES } from '../constants';
import { probeImage, type ImageInfo } from '../helpers/imageInfo';

export type DownloadResult = { data: Buffer; info: ImageInfo } | { error: string };

interface FullResponse {
	statusCode: number;
	headers: IDataObject;
	body: unknown;
}

async function downloadOnce(ctx: IExecuteFunctions, url: string, timeoutMs: number): Promise<DownloadResult> {
	let response: FullResponse;
	try {
		// Without authentication on purpose: result URLs are on the image host, which must not
		// receive the CometAPI key.
		response = (await ctx.helpers.httpRequest({
			method: 'GET',
			url,
			encoding: 'arraybuffer',
			returnFullResponse: true,
			ignoreHttpStatusErrors: true,
			timeout: timeoutMs,
		})) as FullResponse;
	} catch {
		return { error: 'the download failed without an answer (dropped connection or timeout)' };
	}
	if (response.statusCode === 404 || response.statusCode === 410) {
		return { error: `HTTP ${response.statusCode}: the image link has expired or does not exist` };
	}
	if (response.statusCode < 200 || response.statusCode >= 300) {
		return { error: `HTTP ${response.statusCode} from the image host` };
	}
	const body = response.body;
	const data = Buffer.isBuffer(body)
		? body
		: body instanceof ArrayBuffer
			? Buffer.from(body)
			: Buffer.from(typeof body === 'string' ? body : JSON.stringify(body ?? ''));
	if (data.length > MAX_DOWNLOAD_BYTES) {
		return { error: `the image is larger than ${MAX_DOWNLOAD_BYTES / 1024 / 1024} MB` };
	}
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
