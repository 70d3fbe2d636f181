/** What the API's error bodies say, and what a user should do about each status. */
import { isObject } from '../isObject';

/**
 * The API's own message: CometAPI's `{"error":{"message"}}`, Ideogram's `{"error":"..."}` or
 * `{"detail":"..."}` (FastAPI's `detail` may also be a list of `{msg}`), or a bare `message`.
 */
export function apiErrorMessage(body: unknown): string | undefined {
	if (typeof body === 'string') return body.trim() || undefined;
	if (!isObject(body)) return undefined;
	const { error, detail, message } = body;
	if (isObject(error) && typeof error.message === 'string') return error.message;
	if (typeof error === 'string') return error;
	if (typeof detail === 'string') return detail;
	if (Array.isArray(detail)) {
		const msgs = detail
			.map((d) => (isObject(d) && typeof d.msg === 'string' ? d.msg : typeof d === 'string' ? d : ''))
			.filter(Boolean);
		if (msgs.length) return msgs.join('; ');
	}
	if (typeof message === 'string') return message;
	return undefined;
}

/** What to tell the user to do about a status, shown as the error's description. */
export function statusAdvice(status: number): string {
	switch (status) {
		case 400:
			return 'The API refused the request as invalid. Check the prompt, the options and the image and mask files.';
		case 401:
			return 'The API key was not accepted. Check the API key in the Comet API credential (the "Test" button in the credential dialog checks it for free).';
		case 402:
			return 'Your CometAPI balance or daily limit is exhausted. Top up or raise the limit in the CometAPI dashboard, then run again.';
		case 403:
			return 'The API key is not allowed to use this model or endpoint. Check the key\'s permissions in the CometAPI dashboard.';
		case 404:
			return 'The endpoint was not found. Check the Base URL of the credential and the Endpoint Path option.';
		case 413:
			return 'The request is too large for the API. Use smaller image and mask files.';
		case 422:
			return 'The safety check rejected the prompt or the image. Change the prompt or use another image.';
		case 429:
			return 'Too many requests or images in flight for your account. Lower Max Images in Flight, or run the workflow later.';
		default:
			if (status >= 500) {
				return 'The API failed for a passing reason and did not succeed within the retries. Run again later, or raise Max Retries or the Timeout.';
			}
			return 'The API refused the request.';
	}
}

/** Statuses after which the same request may succeed: rate limits and passing server faults. */
export function isRetryableStatus(status: number): boolean {
	return status === 429 || status === 500 || status === 502 || status === 503 || status === 504 || status === 524;
}

/** Statuses after which the edit may have been made (and billed) although no answer came back. */
export function isOutcomeUnknownStatus(status: number): boolean {
	return status === 502 || status === 504 || status === 524;
}
