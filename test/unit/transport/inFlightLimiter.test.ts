import { InFlightLimiter } from '../../../nodes/IdeogramEdit/transport/inFlightLimiter';

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
		burst.forEach((s) => limiter.throttled(s.generation)); // 30 rejections of one burst: one signal
		expect(limiter.currentLimit).toBe(20);
		burst.forEach((s) => s.release());
		const next = await limiter.acquire(1);
		limiter.throttled(next.generation); // a request sent under the lowered bound lowers it again
		expect(limiter.currentLimit).toBe(10);
		next.release();
		// About one more image per bound's worth of successes.
		for (let i = 0; i < 12; i++) limiter.succeeded(1);
		expect(limiter.currentLimit).toBe(11);
	});
});

describe('InFlightLimiter retries', () => {
	it('a retry waits ahead of requests not sent yet, behind earlier retries', async () => {
		const limiter = new InFlightLimiter(1);
		const order: string[] = [];
		const busy = await limiter.acquire(1);
		const take = (name: string, retry: boolean) => limiter.acquire(1, retry).then((s) => (order.push(name), s.release()));
		const all = [take('new 1', false), take('new 2', false), take('retry 1', true), take('retry 2', true), take('new 3', false)];
		busy.release();
		await Promise.all(all);
		expect(order).toEqual(['retry 1', 'retry 2', 'new 1', 'new 2', 'new 3']);
	});

	it('a retry that fits goes at once even when new requests wait for room', async () => {
		const limiter = new InFlightLimiter(4);
		const busy = await limiter.acquire(3);
		const big = limiter.acquire(4);
		const retry = await limiter.acquire(1, true);
		expect(limiter.peak).toBe(4);
		retry.release();
		busy.release();
		(await big).release();
	});
});
