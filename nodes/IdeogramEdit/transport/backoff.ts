/** How long to wait before the next attempt. */

const BASE_DELAY_MS = 1000;
const MAX_DELAY_MS = 30000;

/** `Retry-After` in seconds or as an HTTP date; undefined when absent or unreadable. */
export function parseRetryAfter(value: unknown, now: number): number | undefined {
	const text = Array.isArray(value) ? value[0] : value;
	if (typeof text !== 'string' && typeof text !== 'number') return undefined;
	const s = String(text).trim();
	if (/^\d+(\.\d+)?$/.test(s)) return Math.round(Number(s) * 1000);
	const date = Date.parse(s);
	if (Number.isNaN(date)) return undefined;
	return Math.max(0, date - now);
}

/**
 * Exponential backoff with jitter (between half and all of the step, so that parallel items
 * do not retry in lockstep); a server's `Retry-After` wins when it asks for longer.
 */
export function retryDelayMs(retry: number, retryAfterMs: number | undefined, random: number): number {
	const step = Math.min(MAX_DELAY_MS, BASE_DELAY_MS * 2 ** (retry - 1));
	const backoff = Math.round(step * (0.5 + random / 2));
	return retryAfterMs === undefined ? backoff : Math.max(retryAfterMs, Math.min(backoff, retryAfterMs + 1000));
}
