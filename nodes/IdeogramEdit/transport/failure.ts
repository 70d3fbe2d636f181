/**
 * What a request that got no answer tells about itself, and whether trying again may help, read
 * the same whatever n8n hands over. n8n 2.x wraps the HTTP client's error in a NodeApiError and
 * keeps it as `cause`; n8n 1.x's NodeApiError loses `cause` (its class field overwrites it) and
 * swaps the message for its own sentence, keeping the client's code in `httpCode` and the client's
 * words in `messages`. Result downloads (no authentication) get the client's error as it is.
 */

/** The kinds of failure without an answer that the README names. */
export type FailureKind = 'dropped' | 'timed out' | 'refused' | 'unreachable' | 'unresolved' | 'blocked' | 'stopped' | 'other';

export interface NetworkFailure {
	kind: FailureKind;
	/**
	 * A short, key-free account for the messages. It names no error code: n8n replaces a message
	 * that contains one (ECONNRESET, ENOTFOUND…) with its own generic text.
	 */
	reason: string;
	/** The HTTP client's own words, for the description. */
	detail: string;
	/** A passing fault: the same request may go through. */
	transient: boolean;
	/** The request may have reached the API and been processed (and billed) before it failed. */
	outcomeUnknown: boolean;
	/** What to do, in n8n's own words, when n8n itself refused the request (its SSRF protection). */
	advice?: string;
}

const KIND_BY_CODE: Record<string, FailureKind> = {
	// Connected, then lost: the server may have done the work.
	ECONNRESET: 'dropped',
	EPIPE: 'dropped',
	UND_ERR_SOCKET: 'dropped',
	ERR_STREAM_PREMATURE_CLOSE: 'dropped',
	ETIMEDOUT: 'timed out',
	ESOCKETTIMEDOUT: 'timed out',
	// axios's own timeout.
	ECONNABORTED: 'timed out',
	UND_ERR_CONNECT_TIMEOUT: 'timed out',
	UND_ERR_HEADERS_TIMEOUT: 'timed out',
	UND_ERR_BODY_TIMEOUT: 'timed out',
	// Never reached the server: nothing can have been billed.
	ECONNREFUSED: 'refused',
	EHOSTUNREACH: 'unreachable',
	ENETUNREACH: 'unreachable',
	EHOSTDOWN: 'unreachable',
	ENETDOWN: 'unreachable',
	ENOTFOUND: 'unresolved',
	// The DNS server failed for a moment: passing, like a host out of reach.
	EAI_AGAIN: 'unreachable',
	ERR_CANCELED: 'stopped',
	ABORT_ERR: 'stopped',
};

const OUTCOMES: Record<FailureKind, Pick<NetworkFailure, 'reason' | 'transient' | 'outcomeUnknown'>> = {
	dropped: { reason: 'the connection was dropped before the answer came', transient: true, outcomeUnknown: true },
	'timed out': { reason: 'the request timed out before the answer came', transient: true, outcomeUnknown: true },
	refused: { reason: 'the connection was refused (is the Base URL right?)', transient: true, outcomeUnknown: false },
	unreachable: { reason: 'the host could not be reached', transient: true, outcomeUnknown: false },
	unresolved: { reason: 'the host name could not be resolved', transient: false, outcomeUnknown: false },
	blocked: { reason: 'n8n blocked the request to this address', transient: false, outcomeUnknown: false },
	stopped: { reason: 'the request was stopped', transient: false, outcomeUnknown: false },
	other: { reason: 'the request failed without an answer', transient: false, outcomeUnknown: false },
};

type ErrorLike = Record<string, unknown>;

/** The error and the errors it wraps. */
function chain(error: unknown): ErrorLike[] {
	const out: ErrorLike[] = [];
	for (let e = error, depth = 0; e !== null && typeof e === 'object' && depth < 5; depth++) {
		out.push(e as ErrorLike);
		e = (e as { cause?: unknown }).cause;
	}
	return out;
}

const isCode = (c: unknown): c is string => typeof c === 'string' && /^[A-Z][A-Z0-9_]+$/.test(c);

/** The HTTP client's own words: the innermost message, or those n8n 1.x kept aside in `messages`. */
function clientWords(errors: ErrorLike[]): string[] {
	const kept = errors.flatMap((e) => (Array.isArray(e.messages) ? e.messages.filter((m): m is string => typeof m === 'string' && m !== '') : []));
	const own = errors.map((e) => e.message).filter((m): m is string => typeof m === 'string' && m !== '').reverse();
	return [...own.slice(0, -1), ...kept, ...own.slice(-1)];
}

export function networkFailure(error: unknown): NetworkFailure {
	const errors = chain(error);
	// A code where one can be read: the client's `code` (2.x keeps it in `cause`), or the one n8n
	// put in `httpCode` (1.x keeps nothing else of it), or an abort's name.
	const code: string =
		errors.map((e) => e.code).find(isCode) ??
		errors.map((e) => e.httpCode).find((c): c is string => isCode(c) && c in KIND_BY_CODE) ??
		(errors.some((e) => e.name === 'AbortError' || e.name === 'CanceledError') ? 'ABORT_ERR' : '');
	const words = clientWords(errors);
	const message = words[0] ?? String(error);
	const detail = `${message.slice(0, 200)}${code && !message.includes(code) ? ` (${code})` : ''}`;

	const blocked = errors.find((e) => typeof e.name === 'string' && /ssrf|blocked/i.test(e.name));
	let kind: FailureKind = blocked ? 'blocked' : (KIND_BY_CODE[code] ?? 'other');
	// Only when no code came with the error: Node's own words for a connection that closed
	// mid-request, which every engine passes on.
	if (kind === 'other' && !code && words.some((w) => /^socket hang up$|^aborted$/i.test(w))) kind = 'dropped';

	const advice = blocked && typeof blocked.description === 'string' && blocked.description !== '' ? blocked.description : undefined;
	return { kind, ...OUTCOMES[kind], detail, ...(advice ? { advice } : {}) };
}
