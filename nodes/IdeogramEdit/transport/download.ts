import type { IExecuteFunctions } from 'n8n-workflow';

import { MAX_DOWNLOAD_BYTES } from '../constants';
import { probeImage, type ImageInfo } from '../helpers/imageInfo';
import type { FullResponse } from './cometApi';

export type DownloadResult = { data: Buffer; info: ImageInfo } | { error: string };

/** Reads a response body up to the cap, and stops reading (and drops the connection) past it. */
async function readCapped(body: unknown): Promise<Buffer | 'too large'> {
	if (Buffer.isBuffer(body)) return body.length > MAX_DOWNLOAD_BYTES ? 'too large' : body;
	if (body instanceof ArrayBuffer) return readCapped(Buffer.from(body));
	if (typeof body === 'string') return readCapped(Buffer.from(body));
	const stream = body as AsyncIterable<Uint8Array> & { destroy?: () => void };
	const chunks: Buffer[] = [];
	let size = 0;
	for await (const chunk of stream) {
		size += chunk.length;
		if (size > MAX_DOWNLOAD_BYTES) {
			stream.destroy?.();
			return 'too large';
		}
		chunks.push(Buffer.from(chunk));
	}
	return Buffer.concat(chunks);
}

async function downloadOnce(ctx: IExecuteFunctions, url: string, timeoutMs: number): Promise<DownloadResult> {
	let response: FullResponse;
	let data: Buffer | 'too large';
	try {
		// Without authentication on purpose: result URLs are on the image host, which must not
		// receive the CometAPI key.
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
			return response.statusCode === 404 || response.statusCode === 410
				? { error: `HTTP ${response.statusCode}: the image link has expired or does not exist` }
				: { error: `HTTP ${response.statusCode} from the image host` };
		}
		data = await readCapped(response.body);
	} catch {
		return { error: 'the download failed without an answer (dropped connection or timeout)' };
	}
	if (data === 'too large') {
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
