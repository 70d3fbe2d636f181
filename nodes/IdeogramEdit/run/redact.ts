/**
 * Removes the API key from every text an error holds (message, description, stack, the API's
 * body it carries), whatever put it there: an API that echoes the key back must not leak it.
 */
export function redact(value: unknown, secrets: string[], seen = new Set<unknown>()): void {
	if (value === null || typeof value !== 'object' || seen.has(value)) return;
	seen.add(value);
	const record = value as Record<string, unknown>;
	for (const key of Object.getOwnPropertyNames(value)) {
		if (key === 'node') continue;
		const v = record[key];
		if (typeof v === 'string') {
			record[key] = secrets.reduce((text, secret) => (secret ? text.split(secret).join('[redacted]') : text), v);
		} else {
			redact(v, secrets, seen);
		}
	}
}
