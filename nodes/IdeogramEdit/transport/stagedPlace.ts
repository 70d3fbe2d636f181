import { untilAborted } from './deadline';
import type { InFlightLimiter, Slot } from './inFlightLimiter';

/**
 * A place in flight asked for by an upload that has begun before it: the upload goes on while the
 * images before it are being made, and only its last piece waits for the place. The API never has
 * the request whole before then, so the upstream's count of images in the making is as without it,
 * while the uploads of the next items overlap the edits of these (a photo of 8 MB takes seconds
 * on a real uplink). It keeps its item's turn in the queue when the upload is withdrawn.
 */
export class StagedPlace {
	/** The place, once the limiter gave it. */
	slot?: Slot;
	private readonly giving = new AbortController();
	private readonly place: Promise<Slot>;

	constructor(limiter: InFlightLimiter, weight: number) {
		// The room among staged uploads was taken by `placeOrStage`; it is given back once the place settles, either way.
		this.place = limiter.acquire(weight, false, this.giving.signal);
		this.place.then(
			(slot) => {
				this.slot = slot;
				limiter.unstaged(weight);
			},
			() => limiter.unstaged(weight),
		);
	}

	/** Where the upload's last piece waits: for the place, or until `closed` (the request is over) or `maxMs`. */
	async wait(closed: AbortSignal, maxMs: number): Promise<'place' | 'closed' | 'too long'> {
		if (this.slot) return 'place';
		const timeout = AbortSignal.timeout(Math.max(1, Math.round(maxMs)));
		const given = this.place.then(
			() => 'place' as const,
			() => 'closed' as const,
		);
		const raced = await untilAborted(given, AbortSignal.any([closed, timeout]));
		if (raced !== 'aborted') return raced.value;
		return closed.aborted ? 'closed' : 'too long';
	}

	/** The place, waited for: a withdrawn upload's item is sent once it comes. */
	async take(): Promise<Slot> {
		return await this.place;
	}

	/** The item will not use the place: it is given up, or given back once it comes. */
	giveUp(): void {
		if (this.slot) return this.slot.release();
		this.giving.abort();
		this.place.then((slot) => slot.release(), () => undefined);
	}
}
