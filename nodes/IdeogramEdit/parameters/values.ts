/** Checks of single values as n8n hands them over: expressions can make any parameter any type. */
import { refuse, valid, type Checked } from '../checked';

/** A value as the messages quote it. */
export function describe(value: unknown): string {
	if (value === null) return 'null';
	if (Array.isArray(value)) return 'a list';
	if (typeof value === 'object') return 'an object';
	if (typeof value === 'string') return `"${value.length > 40 ? value.slice(0, 40) + '…' : value}"`;
	return String(value);
}

/** A whole number, given as a number or as digits (a Google Sheets cell arrives as text). */
function wholeNumber(value: unknown): number | undefined {
	if (typeof value === 'number') return Number.isInteger(value) ? value : undefined;
	if (typeof value === 'string' && /^\s*-?\d+\s*$/.test(value)) return Number(value);
	return undefined;
}

export function integerInRange(parameter: string, value: unknown, min: number, max: number, fix: string): Checked<number> {
	const n = wholeNumber(value);
	if (n === undefined) return refuse(parameter, `${describe(value)} is not a whole number`, fix);
	if (n < min || n > max) return refuse(parameter, `${n} is out of range (${min} to ${max})`, fix);
	return valid(n);
}

export function oneOf(parameter: string, value: unknown, allowed: ReadonlyArray<{ value: string }>): Checked<string> {
	const values = allowed.map((a) => a.value);
	if (typeof value === 'string' && values.includes(value.trim())) return valid(value.trim());
	return refuse(parameter, `${describe(value)} is not one of ${values.join(', ')}`, `Pick one of the listed values, or make the expression return one of: ${values.join(', ')}.`);
}

export function checkBinaryFieldName(parameter: string, value: unknown): Checked<string> {
	if (typeof value === 'string' && value.trim() !== '') return valid(value.trim());
	return refuse(parameter, 'is empty', 'Enter the name of a binary field, for example "data".');
}
