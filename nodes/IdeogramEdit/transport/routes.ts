/**
 * Which path serves a route. Gateways of CometAPI's family serve the V_2 edit under /ideogram, and
 * Ideogram now calls the 3.0 edit "inpaint": a default route that answers 404 (which is not billed)
 * is tried under its other name (the operation names it), once for the run. A run learns the path
 * before its first upload from a probe (a form without its files, refused unbilled with a 400
 * where the path is served), else from its first answer; the items of the run wait for that rather
 * than all meeting the same 404. What was learned is kept for the credential and base URL, so that
 * later runs go straight there; a 404 on a path learned earlier tries the other one again, once.
 */

/**
 * How long the items of a run wait for the first request's answer. A path the gateway does not
 * serve answers 404 as soon as the upload is read; one that takes longer is being served, so the
 * others need not wait for the whole edit.
 */
const FIRST_ANSWER_WAIT_MS = 5000;
/**
 * Once the first request's body has been handed over whole, the others wait only this much longer
 * for its answer, or as long again as handing it over took (the network may still hold part of
 * it), within FIRST_ANSWER_WAIT_MS: a 404 comes a round trip after the upload.
 */
const AFTER_UPLOAD_WAIT_MS = 500;

/**
 * The path that answered, by credential, base URL and configured route, for as long as n8n runs. Only
 * a shortcut: forgetting it costs one request's wait in the next run.
 */
const answered = new Map<string, string>();

/** One request's turn on a route: whether its answer is the one the run waits for. */
export interface RouteTurn {
	finding: boolean;
}

export class Route {
	private path: string;
	/** The other name, while it has not been tried in this run. */
	private other: string | undefined;
	private known: boolean;
	private finding = false;
	/** Until when the others wait for the finding request's answer. */
	private findingUntil = 0;
	private waiting: Array<() => void> = [];
	/** False once a probe said nothing: the run's finding requests then find out without one. */
	private probing = true;

	constructor(
		private readonly key: string,
		configured: string,
		otherName: string | undefined,
	) {
		const earlier = otherName ? answered.get(key) : undefined;
		this.path = earlier ?? configured;
		this.other = otherName && (this.path === configured ? otherName : configured);
		// A route without another name has nothing to find out; one that answered before is used at once.
		this.known = !otherName || earlier !== undefined;
	}

	/**
	 * Waits while another request finds out which path answers (at most FIRST_ANSWER_WAIT_MS after
	 * it was sent), then gives this request's turn.
	 */
	async turn(): Promise<RouteTurn> {
		for (;;) {
			if (this.known) return { finding: false };
			if (!this.finding) {
				this.finding = true;
				this.findingUntil = Date.now() + FIRST_ANSWER_WAIT_MS;
				return { finding: true };
			}
			const left = this.findingUntil - Date.now();
			if (left <= 0) return { finding: false };
			// Woken early by an answer, a handed-over finding, or a shorter wait (`uploaded`): looked at again.
			await new Promise<void>((resolve) => {
				this.waiting.push(resolve);
				AbortSignal.timeout(left).addEventListener('abort', () => resolve(), { once: true });
			});
		}
	}

	/**
	 * The finding request's body was handed over whole, `tookMs` after it started: its answer, a 404
	 * if any, is due a round trip later, so the others wait no longer than that.
	 */
	uploaded(turn: RouteTurn, tookMs: number): void {
		if (!turn.finding || this.known) return;
		this.findingUntil = Math.min(this.findingUntil, Date.now() + Math.max(AFTER_UPLOAD_WAIT_MS, tookMs));
		this.wake();
	}

	/** Whether a probe may still tell the run where the route answers. */
	get worthProbing(): boolean {
		return !this.known && this.probing;
	}

	/**
	 * A probe of `path` (a form without its files, which the API refuses unbilled) answered
	 * `status`, or nothing (`undefined`). True when the route's other name is to be probed next. A
	 * 404 says the path is not served; the form's refusal (400, 413, 415, 422) or a 2xx that it is;
	 * anything else (the key's 401 to 403, 429, 5xx, a redirect, no answer) says nothing, and the
	 * finding request finds out with its answer, as without a probe.
	 */
	probed(path: string, status: number | undefined): boolean {
		if (this.known || path !== this.path) return false;
		if (status === undefined) {
			this.probing = false;
			return false;
		}
		if (status === 404) {
			// Neither name is served: the upload's own 404 is the route's answer.
			if (this.other === undefined) {
				this.probing = false;
				return false;
			}
			this.path = this.other;
			this.other = undefined;
			return true;
		}
		if ((status >= 200 && status < 300) || [400, 413, 415, 422].includes(status)) this.learn(true);
		else this.probing = false;
		return false;
	}

	/** Where a request goes now: read when it is sent, not while it waits for its place. */
	get current(): string {
		return this.path;
	}

	/**
	 * The API answered `status` at `path`. True when the request is to be sent again at once, at
	 * `current`: the route's other name after a 404, or the path another request has meanwhile found.
	 */
	answered(path: string, status: number): boolean {
		if (status === 404) {
			if (path !== this.path) return true;
			if (this.other !== undefined) {
				this.path = this.other;
				this.other = undefined;
				return true;
			}
		}
		// Any other answer, or a 404 with no other name left, is the route's answer for the run.
		if (path === this.path) this.learn(status !== 404);
		return false;
	}

	/** The turn is over, with or without an answer: if it was finding the path, another request may. */
	done(turn: RouteTurn): void {
		if (!turn.finding || this.known) return;
		turn.finding = false;
		this.finding = false;
		this.wake();
	}

	private learn(remember: boolean): void {
		if (remember) answered.set(this.key, this.path);
		if (this.known) return;
		this.known = true;
		this.finding = false;
		this.wake();
	}

	private wake(): void {
		const waiting = this.waiting;
		this.waiting = [];
		for (const resolve of waiting) resolve();
	}
}

/** The routes of one run, for one credential and base URL. */
export class RunRoutes {
	private readonly routes = new Map<string, Route>();

	constructor(private readonly scope: string) {}

	/** The route configured at `configured`, which may also answer as `otherName`. */
	route(configured: string, otherName?: string): Route {
		let route = this.routes.get(configured);
		if (!route) {
			route = new Route(JSON.stringify([this.scope, configured]), configured, otherName);
			this.routes.set(configured, route);
		}
		return route;
	}
}
