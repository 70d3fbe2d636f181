/**
 * The one way the node says "a value, or why not". Every check returns a `Checked`: a file's bytes
 * (why: a reason in words), a parameter or an input file (why: an `InputProblem` naming the
 * parameter and the fix). Only the item layer turns a problem into a thrown error.
 */

/** A bad input found before sending: which parameter, what is wrong with it, and what to do. */
export interface InputProblem {
	parameter: string;
	problem: string;
	fix: string;
	/** A failure to read the input, not a verdict on it: the same read may pass next time. */
	passing?: boolean;
}

export type Checked<T, Why = InputProblem> = { value: T } | { problem: Why };

export function valid<T>(value: T): { value: T } {
	return { value };
}

export function invalid<Why>(why: Why): { problem: Why } {
	return { problem: why };
}

export function problem(parameter: string, what: string, fix: string): InputProblem {
	return { parameter, problem: what, fix };
}

/** A refused parameter or file: `invalid(problem(…))`, the most common answer of a check. */
export function refuse(parameter: string, what: string, fix: string): { problem: InputProblem } {
	return invalid(problem(parameter, what, fix));
}
