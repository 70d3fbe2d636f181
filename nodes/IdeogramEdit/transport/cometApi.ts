import type { IDataObject, IExecuteFunctions, IHttpRequestOptions, JsonObject } from 'n8n-workflow';
import { NodeApiError, sleep } from 'n8n-workflow';

import { CREDENTIAL_NAME, DEFAULT_ENDPOINT_PATH, FALLBACK_ENDPOINT_PATH } from '../constants';
import { apiErrorMessage, isRetryableStatus, statusAdvice } from './apiError';
import { parseRetryAfter, retryDelayMs } from './backoff';
import type { InFlightLimiter } from './inFlightLimiter';

export interface SendEditOptions {
	baseUrl: string;
	endpointPath: string;
	maxRetries: number;
	timeoutMs: number;
	/** Images this request asks for: its weight against the in-flight bound. */
	numImages: number;
	itemIndex: number;
	/** A fresh body for each attempt, built once the attempt has its place in flight. */
	buildForm: () => Promise<FormData>;
	limiter: InFlightLimiter;
	/** True once the run is failing: requests not yet started are then not sent at all. */
	stopped: () => boolean;
}

export interface SendEditResult {
	body: unknown;
	attempts: number;
}

/** What n8n's HTTP helpers return with `returnFullResponse`. */
export interface FullResponse {
	statusCode: number;
	headers: IDataObject;
	body: unknown;
}

type AttemptOutcome =
	| { kind: 'response'; status: number; headers: IDataObject; json: unknown; text: string; isJson: boolean }
	| { kind: 'network'; reason: string };

/**
 * The path that answered for a base URL when the configured one was 404, so that the next items
 * and runs go there directly. Only a shortcut: losing it costs one unbilled 404.
 */
const workingPaths = new Map<string, string>();

/** The body as JSON when it is JSON; n8n may hand it over as bytes, text or already parsed. */
function readBody(body: unknown): { json: unknown; text: string; isJson: boolean } {
	if (body !== null && typeof body === 'object' && !Buffer.isBuffer(body) && !(body instanceof ArrayBuffer)) {
		return { json: body, text: JSON.stringify(body), isJson: true };
	}
	const text =
		Buffer.isBuffer(body) || body instanceof ArrayBuffer
			? Buffer.from(body as Buffer).toString('utf8')
			: typeof body === 'string'
				? body
				: '';
	try {
		return { json: JSON.parse(text), text, isJson: true };
	} catch {
		return { json: undefined, text, isJson: false };
	}
}

/** A short, key-free account of a request that got no answer. */
function networkReason(error: unknown): string {
	const e = error as { code?: unknown; message?: unknown; cause?: { code?: unknown } };
	const code = typeof e?.code === 'string' ? e.code : typeof e?.cause?.code === 'string' ? e.cause.code : '';
	if (code === 'ECONNABORTED' || code === 'ETIMEDOUT' || /timeout/i.test(String(e?.message))) {
		return 'the request timed out before the API answered';
	}
	if (code === 'ECONNREFUSED') return 'the connection was refused (is the Base URL right?)';
	if (code === 'ENOTFOUND' || code === 'EAI_AGAIN') return 'the host name of the Base URL could not be resolved';
	if (code === 'ECONNRESET' || /socket hang up|closed/i.test(String(e?.message))) {
		return 'the connection was dropped before the API answered';
	}
	return `the request failed without an answer${code ? ` (${code})` : ''}`;
}

async function attempt(
	ctx: IExecuteFunctions,
	url: string,
	form: FormData,
	timeoutMs: number,
): Promise<AttemptOutcome> {
	const request: IHttpRequestOptions = {
		method: 'POST',
		url,
		// The platform FormData: n8n's HTTP client writes the boundary and each part's name and type.
		body: form,
		returnFullResponse: true,
		ignoreHttpStatusErrors: true,
		encoding: 'arraybuffer',
		timeout: timeoutMs,
	};
	let response: FullResponse;
	try {
		response = (await ctx.helpers.httpRequestWithAuthentication.call(
			ctx,
			CREDENTIAL_NAME,
			request,
		)) as FullResponse;
	} catch (error) {
		return { kind: 'network', reason: networkReason(error) };
	}
	return { kind: 'response', status: response.statusCode, headers: response.headers ?? {}, ...readBody(response.body) };
}

function looksLikeHtml(text: string): boolean {
	return /^\s*</.test(text);
}

function apiError(
	ctx: IExecuteFunctions,
	itemIndex: number,
	status: number,
	outcome: { json: unknown; text: string; isJson: boolean },
	attempts: number,
) {
	const own = outcome.isJson ? apiErrorMessage(outcome.json) : undefined;
	const what = own ?? (looksLikeHtml(outcome.text) ? 'the API answered with an HTML page, not JSON' : `HTTP ${status}`);
	const tries = attempts > 1 ? `, after ${attempts} attempts` : '';
	let description = statusAdvice(status);
	if (!outcome.isJson && !isRetryableStatus(status)) {
		description = 'The answer was not JSON, which usually means the Base URL of the credential or the Endpoint Path option points at a web page, not at the API. ' + description;
	}
	return new NodeApiError(ctx.getNode(), { message: what, httpCode: String(status) } as JsonObject, {
		message: `${what} (HTTP ${status}${tries}) [item ${itemIndex}]`,
		description,
		httpCode: String(status),
		itemIndex,
	});
}

function noAnswerError(ctx: IExecuteFunctions, itemIndex: number, reason: string, attempts: number) {
	return new NodeApiError(ctx.getNode(), { message: reason } as JsonObject, {
		message: `The Ideogram edit did not complete: ${reason}${attempts > 1 ? ` (after ${attempts} attempts)` : ''} [item ${itemIndex}]`,
		description:
			'Nothing came back from the API in time. Check that the Base URL of the credential is reachable, or raise the Timeout or Max Retries options.',
		itemIndex,
	});
}

/**
 * Sends one edit request: retries what may pass (429, 5xx, a dropped connection) with backoff
 * and never past the item's timeout, falls back once from /edit to /ideogram/edit on 404, and
 * turns every other failure into a NodeApiError that carries the API's own message.
 */
export async function sendEdit(
	ctx: IExecuteFunctions,
	o: SendEditOptions,
): Promise<SendEditResult | 'stopped'> {
	const canFallBack = o.endpointPath === DEFAULT_ENDPOINT_PATH;
	let path = (canFallBack && workingPaths.get(o.baseUrl)) || o.endpointPath;
	let fellBack = path !== o.endpointPath;
	let attempts = 0;
	let retries = 0;
	let deadline = Infinity;

	for (;;) {
		const slot = await o.limiter.acquire(o.numImages);
		let outcome: AttemptOutcome;
		try {
			if (o.stopped()) return 'stopped';
			// The item's time starts when it first gets its turn, not while it queues behind others.
			if (deadline === Infinity) deadline = Date.now() + o.timeoutMs;
			const remaining = deadline - Date.now();
			if (remaining <= 0) {
				throw noAnswerError(ctx, o.itemIndex, 'the Timeout ran out', attempts);
			}
			const form = await o.buildForm();
			attempts++;
			outcome = await attempt(ctx, `${o.baseUrl}${path}`, form, remaining);
		} finally {
			slot.release();
		}

		if (outcome.kind === 'response' && outcome.status >= 200 && outcome.status < 300) {
			if (!outcome.isJson) throw apiError(ctx, o.itemIndex, outcome.status, outcome, attempts);
			o.limiter.succeeded(o.numImages);
			if (fellBack) workingPaths.set(o.baseUrl, path);
			return { body: outcome.json, attempts };
		}

		if (outcome.kind === 'response' && outcome.status === 404 && canFallBack && !fellBack) {
			// A 404 is not billed: try the path that gateways of CometAPI's family use.
			path = FALLBACK_ENDPOINT_PATH;
			fellBack = true;
			continue;
		}

		const retryable = outcome.kind === 'network' || isRetryableStatus(outcome.status);
		const fail = () =>
			outcome.kind === 'network'
				? noAnswerError(ctx, o.itemIndex, outcome.reason, attempts)
				: apiError(ctx, o.itemIndex, outcome.status, outcome, attempts);
		if (!retryable || retries >= o.maxRetries) throw fail();

		retries++;
		let retryAfter: number | undefined;
		if (outcome.kind === 'response') {
			if (outcome.status === 429) o.limiter.throttled(slot);
			retryAfter = parseRetryAfter(outcome.headers['retry-after'], Date.now());
		}
		const delay = retryDelayMs(retries, retryAfter, Math.random());
		if (Date.now() + delay >= deadline) throw fail();
		await sleep(delay);
	}
}
