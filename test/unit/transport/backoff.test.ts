import { AnswerTimes, parseRetryAfter, retryDelayMs, waitBeforeRetryMs } from '../../../nodes/IdeogramEdit/transport/backoff';

describe('backoff', () => {
	const now = Date.parse('2026-01-01T00:00:00Z');
	it('reads Retry-After in whole seconds and in the three HTTP date forms', () => {
		expect(parseRetryAfter('3', now)).toBe(3000);
		expect(parseRetryAfter(' 0 ', now)).toBe(0);
		expect(parseRetryAfter('Thu, 01 Jan 2026 00:00:05 GMT', now)).toBe(5000);
		expect(parseRetryAfter('Thursday, 01-Jan-26 00:00:05 GMT', now)).toBe(5000);
		expect(parseRetryAfter('Thu Jan  1 00:00:05 2026', now)).toBe(5000);
		// A date in the past asks for no wait.
		expect(parseRetryAfter('Wed, 31 Dec 2025 23:59:00 GMT', now)).toBe(0);
		expect(parseRetryAfter(['2', '9'], now)).toBe(2000);
	});

	it.each(['soon', 'soon 5', '-1', '1.5', '5s', '2026-01-01T00:00:05Z', 'Thu, 01 Jan 2026 00:00:05', 'Jan 1 2026', '', '9999999999'])(
		'ignores %j, which is neither seconds nor an HTTP date',
		(value) => {
			expect(parseRetryAfter(value, now)).toBeUndefined();
		},
	);

	it('ignores what is not there', () => {
		expect(parseRetryAfter(undefined, now)).toBeUndefined();
		expect(parseRetryAfter({}, now)).toBeUndefined();
	});

	it('doubles with each retry, with jitter between half and all of the step, capped', () => {
		expect(retryDelayMs(1, undefined, 0)).toBe(500);
		expect(retryDelayMs(1, undefined, 1)).toBe(1000);
		expect(retryDelayMs(3, undefined, 1)).toBe(4000);
		expect(retryDelayMs(20, undefined, 1)).toBe(30000);
	});

	it('waits as long as Retry-After asks when that is longer, and never less than the backoff', () => {
		expect(retryDelayMs(1, 7000, 0)).toBe(7000);
		expect(retryDelayMs(3, 0, 1)).toBe(4000);
		expect(retryDelayMs(3, 0, 0)).toBe(2000);
		expect(retryDelayMs(2, 1500, 1)).toBe(2000);
	});

	it('shortens a wait that would leave the retry less time than it needs, never below the shortest backoff nor Retry-After', () => {
		// Plenty of time: the backoff as it is.
		expect(waitBeforeRetryMs(3000, undefined, 100000, 1000)).toBe(3000);
		// 3.5 s left, the attempt needs 1 s: a wait of 2.5 s.
		expect(waitBeforeRetryMs(3000, undefined, 3500, 1000)).toBe(2500);
		// Too little left for both: the shortest backoff, then the attempt with what remains.
		expect(waitBeforeRetryMs(3000, undefined, 1200, 1000)).toBe(500);
		expect(waitBeforeRetryMs(3000, undefined, 300, 1000)).toBe(500);
		// The server's Retry-After is waited in full.
		expect(waitBeforeRetryMs(3000, 3000, 3500, 1000)).toBe(3000);
		expect(waitBeforeRetryMs(4000, 2000, 3500, 1000)).toBe(2500);
		// Before any answer, nothing is known to need time.
		expect(waitBeforeRetryMs(3000, undefined, 3500, new AnswerTimes().needMs)).toBe(3000);
	});

	it('leaves a retry twice the longest answered edit of the run', () => {
		const times = new AnswerTimes();
		expect(times.needMs).toBe(0);
		times.answered(400);
		times.answered(700);
		times.answered(300);
		expect(times.needMs).toBe(1400);
	});
});
