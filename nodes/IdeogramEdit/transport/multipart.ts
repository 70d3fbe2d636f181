/** Pieces of the multipart bodies the routes take. */
import type { UploadFile } from '../inputs/binaryFiles';
import { FILE_PIECE_BYTES } from '../limits';

/**
 * A file part whose bytes are handed to the HTTP client as it writes the request: a file in memory
 * in pieces of itself (a Blob would copy it), a file in n8n's binary store read piece by piece. The
 * HTTP client of n8n (axios, in 1.x and 2.x) writes a form's files from `stream()` and takes their
 * length from `size`. Each `stream()` reads the file anew, so a redirect sends it whole again.
 */
class UploadPart extends File {
	/** Why the file could not be read for the request, once it failed: the error to report. */
	failure: unknown;
	/** Whether its last stream ended with the file's last byte. */
	written = false;
	/** Where its last piece waits, for an upload begun before its place in flight (see StagedPlace); false withdraws the upload. */
	hold?: (closed: AbortSignal) => Promise<boolean>;
	/** Whether its last stream was broken off before the last piece, because the upload was withdrawn. */
	withdrawn = false;
	/** Settles when a stream of it first ends with the file's last byte. */
	readonly handedOver: Promise<void>;
	private onHandedOver!: () => void;
	/** Aborts when the request is over, for the streams of it still open. */
	private closing = new AbortController();

	constructor(private readonly file: UploadFile) {
		super([], file.fileName, { type: file.mimeType });
		Object.defineProperty(this, 'size', { value: 'data' in file ? file.data.length : file.bytes });
		this.handedOver = new Promise((resolve) => (this.onHandedOver = resolve));
	}

	/** The request is over: a stream of it the HTTP client left unread is closed. */
	close(): void {
		this.closing.abort();
		this.closing = new AbortController();
	}

	stream(): ReadableStream<Uint8Array<ArrayBuffer>> {
		const closed = this.closing.signal;
		const pieces = this.pieces(closed)[Symbol.asyncIterator]();
		this.written = false;
		this.withdrawn = false;
		const hold = this.hold;
		let ahead: IteratorResult<Uint8Array> | undefined;
		return new ReadableStream<Uint8Array<ArrayBuffer>>({
			pull: async (controller) => {
				try {
					const next = ahead ?? (await pieces.next());
					ahead = undefined;
					if (next.done) {
						this.written = true;
						this.onHandedOver();
						return controller.close();
					}
					if (hold) {
						// The last piece waits for the place: until then the API cannot have the request whole.
						ahead = await pieces.next();
						if (ahead.done && !(await hold(closed))) {
							this.withdrawn = true;
							throw new Error('the upload was withdrawn before its last piece');
						}
					}
					controller.enqueue(next.value as Uint8Array<ArrayBuffer>);
				} catch (error) {
					// A file closed because its request was over, or withdrawn, is no failure of the file.
					if (!closed.aborted && !this.withdrawn) this.failure = error;
					controller.error(error);
				}
			},
			// The request was stopped or failed: the store's stream is closed, not left open.
			cancel: async () => {
				await pieces.return?.();
			},
		});
	}

	private async *pieces(closed: AbortSignal): AsyncIterable<Uint8Array> {
		if (!('data' in this.file)) return yield* this.file.read(closed);
		const { data } = this.file;
		for (let at = 0; at < data.length; at += FILE_PIECE_BYTES) yield data.subarray(at, at + FILE_PIECE_BYTES);
	}
}

// The sniffed MIME type, not the claimed one: a PNG named .jpg is still sent as a PNG.
export function appendFile(form: FormData, field: string, file: UploadFile): void {
	form.append(field, new UploadPart(file));
}

/** Settles once every file of `form` has been handed to the HTTP client whole: the body is on its way. */
export async function handedOver(form: FormData): Promise<void> {
	const parts: Array<Promise<void>> = [];
	for (const value of form.values()) if (value instanceof UploadPart) parts.push(value.handedOver);
	await Promise.all(parts);
}

/** The request of `form` is over: every file stream the HTTP client left open is closed. */
export function closeFiles(form: FormData): void {
	for (const value of form.values()) if (value instanceof UploadPart) value.close();
}

/** Holds each file of `form` back at its last piece with `hold` (see StagedPlace). */
export function holdFiles(form: FormData, hold: (closed: AbortSignal) => Promise<boolean>): void {
	for (const value of form.values()) if (value instanceof UploadPart) value.hold = hold;
}

/** Whether the request of `form` broke off because an upload was withdrawn before its last piece. */
export function withdrawn(form: FormData): boolean {
	for (const value of form.values()) if (value instanceof UploadPart && value.withdrawn) return true;
	return false;
}

/** Whether a file of `form` was not handed over whole: the API cannot have had the whole request. */
export function unsent(form: FormData): boolean {
	for (const value of form.values()) if (value instanceof UploadPart && !value.written) return true;
	return false;
}

/** The error of a file of `form` that could not be read while the request was written, if one failed. */
export function uploadFailure(form: FormData): unknown {
	for (const value of form.values()) if (value instanceof UploadPart && value.failure !== undefined) return value.failure;
	return undefined;
}
