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

describe('what a failure without an answer means', () => {
	const { networkFailure } = require('../../nodes/IdeogramEdit/transport/failure');
	const wrapped = (code: string, message = 'x') => {
		// As n8n hands it over: the HTTP client's error inside a NodeApiError.
		const cause = Object.assign(new Error(message), { code });
		return Object.assign(new Error('wrapped'), { cause });
	};

	it.each([
		['ECONNREFUSED', true, false],
		['EHOSTUNREACH', true, false],
		['ECONNRESET', true, true],
		['ETIMEDOUT', true, true],
		['EPIPE', true, true],
		['ENOTFOUND', false, false],
		['ERR_SOMETHING_NEW', false, false],
	])('%s: retried %s, outcome unknown %s', (code, transient, outcomeUnknown) => {
		expect(networkFailure(wrapped(code))).toMatchObject({ transient, outcomeUnknown });
	});

	it('a blocked host (n8n\'s SSRF protection) is never retried and says so', () => {
		const blocked = Object.assign(new Error('The request was blocked because it resolves to a restricted IP address'), { name: 'SsrfBlockedIpError' });
		expect(networkFailure(blocked)).toEqual({
			reason: 'n8n blocked the request to this address',
			detail: 'The request was blocked because it resolves to a restricted IP address',
			transient: false,
			outcomeUnknown: false,
		});
	});

	it('"socket hang up" is a dropped connection', () => {
		expect(networkFailure(new Error('socket hang up'))).toMatchObject({ reason: 'the connection was dropped before the answer came', transient: true, outcomeUnknown: true });
	});

	it('names no error code in the reason, since n8n swaps a message holding one for generic text', () => {
		for (const code of ['ECONNREFUSED', 'EHOSTUNREACH', 'EAI_AGAIN', 'ECONNRESET', 'ETIMEDOUT', 'ENOTFOUND', 'EPERM']) {
			const { reason, detail } = networkFailure(wrapped(code, `connect ${code} 10.0.0.1:443`));
			expect(reason).not.toMatch(/E[A-Z_]{3,}/);
			expect(detail).toContain(code);
		}
	});
});

describe('Deadline', () => {
	const { Deadline } = require('../../nodes/IdeogramEdit/transport/deadline');

	it('counts from its start, and its signal aborts when the time is up', async () => {
		const deadline = new Deadline(100, undefined);
		expect(deadline.remaining).toBe(Infinity);
		deadline.start();
		expect(deadline.remaining).toBeLessThanOrEqual(100);
		const signal = deadline.signal();
		await new Promise((r) => signal.addEventListener('abort', r));
		expect(deadline.expired).toBe(true);
	});

	it('within() gives up on work at the deadline and hands what comes late to discard', async () => {
		const deadline = new Deadline(50, undefined);
		deadline.start();
		let discarded: unknown;
		const late = new Promise((r) => setTimeout(() => r('late'), 200));
		await expect(deadline.within(late, (v: unknown) => (discarded = v))).rejects.toBeDefined();
		await late;
		expect(discarded).toBe('late');
	});

	it('a wait ends at once on Stop', async () => {
		const stop = new AbortController();
		const deadline = new Deadline(60000, stop.signal);
		const started = Date.now();
		const waiting = deadline.wait(30000);
		setTimeout(() => stop.abort(), 50);
		await waiting;
		expect(Date.now() - started).toBeLessThan(1000);
		expect(deadline.stopped).toBe(true);
	});
});
