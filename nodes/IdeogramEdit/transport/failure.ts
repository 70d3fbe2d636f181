/** What a request that got no answer tells about itself, and whether trying again may help. */

export interface NetworkFailure {
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

// Never reached the server: nothing can have been billed.
const NOT_CONNECTED = ['ECONNREFUSED', 'EHOSTUNREACH', 'ENETUNREACH', 'EAI_AGAIN'];
// Connected, then lost: the server may have done the work.
const DROPPED = ['ECONNRESET', 'EPIPE', 'ETIMEDOUT', 'ECONNABORTED', 'ESOCKETTIMEDOUT', 'UND_ERR_SOCKET', 'ERR_STREAM_PREMATURE_CLOSE'];

/** The error and the errors it wraps (n8n wraps the HTTP client's error in a NodeApiError). */
function chain(error: unknown): Array<Record<string, unknown>> {
	const out: Array<Record<string, unknown>> = [];
	for (let e = error, depth = 0; e !== null && typeof e === 'object' && depth < 5; depth++) {
		out.push(e as Record<string, unknown>);
		e = (e as { cause?: unknown }).cause;
	}
	return out;
}

export function networkFailure(error: unknown): NetworkFailure {
	const errors = chain(error);
	const code = errors.map((e) => e.code).find((c): c is string => typeof c === 'string' && /^[A-Z_]+$/.test(c)) ?? '';
	const message = errors.map((e) => e.message).find((m): m is string => typeof m === 'string' && m !== '') ?? String(error);
	const detail = `${message.slice(0, 200)}${code && !message.includes(code) ? ` (${code})` : ''}`;
	const blocked = errors.find((e) => typeof e.name === 'string' && /ssrf|blocked/i.test(e.name));
	if (blocked) {
		const advice = typeof blocked.description === 'string' && blocked.description !== '' ? blocked.description : undefined;
		return { reason: 'n8n blocked the request to this address', detail, transient: false, outcomeUnknown: false, ...(advice ? { advice } : {}) };
	}
	if (NOT_CONNECTED.includes(code)) {
		return {
			reason: code === 'ECONNREFUSED' ? 'the connection was refused (is the Base URL right?)' : 'the host could not be reached',
			detail,
			transient: true,
			outcomeUnknown: false,
		};
	}
	if (code === 'ENOTFOUND') return { reason: 'the host name could not be resolved', detail, transient: false, outcomeUnknown: false };
	if (DROPPED.includes(code) || /socket hang up|timeout/i.test(message)) {
		return {
			reason: /time/i.test(code + message) ? 'the request timed out before the answer came' : 'the connection was dropped before the answer came',
			detail,
			transient: true,
			outcomeUnknown: true,
		};
	}
	return { reason: 'the request failed without an answer', detail, transient: false, outcomeUnknown: false };
}
