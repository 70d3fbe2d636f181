/** A plain object (not null, not a list): the shape of a JSON object in an API's answer. */
export function isObject(value: unknown): value is Record<string, unknown> {
	return typeof value === 'object' && value !== null && !Array.isArray(value);
}
