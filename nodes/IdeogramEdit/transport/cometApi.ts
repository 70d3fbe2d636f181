import type { IDataObject, IExecuteFunctions, IHttpRequestOptions, JsonObject } from 'n8n-workflow';
import { NodeApiError } from 'n8n-workflow';

import { MAX_ANSWER_BYTES, MAX_SAME_ORIGIN_REDIRECTS, MAX_STAGED_WAIT_MS } from '../limits';
import { isObject } from '../isObject';
import { apiErrorMessage, isOutcomeUnknownStatus, isRetryableStatus, statusAdvice } from './apiError';
import { type AnswerTimes, parseRetryAfter, retryDelayMs, waitBeforeRetryMs } from './backoff';
import type { Deadline } from './deadline';
import { networkFailure, type NetworkFailure } from './failure';
import type { InFlightLimiter } from './inFlightLimiter';
import { discardBody, parseBody, readCapped } from './responseBody';
import { closeFiles, handedOver, holdFiles, unsent, uploadFailure, withdrawn } from './multipart';
import { StagedPlace } from './stagedPlace';
import type { Route, RouteTurn } from './routes';

/** The node's credential type: its key goes to the Base URL's origin and nowhere else. */
export const CREDENTIAL_NAME = 'cometApi';

export interface SendEditOptions {
	baseUrl: string;
	/** The route's path, learned for the run (a default route may answer under another name). */
	route: Route;
	maxRetries: number;
	retryUnknownOutcome: boolean;
	/** Images this request asks for: its weight against the in-flight bound. */
	numImages: number;
	itemIndex: number;
	/** A fresh body for each attempt, built once the attempt has its place in flight, within the item's deadline. */
	buildForm: () => Promise<FormData>;
	limiter: InFlightLimiter;
	/** How long the run's answered edits took: what a retry is left of the item's time. */
	answerTimes: AnswerTimes;
	/** The item's time; started when the item first gets its place in flight. */
	deadline: Deadline;
	/** True once the run is failing: requests not yet started are then not sent at all. */
	failing: () => boolean;
}

export interface SendEditResult {
	body: unknown;
	attempts: number;
	/** What the API said about the route's future (a `Deprecation` header, a `notice`), if anything. */
	notice?: string;
}

/** What n8n's HTTP helpers return with `returnFullResponse`. */
export interface FullResponse {
	statusCode: number;
	headers: IDataObject;
	body: unknown;
}

/** An answer's body as read: `cut` when the connection ended before the whole body came. */
interface AnswerBody {
	json: unknown;
	text: string;
	isJson: boolean;
	/** Why the body broke off, and the HTTP client's words. */
	cut?: string;
	cutDetail?: string;
}

type AttemptOutcome =
	| ({ kind: 'response'; status: number; headers: IDataObject } & AnswerBody)
	| { kind: 'redirect'; location: URL }
	| { kind: 'network'; failure: NetworkFailure }
	/** `unsent` when the request was still being written: the API had not all of it. */
	| { kind: 'timeout'; unsent?: boolean }
	| { kind: 'stopped' }
	/** Begun before its place, and broken off before its last piece (see StagedPlace): unbilled. */
	| { kind: 'withdrawn' }
	/** A file could not be read while the request was written: the request broke off, unbilled. */
	| { kind: 'unreadable'; error: unknown };

/** What the API says goes into output items up to this length: enough for a sentence and a date. */
const MAX_NOTICE_CHARS = 300;

function clip(text: string | undefined): string | undefined {
	return text !== undefined && text.length > MAX_NOTICE_CHARS ? `${text.slice(0, MAX_NOTICE_CHARS)}…` : text;
}

/** A route's coming end as the API announces it: RFC 9745's `Deprecation` (and `Sunset`), or a `notice` in the answer. */
function routeNotice(path: string, headers: IDataObject, json: unknown): string | undefined {
	const deprecation = clip(header(headers, 'deprecation'));
	const sunset = clip(header(headers, 'sunset'));
	const notice = clip(isObject(json) && typeof json.notice === 'string' && json.notice.trim() !== '' ? json.notice.trim() : undefined);
	if (deprecation === undefined && notice === undefined) return undefined;
	const marked =
		deprecation !== undefined
			? `The API marks ${path} as deprecated (Deprecation: ${deprecation}${sunset ? `; Sunset: ${sunset}` : ''}).`
			: `The API sent a notice about ${path}.`;
	return notice ? `${marked} ${notice}` : marked;
}

function header(headers: IDataObject | undefined, name: string): string | undefined {
	const value = headers?.[name] ?? headers?.[name.toLowerCase()];
	const first = Array.isArray(value) ? value[0] : value;
	return typeof first === 'string' ? first : undefined;
}

async function attempt(ctx: IExecuteFunctions, url: string, form: FormData, deadline: Deadline): Promise<AttemptOutcome> {
	const request: IHttpRequestOptions = {
		method: 'POST',
		url,
		// The platform FormData: n8n's HTTP client writes the boundary and each part's name and type.
		body: form,
		returnFullResponse: true,
		ignoreHttpStatusErrors: true,
		encoding: 'stream',
		// The photo and the key go to the Base URL's origin only: a redirect is looked at, not followed.
		disableFollowRedirect: true,
		sendCredentialsOnCrossOriginRedirect: false,
		// n8n puts its own cancel signal in place of this one; the idle timeout and `within` bound the rest.
		abortSignal: deadline.signal(),
		// A second past the deadline (or, begun before its place, past the longest wait for it and the whole Timeout), so that the deadline's own signal ends it first.
		timeout: (deadline.started ? Math.max(1, deadline.remaining) : MAX_STAGED_WAIT_MS + deadline.limitMs) + 1000,
	};
	try {
		const response = await deadline.within(
			ctx.helpers.httpRequestWithAuthentication.call(ctx, CREDENTIAL_NAME, request) as Promise<FullResponse>,
			(late) => discardBody(late.body),
		);
		const status = response.statusCode;
		// An answer to a body that broke off (a server may answer before it has read it all) is no answer to the edit.
		const broken = uploadFailure(form);
		if (broken !== undefined) {
			discardBody(response.body);
			return { kind: 'unreadable', error: broken };
		}
		const location = header(response.headers, 'location');
		if (status >= 300 && status < 400 && location && URL.canParse(location, url)) {
			discardBody(response.body);
			return { kind: 'redirect', location: new URL(location, url) };
		}
		const answer = await readAnswer(response.body, deadline);
		return answer === 'stopped' ? { kind: 'stopped' } : { kind: 'response', status, headers: response.headers ?? {}, ...answer };
	} catch (error) {
		if (deadline.stopped) return { kind: 'stopped' };
		if (withdrawn(form)) return { kind: 'withdrawn' };
		const broken = uploadFailure(form);
		if (broken !== undefined) return { kind: 'unreadable', error: broken };
		if (deadline.expired) return { kind: 'timeout', unsent: unsent(form) };
		return { kind: 'network', failure: networkFailure(error) };
	}
}

/**
 * Reads the answer's body once its status has come. A body that breaks off is no dropped request:
 * the status says what happened upstream (a 2xx edit was made and billed).
 */
async function readAnswer(body: unknown, deadline: Deadline): Promise<AnswerBody | 'stopped'> {
	try {
		const data = await readCapped(body, MAX_ANSWER_BYTES, deadline.signal());
		if (data === 'too large') return { json: undefined, text: `an answer larger than ${MAX_ANSWER_BYTES / 1024 / 1024} MB`, isJson: false };
		return parseBody(data);
	} catch (error) {
		if (deadline.stopped) return 'stopped';
		const cut = deadline.expired ? 'the Timeout ran out while it was read' : 'the connection ended while it was read';
		return { json: undefined, text: '', isJson: false, cut, cutDetail: networkFailure(error).detail };
	}
}

function looksLikeHtml(text: string): boolean {
	return /^\s*</.test(text);
}

const UNSENT_NOTE = 'Nothing was billed: the API never had the whole request (its files were still being read or sent).';

const UNKNOWN_OUTCOME_NOTE =
	'The edit may have been made and billed upstream, so it was not sent again (the Retry When Outcome Unknown option is off).';

function apiError(
	ctx: IExecuteFunctions,
	itemIndex: number,
	status: number,
	outcome: AnswerBody,
	attempts: number,
	note?: string,
) {
	const own = outcome.isJson ? apiErrorMessage(outcome.json) : undefined;
	const what =
		own ??
		(outcome.cut
			? `the API's answer broke off: ${outcome.cut}`
			: looksLikeHtml(outcome.text)
			? 'the API answered with an HTML page, not JSON'
			: outcome.text.startsWith('an answer larger')
				? `the API sent ${outcome.text}`
				: `HTTP ${status}`);
	const tries = attempts > 1 ? `, after ${attempts} attempts` : '';
	let description = statusAdvice(status);
	if (!outcome.isJson && !outcome.cut && !isRetryableStatus(status)) {
		description = 'The answer was not JSON, which usually means the Base URL of the credential or the Endpoint Path option points at a web page, not at the API. ' + description;
	}
	return new NodeApiError(ctx.getNode(), { message: what, httpCode: String(status) } as JsonObject, {
		message: `${what} (HTTP ${status}${tries}) [item ${itemIndex}]`,
		description: note ? `${note} ${description}` : description,
		httpCode: String(status),
		itemIndex,
	});
}

function noAnswerError(ctx: IExecuteFunctions, itemIndex: number, reason: string, attempts: number, note?: string, detail?: string, n8nAdvice?: string) {
	const advice =
		n8nAdvice ?? 'Nothing came back from the API in time. Check that the Base URL of the credential is reachable, or raise the Timeout or Max Retries options.';
	return new NodeApiError(ctx.getNode(), { message: reason } as JsonObject, {
		message: `The Ideogram edit did not complete: ${reason}${attempts > 1 ? ` (after ${attempts} attempts)` : ''} [item ${itemIndex}]`,
		description: [note, detail && `${n8nAdvice ? 'n8n said' : 'The HTTP client said'}: ${detail}.`, advice].filter(Boolean).join(' '),
		itemIndex,
	});
}

function redirectError(ctx: IExecuteFunctions, itemIndex: number, location: URL, baseUrl: string) {
	const where = `${location.origin}${location.pathname}`;
	const sameOrigin = location.origin === new URL(baseUrl).origin;
	return new NodeApiError(ctx.getNode(), { message: 'redirect' } as JsonObject, {
		message: sameOrigin
			? `The API redirected the edit more than ${MAX_SAME_ORIGIN_REDIRECTS} times, last to ${where} [item ${itemIndex}]`
			: `The API redirected the edit to ${where}, away from the Base URL: the photo and the API key were not sent there [item ${itemIndex}]`,
		description: sameOrigin
			? 'Check the Endpoint Path option and the Base URL of the credential.'
			: `The node sends your key and photos only to the Base URL's own address. If CometAPI answers at ${location.origin} for you, set Base URL in the Comet API credential to ${location.origin}.`,
		itemIndex,
	});
}

/** The request id an answer names, for the support desk: CometAPI's gateway and common proxies set one. */
function requestId(headers: IDataObject): string | undefined {
	return ['x-request-id', 'x-oneapi-request-id', 'request-id'].map((name) => header(headers, name)).find((id) => id !== undefined)?.slice(0, 100);
}

/** A 2xx whose body broke off: the edit was made and billed, and sending it again would bill it twice. */
function answerLostError(ctx: IExecuteFunctions, itemIndex: number, status: number, outcome: AnswerBody & { headers: IDataObject }, attempts: number) {
	const id = requestId(outcome.headers);
	return new NodeApiError(ctx.getNode(), { message: 'answer lost', httpCode: String(status) } as JsonObject, {
		message: `The edit was made and billed, but its answer was lost: ${outcome.cut} (HTTP ${status}${attempts > 1 ? `, after ${attempts} attempts` : ''}) [item ${itemIndex}]`,
		description: [
			`The API answered ${status}${id ? ` (request id ${id})` : ''}, so the edit is billed. It was not sent again, so that it is billed once.`,
			outcome.cutDetail && `The HTTP client said: ${outcome.cutDetail}.`,
			'Run the item again if you need its images (that is billed again); the request appears in your CometAPI usage log.',
		]
			.filter(Boolean)
			.join(' '),
		httpCode: String(status),
		itemIndex,
	});
}

/** Out of time before the API was asked or answered: nothing more is sent. */
function timeoutError(ctx: IExecuteFunctions, itemIndex: number, when: string, attempts: number) {
	return noAnswerError(ctx, itemIndex, `the Timeout ran out ${when}`, attempts);
}

/** How long a route's probe may take: beyond that the finding request finds out, as without one. */
const PROBE_TIMEOUT_MS = 5000;

/**
 * The status a path answers to a form without its files, or undefined without an answer. The API
 * refuses such a form unbilled, and a path it does not serve answers 404: what the run's first
 * upload would otherwise be sent, and waited for, to learn.
 */
async function probeStatus(ctx: IExecuteFunctions, url: string, deadline: Deadline): Promise<number | undefined> {
	const signal = deadline.stopOr(PROBE_TIMEOUT_MS);
	const request: IHttpRequestOptions = {
		method: 'POST',
		url,
		body: new FormData(),
		returnFullResponse: true,
		ignoreHttpStatusErrors: true,
		encoding: 'stream',
		disableFollowRedirect: true,
		sendCredentialsOnCrossOriginRedirect: false,
		abortSignal: signal,
		timeout: PROBE_TIMEOUT_MS + 1000,
	};
	try {
		const response = await deadline.within(
			ctx.helpers.httpRequestWithAuthentication.call(ctx, CREDENTIAL_NAME, request) as Promise<FullResponse>,
			(late) => discardBody(late.body),
			signal,
		);
		discardBody(response.body);
		return response.statusCode;
	} catch {
		return undefined;
	}
}

/** Probes the route at its path, and at its other name after a 404, until the run knows where it answers or a probe says nothing. */
async function probeRoute(ctx: IExecuteFunctions, request: SendEditOptions): Promise<void> {
	const { route, deadline } = request;
	for (;;) {
		if (!route.worthProbing || deadline.stopped) return;
		const path = route.current;
		if (!route.probed(path, await probeStatus(ctx, `${request.baseUrl}${path}`, deadline))) return;
	}
}

/**
 * One attempt at a place in flight: the files read (within the deadline), the request sent, and
 * redirects within the Base URL's origin followed.
 */
async function attemptInFlight(
	ctx: IExecuteFunctions,
	request: SendEditOptions,
	path: string,
	origin: string,
	turn: RouteTurn,
	uploaded: () => void,
	hold?: (closed: AbortSignal) => Promise<boolean>,
): Promise<AttemptOutcome | 'files read'> {
	const form = await request.deadline.unlessEnded(request.buildForm());
	if (form === undefined) return request.deadline.stopped ? { kind: 'stopped' } : 'files read';
	if (hold) holdFiles(form, hold);
	// An upload with its place goes first: those waiting for theirs begin once its body is on its way.
	void handedOver(form).then(uploaded);
	return await attemptWith(ctx, request, form, path, origin, turn);
}

/** One attempt with its body: the request sent, and redirects within the Base URL's origin followed. */
async function attemptWith(ctx: IExecuteFunctions, request: SendEditOptions, form: FormData, path: string, origin: string, turn: RouteTurn): Promise<AttemptOutcome> {
	const { deadline, route } = request;
	// The request that finds the route lets the others go once its body is on its way.
	if (turn.finding) {
		const started = Date.now();
		void handedOver(form).then(() => route.uploaded(turn, Date.now() - started));
	}
	let url = `${request.baseUrl}${path}`;
	try {
		let outcome = await attempt(ctx, url, form, deadline);
		for (let hops = 0; outcome.kind === 'redirect' && outcome.location.origin === origin && hops < MAX_SAME_ORIGIN_REDIRECTS; hops++) {
			closeFiles(form);
			url = outcome.location.href;
			outcome = await attempt(ctx, url, form, deadline);
		}
		return outcome;
	} finally {
		closeFiles(form);
	}
}

/**
 * A first attempt begun before its place in flight (see StagedPlace): its last piece waits for the
 * place, and the item's time starts with it. Undefined when the upload was withdrawn and the item is
 * to be sent as any other once its place comes (`staged.take()`, its turn kept): it waited too long
 * (the run then stages no more), or it was answered or broken off before its last piece, as a
 * gateway that will not wait for a stalled body does (the API never had it whole).
 */
async function stagedAttempt(
	ctx: IExecuteFunctions,
	request: SendEditOptions,
	path: string,
	origin: string,
	turn: RouteTurn,
	staged: StagedPlace,
): Promise<{ sent: AttemptOutcome | 'files read'; generation: number } | undefined> {
	const { deadline, limiter } = request;
	const ended = () => request.failing() || deadline.stopped;
	let keepPlace = false;
	try {
		if (ended()) return { sent: { kind: 'stopped' }, generation: 0 };
		let sent = await attemptInFlight(ctx, request, path, origin, turn, () => staged.slot?.uploaded(), async (closed) => {
			const waited = await staged.wait(closed, Math.min(MAX_STAGED_WAIT_MS, deadline.limitMs / 4));
			if (waited === 'too long') limiter.stopStaging();
			// A run that failed or stopped meanwhile sends nothing more; a route that moved meanwhile (a 404) is taken as any other item takes it.
			if (waited !== 'place' || ended() || request.route.current !== path) return false;
			deadline.start();
			return true;
		});
		if (!deadline.started && sent !== 'files read' && !['withdrawn', 'stopped', 'unreadable'].includes(sent.kind)) {
			limiter.stopStaging();
			sent = { kind: 'withdrawn' };
		}
		if (sent !== 'files read' && sent.kind === 'withdrawn') {
			if (ended()) return { sent: { kind: 'stopped' }, generation: 0 };
			keepPlace = true;
			return undefined;
		}
		return { sent, generation: staged.slot?.generation ?? 0 };
	} finally {
		// The place is given back once used, and given up when the item will not wait for it.
		if (!keepPlace) staged.giveUp();
	}
}

/**
 * Sends one edit request: retries what may pass (429, 5xx, a dropped connection) with backoff,
 * never past the item's deadline nor after a Stop, and ahead of requests not sent yet; follows
 * redirects only within the Base URL's origin; goes where the run's route answers (a default route
 * under its other name after a 404); never sends again an edit that was answered 2xx; and turns
 * every other failure into a NodeApiError that carries the API's own message. 'stopped' when the
 * request was not sent because the run is failing or was stopped.
 */
export async function sendEdit(ctx: IExecuteFunctions, request: SendEditOptions): Promise<SendEditResult | 'stopped'> {
	const { deadline, itemIndex, route } = request;
	const origin = new URL(request.baseUrl).origin;
	let attempts = 0;
	let retries = 0;

	for (;;) {
		// Waiting in line, for the route's first answer and then for a place, is not the item's time.
		const turn = await deadline.excluding(route.turn());
		let outcome: AttemptOutcome;
		let generation: number;
		let path = route.current;
		try {
			// The request that finds the route asks with a probe first, before the run's first upload.
			if (turn.finding) await deadline.excluding(probeRoute(ctx, request));
			for (;;) {
				// The item's time this attempt takes: its waits for a place are not counted in `remaining`.
				const left = deadline.started ? deadline.remaining : deadline.limitMs;
				// A first attempt with no place free may begin its upload now, only its last piece waiting for the place.
				const first = attempts === 0 && !turn.finding ? await deadline.excluding(request.limiter.placeOrStage(request.numImages)) : undefined;
				const staged = first === 'stage' ? new StagedPlace(request.limiter, request.numImages) : undefined;
				let sent: AttemptOutcome | 'files read' | undefined;
				if (staged) {
					path = route.current;
					const done = await stagedAttempt(ctx, request, path, origin, turn, staged);
					if (done) {
						sent = done.sent;
						generation = done.generation;
					}
				}
				if (!sent) {
					const placed = first !== undefined && first !== 'stage' ? first : undefined;
					const slot = placed ?? (await deadline.excluding(staged ? staged.take() : request.limiter.acquire(request.numImages, attempts > 0)));
					generation = slot.generation;
					try {
						if (request.failing() || deadline.stopped) return 'stopped';
						// The item's time starts when it first gets its turn.
						deadline.start();
						if (deadline.expired) throw timeoutError(ctx, itemIndex, attempts ? 'before the next attempt' : 'before the request was sent', attempts);
						path = route.current;
						sent = await attemptInFlight(ctx, request, path, origin, turn, slot.uploaded);
					} finally {
						slot.release();
					}
				}
				if (sent === 'files read') throw timeoutError(ctx, itemIndex, 'while the files were read for the request', attempts);
				attempts++;
				outcome = sent;
				if (outcome.kind === 'response' && outcome.status >= 200 && outcome.status < 300) request.answerTimes.answered(left - deadline.remaining);
				// A 404 is not billed: the route's other name, at once.
				if (outcome.kind !== 'response' || !route.answered(path, outcome.status)) break;
			}
		} finally {
			route.done(turn);
		}

		// A withdrawn upload is settled by stagedAttempt (sent again, or stopped); it never ends here.
		if (outcome.kind === 'stopped' || outcome.kind === 'withdrawn') return 'stopped';
		if (outcome.kind === 'unreadable') throw outcome.error;
		if (outcome.kind === 'timeout') {
			if (outcome.unsent) throw noAnswerError(ctx, itemIndex, 'the Timeout ran out while the request was sent, before the API had all of it', attempts, UNSENT_NOTE);
			throw noAnswerError(ctx, itemIndex, 'the Timeout ran out before the API answered', attempts);
		}
		if (outcome.kind === 'redirect') throw redirectError(ctx, itemIndex, outcome.location, request.baseUrl);

		if (outcome.kind === 'response' && outcome.status >= 200 && outcome.status < 300) {
			if (outcome.cut) throw answerLostError(ctx, itemIndex, outcome.status, outcome, attempts);
			if (!outcome.isJson) throw apiError(ctx, itemIndex, outcome.status, outcome, attempts);
			request.limiter.succeeded(request.numImages);
			return { body: outcome.json, attempts, notice: routeNotice(path, outcome.headers, outcome.json) };
		}

		const network = outcome.kind === 'network' ? outcome.failure : undefined;
		const status = outcome.kind === 'response' ? outcome.status : 0;
		const unknown = network ? network.outcomeUnknown : isOutcomeUnknownStatus(status);
		const held = unknown && !request.retryUnknownOutcome;
		const fail = () => {
			const note = held ? UNKNOWN_OUTCOME_NOTE : undefined;
			return outcome.kind === 'response'
				? apiError(ctx, itemIndex, outcome.status, outcome, attempts, note)
				: noAnswerError(ctx, itemIndex, network!.reason, attempts, note, network!.detail, network!.advice);
		};
		const retryable = network ? network.transient : isRetryableStatus(status);
		if (!retryable || held || retries >= request.maxRetries) throw fail();

		retries++;
		let retryAfter: number | undefined;
		if (outcome.kind === 'response') {
			if (outcome.status === 429) request.limiter.throttled(generation!);
			retryAfter = parseRetryAfter(outcome.headers['retry-after'], Date.now());
		}
		const delay = waitBeforeRetryMs(retryDelayMs(retries, retryAfter, Math.random()), retryAfter, deadline.remaining, request.answerTimes.needMs);
		if (delay >= deadline.remaining) throw fail();
		await deadline.wait(delay);
	}
}
