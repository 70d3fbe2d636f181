import { parseRetryAfter, retryDelayMs } from '../../../nodes/IdeogramEdit/transport/backoff';

describe('backoff', () => {
	const now = Date.parse('2026-01-01T00:00:00Z');
	it('reads Retry-After in seconds and as an HTTP date', () => {
		expect(parseRetryAfter('3', now)).toBe(3000);
		expect(parseRetryAfter('Thu, 01 Jan 2026 00:00:05 GMT', now)).toBe(5000);
		expect(parseRetryAfter('soon', now)).toBeUndefined();
		expect(parseRetryAfter(undefined, now)).toBeUndefined();
	});
	it('doubles with each retry, with jitter between half and all of the step, capped', () => {
		expect(retryDelayMs(1, undefined, 0)).toBe(500);
		expect(retryDelayMs(1, undefined, 1)).toBe(1000);
		expect(retryDelayMs(3, undefined, 1)).toBe(4000);
		expect(retryDelayMs(20, undefined, 1)).toBe(30000);
	});
	it('waits at least as long as Retry-After asks', () => {
		expect(retryDelayMs(1, 7000, 0)).toBe(7000);
		expect(retryDelayMs(3, 0, 1)).toBeLessThanOrEqual(1000);
	});
});
