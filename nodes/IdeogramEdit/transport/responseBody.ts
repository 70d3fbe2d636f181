/** Response bodies read as n8n's helpers hand them over, never past a cap or a deadline. */

type ReadableBody = AsyncIterable<Uint8Array> & { destroy?: (error?: Error) => void };

/**
 * Reads a body up to `cap` bytes, and stops reading (dropping the connection) past it or when
 * `signal` aborts: a host that trickles a byte at a time is cut off at the item's deadline.
 */
export async function readCapped(body: unknown, cap: number, signal: AbortSignal): Promise<Buffer | 'too large'> {
	if (Buffer.isBuffer(body)) return body.length > cap ? 'too large' : body;
	if (body instanceof ArrayBuffer || typeof body === 'string') return await readCapped(Buffer.from(body as string), cap, signal);
	if (body === undefined || body === null) return Buffer.alloc(0);
	const stream = body as ReadableBody;
	const onAbort = () => stream.destroy?.(signal.reason instanceof Error ? signal.reason : new Error('aborted'));
	if (signal.aborted) {
		onAbort();
		throw signal.reason;
	}
	signal.addEventListener('abort', onAbort, { once: true });
	try {
		const chunks: Buffer[] = [];
		let size = 0;
		for await (const chunk of stream) {
			size += chunk.length;
			if (size > cap) {
				stream.destroy?.();
				return 'too large';
			}
			chunks.push(Buffer.from(chunk));
		}
		// A stream whose end was forced by the abort may finish without an error: the abort wins.
		if (signal.aborted) throw signal.reason;
		return Buffer.concat(chunks);
	} finally {
		signal.removeEventListener('abort', onAbort);
	}
}

/** Closes a body nobody will read. */
export function discardBody(body: unknown): void {
	(body as ReadableBody | undefined)?.destroy?.();
}

/** The body as JSON when it is JSON, and as text for the messages either way. */
export function parseBody(data: Buffer): { json: unknown; text: string; isJson: boolean } {
	const text = data.toString('utf8');
	try {
		return { json: JSON.parse(text), text, isJson: true };
	} catch {
		return { json: undefined, text, isJson: false };
	}
}
