/** Pieces of the multipart bodies the routes take. */
import type { InputFile } from '../inputs/binaryFiles';

// The sniffed MIME type, not the claimed one: a PNG named .jpg is still sent as a PNG.
export function appendFile(form: FormData, field: string, file: InputFile): void {
	form.append(field, new Blob([file.data], { type: file.mimeType }), file.fileName);
}
