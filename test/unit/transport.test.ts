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
		const first = await limiter.acquire(8);
		const waiting = [limiter.acquire(4).then((s) => (order.push('a'), s)), limiter.acquire(1).then((s) => (order.push('b'), s))];
		await Promise.resolve();
		expect(order).toEqual([]); // b would fit, but does not overtake a
		first.release();
		const [a, b] = await Promise.all(waiting);
		expect(order).toEqual(['a', 'b']);
		expect(limiter.peak).toBe(8);
		a.release();
		b.release();
	});

	it('lets a request larger than the bound run alone', async () => {
		const limiter = new InFlightLimiter(2);
		const slot = await limiter.acquire(4);
		expect(limiter.peak).toBe(4);
		slot.release();
	});

	it('halves once per generation of requests on 429, and grows back on success', async () => {
		const limiter = new InFlightLimiter(40);
		const burst = await Promise.all(Array.from({ length: 30 }, () => limiter.acquire(1)));
		burst.forEach((s) => limiter.throttled(s)); // 30 rejections of one burst: one signal
		expect(limiter.currentLimit).toBe(20);
		burst.forEach((s) => s.release());
		const next = await limiter.acquire(1);
		limiter.throttled(next); // a request sent under the lowered bound lowers it again
		expect(limiter.currentLimit).toBe(10);
		next.release();
		// About one more image per bound's worth of successes.
		for (let i = 0; i < 12; i++) limiter.succeeded(1);
		expect(limiter.currentLimit).toBe(11);
	});
});
