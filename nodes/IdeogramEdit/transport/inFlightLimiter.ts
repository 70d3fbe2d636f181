/**
 * Bounds the number of images in the making at once (a request for 4 images takes 4 places), as
 * the upstream counts them. The bound adapts: it halves when the upstream answers 429 and grows
 * back slowly while requests succeed, so a bound set too high still ends with few 429s. A request
 * that is tried again waits ahead of those not sent yet: it has already spent time and retries.
 */
export interface Slot {
	/** Gives the places back. */
	release: () => void;
	/** The bound's generation when this request started; a 429 lowers the bound once per generation. */
	generation: number;
}

export class InFlightLimiter {
	private limit: number;
	private inFlight = 0;
	private generation = 0;
	private readonly queue: Array<{ weight: number; retry: boolean; start: () => void }> = [];
	/** The largest number of images this limiter ever let through at once. */
	peak = 0;

	constructor(private readonly maxLimit: number) {
		this.limit = maxLimit;
	}

	get currentLimit(): number {
		return Math.floor(this.limit);
	}

	/** Waits for room for `weight` images; a `retry` waits behind other retries only. */
	async acquire(weight: number, retry = false): Promise<Slot> {
		const ahead = retry ? this.queue.findIndex((waiting) => !waiting.retry) : this.queue.length;
		const at = ahead === -1 ? this.queue.length : ahead;
		if (at === 0 && this.fits(weight)) {
			this.take(weight);
		} else {
			await new Promise<void>((resolve) => this.queue.splice(at, 0, { weight, retry, start: resolve }));
		}
		let released = false;
		return {
			generation: this.generation,
			release: () => {
				if (released) return;
				released = true;
				this.inFlight -= weight;
				this.drain();
			},
		};
	}

	/**
	 * The upstream said it is full. Halve the bound, once for all the requests that were sent under
	 * the same bound (a burst of 429s is one signal, not many), as TCP does per window.
	 */
	throttled(generation: number): void {
		if (generation !== this.generation) return;
		this.generation++;
		this.limit = Math.max(1, Math.floor(this.limit / 2));
	}

	/** A request went through: grow the bound by about one image per bound's worth of images. */
	succeeded(weight: number): void {
		this.limit = Math.min(this.maxLimit, this.limit + weight / Math.max(1, this.limit));
		this.drain();
	}

	// A request larger than the whole bound still runs, alone, rather than waiting forever.
	private fits(weight: number): boolean {
		return this.inFlight === 0 || this.inFlight + weight <= Math.floor(this.limit);
	}

	private take(weight: number): void {
		this.inFlight += weight;
		this.peak = Math.max(this.peak, this.inFlight);
	}

	// In queue order: a waiting large request is not overtaken by small ones.
	private drain(): void {
		while (this.queue.length > 0 && this.fits(this.queue[0].weight)) {
			const next = this.queue.shift()!;
			this.take(next.weight);
			next.start();
		}
	}
}
