/** How long to wait before the next attempt. */

const BASE_DELAY_MS = 1000;
const MAX_DELAY_MS = 30000;
/** The shortest wait before a retry: the first step's shortest. */
const MIN_DELAY_MS = BASE_DELAY_MS / 2;

const DAY = '(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun)';
const LONG_DAY = '(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)';
const MONTH = '(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)';
const TIME = '\\d{2}:\\d{2}:\\d{2}';
/** The three date forms HTTP allows (RFC 9110, 5.6.7): IMF-fixdate, RFC 850 and asctime. */
const HTTP_DATES = [
	new RegExp(`^${DAY}, \\d{2} ${MONTH} \\d{4} ${TIME} GMT$`),
	new RegExp(`^${LONG_DAY}, \\d{2}-${MONTH}-\\d{2} ${TIME} GMT$`),
	new RegExp(`^${DAY} ${MONTH} [ \\d]\\d ${TIME} \\d{4}$`),
];

/**
 * `Retry-After` as HTTP defines it: whole seconds, or an HTTP date. Anything else (`soon 5`, `-1`,
 * `1.5`) is not a Retry-After and is ignored, rather than read loosely by `Date.parse`.
 */
export function parseRetryAfter(value: unknown, now: number): number | undefined {
	const text = Array.isArray(value) ? value[0] : value;
	if (typeof text !== 'string' && typeof text !== 'number') return undefined;
	const s = String(text).trim();
	if (/^\d{1,9}$/.test(s)) return Number(s) * 1000;
	if (!HTTP_DATES.some((form) => form.test(s))) return undefined;
	// asctime has no zone: it is GMT.
	const date = Date.parse(/GMT$/.test(s) ? s : `${s} GMT`);
	if (Number.isNaN(date)) return undefined;
	return Math.max(0, date - now);
}

/**
 * Exponential backoff with jitter (between half and all of the step, so that parallel items do
 * not retry in lockstep), or the server's `Retry-After` when that is longer: a `Retry-After` of 0
 * or a date in the past never shortens the backoff.
 */
export function retryDelayMs(retry: number, retryAfterMs: number | undefined, random: number): number {
	const step = Math.min(MAX_DELAY_MS, BASE_DELAY_MS * 2 ** (retry - 1));
	const backoff = Math.round(step * (0.5 + random / 2));
	return Math.max(backoff, retryAfterMs ?? 0);
}

/**
 * The wait before a retry, shortened when it would leave the item less time than its attempt
 * needs (`needMs`): waiting on would only make the retry run out of time, after its upload, when
 * it may be billed. Never below the shortest backoff nor below the server's `Retry-After`.
 */
export function waitBeforeRetryMs(delayMs: number, retryAfterMs: number | undefined, remainingMs: number, needMs: number): number {
	const shortest = Math.max(MIN_DELAY_MS, retryAfterMs ?? 0);
	return Math.min(delayMs, Math.max(shortest, remainingMs - needMs));
}

/**
 * How long the run's answered edits took of their items' time: a retry is given twice the longest
 * of them (see waitBeforeRetryMs). Nothing before the first answer.
 */
export class AnswerTimes {
	private longest = 0;

	answered(ms: number): void {
		this.longest = Math.max(this.longest, ms);
	}

	/** The item's time a retry is left, where the wait allows. */
	get needMs(): number {
		return 2 * this.longest;
	}
}
