import { sleep } from 'n8n-workflow';

/**
 * An item's time. The Timeout counts from the item's first turn in flight and covers all of it:
 * requests, waits between retries, reading its files and downloads; not the time it waits for a
 * place in flight again (`excluding`), nor the time an upload begun before its place waits for
 * it. The execution's cancel signal (the user's Stop) ends it at once.
 */
export class Deadline {
	private endsAt = Infinity;
	/** Set when a timeout signal fired: timers may fire a millisecond before the clock says so. */
	private timedOut = false;
	/** Signals handed out before the clock started: each is armed with the time when it starts. */
	private toArm: AbortController[] = [];

	constructor(
		private readonly timeoutMs: number,
		private readonly cancel: AbortSignal | undefined,
	) {}

	/** Starts the clock, once. */
	start(): void {
		if (this.endsAt !== Infinity) return;
		this.endsAt = Date.now() + this.timeoutMs;
		for (const armed of this.toArm) {
			const timeout = AbortSignal.timeout(this.timeoutMs);
			timeout.addEventListener('abort', () => {
				this.timedOut = true;
				armed.abort(timeout.reason);
			}, { once: true });
		}
		this.toArm = [];
	}

	get started(): boolean {
		return this.endsAt !== Infinity;
	}

	/** The whole Timeout, in milliseconds. */
	get limitMs(): number {
		return this.timeoutMs;
	}

	/**
	 * Waits for `work` with the clock held: the time it takes is not the item's. For a wait in
	 * line behind other items, which says nothing about the item or the API.
	 */
	async excluding<T>(work: Promise<T>): Promise<T> {
		const from = Date.now();
		try {
			return await work;
		} finally {
			if (this.endsAt !== Infinity) this.endsAt += Date.now() - from;
		}
	}

	/** Milliseconds left; Infinity before the clock starts. */
	get remaining(): number {
		return this.endsAt - Date.now();
	}

	get stopped(): boolean {
		return this.cancel?.aborted === true;
	}

	/** Whether the time is up. */
	get expired(): boolean {
		return this.timedOut || this.remaining <= 0;
	}

	/** Aborts on Stop or when the time is up (for a clock not started yet, the time from its start). */
	signal(): AbortSignal {
		if (!this.started) {
			const armed = new AbortController();
			this.toArm.push(armed);
			return this.cancel ? AbortSignal.any([this.cancel, armed.signal]) : armed.signal;
		}
		const left = Math.max(1, Math.min(this.remaining, 0x7fffffff));
		const timeout = AbortSignal.timeout(left);
		timeout.addEventListener('abort', () => (this.timedOut = true), { once: true });
		return this.cancel ? AbortSignal.any([this.cancel, timeout]) : timeout;
	}

	/** Aborts on Stop or after `ms`, which is not the item's Timeout: for a wait of the run's, not the item's. */
	stopOr(ms: number): AbortSignal {
		const timeout = AbortSignal.timeout(ms);
		return this.cancel ? AbortSignal.any([this.cancel, timeout]) : timeout;
	}

	/**
	 * Waits for `work` no longer than the time left (or `signal`) and not past a Stop. What arrives
	 * too late is handed to `discard` (to close a response nobody reads).
	 */
	async within<T>(work: Promise<T>, discard: (late: T) => void = () => undefined, signal = this.signal()): Promise<T> {
		const raced = await untilAborted(work, signal);
		if (raced === 'aborted') {
			work.then(discard, () => undefined);
			throw signal.reason;
		}
		return raced.value;
	}

	/**
	 * Waits for `work` no longer than the time left and not past a Stop: its value, or undefined
	 * when the deadline or the Stop came first. The work's own failure passes through as it is.
	 */
	async unlessEnded<T>(work: Promise<T>): Promise<T | undefined> {
		const raced = await untilAborted(work, this.signal());
		return raced === 'aborted' ? undefined : raced.value;
	}

	/** Waits `ms`, or less when Stop comes first. */
	async wait(ms: number): Promise<void> {
		const cancel = this.cancel;
		if (!cancel) return await sleep(ms);
		if (cancel.aborted) return;
		// n8n 2.x's sleep ends on the signal itself; n8n 1.x's only after `ms`, so Stop is raced too.
		await untilAborted(sleep(ms, cancel).catch(() => undefined), cancel);
	}
}

/**
 * `work`'s value, or 'aborted' when `signal` comes first (also when it already has); the work's own
 * failure passes through as it is. The listener goes with the race, so long-lived signals (the
 * execution's Stop) do not gather one per wait.
 */
export async function untilAborted<T>(work: Promise<T>, signal: AbortSignal): Promise<{ value: T } | 'aborted'> {
	if (signal.aborted) {
		// Nobody waits for the work now: a failure it may still meet is no one's to report.
		work.catch(() => undefined);
		return 'aborted';
	}
	let onAbort = () => {};
	const aborted = new Promise<'aborted'>((resolve) => {
		onAbort = () => resolve('aborted');
		signal.addEventListener('abort', onAbort, { once: true });
	});
	try {
		return await Promise.race([work.then((value) => ({ value })), aborted]);
	} finally {
		signal.removeEventListener('abort', onAbort);
	}
}
