/**
 * Bounds the number of images in the making at once (a request for 4 images takes 4 places), as
 * the upstream counts them. The bound adapts: it halves when the upstream answers 429 and grows
 * back slowly while requests succeed, so a bound set too high still ends with few 429s. A request
 * that is tried again waits ahead of those not sent yet: it has already spent time and retries.
 */
export interface Slot {
	/** Gives the places back. */
	release: () => void;
	/** Its request's body is on its way whole (or the request is over): uploads waiting for places may begin. */
	uploaded: () => void;
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
	/** Images of the uploads begun ahead of their places, waiting at their last piece (see StagedPlace). */
	private stagedImages = 0;
	private staging = true;
	/** First attempts waiting for room among the uploads begun ahead of their places, in item order. */
	private readonly stageQueue: Array<{ wake: () => void }> = [];
	/** Requests with their places whose bodies are still on their way: staged uploads do not take their bandwidth. */
	private uploadingWithPlace = 0;

	constructor(private readonly maxLimit: number) {
		this.limit = maxLimit;
	}

	get currentLimit(): number {
		return Math.floor(this.limit);
	}

	/**
	 * Waits for room for `weight` images; a `retry` waits behind other retries only. `signal` gives
	 * up a place not had yet (the wait then rejects).
	 */
	async acquire(weight: number, retry = false, signal?: AbortSignal): Promise<Slot> {
		const ahead = retry ? this.queue.findIndex((waiting) => !waiting.retry) : this.queue.length;
		const at = ahead === -1 ? this.queue.length : ahead;
		if (at === 0 && this.fits(weight)) {
			this.take(weight);
		} else {
			await new Promise<void>((resolve, reject) => {
				const waiting = { weight, retry, start: resolve };
				this.queue.splice(at, 0, waiting);
				signal?.addEventListener(
					'abort',
					() => {
						const k = this.queue.indexOf(waiting);
						if (k < 0) return;
						this.queue.splice(k, 1);
						this.drain();
						reject(signal.reason);
					},
					{ once: true },
				);
			});
		}
		let released = false;
		let uploading = true;
		const uploaded = () => {
			if (!uploading) return;
			uploading = false;
			this.uploadingWithPlace--;
			if (this.uploadingWithPlace === 0) this.wakeStaging();
		};
		return {
			generation: this.generation,
			uploaded,
			release: () => {
				if (released) return;
				released = true;
				uploaded();
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

	/**
	 * For a first attempt: a place at once if one is free; else, while the run stages, room among
	 * the uploads begun before their places (as many images as the bound), taken ('stage', given
	 * back with `unstaged`), for its upload to begin now and wait for the place at its last piece;
	 * else the wait for a place. A request larger than the bound is never staged.
	 */
	async placeOrStage(weight: number): Promise<Slot | 'stage'> {
		// In item order: only the first in line looks, and it keeps its turn while it waits again.
		const me = { wake: () => {} };
		let queued = false;
		for (;;) {
			const bound = Math.floor(this.limit);
			const myTurn = queued ? this.stageQueue[0] === me : this.stageQueue.length === 0;
			const placeNow = !this.staging || weight > bound || (myTurn && this.queue.length === 0 && this.fits(weight));
			const room = myTurn && this.stagedImages + weight <= bound && this.uploadingWithPlace === 0;
			if (placeNow || room) {
				if (queued) {
					this.stageQueue.splice(this.stageQueue.indexOf(me), 1);
					// The next in line looks in turn.
					this.wakeStaging();
				}
				if (placeNow) return await this.acquire(weight);
				this.stagedImages += weight;
				return 'stage';
			}
			if (!queued) this.stageQueue.push(me);
			queued = true;
			await new Promise<void>((resolve) => (me.wake = resolve));
		}
	}

	/** An upload of `weight` images begun ahead of its place no longer waits for it. */
	unstaged(weight: number): void {
		this.stagedImages -= weight;
		this.wakeStaging();
	}

	/** A staged upload waited too long for its place, or the gateway would not wait for its end: the run stages no more. */
	stopStaging(): void {
		this.staging = false;
		this.wakeStaging();
	}

	/** The first in line looks again; all of them once the run stops staging. */
	private wakeStaging(): void {
		for (const waiting of this.staging ? this.stageQueue.slice(0, 1) : this.stageQueue) waiting.wake();
	}


	// A request larger than the whole bound still runs, alone, rather than waiting forever.
	private fits(weight: number): boolean {
		return this.inFlight === 0 || this.inFlight + weight <= Math.floor(this.limit);
	}

	private take(weight: number): void {
		this.inFlight += weight;
		// Counted from the place on: uploads that are to wait for theirs begin once it has handed its body over.
		this.uploadingWithPlace++;
		this.peak = Math.max(this.peak, this.inFlight);
	}

	// In queue order: a waiting large request is not overtaken by small ones.
	private drain(): void {
		while (this.queue.length > 0 && this.fits(this.queue[0].weight)) {
			const next = this.queue.shift()!;
			this.take(next.weight);
			next.start();
		}
		// A place left free: the first attempt waiting to stage takes it instead.
		if (this.queue.length === 0 && this.stageQueue.length > 0) this.wakeStaging();
	}
}
