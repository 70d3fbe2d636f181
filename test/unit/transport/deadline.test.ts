import { Deadline, untilAborted } from '../../../nodes/IdeogramEdit/transport/deadline';

describe('Deadline', () => {

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

describe('Deadline excluding', () => {
	it('a wait in line does not count against the item', async () => {
		const deadline = new Deadline(300, undefined);
		deadline.start();
		await deadline.excluding(new Promise((r) => setTimeout(r, 400)));
		expect(deadline.expired).toBe(false);
		expect(deadline.remaining).toBeGreaterThan(200);
	});

	it('before the clock starts there is nothing to hold', async () => {
		const deadline = new Deadline(300, undefined);
		await deadline.excluding(Promise.resolve());
		expect(deadline.remaining).toBe(Infinity);
	});
});

describe('Deadline unlessEnded', () => {
	it('gives the work\'s value, or undefined once the time is up; the work\'s own failure passes through', async () => {
		const deadline = new Deadline(100, undefined);
		deadline.start();
		expect(await deadline.unlessEnded(Promise.resolve('read'))).toBe('read');
		await expect(deadline.unlessEnded(Promise.reject(new Error('unreadable')))).rejects.toThrow('unreadable');
		const started = Date.now();
		expect(await deadline.unlessEnded(new Promise((r) => setTimeout(() => r('late'), 1000)))).toBeUndefined();
		expect(Date.now() - started).toBeLessThan(500);
	});

	it('ends at once on Stop', async () => {
		const stop = new AbortController();
		const deadline = new Deadline(60000, stop.signal);
		deadline.start();
		setTimeout(() => stop.abort(), 50);
		expect(await deadline.unlessEnded(new Promise((r) => setTimeout(() => r('late'), 1000)))).toBeUndefined();
		expect(deadline.stopped).toBe(true);
	});
});

describe('untilAborted', () => {
	/** A signal that counts its listeners, as the execution's long-lived Stop signal would gather them. */
	function countedSignal() {
		const controller = new AbortController();
		let listeners = 0;
		const add = controller.signal.addEventListener.bind(controller.signal);
		const remove = controller.signal.removeEventListener.bind(controller.signal);
		controller.signal.addEventListener = (...args: Parameters<typeof add>) => (listeners++, add(...args));
		controller.signal.removeEventListener = (...args: Parameters<typeof remove>) => (listeners--, remove(...args));
		return { controller, listeners: () => listeners };
	}

	it('gives the work\'s value and leaves no listener on the signal', async () => {
		const { controller, listeners } = countedSignal();
		for (let i = 0; i < 100; i++) expect(await untilAborted(Promise.resolve(i), controller.signal)).toEqual({ value: i });
		expect(listeners()).toBe(0);
	});

	it('passes the work\'s own failure through, and leaves no listener', async () => {
		const { controller, listeners } = countedSignal();
		await expect(untilAborted(Promise.reject(new Error('unreadable')), controller.signal)).rejects.toThrow('unreadable');
		expect(listeners()).toBe(0);
	});

	it('says aborted when the signal comes first, at once, and leaves no listener', async () => {
		const { controller, listeners } = countedSignal();
		let timer: NodeJS.Timeout | undefined;
		const long = new Promise((r) => (timer = setTimeout(r, 5000)));
		const started = Date.now();
		setTimeout(() => controller.abort(), 20);
		expect(await untilAborted(long, controller.signal)).toBe('aborted');
		clearTimeout(timer);
		expect(Date.now() - started).toBeLessThan(2000);
		expect(listeners()).toBe(0);
	});

	it('says aborted for a signal already aborted, and a failure the work meets later is no unhandled rejection', async () => {
		const unhandled: unknown[] = [];
		const onUnhandled = (reason: unknown) => unhandled.push(reason);
		process.on('unhandledRejection', onUnhandled);
		try {
			const late = new Promise((_, reject) => setTimeout(() => reject(new Error('late failure')), 10));
			expect(await untilAborted(late, AbortSignal.abort())).toBe('aborted');
			await new Promise((r) => setTimeout(r, 50));
			expect(unhandled).toEqual([]);
		} finally {
			process.off('unhandledRejection', onUnhandled);
		}
	});
});
