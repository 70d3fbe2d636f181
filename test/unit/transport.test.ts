import { apiErrorMessage, isRetryableStatus, statusAdvice } from '../../nodes/IdeogramEdit/transport/apiError';
import { parseRetryAfter, retryDelayMs } from '../../nodes/IdeogramEdit/transport/backoff';
import { InFlightLimiter } from '../../nodes/IdeogramEdit/transport/inFlightLimiter';

describe('apiErrorMessage', () => {
	it.each([
		[{ error: { message: 'Invalid token', type: 'comet_api_error', code: 'invalid_api_key' } }, 'Invalid token'],
		[{ error: 'Prompt failed the safety check' }, 'Prompt failed the safety check'],
		[{ detail: 'mask size does not match' }, 'mask size does not match'],
		[{ detail: [{ loc: ['body', 'num_images'], msg: 'ensure this value is less than or equal to 8' }] }, 'ensure this value is less than or equal to 8'],
		[{ message: 'quota exceeded' }, 'quota exceeded'],
		[{ something: 'else' }, undefined],
	])('reads %j', (body, message) => {
		expect(apiErrorMessage(body)).toBe(message);
	});
});

describe('status advice and retry classes', () => {
	it('says what to do for the statuses users meet', () => {
		expect(statusAdvice(401)).toMatch(/API key/);
		expect(statusAdvice(402)).toMatch(/balance or daily limit/);
		expect(statusAdvice(422)).toMatch(/safety check/);
	});
	it('retries only what may pass', () => {
		expect([429, 500, 502, 503, 504, 524].every(isRetryableStatus)).toBe(true);
		expect([400, 401, 402, 403, 404, 413, 422].some(isRetryableStatus)).toBe(false);
	});
});

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

describe('InFlightLimiter', () => {
	it('counts images, not requests, and serves waiting requests in order', async () => {
		const limiter = new InFlightLimiter(10);
		const order: string[] = [];
		const r1 = await limiter.acquire(8);
		const waiting = [limiter.acquire(4).then((r) => (order.push('a'), r)), limiter.acquire(1).then((r) => (order.push('b'), r))];
		await Promise.resolve();
		expect(order).toEqual([]); // b would fit, but does not overtake a
		r1();
		const [ra, rb] = await Promise.all(waiting);
		expect(order).toEqual(['a', 'b']);
		expect(limiter.peak).toBe(8);
		ra();
		rb();
	});
	it('lets a request larger than the bound run alone', async () => {
		const limiter = new InFlightLimiter(2);
		const release = await limiter.acquire(4);
		expect(limiter.peak).toBe(4);
		release();
	});
	it('halves on 429 once per cool-down and grows back on success', () => {
		let t = 0;
		const limiter = new InFlightLimiter(40, () => t);
		limiter.throttled();
		limiter.throttled();
		expect(limiter.currentLimit).toBe(20);
		t = 2000;
		limiter.throttled();
		expect(limiter.currentLimit).toBe(10);
		// About one more image per bound's worth of successes.
		for (let i = 0; i < 12; i++) limiter.succeeded(1);
		expect(limiter.currentLimit).toBe(11);
	});
});
